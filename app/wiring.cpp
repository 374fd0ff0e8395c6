#include "app/wiring.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <stdexcept>

#include "app/scheduler.hpp"

namespace brobygger::app {

namespace {

// The store of a wiring without a database: building everything works, calling it does not.
struct NoDatabase final : domain::Store {
  std::unique_ptr<domain::UnitOfWork> begin(domain::Access) override { throw std::logic_error("no database"); }
  bool ping() override { return false; }
};

domain::CalendarSettings calendarSettings(const Settings& settings) {
  domain::CalendarSettings out;
  out.mailbox = {settings.organizer_email, "Brobygger"};
  return out;
}

domain::OutboxSettings outboxSettings(const Settings& settings) {
  domain::OutboxSettings out;
  out.from_email = settings.mail_from;
  out.max_attempts = settings.outbox_max_attempts;
  return out;
}

// Certificates of attendance are issued by the national prevention unit: its name in both languages from
// the reference data (the kind of organisation `national_prevention_centre`), else the domain's default.
domain::CertificateSettings certificateSettings(const domain::ReferenceCatalog& catalog) {
  domain::CertificateSettings out;
  for (const auto& kind : catalog.data().organisation_kinds) {
    if (kind.code != "national_prevention_centre") continue;
    out.issuer_da = kind.name_da;
    out.issuer_en = kind.name_en;
  }
  return out;
}

api::ApplicationSettings httpSettings(const Settings& settings) {
  api::ApplicationSettings out;
  // Without a built web admin the server answers the API only (the serve command says so).
  if (!settings.web_root.empty() && std::filesystem::exists(std::filesystem::path(settings.web_root) / "index.html"))
    out.web_root = settings.web_root;
  out.secure_cookies = settings.secureCookies();
  out.public_url = settings.publicUrl();
  out.mail_relay_configured = !settings.smtp_url.empty();
  out.trusted_proxies = settings.trustedProxies();
  out.metrics_allow = settings.metricsAllow();
  out.version = BROBYGGER_VERSION;
  return out;
}

}  // namespace

std::unique_ptr<storage::Database> openDatabase(const Settings& settings, std::size_t connections,
                                                const storage::DatabaseLimits& limits) {
  auto database = storage::Database::open(settings.connection(), connections, limits);
  const auto report = database->migrate();
  for (const auto& name : report.applied) spdlog::info("migration applied: {}", name);
  return database;
}

Wiring::Wiring(const Settings& settings, std::unique_ptr<storage::Database> opened)
    : database(std::move(opened)),
      no_database(database ? nullptr : std::make_unique<NoDatabase>()),
      store(database ? static_cast<domain::Store&>(*database) : *no_database),
      mail(settings.smtp_url.empty() ? nullptr
                                     : std::make_unique<mail::SmtpTransport>(mail::SmtpSettings{
                                           settings.smtp_url, settings.smtp_user, settings.smtp_password})),
      sessions(std::chrono::seconds(settings.session_cache_seconds)),
      reference(store),
      catalog(database ? reference.loadCatalog() : domain::ReferenceCatalog{}),
      auth(store, secrets, clock, settings.auth(), sessions),
      users(store, secrets, clock, settings.auth(), sessions),
      organisations(store, catalog, clock),
      contacts(store, clock),
      events(store, catalog, clock, zone),
      registrations(store, clock),
      series(store, events, clock, zone, recurrence),
      calendar_service(store, clock, zone, secrets, calendarSettings(settings)),
      outbox(store, calendar_service, ics, clock, zone, outboxSettings(settings)),
      reports(store, catalog, clock, zone),
      audit(store),
      outreach(store, catalog, clock, zone),
      outreach_views(store, clock, zone),
      merges(store, clock),
      retention(store, clock, zone, settings.retention),
      imports(store, catalog, sheet_reader, clock),
      messages(store, clock, zone),
      trainings(store, clock, zone, certificateSettings(catalog)),
      http_settings(httpSettings(settings)),
      application(api::Services{store,
                                catalog,
                                auth,
                                users,
                                organisations,
                                contacts,
                                events,
                                registrations,
                                series,
                                zone,
                                calendar_service,
                                ics,
                                outbox,
                                reports,
                                audit,
                                outreach,
                                outreach_views,
                                organisation_pages,
                                calendar_feeds,
                                tables,
                                merges,
                                imports,
                                messages,
                                trainings,
                                certificate_writer},
                  http_settings) {}

Wiring::~Wiring() = default;

void Wiring::addBackgroundJobs(Scheduler& scheduler, const Settings& settings) {
  // Recurring series keep a year of occurrences ahead: extended at start and every hour after.
  scheduler.add({"series horizon extension", std::chrono::hours(1),
                 [this] {
                   if (const auto made = series.extendHorizons(); made > 0)
                     spdlog::info("series: {} new occurrences materialised", made);
                 },
                 true, std::nullopt});
  // Retention runs at start and once a day after; a failed run is tried again the next hour.
  scheduler.add({"retention", std::chrono::hours(24),
                 [this] {
                   const auto done = retention.run(false);
                   spdlog::info(
                       "retention: {} people's old participation unlinked ({} registrations), {} inactive "
                       "people erased, {} audit entries removed, {} activities' notes emptied",
                       done.people_with_old_participation, done.registrations_unlinked, done.inactive_people_erased,
                       done.audit_entries_removed, done.activity_notes_cleared);
                 },
                 true, std::chrono::hours(1)});
  // Reminders before events: queued into the outbox every round, relay or not (without one they wait
  // there like every message). Every server process runs it; the database keeps it to one per person.
  scheduler.add({"reminder round", std::chrono::milliseconds(settings.outbox_interval_ms),
                 [this] {
                   if (const auto queued = outbox.queueReminders(); queued > 0)
                     spdlog::info("reminders: {} queued", queued);
                 },
                 true, std::nullopt});
  // Invitation emails: delivered from the outbox when a relay is configured; otherwise they wait there.
  if (mail) {
    scheduler.add({"outbox delivery round", std::chrono::milliseconds(settings.outbox_interval_ms),
                   [this] {
                     if (const auto sent = outbox.deliver(*mail); sent > 0) spdlog::info("outbox: {} sent", sent);
                   },
                   false, std::nullopt});
  } else {
    spdlog::warn("no SMTP relay configured (BROBYGGER_SMTP_URL): invitation emails stay in the outbox");
  }
}

}  // namespace brobygger::app
