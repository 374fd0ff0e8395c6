// The composition root: configuration -> database pool -> repositories -> services -> HTTP.
// The only file that sees every layer.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <vector>
#include <iomanip>
#include <iostream>
#include <pthread.h>
#include <thread>

#include "api/application.hpp"
#include "api/calendar/copenhagen_time_zone.hpp"
#include "api/calendar/ics_writer.hpp"
#include "api/calendar/libical_recurrence.hpp"
#include "api/http_server.hpp"
#include "api/smtp_transport.hpp"
#include "api/sodium_secrets.hpp"
#include "domain/date_time.hpp"
#include "domain/services.hpp"
#include "domain/report_service.hpp"
#include "domain/retention.hpp"
#include "seeds/progress_line.hpp"
#include "seeds/scale_seed.hpp"
#include "seeds/seeds.hpp"
#include "storage/database.hpp"

namespace {

using namespace brobygger;

// A setting from the environment, or from the file that <NAME>_FILE names (as Docker secrets and
// systemd credentials provide them; one trailing line break is dropped). Setting both is an error.
std::optional<std::string> fromEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  const char* file = std::getenv((name + "_FILE").c_str());
  const bool hasValue = value && *value, hasFile = file && *file;
  if (hasValue && hasFile) throw std::runtime_error(name + " and " + name + "_FILE are both set; use one of them");
  if (hasValue) return std::string(value);
  if (!hasFile) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  if (!in || !(content << in.rdbuf()))
    throw std::runtime_error("cannot read " + name + "_FILE (" + std::string(file) + ")");
  auto text = content.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

std::string envOr(const char* name, std::string fallback) {
  auto value = fromEnvironment(name);
  return value && !value->empty() ? std::move(*value) : std::move(fallback);
}

long long integerEnv(const char* name, long long fallback, long long min, long long max) {
  const auto text = envOr(name, std::to_string(fallback));
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || value < min || value > max)
    throw std::runtime_error(std::string(name) + " must be a whole number from " + std::to_string(min) + " to " +
                             std::to_string(max));
  return value;
}

// Minutes, decimals allowed (0.1 is six seconds), as whole seconds.
std::chrono::seconds minutesEnv(const char* name, double fallback, double max) {
  const auto text = envOr(name, "");
  double value = fallback;
  if (!text.empty()) {
    std::size_t used = 0;
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != text.size() || !(value >= 0) || value > max)
      throw std::runtime_error(std::string(name) + " must be a number of minutes from 0 to " +
                               std::to_string(static_cast<long long>(max)));
  }
  return std::chrono::seconds(static_cast<long long>(value * 60 + 0.5));
}

// A connection string's `password=` (or `pass=`) parameter, quoted or not.
const std::regex& passwordParameter() {
  static const std::regex password(R"(((?:^|[\s/])pass(?:word)?\s*=\s*)('(?:[^'\\]|\\.)*'?|\S+))");
  return password;
}

// The connection string as it may be logged: any password replaced by ***.
std::string maskedConnection(const std::string& connection) {
  return std::regex_replace(connection, passwordParameter(), "$1***");
}

// BROBYGGER_DATABASE_PASSWORD (or its _FILE) joins a MariaDB connection string that has none, so the
// string itself need not be secret.
std::string withDatabasePassword(std::string connection) {
  const auto password = fromEnvironment("BROBYGGER_DATABASE_PASSWORD");
  if (!password) return connection;
  if (connection.rfind("mysql://", 0) != 0)
    throw std::runtime_error("BROBYGGER_DATABASE_PASSWORD applies to a mysql:// connection string only");
  if (std::regex_search(connection, passwordParameter()))
    throw std::runtime_error("the connection string already has a password; drop it or BROBYGGER_DATABASE_PASSWORD");
  std::string quoted;
  for (const char ch : *password) {
    if (ch == '\\' || ch == '\'') quoted += '\\';
    quoted += ch;
  }
  return connection + " password='" + quoted + "'";
}

