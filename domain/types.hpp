#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace brobygger::domain {

using Id = std::int64_t;
using Timestamp = std::chrono::sys_seconds;  // always UTC

// For PATCH: an absent field leaves the value alone; for nullable fields, Change<std::optional<T>>
// distinguishes "absent" from "set to null".
template <class T>
using Change = std::optional<T>;

// merged: an organisation merged into another (readable by id, left out of lists and overviews).
enum class RecordStatus { active, archived, merged };
enum class StatusFilter { active, archived, all };

template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
  int limit = 0;
  std::int64_t offset = 0;
};

struct PageRequest {
  static constexpr int kDefaultLimit = 50;
  static constexpr int kMaxLimit = 200;
  int limit = kDefaultLimit;
  std::int64_t offset = 0;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

const char* toString(RecordStatus status) noexcept;
std::optional<RecordStatus> recordStatusFrom(std::string_view code) noexcept;

}  // namespace brobygger::domain
