#pragma once
// The seeds' random numbers: splitmix64, the same sequence on every platform and standard library,
// so a seeded data set is identical everywhere (std::uniform_int_distribution is not). Integer only:
// no floating point decides anything, so no libm difference can change a data set either.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace brobygger::seeds {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  // Uniform in [low, high].
  long long between(long long low, long long high) {
    return low + static_cast<long long>(next() % static_cast<std::uint64_t>(high - low + 1));
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  bool permille(int perMille) { return below(1000) < static_cast<std::size_t>(perMille); }

 private:
  std::uint64_t state_;
};

}  // namespace brobygger::seeds
