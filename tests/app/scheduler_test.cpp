// The scheduler with real threads and short intervals: jobs run at start or after an interval, a
// failed job is retried at its own pace, and stop() ends everything promptly.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "app/scheduler.hpp"

using brobygger::app::Job;
using brobygger::app::Scheduler;
using namespace std::chrono_literals;

namespace {

// Waits until `done` holds, for at most two seconds.
template <typename Predicate>
bool eventually(Predicate done) {
  const auto until = std::chrono::steady_clock::now() + 2s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

}  // namespace

TEST_CASE("a job runs at start and then every interval, until stop", "[scheduler]") {
  std::atomic<int> runs{0};
  Scheduler scheduler;
  scheduler.add({"counting", 20ms, [&] { ++runs; }, true, std::nullopt});
  scheduler.start();
  CHECK(eventually([&] { return runs >= 3; }));
  const auto started = std::chrono::steady_clock::now();
  scheduler.stop();
  CHECK(std::chrono::steady_clock::now() - started < 500ms);
  const int stopped = runs;
  std::this_thread::sleep_for(60ms);
  CHECK(runs == stopped);
  scheduler.stop();  // again: nothing left to do
}

TEST_CASE("a job not run at start waits one interval, and stop wakes it from a long wait", "[scheduler]") {
  std::atomic<int> runs{0};
  Scheduler scheduler;
  scheduler.add({"later", 1h, [&] { ++runs; }, false, std::nullopt});
  scheduler.start();
  std::this_thread::sleep_for(50ms);
  const auto started = std::chrono::steady_clock::now();
  scheduler.stop();
  CHECK(std::chrono::steady_clock::now() - started < 500ms);
  CHECK(runs == 0);
}

TEST_CASE("a failing job is retried at its retry interval and keeps its own thread", "[scheduler]") {
  std::atomic<int> attempts{0};
  std::atomic<int> others{0};
  Scheduler scheduler;
  // Fails twice, then succeeds; after that it would wait an hour.
  scheduler.add({"flaky", 1h,
                 [&] {
                   if (++attempts <= 2) throw std::runtime_error("not yet");
                 },
                 true, 10ms});
  scheduler.add({"steady", 10ms, [&] { ++others; }, true, std::nullopt});
  scheduler.start();
  CHECK(eventually([&] { return attempts == 3 && others >= 3; }));
  std::this_thread::sleep_for(50ms);
  CHECK(attempts == 3);
  scheduler.stop();
  CHECK_THROWS_AS(scheduler.add({"late", 1s, [] {}, true, std::nullopt}), std::logic_error);
}
