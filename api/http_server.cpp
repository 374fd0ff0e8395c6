#include "api/http_server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <optional>

#include "api/application.hpp"
#include "api/http_wire.hpp"
#include "api/problem.hpp"

namespace brobygger::api {

namespace {

using namespace Pistache;

constexpr const char* kConnectionData = "brobygger.connection";

// What one connection holds between reads: the bytes of a request not yet complete. Counts the open
// connections of the process (a Connection lives as long as Pistache's peer, i.e. its socket).
struct Connection {
  explicit Connection(WireLimits limits) : framer(limits) { live.fetch_add(1); }
  ~Connection() { live.fetch_sub(1); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  RequestFramer framer;
  bool closing = false;  // answered and closing: further bytes are ignored
  static inline std::atomic<std::size_t> live{0};
};

HttpRequest toHttpRequest(WireRequest&& wire, const std::string& remote) {
  HttpRequest in;
  in.method = std::move(wire.method);
  const auto question = wire.target.find('?');
  in.path = wire.target.substr(0, question);
  if (auto segments = splitPath(in.path)) {
    in.segments = std::move(*segments);
  } else {
    in.segments = {"api", "\x01invalid"};  // answered 404 by the router
  }
  if (question != std::string::npos) {
    if (auto query = parseQuery(std::string_view(wire.target).substr(question + 1))) in.query = std::move(*query);
    else in.query_malformed = true;
  }
  for (auto& [name, value] : wire.headers) in.headers[name] = std::move(value);
  in.body = std::move(wire.body);
  in.remote = remote;
  return in;
}

// Every connection's bytes go through the project's RequestFramer (api/http_wire.hpp) instead of
// Pistache's parser; Pistache accepts, reads, writes and times out idle connections (it decides by
// the Http parser's clock and the peer's idle flag, which this handler keeps).
class RequestHandler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(RequestHandler)
  RequestHandler(Application* application, WireLimits limits, std::size_t maxConnections)
      : application_(application), limits_(limits), max_connections_(maxConnections) {}

  void onRequest(const Http::Request&, Http::ResponseWriter) override {}  // never reached: onInput frames

  // What Http::Handler::onConnection does (the parser whose clock Pistache's timeouts read), and the
  // connection starts idle: one that never sends a byte is closed by the idle timeout, without a 408.
  void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override {
    peer->putData(Http::Handler::ParserData, std::make_shared<Http::RequestParser>(getMaxRequestSize()));
    auto connection = std::make_shared<Connection>(limits_);
    peer->putData(kConnectionData, connection);
    peer->setIdle(true);
    if (Connection::live.load() > max_connections_) {
      // Over the cap, kept below the open-file limit: at that limit Pistache's listener would spin on a
      // failing accept(). Answered at once, without queueing, and closed both ways so that Pistache
      // removes the connection on its first event.
      connection->closing = true;
      HttpResponse response;
      writeProblem(response, 503, "The server has too many open connections; try again shortly");
      response.header("Retry-After", "1");
      auto bytes = responseHead(503, {{"Retry-After", "1"}, {"Content-Type", response.content_type}},
                                response.body.size(), false) +
                   response.body;
      [[maybe_unused]] const auto sent = ::send(peer->fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::shutdown(peer->fd(), SHUT_RDWR);
    }
  }

  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!connection) {
      connection = std::make_shared<Connection>(limits_);
      peer->putData(kConnectionData, connection);
    }
    if (connection->closing) return;
    auto parser = Http::Handler::getParser(peer);
    if (!connection->framer.inRequest()) startClock(peer, *parser, false);
    connection->framer.feed(std::string_view(buffer, len));
    WireRequest wire;
    WireError error;
    for (;;) {
      const auto status = connection->framer.next(wire, error);
      if (status == RequestFramer::Status::need_more) {
        if (connection->framer.takeContinue()) send(peer, "HTTP/1.1 100 Continue\r\n\r\n", false);
        break;
      }
      if (status == RequestFramer::Status::error) {
        HttpResponse response;
        writeProblem(response, error.status, error.detail);
        response.header("Cache-Control", "no-store");
        spdlog::info("access method=- path=- status={} us=0 user=- remote={} rejected=\"{}\"", error.status,
                     remote(peer), error.detail);
        connection->closing = true;
        write(peer, response, false);
        break;
      }
      const bool keepAlive = wire.keep_alive;
      HttpResponse response;
      try {
        response = application_->handle(toHttpRequest(std::move(wire), remote(peer)));
      } catch (const std::exception& e) {
        spdlog::error("internal error while answering: {}", e.what());
        response = HttpResponse{};
        writeProblem(response, 500, "Something went wrong on our side; it has been logged");
      }
      wire = WireRequest{};
      write(peer, response, keepAlive);
      if (!keepAlive) {
        connection->closing = true;
        break;
      }
      if (connection->framer.inRequest()) startClock(peer, *parser, false);  // the next, pipelined
    }
    // Between requests the connection is idle: the keep-alive timeout applies, not the request's.
    if (connection->closing || !connection->framer.inRequest()) startClock(peer, *parser, true);
  }

 private:
  static void startClock(const std::shared_ptr<Tcp::Peer>& peer, Http::RequestParser& parser, bool idle) {
    peer->setIdle(idle);
    parser.reset();  // its time() is when Pistache's timeouts start counting
  }