std::vector<std::string> listEnv(const char* name) {
  std::vector<std::string> items;
  std::istringstream in(envOr(name, ""));
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

struct Config {
  std::string database = envOr("BROBYGGER_DATABASE", "sqlite3://db=var/brobygger.db");
  std::string listen = envOr("BROBYGGER_LISTEN", "127.0.0.1:8080");
  std::string web_root = envOr("BROBYGGER_WEB_ROOT", "web-admin/dist");
  std::size_t threads = static_cast<std::size_t>(integerEnv("BROBYGGER_THREADS", 0, 0, 1024));
  std::string log_level = envOr("BROBYGGER_LOG_LEVEL", "info");
  bool secure_cookies = envOr("BROBYGGER_SECURE_COOKIES", "0") == "1";
  int login_max_failures = static_cast<int>(integerEnv("BROBYGGER_LOGIN_MAX_FAILURES", 10, 1, 1000000));
  int login_window_minutes = static_cast<int>(integerEnv("BROBYGGER_LOGIN_WINDOW_MINUTES", 15, 1, 100000));
  int lockout_failures = static_cast<int>(integerEnv("BROBYGGER_LOCKOUT_FAILURES", 20, 0, 1000000));
  int lockout_window_minutes = static_cast<int>(integerEnv("BROBYGGER_LOCKOUT_WINDOW_MINUTES", 60, 1, 100000));
  int lockout_minutes = static_cast<int>(integerEnv("BROBYGGER_LOCKOUT_MINUTES", 30, 1, 100000));
  int login_max_per_ip = static_cast<int>(integerEnv("BROBYGGER_LOGIN_MAX_PER_IP", 50, 0, 1000000));
  std::vector<std::string> trusted_proxies = listEnv("BROBYGGER_TRUSTED_PROXIES");
  int session_hours = static_cast<int>(integerEnv("BROBYGGER_SESSION_HOURS", 12, 1, 24 * 366));
  std::chrono::seconds session_idle = minutesEnv("BROBYGGER_SESSION_IDLE_MINUTES", 30, 60 * 24 * 366);
  int session_cache_seconds = static_cast<int>(integerEnv("BROBYGGER_SESSION_CACHE_SECONDS", 5, 0, 3600));
  std::string public_url = envOr("BROBYGGER_PUBLIC_URL", "");
  std::string organizer_email = envOr("BROBYGGER_ORGANIZER_EMAIL", "arrangementer@brobygger.dk");
  std::string smtp_url = envOr("BROBYGGER_SMTP_URL", "");
  std::string smtp_user = envOr("BROBYGGER_SMTP_USER", "");
  std::string smtp_password = envOr("BROBYGGER_SMTP_PASSWORD", "");
  std::string mail_from = envOr("BROBYGGER_MAIL_FROM", "arrangementer@brobygger.dk");
  int outbox_interval_ms = static_cast<int>(integerEnv("BROBYGGER_OUTBOX_INTERVAL_MS", 5000, 10, 86400000));
  domain::RetentionPolicy retention{static_cast<int>(integerEnv("BROBYGGER_RETENTION_PARTICIPATION_MONTHS", 24, 1, 1200)),
                                    static_cast<int>(integerEnv("BROBYGGER_RETENTION_INACTIVE_MONTHS", 36, 1, 1200)),
                                    static_cast<int>(integerEnv("BROBYGGER_RETENTION_AUDIT_MONTHS", 60, 1, 1200))};

  std::string publicUrl() const { return public_url.empty() ? "http://" + listen : public_url; }

  domain::AuthSettings auth() const {
    domain::AuthSettings settings;
    settings.max_login_failures = login_max_failures;
    settings.failure_window = std::chrono::minutes(login_window_minutes);
    settings.lockout_failures = lockout_failures;
    settings.lockout_window = std::chrono::minutes(lockout_window_minutes);
    settings.lockout_duration = std::chrono::minutes(lockout_minutes);
    settings.max_failures_per_client = login_max_per_ip;
    settings.session_lifetime = std::chrono::hours(session_hours);
    settings.session_idle = session_idle;
    return settings;
  }
  std::size_t workerThreads() const {
    if (threads > 0) return threads;
    return std::max<std::size_t>(2, std::thread::hardware_concurrency());
  }
};

// Everything a command needs, wired once.
struct System {
  std::unique_ptr<storage::Database> database;
  domain::SystemClock clock;
  api::SodiumSecrets secrets;
  domain::SessionCache sessions;
  domain::ReferenceCatalog catalog;
  std::unique_ptr<domain::ReferenceService> reference;
  std::unique_ptr<domain::AuthService> auth;
  std::unique_ptr<domain::UserService> users;
  std::unique_ptr<domain::OrganisationService> organisations;
  std::unique_ptr<domain::ContactService> contacts;
  calendar::CopenhagenTimeZone zone;
  calendar::LibicalRecurrence recurrence{zone};
  std::unique_ptr<domain::EventService> events;
  std::unique_ptr<domain::RegistrationService> registrations;
  std::unique_ptr<domain::SeriesService> series;
  calendar::IcsWriter ics{zone};
  std::unique_ptr<domain::CalendarService> calendarService;
  std::unique_ptr<domain::OutboxService> outbox;
  std::unique_ptr<domain::ReportService> reports;
  std::unique_ptr<domain::AuditService> audit;
  std::unique_ptr<domain::RetentionService> retention;

  System(const Config& config, std::size_t poolSize) : sessions(std::chrono::seconds(config.session_cache_seconds)) {
    database = storage::Database::open(withDatabasePassword(config.database), poolSize);
    const auto report = database->migrate();
    for (const auto& name : report.applied) spdlog::info("migration applied: {}", name);
    reference = std::make_unique<domain::ReferenceService>(*database);
    catalog = reference->loadCatalog();
    auth = std::make_unique<domain::AuthService>(*database, secrets, clock, config.auth(), sessions);
    users = std::make_unique<domain::UserService>(*database, secrets, clock, config.auth(), sessions);
    organisations = std::make_unique<domain::OrganisationService>(*database, catalog, clock);
    contacts = std::make_unique<domain::ContactService>(*database, clock);
    events = std::make_unique<domain::EventService>(*database, catalog, clock, zone);
    registrations = std::make_unique<domain::RegistrationService>(*database, clock);
    series = std::make_unique<domain::SeriesService>(*database, *events, clock, zone, recurrence);
    domain::CalendarSettings calendarSettings;
    calendarSettings.mailbox = {config.organizer_email, "Brobygger"};
    calendarService = std::make_unique<domain::CalendarService>(*database, clock, zone, secrets, calendarSettings);
    domain::OutboxSettings outboxSettings;
    outboxSettings.from_email = config.mail_from;
    outbox = std::make_unique<domain::OutboxService>(*database, *calendarService, ics, clock, zone, outboxSettings);
    reports = std::make_unique<domain::ReportService>(*database, catalog, clock, zone);
    audit = std::make_unique<domain::AuditService>(*database);
    retention = std::make_unique<domain::RetentionService>(*database, clock, zone, config.retention);
  }

  api::Services services() {
    return api::Services{*database,      catalog, *auth, *users, *organisations, *contacts, *events,
                         *registrations, *series, zone,    *calendarService, ics, *outbox, *reports, *audit};
  }
};

int serve(const Config& config) {
  // Block the stop signals in every thread (Pistache's included) and wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const auto threads = config.workerThreads();
  // Two connections per worker: an overview reads its two periods at once, and a worker never holds
  // more, so no worker can wait on another for a connection.
  System system(config, 2 * threads);
  if (system.catalog.data().municipalities.empty())
    spdlog::warn("no reference data loaded: run `brobygger seed reference`");
  std::string webRoot = config.web_root;
  if (!webRoot.empty() && !std::filesystem::exists(std::filesystem::path(webRoot) / "index.html")) {
    spdlog::warn("web admin not found at {} (build it with `make web`); serving the API only", webRoot);
    webRoot.clear();
  }
  api::ApplicationSettings settings;
  settings.web_root = webRoot;
  settings.secure_cookies = config.secure_cookies;
  settings.public_url = config.publicUrl();
  settings.mail_relay_configured = !config.smtp_url.empty();
  settings.trusted_proxies = config.trusted_proxies;
  api::Application application(system.services(), settings);
  api::HttpServer server(application, api::ServerOptions{config.listen, threads});
  server.start();
  // Recurring series keep a year of occurrences ahead: extended at start and every hour after.
  std::mutex stopMutex;
  std::condition_variable stopSignal;
  bool stopping = false;
  // Retention runs at start and once a day after.
  std::thread housekeeping([&] {
    std::unique_lock lock(stopMutex);
    std::optional<std::chrono::steady_clock::time_point> retained;
    do {
      lock.unlock();
      try {
        if (const auto made = system.series->extendHorizons(); made > 0)
          spdlog::info("series: {} new occurrences materialised", made);
      } catch (const std::exception& e) {
        spdlog::warn("series horizon extension failed: {}", e.what());
      }
      if (!retained || std::chrono::steady_clock::now() - *retained >= std::chrono::hours(24)) {
        try {
          const auto done = system.retention->run(false);
          retained = std::chrono::steady_clock::now();
          spdlog::info("retention: {} people's old participation unlinked ({} registrations), {} inactive people "
                       "erased, {} audit entries removed",
                       done.people_with_old_participation, done.registrations_unlinked, done.inactive_people_erased,
                       done.audit_entries_removed);
        } catch (const std::exception& e) {
          spdlog::warn("retention failed: {}", e.what());
        }
      }
      lock.lock();
    } while (!stopSignal.wait_for(lock, std::chrono::hours(1), [&] { return stopping; }));
  });
  // Invitation emails: delivered from the outbox when a relay is configured; otherwise they wait there.
  std::optional<std::thread> mailer;
  if (!config.smtp_url.empty()) {
    mailer.emplace([&] {
      api::SmtpTransport transport({config.smtp_url, config.smtp_user, config.smtp_password});
      std::unique_lock lock(stopMutex);
      while (!stopSignal.wait_for(lock, std::chrono::milliseconds(config.outbox_interval_ms), [&] { return stopping; })) {
        lock.unlock();
        try {
          if (const auto sent = system.outbox->deliver(transport); sent > 0) spdlog::info("outbox: {} sent", sent);
        } catch (const std::exception& e) {
          spdlog::warn("outbox delivery round failed: {}", e.what());
        }
        lock.lock();
      }
    });
  } else {
    spdlog::warn("no SMTP relay configured (BROBYGGER_SMTP_URL): invitation emails stay in the outbox");
  }
  spdlog::info("serving on http://{} with {} worker threads, database {} ({})", config.listen, threads,
               system.database->backend() == storage::Backend::sqlite ? "SQLite" : "MariaDB/MySQL",
               maskedConnection(config.database));
  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("signal {} received, stopping", received);
  {
    std::lock_guard lock(stopMutex);
    stopping = true;
  }
  stopSignal.notify_all();
  housekeeping.join();
  if (mailer) mailer->join();
  server.shutdown();
  spdlog::info("stopped");
  return 0;
}

std::string readPassword() {
  if (auto password = fromEnvironment("BROBYGGER_PASSWORD"); password && !password->empty()) return *password;
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void printDomainError(const domain::DomainError& e) {
  std::cerr << "error: " << e.what() << "\n";
  for (const auto& field : e.fields()) std::cerr << "  " << field.field << ": " << field.message << "\n";
  if (e.existingId()) std::cerr << "  existing id: " << *e.existingId() << "\n";
}

int loadScale(System& system, seeds::ScaleOptions options, const std::string& asOf) {
  if (asOf.empty()) {
    const auto today = system.zone.toLocal(system.clock.now());
    options.as_of = std::chrono::year_month_day{std::chrono::year(today.year), std::chrono::month(today.month),
                                                std::chrono::day(today.day)};
  } else if (const auto date = domain::parseIsoDate(asOf)) {
    options.as_of = std::chrono::year_month_day{std::chrono::year(date->year), std::chrono::month(date->month),
                                                std::chrono::day(date->day)};
  } else {
    std::cerr << "error: --as-of must be a date as YYYY-MM-DD\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  seeds::ProgressLine progress(stderr, "seed scale");
  const auto summary = seeds::seedScale(*system.database, system.catalog.data(), system.zone, options,
                                        [&](const seeds::ScaleProgress& p) { progress.update(p.stage, p.done, p.total); });
  progress.finish();
  system.database->rebuildDerivedData();  // each organisation's latest attendance, for the overviews
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "scale data: " << summary.organisations << " organisations, " << summary.contacts << " contacts, "
            << summary.users << " officers, " << summary.events << " events, " << summary.invitations
            << " invitations, " << summary.registrations << " registrations in " << std::fixed
            << std::setprecision(1) << seconds << " s\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<Config> loaded;
  try {
    loaded.emplace();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  Config& config = *loaded;
  CLI::App app{"Brobygger: outreach and event management for the prevention cooperation"};
  app.require_subcommand(1);
  app.add_option("--database", config.database, "SOCI connection string (env BROBYGGER_DATABASE)");
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error (env BROBYGGER_LOG_LEVEL)");

  auto* serveCommand = app.add_subcommand("serve", "Migrate if needed, then serve the API and the web admin");
  serveCommand->add_option("--listen", config.listen, "host:port (env BROBYGGER_LISTEN)");
  serveCommand->add_option("--web-root", config.web_root, "Built web admin (env BROBYGGER_WEB_ROOT)");
  serveCommand->add_option("--threads", config.threads, "Worker threads = database connections (env BROBYGGER_THREADS)");

  app.add_subcommand("migrate", "Apply pending database migrations");

  auto* seedCommand = app.add_subcommand("seed", "Load reference data, the demo data set or the scale data set");
  seedCommand->require_subcommand(1);
  auto* seedReferenceCommand = seedCommand->add_subcommand("reference", "Regions, police districts, municipalities, kinds (idempotent)");
  seedCommand->add_subcommand(
      "demo", "The demo data set and one demo user per role; the password comes from BROBYGGER_PASSWORD or stdin");
  auto* seedScaleCommand = seedCommand->add_subcommand(
      "scale", "A national-scale, deterministic data set for benchmarks, bulk-loaded into an empty register");
  seeds::ScaleOptions scale;
  std::string asOf;
  seedScaleCommand->add_option("--organisations", scale.organisations, "Organisations")->capture_default_str();
  seedScaleCommand->add_option("--contacts", scale.contacts, "Contact persons")->capture_default_str();
  seedScaleCommand->add_option("--events", scale.events, "Events")->capture_default_str();
  seedScaleCommand->add_option("--registrations", scale.registrations, "Registrations (exactly)")->capture_default_str();
  seedScaleCommand->add_option("--random-seed", scale.random_seed, "Same seed and as-of day: same data")->capture_default_str();
  seedScaleCommand->add_option("--as-of", asOf, "YYYY-MM-DD the data is current on (default: today in Copenhagen)");

  auto* userCommand = app.add_subcommand("user", "Manage users");
  userCommand->require_subcommand(1);
  auto* userAdd = userCommand->add_subcommand(
      "add", "Add a user; the password comes from BROBYGGER_PASSWORD or one line on standard input");
  std::string email, name, role;
  long long organisation = 0;
  userAdd->add_option("--email", email)->required();
  userAdd->add_option("--name", name)->required();
  userAdd->add_option("--role", role)->required()->check(CLI::IsMember({"admin", "officer", "manager", "partner"}));
  userAdd->add_option("--organisation", organisation, "Organisation id (partners)");

  auto* retentionCommand = app.add_subcommand("retention", "Apply the retention policy");
  retentionCommand->require_subcommand(1);
  auto* retentionRun = retentionCommand->add_subcommand("run", "Unlink old participation, erase inactive people, trim the audit log");
  bool dryRun = false;
  retentionRun->add_flag("--dry-run", dryRun, "Only tell what would go");

  app.add_subcommand("routes", "Print the HTTP routes, one per line");

  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);

  try {
    if (*serveCommand) return serve(config);

    if (app.got_subcommand("routes")) {
      // The route table needs no database: build the application over nothing it will call.
      struct NoStore final : domain::Store {
        std::unique_ptr<domain::UnitOfWork> begin(domain::Access) override { throw std::logic_error("no database"); }
        bool ping() override { return false; }
      } store;
      domain::SystemClock clock;
      api::SodiumSecrets secrets;
      domain::ReferenceCatalog catalog;
      domain::SessionCache sessions(std::chrono::seconds(0));
      domain::AuthService auth(store, secrets, clock, {}, sessions);
      domain::UserService users(store, secrets, clock, {}, sessions);
      domain::OrganisationService organisations(store, catalog, clock);
      domain::ContactService contacts(store, clock);
      calendar::CopenhagenTimeZone zone;
      calendar::LibicalRecurrence recurrence(zone);
      domain::EventService events(store, catalog, clock, zone);
      domain::RegistrationService registrations(store, clock);
      domain::SeriesService series(store, events, clock, zone, recurrence);
      domain::CalendarService calendarService(store, clock, zone, secrets);
      calendar::IcsWriter ics(zone);
      domain::OutboxService outbox(store, calendarService, ics, clock, zone);
      domain::ReportService reports(store, catalog, clock, zone);
      domain::AuditService audit(store);
      api::Services services{store,         catalog, auth, users, organisations, contacts, events,
                             registrations, series,  zone, calendarService, ics, outbox, reports, audit};
      api::Application application(services, {});
      for (const auto& route : application.router().routes()) std::cout << route.method << " " << route.pattern << "\n";
      return 0;
    }

    System system(config, 1);
    if (app.got_subcommand("migrate")) {
      std::cout << "schema version " << system.database->schemaVersion() << "\n";
      return 0;
    }
    if (*seedCommand) {
      if (*seedReferenceCommand) {
        const auto data = seeds::referenceData();
        system.reference->seed(data);
        std::cout << "reference data: " << data.regions.size() << " regions, " << data.police_districts.size()
                  << " police districts, " << data.municipalities.size() << " municipalities, "
                  << data.organisation_kinds.size() << " organisation kinds, " << data.event_kinds.size()
                  << " event kinds\n";
        return 0;
      }
      if (system.catalog.data().municipalities.empty()) {
        std::cerr << "error: load the reference data first: brobygger seed reference\n";
        return 1;
      }
      if (*seedScaleCommand) return loadScale(system, scale, asOf);
      const auto password = readPassword();
      const auto summary = seeds::seedDemo(
          *system.database,
          {*system.organisations, *system.contacts, *system.users, *system.events, *system.registrations,
           *system.series, system.zone},
          system.catalog, password, system.clock.now());
      if (summary.already_present) {
        std::cout << "demo data already present: nothing to do\n";
      } else {
        std::cout << "demo data: " << summary.organisations << " organisations, " << summary.contacts
                  << " contacts, " << summary.users << " users, " << summary.events << " events, " << summary.series
                  << " series, " << summary.registrations << " registrations\n";
      }
      return 0;
    }
    if (*retentionRun) {
      const auto& p = system.retention->policy();
      const auto done = system.retention->run(dryRun);
      const std::string verb = dryRun ? "would be " : "";
      std::cout << (dryRun ? "retention (dry run, nothing changed)" : "retention") << ": participation "
                << p.participation_months << " months after a person's last event, inactive people "
                << p.inactive_contact_months << " months, audit log " << p.audit_months << " months\n"
                << "  people whose participation " << verb << "unlinked: " << done.people_with_old_participation
                << " (" << done.registrations_unlinked << " registrations)\n"
                << "  inactive people " << verb << "erased: " << done.inactive_people_erased << "\n"
                << "  audit entries " << verb << "removed: " << done.audit_entries_removed << "\n";
      return 0;
    }
    if (*userAdd) {
      domain::NewUser input{email, name, *domain::roleFrom(role), {}, readPassword()};
      if (organisation > 0) input.organisation_id = organisation;
      const auto user = system.users->createTrusted(input);
      std::cout << "user " << user.id << " added: " << user.email << " (" << role << ")\n";
      return 0;
    }
  } catch (const domain::DomainError& e) {
    printDomainError(e);
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
