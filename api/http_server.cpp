#include "api/http_server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>

#include "api/application.hpp"
#include "api/http_wire.hpp"
#include "api/problem.hpp"
#include "api/request_queue.hpp"

namespace brobygger::api {

namespace {

using namespace Pistache;

constexpr const char* kConnectionData = "brobygger.connection";

// What one connection holds: the bytes of requests not yet taken, and whether an answer is being worked
// on (the next request of the connection waits for it: answers go out in the order of the requests).
// Touched by the connection's reactor thread and by the worker that answers, hence the mutex. Counts
// the open connections of the process (a Connection lives as long as Pistache's peer, i.e. its socket).
struct Connection {
  explicit Connection(WireLimits limits) : framer(limits) { live.fetch_add(1); }
  ~Connection() { live.fetch_sub(1); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  std::mutex mutex;
  RequestFramer framer;
  bool closing = false;  // answered for the last time: further bytes are ignored
  bool busy = false;     // a request is being answered
  bool pumping = false;  // pump() is taking requests
  static inline std::atomic<std::size_t> live{0};
};

// The parser Pistache's idle check reads (TransportImpl::checkIdlePeers: the peer's idle flag, this
// parser's time() and step()). Its bytes are never used: the framer reads the connection. Besides
// Pistache's "reading" (a request must arrive within the header/body timeout) and "idle" (keep-alive
// timeout), it can say "processing": a step Pistache does not time out, while the answer is worked on
// (the queue bounds the wait for a worker, the database timeouts the work).
class ClockParser final : public Http::RequestParser {
 public:
  explicit ClockParser(std::size_t maxDataSize) : Http::RequestParser(maxDataSize) {
    allSteps[2] = std::make_unique<ProcessingStep>(&request);  // in place of the body step, never used
  }
  void processing() { currentStep = 2; }

 private:
  struct ProcessingStep final : Http::Private::Step {
    static constexpr Http::Private::StepId Id = Meta::Hash::fnv1a("BrobyggerProcessing");
    explicit ProcessingStep(Http::Message* of) : Step(of) {}
    Http::Private::StepId id() const override { return Id; }
    Http::Private::State apply(StreamCursor&) override { return Http::Private::State::Done; }
  };
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
// Pistache's parser. Pistache accepts, reads, writes and times out connections; `/healthz`, `/readyz`
// and static files are answered on the reactor thread, everything else on the queue's workers.
class RequestHandler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(RequestHandler)
  RequestHandler(Application* application, RequestQueue* queue, WireLimits limits, std::size_t maxConnections)
      : application_(application), queue_(queue), limits_(limits), max_connections_(maxConnections) {}

  void onRequest(const Http::Request&, Http::ResponseWriter) override {}  // never reached: onInput frames

  // What Http::Handler::onConnection does (the parser whose clock Pistache's timeouts read), and the
  // connection starts idle: one that never sends a byte is closed by the idle timeout, without a 408.
  void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override {
    peer->putData(Http::Handler::ParserData, std::make_shared<ClockParser>(getMaxRequestSize()));
    auto connection = std::make_shared<Connection>(limits_);
    peer->putData(kConnectionData, connection);
    peer->setIdle(true);
    if (Connection::live.load() > max_connections_) {
      // Over the cap, kept below the open-file limit: at that limit Pistache's listener would spin on a
      // failing accept(). Answered at once, without queueing, and closed both ways so that Pistache
      // removes the connection on its first event.
      connection->closing = true;
      HttpResponse response;
      // Answered before a byte of the request is read: in the default language.
      writeProblem(response, 503, "The server has too many open connections; try again shortly", domain::Language::da);
      auto bytes = responseHead(503, {{"Retry-After", "1"}, {"Content-Type", response.content_type}},
                                response.body.size(), false) +
                   response.body;
      [[maybe_unused]] const auto sent = ::send(peer->fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::shutdown(peer->fd(), SHUT_RDWR);
    }
  }

  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
    auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!connection) return;
    {
      std::lock_guard lock(connection->mutex);
      if (connection->closing) return;
      if (!connection->busy && !connection->framer.inRequest()) startClock(peer, false);
      connection->framer.feed(std::string_view(buffer, len));
      if (connection->busy && connection->framer.buffered() > limits_.max_head + limits_.max_body) {
        // Far ahead of its answers: more than one whole request waits unread. Not served further.
        connection->closing = true;
        ::shutdown(peer->fd(), SHUT_RDWR);
        return;
      }
    }
    pump(peer, connection);
  }

