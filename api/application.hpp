#pragma once
// The HTTP application: routing, authentication, CSRF guard, limits, security headers, error
// mapping and the access log, independent of the HTTP library that carries it.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "api/list_cache.hpp"
#include "api/metrics.hpp"
#include "api/router.hpp"
#include "domain/audit_service.hpp"
#include "domain/calendar_service.hpp"
#include "domain/event_services.hpp"
#include "domain/import_service.hpp"
#include "domain/merge_service.hpp"
#include "domain/message_service.hpp"
#include "domain/outbox_service.hpp"
#include "domain/outreach_service.hpp"
#include "domain/outreach_view_service.hpp"
#include "domain/report_service.hpp"
#include "domain/services.hpp"
#include "domain/table.hpp"
#include "domain/training_service.hpp"

namespace brobygger::api {

class FeedCache;

struct Services {
  domain::Store& store;
  const domain::ReferenceCatalog& catalog;
  domain::AuthService& auth;
  domain::UserService& users;
  domain::OrganisationService& organisations;
  domain::ContactService& contacts;
  domain::EventService& events;
  domain::RegistrationService& registrations;
  domain::SeriesService& series;
  const domain::TimeZone& zone;
  domain::CalendarService& calendar;
  const domain::CalendarWriter& calendar_writer;
  domain::OutboxService& outbox;
  domain::ReportService& reports;
  domain::AuditService& audit;
  domain::OutreachService& outreach;
  domain::OutreachViewService& outreach_views;
  // Caches the handlers share, owned by the composition root.
  ListCache& organisation_pages;
  FeedCache& calendar_feeds;  // written calendar feeds per token (api/feed_cache.hpp)
  // Writers of downloaded lists (CSV, XLSX).
  const domain::TableFormats& tables;
  // Likely duplicates, merges and their undo (issue 13).
  domain::MergeService& merges;
  domain::ImportService& imports;
  // Messages to an event's people (issue 15).
  domain::MessageService& messages;
  // Trainings: a person's record and certificates (issue 16); the PDF writer is an adapter.
  domain::TrainingService& trainings;
  const domain::CertificateWriter& certificates;
};

struct ApplicationSettings {
  std::string web_root;         // built web admin (index.html, assets/); empty: none
  bool secure_cookies = false;  // set when served behind TLS
  std::size_t max_body_bytes = 1024 * 1024;
  std::string public_url = "http://127.0.0.1:8080";  // how clients reach us, for feed URLs
  bool mail_relay_configured = false;
  // Reverse proxies whose X-Forwarded-For is believed (exact addresses); the client address
  // counts for login throttling.
  std::vector<std::string> trusted_proxies;
  // Who may read /metrics (exact addresses or CIDR blocks), and the build it reports.
  std::vector<std::string> metrics_allow{"127.0.0.1", "::1"};
  std::string version = "0";
};

constexpr const char* kSessionCookie = "brobygger_session";
constexpr const char* kCsrfHeader = "x-requested-with";
constexpr const char* kCsrfValue = "brobygger";

class Application;

// The answer a route gives later, possibly from another thread: a registration waits in its event's lane
// and is answered by whichever request leads the lane (issue 17), so that a waiting request holds no
// worker. Calling it runs `fill` as the route's handler would have written the response, then the same
// error mapping, security headers and access log as any answer, and hands the response to the transport.
// Only the first call answers; `fill` must not reach the RequestContext, which is gone by then.
class Later {
 public:
  struct State;
  explicit Later(std::shared_ptr<State> state) : state_(std::move(state)) {}
  void operator()(const std::function<void(HttpResponse&)>& fill) const noexcept;

 private:
  std::shared_ptr<State> state_;
};

struct RequestContext {
  const HttpRequest& request;
  Params params;
  Services& services;
  const ApplicationSettings& settings;
  std::optional<domain::Authenticated> auth;
  std::string token;  // the session token the request carried
  const Metrics* metrics = nullptr;
  // The caller's language, decided once: `lang=`, else Accept-Language, else the user's own setting,
  // else Danish (api/language.hpp). Problems, exports and reports speak it.
  domain::Language language = domain::Language::da;

  const domain::Actor& actor() const { return auth->actor; }
  // A path id; anything but a positive integer is an unknown resource (404).
  domain::Id id(const std::string& name = "id") const;
  // The If-Match version, if given ("*" means any).
  std::optional<int> ifMatch() const;
  // From now on the route answers through the returned Later: the handler leaves `response` alone and
  // returns. If the handler throws after this, that error is the answer (unless the Later answered).
  Later later();

  std::shared_ptr<Later::State> pending;  // the request's answer, set by the application
};

class Application {
 public:
  Application(Services services, ApplicationSettings settings);
  using Reply = std::function<void(HttpResponse)>;
  // Never throws: every failure becomes a problem+json response, handed to `reply` exactly once: on this
  // thread before handle returns, or later on another (a route that answers through a Later).
  void handle(std::shared_ptr<const HttpRequest> request, Reply reply);
  // The same, waiting for the answer (tests, tools).
  HttpResponse handle(const HttpRequest& request);
  const Router& router() const noexcept { return router_; }

  // Requests answered on the HTTP thread itself, never queued behind application work: `/healthz`,
  // `/readyz` and the web admin's files.
  bool answersAtOnce(const HttpRequest& request) const;
  // Why a request was not run: too many waiting, waited too long, the server is stopping.
  enum class Refusal { busy, late, stopping };
  // The 503 (problem+json with Retry-After) for a request that was not run.
  HttpResponse refuse(const HttpRequest& request, Refusal why);
  // From now on `/readyz` answers 503, so that a proxy sends no more requests here.
  void beginDrain() noexcept { draining_ = true; }
  // What /metrics shows; the server adds its queue's gauges.
  Metrics& metrics() noexcept { return metrics_; }

 private:
  friend class Later;
  // Fills in the state's user, route (the matched template, for the metrics) and language (in: what the
  // request asks for, or Danish; out: the caller's language).
  void dispatch(const std::shared_ptr<Later::State>& state, HttpResponse& response, bool languageAsked);
  // Maps what `fill` threw to a problem, finishes the response and hands it to the state's reply.
  void answer(Later::State& state, const std::function<void(HttpResponse&)>& fill, bool claimed) noexcept;
  HttpResponse finish(const HttpRequest& request, HttpResponse response, std::chrono::steady_clock::time_point started,
                      const std::optional<domain::Id>& user, std::string_view route);
  void serveStatic(const HttpRequest& request, HttpResponse& response);
  Services services_;
  ApplicationSettings settings_;
  Router router_;
  std::atomic<bool> draining_{false};
  Metrics metrics_;
};

// Route groups, each in its own file.
void addOperationRoutes(Router& router);
void addAuthRoutes(Router& router);
void addUserRoutes(Router& router);
void addReferenceRoutes(Router& router);
void addOrganisationRoutes(Router& router);
void addContactRoutes(Router& router);
void addEventRoutes(Router& router);
void addRegistrationRoutes(Router& router);
void addSeriesRoutes(Router& router);
void addCalendarRoutes(Router& router);
void addOutboxRoutes(Router& router);
void addMessageRoutes(Router& router);
void addTrainingRoutes(Router& router);
void addReportRoutes(Router& router);
void addAuditRoutes(Router& router);
void addOutreachRoutes(Router& router);
void addOutreachViewRoutes(Router& router);
void addMergeRoutes(Router& router);  // before the organisation and contact routes
void addImportRoutes(Router& router);

}  // namespace brobygger::api
