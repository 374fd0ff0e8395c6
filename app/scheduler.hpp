#pragma once
// Background jobs of the server: each registered job runs on its own thread every `interval` (after a
// failure, every `retry` if given) until stop(), which wakes and joins them all.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace brobygger::app {

struct Job {
  std::string name;  // for the log: "<name> failed: <reason>"
  std::chrono::milliseconds interval;
  std::function<void()> run;                       // a throw is logged and counts as a failure
  bool run_at_start = true;                        // else the first run is one interval after start()
  std::optional<std::chrono::milliseconds> retry;  // after a failure, instead of the interval
};

class Scheduler {
 public:
  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  ~Scheduler() { stop(); }

  void add(Job job);  // before start()
  void start();
  // Lets a job that is running finish, then returns; idempotent.
  void stop();

 private:
  void loop(const Job& job);

  std::vector<Job> jobs_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace brobygger::app
