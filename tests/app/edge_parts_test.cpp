// The HTTP edge's parts that need no server: the bounded request queue (refusal when full, the wait
// budget, draining, stopping) and the metrics (the exposition's shape, the address allow-list).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "api/metrics.hpp"
#include "api/request_queue.hpp"

using brobygger::api::addressAllowed;
using brobygger::api::Metrics;
using brobygger::api::QueueLimits;
using brobygger::api::RequestQueue;
using namespace std::chrono_literals;

TEST_CASE("the request queue refuses beyond its capacity and drains what it admitted", "[edge]") {
  RequestQueue queue(QueueLimits{1, 2, 60s});
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> ran{0};
  std::atomic<int> late{0};
  const auto job = [&](bool isLate, std::function<void()> done) {
    if (isLate) ++late;
    else {
      released.wait();
      ++ran;
    }
    done();
  };
  REQUIRE(queue.submit(job) == RequestQueue::Admission::admitted);
  // The one worker holds the first; wait until it has taken it, so that two places remain.
  for (int i = 0; i < 200 && queue.figures().running == 0; ++i) std::this_thread::sleep_for(5ms);
  REQUIRE(queue.figures().running == 1);
  CHECK(queue.submit(job) == RequestQueue::Admission::admitted);
  CHECK(queue.submit(job) == RequestQueue::Admission::admitted);
  CHECK(queue.submit(job) == RequestQueue::Admission::full);
  CHECK(queue.figures().refused_full == 1);
  CHECK(queue.figures().waiting == 2);

  // Draining refuses new work and waits for all that was admitted.
  auto drained = std::async(std::launch::async, [&] { return queue.drain(std::chrono::steady_clock::now() + 10s); });
  for (int i = 0; i < 200 && !queue.draining(); ++i) std::this_thread::sleep_for(5ms);
  CHECK(queue.submit(job) == RequestQueue::Admission::draining);
  CHECK(drained.wait_for(50ms) == std::future_status::timeout);
  release.set_value();
  CHECK(drained.get());
  CHECK(ran == 3);
  CHECK(late == 0);
  CHECK(queue.figures().unfinished == 0);
}

TEST_CASE("a request that waited past its budget runs as late, and stop() refuses what still waits", "[edge]") {
  std::atomic<int> late{0};
  std::atomic<int> ran{0};
  std::promise<void> release;
  auto released = release.get_future().share();
  {
    RequestQueue queue(QueueLimits{1, 10, 20ms});
    const auto slow = [&](bool isLate, std::function<void()> done) {
      if (isLate) ++late;
      else {
        released.wait();
        ++ran;
      }
      done();
    };
    REQUIRE(queue.submit(slow) == RequestQueue::Admission::admitted);
    for (int i = 0; i < 200 && queue.figures().running == 0; ++i) std::this_thread::sleep_for(5ms);
    REQUIRE(queue.submit(slow) == RequestQueue::Admission::admitted);
    REQUIRE(queue.submit(slow) == RequestQueue::Admission::admitted);
    std::this_thread::sleep_for(60ms);  // past the 20 ms budget: both waiting ones are late
    release.set_value();
    // The destructor stops: every admitted job has been answered when it returns.
  }
  CHECK(ran == 1);
  CHECK(late == 2);
}

TEST_CASE("an answer given after its job returned, by another job: unfinished until then, drained with it", "[edge]") {
  // A registration waiting in its event's lane: its job returns at once, and the lane's leader (another
  // running job) answers it later (api/application.hpp's Later).
  RequestQueue queue(QueueLimits{2, 10, 60s});
  std::promise<std::function<void()>> handedOver;
  std::promise<void> release;
  auto released = release.get_future().share();
  REQUIRE(queue.submit([&](bool, std::function<void()> done) { handedOver.set_value(std::move(done)); }) ==
          RequestQueue::Admission::admitted);
  auto waitingDone = handedOver.get_future().get();
  for (int i = 0; i < 200 && queue.figures().running != 0; ++i) std::this_thread::sleep_for(5ms);
  CHECK(queue.figures().running == 0);
  CHECK(queue.figures().unfinished == 1);  // returned, but not answered
  REQUIRE(queue.submit([&](bool, std::function<void()> done) {
    released.wait();
    waitingDone();  // the leader answers the waiting request, then its own
    done();
  }) == RequestQueue::Admission::admitted);
  auto drained = std::async(std::launch::async, [&] { return queue.drain(std::chrono::steady_clock::now() + 10s); });
  CHECK(drained.wait_for(50ms) == std::future_status::timeout);
  release.set_value();
  CHECK(drained.get());
  CHECK(queue.figures().unfinished == 0);
}

TEST_CASE("the metrics exposition: counters, cumulative buckets, families read at scrape time", "[edge]") {
  Metrics metrics;
  metrics.record("GET", "/api/v1/organisations/{id}", 200, 3ms);
  metrics.record("GET", "/api/v1/organisations/{id}", 200, 40ms);
  metrics.record("GET", "/api/v1/organisations/{id}", 404, 1ms);
  metrics.addGauges([] {
    return std::vector<brobygger::api::GaugeFamily>{{"brobygger_test_gauge", "A test.", {{"state=\"x\"", 2}}}};
  });
  const auto text = metrics.render("1.2.3");
  CHECK(text.find(
            "brobygger_http_requests_total{method=\"GET\",route=\"/api/v1/organisations/{id}\",status=\"200\"} 2") !=
        std::string::npos);
  CHECK(text.find("status=\"404\"} 1") != std::string::npos);
  // Buckets are cumulative: 3 ms is in le=0.005 and above; 40 ms from le=0.05 on.
  const std::string labels = "method=\"GET\",route=\"/api/v1/organisations/{id}\"";
  CHECK(text.find("brobygger_http_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 2") !=
        std::string::npos);  // 1 ms and 3 ms
  CHECK(text.find("brobygger_http_request_duration_seconds_bucket{" + labels + ",le=\"0.05\"} 3") != std::string::npos);
  CHECK(text.find("brobygger_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3") != std::string::npos);
  CHECK(text.find("brobygger_http_request_duration_seconds_count{" + labels + "} 3") != std::string::npos);
  CHECK(text.find("# TYPE brobygger_test_gauge gauge\nbrobygger_test_gauge{state=\"x\"} 2\n") != std::string::npos);
  CHECK(text.find("brobygger_build_info{version=\"1.2.3\"} 1") != std::string::npos);
}

TEST_CASE("the metrics allow-list: exact addresses, CIDR blocks, IPv4 on a dual-stack socket", "[edge]") {
  const std::vector<std::string> allowed{"127.0.0.1", "::1", "10.20.0.0/16", "fd00::/8"};
  CHECK(addressAllowed("127.0.0.1", allowed));
  CHECK(addressAllowed("::1", allowed));
  CHECK(addressAllowed("10.20.3.4", allowed));
  CHECK(addressAllowed("::ffff:10.20.3.4", allowed));
  CHECK(addressAllowed("fd12:3456::1", allowed));
  CHECK_FALSE(addressAllowed("10.21.0.1", allowed));
  CHECK_FALSE(addressAllowed("127.0.0.2", allowed));
  CHECK_FALSE(addressAllowed("2001:db8::1", allowed));
  CHECK_FALSE(addressAllowed("not an address", allowed));
  CHECK_FALSE(addressAllowed("10.20.3.4", {"10.20.0.0/99", "garbage"}));
}