  static std::string remote(const std::shared_ptr<Tcp::Peer>& peer) {
    try {
      return peer->address().host();
    } catch (...) {
      return {};
    }
  }

  static void send(const std::shared_ptr<Tcp::Peer>& peer, std::string bytes, bool more) {
    const auto size = bytes.size();
    peer->send(RawBuffer(std::move(bytes), size), more ? MSG_MORE : 0).then([](ssize_t) {}, Async::IgnoreException);
  }

  // Ends a connection once its last answer is written: the client sees the end and closes; if it does
  // not, the idle timeout does.
  static void closeAfter(Async::Promise<ssize_t>& written, const std::shared_ptr<Tcp::Peer>& peer) {
    std::weak_ptr<Tcp::Peer> weak = peer;
    written.then(
        [weak](ssize_t) {
          if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
        },
        [weak](const std::exception_ptr&) {
          if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
        });
  }

  void write(const std::shared_ptr<Tcp::Peer>& peer, const HttpResponse& out, bool keepAlive) {
    auto headers = out.headers;
    headers.emplace_back("Content-Type", out.content_type);
    if (out.body_file && out.status == 200) {
      // A large body from disk, handed to sendfile(2): its content never passes through memory. The file
      // goes when the send ends, sent or failed.
      auto file = out.body_file;
      std::optional<FileBuffer> buffer;
      try {
        buffer.emplace(file->path());
      } catch (const std::exception& e) {
        spdlog::error("cannot open a spooled answer: {}", e.what());
        HttpResponse failed;
        writeProblem(failed, 500, "Something went wrong on our side; it has been logged");
        write(peer, failed, keepAlive);
        return;
      }
      send(peer, responseHead(out.status, headers, buffer->size(), keepAlive), true);
      auto written = transport()->asyncWrite(peer->fd(), *buffer);
      written.then([file](ssize_t) {}, [file](const std::exception_ptr&) {});
      if (!keepAlive) closeAfter(written, peer);
      return;
    }
    const bool bodyless = out.status == 204 || out.status == 304;
    auto bytes = responseHead(out.status, headers, bodyless ? 0 : out.body.size(), keepAlive);
    if (!bodyless) bytes += out.body;
    const auto size = bytes.size();
    auto written = peer->send(RawBuffer(std::move(bytes), size));
    if (keepAlive) written.then([](ssize_t) {}, Async::IgnoreException);
    else closeAfter(written, peer);
  }

  Application* application_;
  WireLimits limits_;
  std::size_t max_connections_;
};

// Raises the soft limit on open files to the hard one, so that many idle connections do not reach the
// usual 1,024 (at which Pistache's listener spins on a failing accept()).
// Answers the limit in force.
std::size_t raiseFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    const auto before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
      spdlog::info("open file limit raised from {} to {}", before, static_cast<unsigned long long>(limit.rlim_cur));
    else ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(limit.rlim_cur);
}

std::pair<std::string, std::uint16_t> splitListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("listen must be host:port, e.g. 127.0.0.1:8080");
  const auto port = std::stoi(listen.substr(colon + 1));
  if (port < 0 || port > 65535) throw std::invalid_argument("listen port out of range");
  return {listen.substr(0, colon), static_cast<std::uint16_t>(port)};
}

}  // namespace

struct HttpServer::Impl {
  Application& application;
  ServerOptions options;
  std::unique_ptr<Http::Endpoint> endpoint;
};

HttpServer::HttpServer(Application& application, ServerOptions options)
    : impl_(std::make_unique<Impl>(Impl{application, std::move(options), nullptr})) {}

HttpServer::~HttpServer() {
  if (impl_->endpoint) impl_->endpoint->shutdown();
}

void HttpServer::start() {
  const auto [host, port] = splitListen(impl_->options.listen);
  Address address(host, Port(port));
  const auto files = raiseFileLimit();
  // Room for the database connections, spooled exports, the listener and the reactors' own descriptors.
  const auto reserve = std::max<std::size_t>(64, files / 8);
  const auto cap = files > 2 * reserve ? files - reserve : files / 2;
  const auto maxConnections = impl_->options.max_connections ? std::min(impl_->options.max_connections, cap) : cap;
  impl_->endpoint = std::make_unique<Http::Endpoint>(address);
  const auto& o = impl_->options;
  // Pistache's timeouts, counted from when the handler last started the parser's clock: a request must
  // arrive whole within request_timeout; a connection idle between requests closes after idle_timeout.
  auto opts = Http::Endpoint::options()
                  .threads(static_cast<int>(o.threads))
                  .flags(Tcp::Options::ReuseAddr)
                  .maxRequestSize(o.transport_max_request)
                  .maxResponseSize(16 * 1024 * 1024)
                  .headerTimeout(o.request_timeout)
                  .bodyTimeout(o.request_timeout)
                  .keepaliveTimeout(o.idle_timeout);
  impl_->endpoint->init(opts);
  WireLimits limits;
  limits.max_body = o.transport_max_request;
  limits.max_request_line = o.max_request_line;
  limits.max_head = o.max_head;
  impl_->endpoint->setHandler(Http::make_handler<RequestHandler>(&impl_->application, limits, maxConnections));
  impl_->endpoint->serveThreaded();
}

void HttpServer::shutdown() {
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
}

std::uint16_t HttpServer::port() const {
  return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

}  // namespace brobygger::api
