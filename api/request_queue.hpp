#pragma once
// The server's application workers: a bounded queue of requests in front of a fixed number of threads,
// so that the HTTP threads only read and write sockets and never wait on the database. A request that
// finds the queue full, or that waited longer than its budget, is answered at once (503 with
// Retry-After) instead of joining an unbounded wait; `/healthz` and `/readyz` never enter the queue.
// Draining (on SIGTERM) refuses new work and waits for the work in flight, responses written included.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace brobygger::api {

struct QueueLimits {
  std::size_t workers = 2;
  std::size_t capacity = 256;                // requests waiting for a worker
  std::chrono::milliseconds max_wait{5000};  // a request that waited longer is refused, not run
};

struct QueueFigures {
  std::size_t waiting = 0;
  std::size_t running = 0;
  std::size_t unfinished = 0;  // admitted and whose answer is not yet on the wire
  unsigned long long refused_full = 0;
  unsigned long long refused_late = 0;
};

class RequestQueue {
 public:
  enum class Admission { admitted, full, draining };
  // A job runs on a worker; `late` says it waited longer than the budget (the job then answers 503
  // without doing the work). It must call the `done` it is given once its answer is on the wire (or
  // failed to get there); that may be after the job returned, from another thread (an answer given
  // later, api/application.hpp's Later), as long as some running job gives that answer.
  using Job = std::function<void(bool late, std::function<void()> done)>;

  explicit RequestQueue(QueueLimits limits);
  ~RequestQueue();
  RequestQueue(const RequestQueue&) = delete;
  RequestQueue& operator=(const RequestQueue&) = delete;

  Admission submit(Job job);
  // Refuses new jobs from now on and waits until every admitted job has run (answers false when the
  // deadline came first), then up to two seconds more for their answers to reach the wire.
  bool drain(std::chrono::steady_clock::time_point deadline);
  bool draining() const;
  // Refuses what still waits (the job runs with `late`, so it answers 503 without the work), lets the
  // running jobs end and joins the workers. After it, no job runs: the transport may go.
  void stop();
  QueueFigures figures() const;

 private:
  struct Entry {
    Job job;
    std::chrono::steady_clock::time_point admitted;
  };
  void work();
  void finished();

  QueueLimits limits_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable idle_;
  std::deque<Entry> waiting_;
  std::size_t running_ = 0;
  std::size_t unfinished_ = 0;
  unsigned long long refused_full_ = 0;
  unsigned long long refused_late_ = 0;
  bool draining_ = false;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace brobygger::api
