#include "app/scheduler.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace brobygger::app {

void Scheduler::add(Job job) {
  if (!threads_.empty()) throw std::logic_error("jobs are added before the scheduler starts");
  jobs_.push_back(std::move(job));
}

void Scheduler::start() {
  if (!threads_.empty()) return;
  threads_.reserve(jobs_.size());
  for (const auto& job : jobs_) threads_.emplace_back([this, &job] { loop(job); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
}

void Scheduler::loop(const Job& job) {
  std::unique_lock lock(mutex_);
  auto wait = job.run_at_start ? std::chrono::milliseconds(0) : job.interval;
  while (!wake_.wait_for(lock, wait, [this] { return stopping_; })) {
    lock.unlock();
    bool failed = false;
    try {
      job.run();
    } catch (const std::exception& e) {
      failed = true;
      spdlog::warn("{} failed: {}", job.name, e.what());
    }
    lock.lock();
    wait = failed && job.retry ? *job.retry : job.interval;
  }
}

}  // namespace brobygger::app
