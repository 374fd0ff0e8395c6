#pragma once
// Carries the Application over HTTP/1.1 with Pistache. The only header of api/ that names the
// server, and it does not include Pistache.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace brobygger::api {

class Application;

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";
  std::size_t threads = 2;
  // The edge's body limit, above the application's limits (1 MiB for JSON, 20 MiB for an import's
  // file) so that the application can answer oversized bodies itself; a bigger Content-Length is
  // refused by the edge (413 problem+json) before the body is read.
  std::size_t transport_max_request = 24 * 1024 * 1024;
  // The HTTP edge's own limits (api/http_wire.hpp; docs/architecture.md, "Input limits").
  std::size_t max_request_line = 8 * 1024;           // 414 above
  std::size_t max_head = 32 * 1024;                  // request line and headers; 431 above
  std::chrono::milliseconds request_timeout{30000};  // a request must arrive whole within this; 408
  std::chrono::milliseconds idle_timeout{15000};     // a keep-alive connection idle this long is closed
  // Open connections above this are answered 503 and closed at once; 0: the open-file limit less a
  // reserve (never more than that).
  std::size_t max_connections = 0;
  // The application's workers (see api/request_queue.hpp): `threads` of them, at most `queue_limit`
  // requests waiting, each for at most `queue_wait`.
  std::size_t queue_limit = 256;
  std::chrono::milliseconds queue_wait{10000};
};

class HttpServer {
 public:
  HttpServer(Application& application, ServerOptions options);
  ~HttpServer();
  void start();  // returns once listening
  // Graceful stop: new requests are refused (503, `/readyz` too), those admitted are answered; true
  // when all were answered before the deadline. Then shutdown().
  bool drain(std::chrono::steady_clock::time_point deadline);
  void shutdown();
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace brobygger::api