 private:
  static std::shared_ptr<ClockParser> clockOf(const std::shared_ptr<Tcp::Peer>& peer) {
    return std::static_pointer_cast<ClockParser>(Http::Handler::getParser(peer));
  }

  // idle: Pistache's keep-alive timeout runs from now; else its request timeout does.
  static void startClock(const std::shared_ptr<Tcp::Peer>& peer, bool idle) {
    peer->setIdle(idle);
    clockOf(peer)->reset();
  }

  static std::string remote(const std::shared_ptr<Tcp::Peer>& peer) {
    try {
      return peer->address().host();
    } catch (...) {
      return {};
    }
  }

  // Takes the connection's requests one at a time: a request is taken once the answer before it is on
  // the wire. Runs on the reactor thread (new bytes) or on whichever thread saw the last answer written.
  void pump(const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<Connection>& connection) {
    std::unique_lock lock(connection->mutex);
    if (connection->pumping) return;  // the pump already running takes the next request
    connection->pumping = true;
    while (!connection->busy && !connection->closing) {
      WireRequest wire;
      WireError error;
      const auto status = connection->framer.next(wire, error);
      if (status == RequestFramer::Status::need_more) {
        if (connection->framer.takeContinue()) send(peer, "HTTP/1.1 100 Continue\r\n\r\n", false);
        break;
      }
      if (status == RequestFramer::Status::error) {
        connection->closing = true;
        HttpResponse response;
        // The request could not be framed, so its headers (Accept-Language) are unknown: the default language.
        writeProblem(response, error.status, error.detail, domain::Language::da);
        response.header("Cache-Control", "no-store");
        spdlog::info("access method=- path=- status={} us=0 user=- remote={} rejected=\"{}\"", error.status,
                     remote(peer), error.detail);
        lock.unlock();
        write(peer, response, false, [] {});
        lock.lock();
        break;
      }
      connection->busy = true;
      peer->setIdle(false);
      clockOf(peer)->processing();
      lock.unlock();
      dispatch(peer, connection, std::move(wire));
      lock.lock();
    }
    connection->pumping = false;
    if (!connection->busy) startClock(peer, connection->closing || !connection->framer.inRequest());
  }

  void dispatch(const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<Connection>& connection,
                WireRequest&& wire) {
    const bool keepAlive = wire.keep_alive;
    auto request = std::make_shared<HttpRequest>(toHttpRequest(std::move(wire), remote(peer)));
    std::weak_ptr<Tcp::Peer> weak = peer;
    auto answered = [this, weak, connection, keepAlive] {
      {
        std::lock_guard lock(connection->mutex);
        connection->busy = false;
        if (!keepAlive) connection->closing = true;
        if (connection->pumping || connection->closing) return;
      }
      if (auto p = weak.lock()) pump(p, connection);
    };
    if (application_->answersAtOnce(*request)) {
      application_->handle(request, [this, peer, keepAlive, answered](const HttpResponse& response) {
        write(peer, response, keepAlive, answered);
      });
      return;
    }
    // Everything else runs on the application's workers: this thread goes back to its sockets, and the
    // answer is written by whichever thread gives it: the worker, or for an answer given later (a
    // registration decided with others, see Later) the worker that decided it. Pistache queues the write
    // to this connection's reactor.
    Application* application = application_;
    const auto admission = queue_->submit(
        [this, application, request, weak, keepAlive, answered](bool late, const std::function<void()>& done) {
          const auto reply = [this, weak, keepAlive, answered, done](const HttpResponse& response) {
            auto p = weak.lock();
            if (!p) {
              done();
              return;
            }
            write(p, response, keepAlive, [done, answered] {
              done();
              answered();
            });
          };
          if (late) reply(application->refuse(*request, Application::Refusal::late));
          else application->handle(request, reply);
        });
    if (admission != RequestQueue::Admission::admitted)
      write(peer,
            application_->refuse(*request, admission == RequestQueue::Admission::full ? Application::Refusal::busy
                                                                                      : Application::Refusal::stopping),
            keepAlive, answered);
  }

  static void send(const std::shared_ptr<Tcp::Peer>& peer, std::string bytes, bool more) {
    const auto size = bytes.size();
    peer->send(RawBuffer(std::move(bytes), size), more ? MSG_MORE : 0).then([](ssize_t) {}, Async::IgnoreException);
  }

