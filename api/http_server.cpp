#include "api/http_server.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>

#include <algorithm>
#include <sstream>

#include "api/application.hpp"
#include "api/request_queue.hpp"

namespace brobygger::api {

namespace {

using namespace Pistache;

// A header whose name and value the application chose. Pistache writes only typed headers on
// responses (raw ones are ignored), so this wraps each one as a typed header.
class NamedHeader final : public Http::Header::Header {
 public:
  NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
  const char* name() const override { return name_.c_str(); }
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
  std::uint64_t hash() const override { return std::hash<std::string>{}(name_); }
#endif

 private:
  std::string name_;
  std::string value_;
};

class RequestHandler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(RequestHandler)
  RequestHandler(Application* application, RequestQueue* queue) : application_(application), queue_(queue) {}

  void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
    HttpRequest in;
    in.method = Http::methodString(request.method());
    const auto& resource = request.resource();
    in.path = resource;
    if (auto segments = splitPath(resource)) {
      in.segments = std::move(*segments);
    } else {
      in.segments = {"api", "\x01invalid"};  // answered 404 by the router
    }
    const auto& query = request.query();
    for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it) {
      const auto& [key, value] = *it;
      // Pistache splits the query but does not decode it.
      auto k = percentDecode(key, true);
      auto v = percentDecode(value, true);
      if (k && v) in.query.emplace(std::move(*k), std::move(*v));
    }
    for (const auto& raw : request.headers().rawList()) {
      std::string name = raw.first;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      in.headers[name] = raw.second.value();
    }
    for (const auto& header : request.headers().list()) {
      std::string name = header->name();
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      if (in.headers.contains(name)) continue;
      std::ostringstream value;
      header->write(value);
      in.headers[name] = value.str();
    }
    // Pistache parses cookies into its own jar; rebuild the header the application reads.
    if (!in.headers.contains("cookie")) {
      std::string cookies;
      for (const auto& cookie : request.cookies()) {
        cookies += (cookies.empty() ? "" : "; ") + cookie.name + "=" + cookie.value;
      }
      if (!cookies.empty()) in.headers["cookie"] = cookies;
    }
    in.body = request.body();
    try {
      in.remote = request.address().host();
    } catch (...) {
    }

    if (application_->answersAtOnce(in)) {
      respond(writer, application_->handle(in), [] {});
      return;
    }
    // Everything else runs on the application's workers: this thread goes back to its sockets. The
    // writer moves to the worker, which answers when the work is done (Pistache queues the write to this
    // connection's reactor).
    auto shared = std::make_shared<Http::ResponseWriter>(std::move(writer));
    auto queued = std::make_shared<HttpRequest>(std::move(in));
    Application* application = application_;
    const auto admission = queue_->submit([application, shared, queued](bool late, std::function<void()> done) {
      respond(*shared, late ? application->refuse(*queued, Application::Refusal::late) : application->handle(*queued),
              std::move(done));
    });
    if (admission != RequestQueue::Admission::admitted)
      respond(
          *shared,
          application_->refuse(*queued, admission == RequestQueue::Admission::full ? Application::Refusal::busy
                                                                                   : Application::Refusal::stopping),
          [] {});
  }

  // Writes the answer; `done` runs once it is on the wire, or failed to get there.
  static void respond(Http::ResponseWriter& writer, const HttpResponse& out, std::function<void()> done) {
    for (const auto& [name, value] : out.headers) writer.headers().add(std::make_shared<NamedHeader>(name, value));
    writer.headers().add(std::make_shared<NamedHeader>("Content-Type", out.content_type));
    auto finished = [done](ssize_t) { done(); };
    auto failed = [done](const std::exception_ptr&) { done(); };
    try {
      if (out.body_file && out.status == 200) {
        // A large body from disk: Pistache opens the file once the head is sent and hands it to
        // sendfile(2), so its content never passes through memory. The file goes when the send ends.
        auto file = out.body_file;
        Http::serveFile(writer, file->path())
            .then([file, finished](ssize_t n) { finished(n); },
                  [file, failed](const std::exception_ptr& e) { failed(e); });
        return;
      }
      writer.send(static_cast<Http::Code>(out.status), out.body).then(finished, failed);
    } catch (const std::exception&) {
      done();
    }
  }

 private:
  Application* application_;
  RequestQueue* queue_;
};

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
    : impl_(std::make_unique<Impl>(application, std::move(options))) {}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::start() {
  const auto [host, port] = splitListen(impl_->options.listen);
  Address address(host, Port(port));
  impl_->endpoint = std::make_unique<Http::Endpoint>(address);
  auto opts = Http::Endpoint::options()
                  // Reading and writing sockets only (the work runs on the queue's workers).
                  .threads(static_cast<int>(std::clamp<std::size_t>(impl_->options.threads, 1, 4)))
                  .flags(Tcp::Options::ReuseAddr)
                  .maxRequestSize(impl_->options.transport_max_request)
                  .maxResponseSize(16 * 1024 * 1024);
  impl_->endpoint->init(opts);
  impl_->endpoint->setHandler(Http::make_handler<RequestHandler>(&impl_->application, &impl_->queue));
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
