// Operations under stress over real HTTP (issue 14): a database that holds its locks (the workers wait,
// the queue is bounded, the rest is answered 503 with Retry-After at once, and /healthz never waits
// behind them), and a graceful stop under load (SIGTERM: every committed write is answered, exit 0).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "api_world.hpp"
#include "request_values.hpp"

#ifndef BROBYGGER_SOURCE_DIR
#error "BROBYGGER_SOURCE_DIR must name the source tree (for tests/api/hold_lock.py)"
#endif

using namespace brobygger::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

// tests/api/hold_lock.py: a write lock held by another client of the database until released.
class LockHolder {
 public:
  LockHolder(const std::string& database, long long organisation) {
    int in[2], out[2];
    REQUIRE(pipe(in) == 0);
    REQUIRE(pipe(out) == 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[1]);
      close(out[0]);
      execl("/usr/bin/python3", "python3", BROBYGGER_SOURCE_DIR "/tests/api/hold_lock.py", database.c_str(),
            std::to_string(organisation).c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    std::string said;
    char c;
    while (said.find("held") == std::string::npos && read(out[0], &c, 1) == 1) said.push_back(c);
    stdout_ = out[0];
    REQUIRE(said.find("held") != std::string::npos);
  }
  void release() {
    if (stdin_ < 0) return;
    close(stdin_);
    stdin_ = -1;
    int status = 0;
    waitpid(pid_, &status, 0);
    close(stdout_);
  }
  ~LockHolder() { release(); }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
};

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.json();
}

}  // namespace

TEST_CASE("a database holding its locks: a bounded queue, 503 with Retry-After, /healthz answers", "[overload]") {
  const auto organisation =
      ok(as("officer", "POST", "/api/v1/organisations",
            json{{"name", uniqueText("Låst Forening")}, {"kind", "foundation"}, {"municipality_id", 101}}),
         201)
          .at("id")
          .get<long long>();
  const auto path = "/api/v1/organisations/" + std::to_string(organisation);
  const auto versionOf = [&] { return as("officer", "GET", path).header("etag"); };
  const auto before = versionOf();

  // One worker, one place in the queue.
  ServerProcess server(
      world().data.database(),
      {{"BROBYGGER_THREADS", "1"}, {"BROBYGGER_QUEUE_LIMIT", "1"}, {"BROBYGGER_QUEUE_WAIT_MS", "60000"}});
  LockHolder lock(world().data.database(), organisation);
  constexpr int kWriters = 5;
  std::vector<Reply> replies(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      HttpClient http(server.base());
      replies[static_cast<std::size_t>(i)] =
          http.request("PATCH", path, json{{"address", "Vej " + std::to_string(i)}}.dump(),
                       {"Content-Type: application/json", world().bearer("officer")});
    });
    std::this_thread::sleep_for(150ms);  // the first takes the worker, the next the queue's place
  }
  // The worker waits on the lock and the queue is full: liveness and the refusals come at once.
  HttpClient probe(server.base());
  CHECK(probe.get("/healthz").status == 200);
  CHECK(probe.get("/readyz").status == 200);  // the database answers; only its lock is held
  std::this_thread::sleep_for(300ms);
  lock.release();
  for (auto& w : writers) w.join();

  int applied = 0;
  int refused = 0;
  for (const auto& reply : replies) {
    INFO(reply.status << " " << reply.body);
    CHECK((reply.status == 200 || reply.status == 503));
    if (reply.status == 200) ++applied;
    if (reply.status == 503) {
      ++refused;
      checkProblem(reply, 503);
      CHECK(!reply.header("retry-after").empty());
    }
  }
  CHECK(refused >= 1);
  CHECK(applied >= 1);
  // Exactly the answered writes happened: each PATCH moves the version on by one.
  const auto number = [](const std::string& etag) { return std::stoi(etag.substr(etag.find('v') + 1)); };
  CHECK(number(versionOf()) == number(before) + applied);
}

TEST_CASE("SIGTERM under load: requests in flight are answered, every committed write was answered, exit 0",
          "[shutdown]") {
  ServerProcess server(world().data.database(), {{"BROBYGGER_SHUTDOWN_SECONDS", "20"}});
  const auto prefix = uniqueText("Lukning");
  std::atomic<int> created{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < 6; ++c) {
    clients.emplace_back([&, c] {
      HttpClient http(server.base());
      for (int i = 0; i < 400 && !stop; ++i) {
        try {
          const auto reply = http.request("POST", "/api/v1/organisations",
                                          json{{"name", prefix + " " + std::to_string(c) + "-" + std::to_string(i)},
                                               {"kind", "foundation"},
                                               {"municipality_id", 101}}
                                              .dump(),
                                          {"Content-Type: application/json", world().bearer("officer")});
          if (reply.status == 201) ++created;
          else if (reply.status == 503) ++refused;
          else ++other;
        } catch (const std::exception&) {
          return;  // the server has gone: no answer, so nothing was committed for it
        }
      }
    });
  }
  std::this_thread::sleep_for(600ms);
  const int status = server.stop();  // SIGTERM, then waits
  stop = true;
  for (auto& t : clients) t.join();
  CHECK(status == 0);
  CHECK(other == 0);
  CHECK(created > 0);
  std::string query;
  for (const char ch : prefix) query += ch == ' ' ? std::string("%20") : std::string(1, ch);
  const auto found = as("officer", "GET", "/api/v1/organisations?limit=1&q=" + query).json();
  INFO("created " << created << ", refused " << refused);
  CHECK(found.at("total") == created.load());
}
