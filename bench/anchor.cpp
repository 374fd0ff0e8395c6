// The anchor of the load benchmarks: what one answer costs when it does the least a database-backed
// route can do. A bare Pistache endpoint (no router, no session check, no JSON library) whose every
// request leases a pooled SOCI session from the server's own storage layer and runs one primary-key
// SELECT. Usage: brobygger_bench_anchor DATABASE HOST:PORT [THREADS]
#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "storage/connection.hpp"
#include "storage/database.hpp"

namespace {

using namespace Pistache;

class AnchorHandler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(AnchorHandler)
  explicit AnchorHandler(brobygger::storage::Database* database = nullptr) : database_(database) {}

  void onRequest(const Http::Request& /*request*/, Http::ResponseWriter response) override {
    long long value = 0;
    try {
      brobygger::storage::ConnectionLease lease(*database_);
      lease.connection().sql << "SELECT value FROM register_revision WHERE id = 1", soci::into(value);
    } catch (const std::exception& e) {
      response.send(Http::Code::Internal_Server_Error, e.what());
      return;
    }
    response.send(Http::Code::Ok, "{\"value\":" + std::to_string(value) + "}", MIME(Application, Json));
  }

 private:
  brobygger::storage::Database* database_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: brobygger_bench_anchor DATABASE HOST:PORT [THREADS]\n";
    return 2;
  }
  const int threads = argc > 3 ? std::atoi(argv[3]) : 4;
  auto database = brobygger::storage::Database::open(argv[1], static_cast<std::size_t>(threads));
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  Http::Endpoint endpoint{Address(argv[2])};
  endpoint.init(Http::Endpoint::options().threads(threads).flags(Tcp::Options::ReuseAddr));
  endpoint.setHandler(std::make_shared<AnchorHandler>(database.get()));
  endpoint.serveThreaded();
  int signal = 0;
  sigwait(&signals, &signal);
  endpoint.shutdown();
  return 0;
}
