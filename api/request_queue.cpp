#include "api/request_queue.hpp"

#include <algorithm>
#include <atomic>
#include <memory>

namespace brobygger::api {

RequestQueue::RequestQueue(QueueLimits limits) : limits_(limits) {
  limits_.workers = std::max<std::size_t>(limits_.workers, 1);
  threads_.reserve(limits_.workers);
  for (std::size_t i = 0; i < limits_.workers; ++i) threads_.emplace_back([this] { work(); });
}

RequestQueue::~RequestQueue() { stop(); }

void RequestQueue::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
    draining_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

RequestQueue::Admission RequestQueue::submit(Job job) {
  {
    const std::lock_guard lock(mutex_);
    if (draining_) return Admission::draining;
    if (waiting_.size() >= limits_.capacity) {
      ++refused_full_;
      return Admission::full;
    }
    waiting_.push_back({std::move(job), std::chrono::steady_clock::now()});
    ++unfinished_;
  }
  ready_.notify_one();
  return Admission::admitted;
}

void RequestQueue::work() {
  for (;;) {
    Entry entry;
    bool late = false;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      // Every admitted request gets an answer: when stopping, a refusal without the work.
      if (waiting_.empty()) return;
      entry = std::move(waiting_.front());
      waiting_.pop_front();
      ++running_;
      late = stopping_ || std::chrono::steady_clock::now() - entry.admitted > limits_.max_wait;
      if (late) ++refused_late_;
    }
    auto once = std::make_shared<std::atomic<bool>>(false);
    auto done = [this, once] {
      if (!once->exchange(true)) finished();
    };
    try {
      entry.job(late, done);
    } catch (...) {
      // A job answers its own failures; nothing may take a worker down.
      done();
    }
    {
      const std::lock_guard lock(mutex_);
      --running_;
    }
  }
}

void RequestQueue::finished() {
  {
    const std::lock_guard lock(mutex_);
    if (unfinished_ > 0) --unfinished_;
  }
  idle_.notify_all();
}

bool RequestQueue::drain(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  draining_ = true;
  return idle_.wait_until(lock, deadline, [this] { return unfinished_ == 0; });
}

bool RequestQueue::draining() const {
  const std::lock_guard lock(mutex_);
  return draining_;
}

QueueFigures RequestQueue::figures() const {
  const std::lock_guard lock(mutex_);
  return {waiting_.size(), running_, unfinished_, refused_full_, refused_late_};
}

}  // namespace brobygger::api
