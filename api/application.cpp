#include "api/application.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "api/language.hpp"
#include "api/problem.hpp"

namespace brobygger::api {

namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// A calendar feed's token is its only credential: logs show the path without it.
std::string loggedPath(const std::string& path) { return path.starts_with("/calendar/") ? "/calendar/***" : path; }

bool isWrite(const std::string& method) {
  return method == "POST" || method == "PATCH" || method == "PUT" || method == "DELETE";
}

std::optional<std::string> cookieValue(const HttpRequest& request, const std::string& name) {
  const auto header = request.header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    auto pair = rest.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return std::nullopt;
}

const char* mimeType(const std::filesystem::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".json") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

struct Later::State {
  Application* application = nullptr;
  std::shared_ptr<const HttpRequest> request;
  Application::Reply reply;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::optional<domain::Id> user;
  std::string_view route = "unmatched";
  domain::Language language = domain::Language::da;
  bool deferred = false;  // the route answers through a Later (read and written on the handling thread only)
  std::atomic<bool> answered{false};
};

void Later::operator()(const std::function<void(HttpResponse&)>& fill) const noexcept {
  if (!state_ || state_->answered.exchange(true)) return;
  state_->application->answer(*state_, fill, true);
}

Later RequestContext::later() {
  pending->deferred = true;
  return Later(pending);
}

domain::Id RequestContext::id(const std::string& name) const {
  const auto it = params.find(name);
  if (it == params.end() || it->second.empty() || it->second.size() > 18 ||
      it->second.find_first_not_of("0123456789") != std::string::npos || it->second[0] == '0')
    throw domain::DomainError(domain::ErrorCode::not_found, "Not found");
  return std::stoll(it->second);
}

std::optional<int> RequestContext::ifMatch() const {
  const auto header = request.header("if-match");
  if (!header || *header == "*") return std::nullopt;
  // Our ETags are "v<version>" (optionally weak).
  std::string_view tag = *header;
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  if (tag.size() >= 4 && tag.front() == '"' && tag.back() == '"' && tag[1] == 'v') {
    const auto digits = tag.substr(2, tag.size() - 3);
    if (!digits.empty() && digits.size() < 9 && digits.find_first_not_of("0123456789") == std::string_view::npos)
      return std::stoi(std::string(digits));
  }
  return -1;  // matches no version: 412
}

Application::Application(Services services, ApplicationSettings settings)
    : services_(services), settings_(std::move(settings)) {
  addOperationRoutes(router_);
  addAuthRoutes(router_);
  addUserRoutes(router_);
  addReferenceRoutes(router_);
  addMergeRoutes(router_);  // `/organisations/duplicates` before `/organisations/{id}`
  addOrganisationRoutes(router_);
  addContactRoutes(router_);
  addEventRoutes(router_);
  addRegistrationRoutes(router_);
  addSeriesRoutes(router_);
  addCalendarRoutes(router_);
  addOutboxRoutes(router_);
  addMessageRoutes(router_);
  addReportRoutes(router_);
  addAuditRoutes(router_);
  addOutreachRoutes(router_);
  addOutreachViewRoutes(router_);
  addImportRoutes(router_);
  addTrainingRoutes(router_);  // issue 16: training records and certificates
  metrics_.addGauges([this] {
    const auto pool = services_.store.poolFigures();
    std::vector<GaugeFamily> out{
        {"brobygger_db_pool_connections",
         "Database connections in the pool, by state.",
         {{"state=\"in_use\"", static_cast<double>(pool.in_use)},
          {"state=\"idle\"", static_cast<double>(pool.size - std::min(pool.size, pool.in_use))}}},
        {"brobygger_db_pool_waiting",
         "Units of work waiting for a database connection.",
         {{"", static_cast<double>(pool.waiting)}}}};
    try {
      const auto outbox = services_.outbox.figures();
      out.push_back({"brobygger_outbox_messages",
                     "Messages in the outbox, by status.",
                     {{"status=\"queued\"", static_cast<double>(outbox.queued)},
                      {"status=\"failed\"", static_cast<double>(outbox.failed)}}});
    } catch (const std::exception&) {
      // The database does not answer: the pool's figures and the readiness say so.
    }
    return out;
  });
}

bool Application::answersAtOnce(const HttpRequest& request) const {
  if (request.segments.empty()) return true;
  const auto& first = request.segments[0];
  if (first == "healthz" || first == "readyz") return request.segments.size() == 1;
  return first != "api" && first != "calendar" && first != "metrics";
}

HttpResponse Application::refuse(const HttpRequest& request, Refusal why) {
  const auto started = std::chrono::steady_clock::now();
  HttpResponse response;
  const auto language = requestedLanguage(request).value_or(domain::Language::da);
  switch (why) {
    case Refusal::busy: writeProblem(response, 503, "The server is busy; try again shortly", language); break;
    case Refusal::late:
      writeProblem(response, 503, "The server could not take the request in time; try again", language);
      break;
    case Refusal::stopping: writeProblem(response, 503, "The server is restarting; try again", language); break;
  }
  response.header("Retry-After", why == Refusal::stopping ? "2" : "1");
  const auto match = router_.match(request.method, request.segments);
  return finish(request, std::move(response), started, std::nullopt,
                match.route ? std::string_view(match.route->pattern) : std::string_view("unmatched"));
}

HttpResponse Application::handle(const HttpRequest& request) {
  std::promise<HttpResponse> promise;
  auto answer = promise.get_future();
  handle(std::make_shared<const HttpRequest>(request), [&promise](HttpResponse r) { promise.set_value(std::move(r)); });
  return answer.get();
}

void Application::handle(std::shared_ptr<const HttpRequest> request, Reply reply) {
  auto state = std::make_shared<Later::State>();
  state->application = this;
  state->request = std::move(request);
  state->reply = std::move(reply);
  const auto asked = requestedLanguage(*state->request);
  state->language = asked.value_or(domain::Language::da);
  answer(
      *state,
      [&](HttpResponse& response) {
        if (draining_ && state->request->path == "/readyz") {
          state->route = "/readyz";
          writeProblem(response, 503, "The server is stopping", state->language);
          response.header("Retry-After", "2");
          return;
        }
        dispatch(state, response, asked.has_value());
      },
      false);
}

void Application::answer(Later::State& state, const std::function<void(HttpResponse&)>& fill, bool claimed) noexcept {
  const auto& request = *state.request;
  HttpResponse response;
  try {
    fill(response);
    if (!claimed && state.deferred) return;  // the route answers through its Later
  } catch (const domain::DomainError& e) {
    response = HttpResponse{};
    writeProblem(response, e, state.language);
    if (e.code() == domain::ErrorCode::unavailable) spdlog::warn("database unavailable: {}", e.what());
  } catch (const std::exception& e) {
    // The one place that turns the unexpected into a generic 500; the message stays in the log.
    spdlog::error("internal error on {} {}: {}", request.method, loggedPath(request.path), e.what());
    response = HttpResponse{};
    writeProblem(response, 500, "Something went wrong on our side; it has been logged", state.language);
  }
  if (!claimed && state.answered.exchange(true)) return;  // the route's Later answered before it failed
  try {
    state.reply(finish(request, std::move(response), state.started, state.user, state.route));
  } catch (const std::exception& e) {
    spdlog::error("an answer to {} {} could not be handed on: {}", request.method, loggedPath(request.path), e.what());
  }
}

HttpResponse Application::finish(const HttpRequest& request, HttpResponse response,
                                 std::chrono::steady_clock::time_point started, const std::optional<domain::Id>& user,
                                 std::string_view route) {
  response.header("Content-Security-Policy", kContentSecurityPolicy);
  response.header("X-Content-Type-Options", "nosniff");
  response.header("Referrer-Policy", "no-referrer");
  response.header("X-Frame-Options", "DENY");
  if (request.path.starts_with("/api/")) response.header("Cache-Control", "no-store");
  if (request.method == "HEAD") {
    response.body.clear();
    response.body_file.reset();
  }
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  // Path only: query strings can carry search terms, i.e. personal data.
  spdlog::info("access method={} path={} status={} us={} user={} remote={}", request.method, loggedPath(request.path),
               response.status, micros, user ? std::to_string(*user) : "-", request.remote);
  metrics_.record(request.method, route, response.status, std::chrono::microseconds(micros));
  return response;
}

void Application::dispatch(const std::shared_ptr<Later::State>& state, HttpResponse& response, bool languageAsked) {
  const auto& request = *state->request;
  auto& route = state->route;
  auto& language = state->language;
  const bool api = !request.segments.empty() && (request.segments[0] == "api" || request.segments[0] == "healthz" ||
                                                 request.segments[0] == "readyz" || request.segments[0] == "calendar" ||
                                                 (request.segments[0] == "metrics" && request.segments.size() == 1));
  if (!api) {
    route = "static";
    serveStatic(request, response);
    return;
  }
  if (request.query_malformed) {
    writeProblem(response, 400, "The query string is malformed: a %-escape is broken or it is not UTF-8", language);
    return;
  }
  auto match = router_.match(request.method, request.segments);
  if (match.route) route = match.route->pattern;
  if (!match.route) {
    if (!match.allowed.empty()) {
      std::string allow;
      for (const auto& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
      writeProblem(response, 405, "Use " + allow + " on this resource", language);
      response.header("Allow", allow);
      return;
    }
    writeProblem(response, 404, "No such resource", language);
    return;
  }
  const auto& bodyRule = match.route->body;
  const auto maxBody = bodyRule.max_bytes ? bodyRule.max_bytes : settings_.max_body_bytes;
  if (request.body.size() > maxBody) {
    writeProblem(response, 413, "The body may be at most " + std::to_string(maxBody) + " bytes", language);
    return;
  }
  if (isWrite(request.method) && (!request.body.empty() || !bodyRule.types.empty())) {
    auto type = request.header("content-type").value_or("");
    type = type.substr(0, type.find(';'));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char ch) { return std::tolower(ch); });
    type.erase(type.find_last_not_of(" \t") + 1);
    if (bodyRule.types.empty() && type != "application/json" && type != "application/merge-patch+json") {
      writeProblem(response, 415, "Send the body as application/json", language);
      return;
    }
    if (!bodyRule.types.empty() &&
        std::find(bodyRule.types.begin(), bodyRule.types.end(), type) == bodyRule.types.end()) {
      std::string accepted;
      for (const auto& t : bodyRule.types) accepted += (accepted.empty() ? "" : ", ") + t;
      writeProblem(response, 415, "Send the file as one of: " + accepted, language);
      return;
    }
  }
  RequestContext context{request, std::move(match.params), services_, settings_, std::nullopt, {}, &metrics_, language,
                         state};
  const auto& rule = domain::ruleFor(match.route->action);
  if (!rule.anonymous) {
    std::string token;
    bool fromCookie = false;
    if (const auto authorization = request.header("authorization")) {
      if (authorization->rfind("Bearer ", 0) == 0) token = authorization->substr(7);
    } else if (auto cookie = cookieValue(request, kSessionCookie)) {
      token = std::move(*cookie);
      fromCookie = true;
    }
    if (token.empty()) throw domain::DomainError(domain::ErrorCode::unauthenticated, "Log in first");
    context.auth = services_.auth.authenticate(token);
    context.token = token;
    state->user = context.auth->user.id;
    if (!languageAsked) context.language = language = context.auth->user.language;
    // A cookie rides along on cross-site requests; the custom header does not (CSRF guard).
    if (fromCookie && isWrite(request.method) && request.header(kCsrfHeader) != std::string(kCsrfValue))
      throw domain::DomainError(domain::ErrorCode::forbidden,
                                "Cookie-authenticated changes need the header X-Requested-With: brobygger");
    // The role, from the policy table, before the body is read: a caller who may not do this learns
    // nothing from validation. (A concealed rule is checked by the use case once the resource is found.)
    if (!rule.conceal) domain::authorize(context.actor(), match.route->action);
  }
  match.route->handler(context, response);
}

