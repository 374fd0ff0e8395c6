#include "domain/write.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "domain/error.hpp"

namespace brobygger::domain {

namespace {

// Forwards to the store's unit of work and notes whether its commit went through, so that an error
// after a successful commit is never taken as a reason to run the work again.
class TrackedUnitOfWork final : public ForwardingUnitOfWork {
 public:
  explicit TrackedUnitOfWork(std::unique_ptr<UnitOfWork> inner) : ForwardingUnitOfWork(std::move(inner)) {}

  void commit() override {
    inner().commit();
    committed_ = true;
  }

  bool committed() const noexcept { return committed_; }

 private:
  bool committed_ = false;
};

std::chrono::microseconds pauseBefore(int nextAttempt, const WriteRetry& policy) {
  // Full pause doubles per attempt (2 -> first_pause), capped; the jitter keeps two colliding writers
  // from colliding again at the same instant.
  auto pause = std::chrono::duration_cast<std::chrono::microseconds>(policy.first_pause);
  for (int i = 2; i < nextAttempt && pause < policy.max_pause; ++i) pause *= 2;
  pause = std::min(pause, std::chrono::duration_cast<std::chrono::microseconds>(policy.max_pause));
  thread_local std::minstd_rand random{std::random_device{}()};
  std::uniform_int_distribution<long long> draw(pause.count() / 2, std::max<long long>(pause.count(), 1));
  return std::chrono::microseconds(draw(random));
}

}  // namespace

const WriteRetry& writeRetry() {
  static const WriteRetry policy;
  return policy;
}

namespace detail {

void runWrite(Store& store, const std::function<void(UnitOfWork&)>& attempt) {
  const auto& policy = writeRetry();
  const auto start = std::chrono::steady_clock::now();
  for (int run = 1;; ++run) {
    bool committed = false;
    try {
      TrackedUnitOfWork uow(store.begin(Access::write));
      try {
        attempt(uow);
      } catch (...) {
        committed = uow.committed();
        throw;
      }
      return;
    } catch (const DomainError& e) {
      if (!e.retryable() || committed || run >= policy.attempts) throw;
      const auto pause = pauseBefore(run + 1, policy);
      if (std::chrono::steady_clock::now() + pause - start > policy.budget) throw;
      std::this_thread::sleep_for(pause);
    }
  }
}

}  // namespace detail

}  // namespace brobygger::domain