  // `onWire` runs once the answer is written, or failed to be. A last answer ends the connection: the
  // client sees the end and closes; if it does not, the idle timeout does.
  static void whenWritten(Async::Promise<ssize_t>& written, const std::shared_ptr<Tcp::Peer>& peer, bool keepAlive,
                          const std::function<void()>& onWire) {
    std::weak_ptr<Tcp::Peer> weak = peer;
    auto end = [weak, keepAlive, onWire] {
      if (!keepAlive)
        if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
      onWire();
    };
    written.then([end](ssize_t) { end(); }, [end](const std::exception_ptr&) { end(); });
  }

  void write(const std::shared_ptr<Tcp::Peer>& peer, const HttpResponse& out, bool keepAlive,
             const std::function<void()>& onWire) {
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
        writeProblem(failed, 500, "Something went wrong on our side; it has been logged", domain::Language::da);
        write(peer, failed, keepAlive, onWire);
        return;
      }
      send(peer, responseHead(out.status, headers, buffer->size(), keepAlive), true);
      auto written = transport()->asyncWrite(peer->fd(), *buffer);
      whenWritten(written, peer, keepAlive, [file, onWire] { onWire(); });
      return;
    }
    const bool bodyless = out.status == 204 || out.status == 304;
    auto bytes = responseHead(out.status, headers, bodyless ? 0 : out.body.size(), keepAlive);
    if (!bodyless) bytes += out.body;
    const auto size = bytes.size();
    auto written = peer->send(RawBuffer(std::move(bytes), size));
    whenWritten(written, peer, keepAlive, onWire);
  }

  Application* application_;
  RequestQueue* queue_;
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
  RequestQueue queue;
  std::unique_ptr<Http::Endpoint> endpoint;

  Impl(Application& a, ServerOptions o)
      : application(a),
        options(std::move(o)),
        queue(QueueLimits{options.threads, options.queue_limit, options.queue_wait}) {}
};

HttpServer::HttpServer(Application& application, ServerOptions options)
    : impl_(std::make_unique<Impl>(application, std::move(options))) {
  // The application outlives its server (the composition root builds it first).
  application.metrics().addGauges([queue = &impl_->queue] {
    const auto f = queue->figures();
    return std::vector<GaugeFamily>{{"brobygger_requests_in_queue",
                                     "Requests waiting for a worker, and running on one.",
                                     {{"state=\"waiting\"", static_cast<double>(f.waiting)},
                                      {"state=\"running\"", static_cast<double>(f.running)}}},
                                    {"brobygger_requests_refused_total",
                                     "Requests answered 503 without being run, since the start.",
                                     {{"reason=\"queue_full\"", static_cast<double>(f.refused_full)},
                                      {"reason=\"waited_too_long\"", static_cast<double>(f.refused_late)}},
                                     "counter"}};
  });
}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::start() {
  const auto [host, port] = splitListen(impl_->options.listen);
  Address address(host, Port(port));
  const auto files = raiseFileLimit();
  // Room for the database connections, spooled exports, the listener and the reactors' own descriptors.
  const auto reserve = std::max<std::size_t>(64, files / 8);
  const auto cap = files > 2 * reserve ? files - reserve : files / 2;
  const auto& o = impl_->options;
  const auto maxConnections = o.max_connections ? std::min(o.max_connections, cap) : cap;
  impl_->endpoint = std::make_unique<Http::Endpoint>(address);
  // Pistache's timeouts, counted from when the handler last started the parser's clock: a request must
  // arrive whole within request_timeout; a connection idle between requests closes after idle_timeout.
  auto opts = Http::Endpoint::options()
                  // Reading and writing sockets only (the work runs on the queue's workers).
                  .threads(static_cast<int>(std::clamp<std::size_t>(o.threads, 1, 4)))
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
  impl_->endpoint->setHandler(
      Http::make_handler<RequestHandler>(&impl_->application, &impl_->queue, limits, maxConnections));
  impl_->endpoint->serveThreaded();
}

bool HttpServer::drain(std::chrono::steady_clock::time_point deadline) {
  impl_->application.beginDrain();
  return impl_->queue.drain(deadline);
}

void HttpServer::shutdown() {
  // The workers first: once they are joined no answer can be written to a transport that is gone.
  impl_->queue.stop();
  if (impl_->endpoint) {
    impl_->endpoint->shutdown();
    impl_->endpoint.reset();
  }
}

std::uint16_t HttpServer::port() const {
  return impl_->endpoint ? static_cast<std::uint16_t>(impl_->endpoint->getPort()) : 0;
}

}  // namespace brobygger::api
