#pragma once
// The composition root's one wiring: database pool -> repositories -> services -> HTTP application,
// with the adapters (calendar, crypto, mail) and the caches the handlers share. Every command builds it
// once; `brobygger routes` builds the same one over no database.
#include <cstddef>
#include <memory>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "adapters/calendar/ics_writer.hpp"
#include "adapters/calendar/libical_recurrence.hpp"
#include "adapters/crypto/sodium_secrets.hpp"
#include "adapters/mail/smtp_transport.hpp"
#include "adapters/pdf/haru_certificate_writer.hpp"
#include "adapters/spreadsheet/spreadsheet_reader.hpp"
#include "adapters/spreadsheet/table_files.hpp"
#include "api/application.hpp"
#include "api/feed_cache.hpp"
#include "api/list_cache.hpp"
#include "app/settings.hpp"
#include "domain/audit_service.hpp"
#include "domain/calendar_service.hpp"
#include "domain/event_services.hpp"
#include "domain/import_service.hpp"
#include "domain/outbox_service.hpp"
#include "domain/report_service.hpp"
#include "domain/retention.hpp"
#include "domain/services.hpp"
#include "domain/training_service.hpp"
#include "storage/database.hpp"

namespace brobygger::app {

class Scheduler;

// Opens the database with `connections` pooled connections and applies pending migrations.
std::unique_ptr<storage::Database> openDatabase(const Settings& settings, std::size_t connections,
                                                const storage::DatabaseLimits& limits = {});

struct Wiring {
  // With a database; null: with none, for what needs only the shape (every database call throws).
  Wiring(const Settings& settings, std::unique_ptr<storage::Database> database);
  Wiring(const Wiring&) = delete;
  Wiring& operator=(const Wiring&) = delete;
  ~Wiring();

  bool hasDatabase() const noexcept { return database != nullptr; }
  // The background jobs of a serving process: series horizons, retention and, with a relay, the outbox.
  void addBackgroundJobs(Scheduler& scheduler, const Settings& settings);

  std::unique_ptr<storage::Database> database;
  std::unique_ptr<domain::Store> no_database;
  domain::Store& store;
  // adapters
  domain::SystemClock clock;
  crypto::SodiumSecrets secrets;
  calendar::CopenhagenTimeZone zone;
  calendar::LibicalRecurrence recurrence{zone};
  calendar::IcsWriter ics{zone};
  spreadsheet::TableFiles tables{zone};
  std::unique_ptr<mail::SmtpTransport> mail;  // null without a relay
  sheets::SpreadsheetReader sheet_reader;
  pdf::HaruCertificateWriter certificate_writer;
  // services
  domain::SessionCache sessions;
  domain::ReferenceService reference;
  domain::ReferenceCatalog catalog;
  domain::AuthService auth;
  domain::UserService users;
  domain::OrganisationService organisations;
  domain::ContactService contacts;
  domain::EventService events;
  domain::RegistrationService registrations;
  domain::SeriesService series;
  domain::CalendarService calendar_service;
  domain::OutboxService outbox;
  domain::ReportService reports;
  domain::AuditService audit;
  domain::OutreachService outreach;
  domain::OutreachViewService outreach_views;
  domain::MergeService merges;
  domain::RetentionService retention;
  domain::ImportService imports;
  domain::MessageService messages;
  domain::TrainingService trainings;
  // the HTTP edge
  api::ListCache organisation_pages;
  api::FeedCache calendar_feeds;
  api::ApplicationSettings http_settings;
  api::Application application;
};

}  // namespace brobygger::app