void Application::serveStatic(const HttpRequest& request, HttpResponse& response) {
  const auto language = requestedLanguage(request).value_or(domain::Language::da);
  if (request.method != "GET" && request.method != "HEAD") {
    writeProblem(response, 405, "Use GET on the web admin", language);
    response.header("Allow", "GET, HEAD");
    return;
  }
  if (settings_.web_root.empty()) {
    writeProblem(response, 404, "The web admin is not installed on this server", language);
    return;
  }
  namespace fs = std::filesystem;
  const fs::path root = fs::weakly_canonical(settings_.web_root);
  fs::path file = root;
  for (const auto& segment : request.segments) {
    if (segment == ".." || segment == "." || segment.find('\\') != std::string::npos) {
      writeProblem(response, 404, "No such file", language);
      return;
    }
    file /= segment;
  }
  std::error_code ec;
  const bool isAsset = !request.segments.empty() && request.segments.back().find('.') != std::string::npos;
  if (!fs::is_regular_file(file, ec)) {
    if (isAsset) {
      writeProblem(response, 404, "No such file", language);
      return;
    }
    file = root / "index.html";  // client-side routes of the single-page app
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    writeProblem(response, 404, "The web admin is not built", language);
    return;
  }
  std::ostringstream content;
  content << in.rdbuf();
  response.body = content.str();
  response.content_type = mimeType(file);
  // Hashed asset names never change content; index.html must always be fresh.
  const bool hashed = request.segments.size() > 1 && request.segments[0] == "assets";
  response.header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
}

}  // namespace brobygger::api
