#include "storage/bulk_loader.hpp"

#include <stdexcept>
#include <string_view>

#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/connection.hpp"
#include "storage/insert_text.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

// Rows per INSERT statement: big enough that parsing and round trips stop mattering, small enough
// to stay far below MariaDB's max_allowed_packet (a registration row is ~150 bytes).
constexpr std::size_t kRowsPerStatement = 500;
// Rows per transaction: large transactions are what make bulk loading fast on both backends; a
// bounded size keeps SQLite's WAL and InnoDB's undo log from growing with the whole data set.
constexpr std::int64_t kRowsPerTransaction = 100'000;

}  // namespace

struct BulkLoader::Impl {
  ConnectionLease lease;
  Connection& connection;
  bool in_transaction = false;
  std::int64_t uncommitted = 0;
  std::int64_t written = 0;

  int sqlite_cache_size = 0;  // to restore: the connection goes back to the pool

  explicit Impl(Database& database) : lease(database), connection(lease.connection()) {
    guarded(connection, [&] {
      if (connection.backend == Backend::sqlite) {
        // SQLite's default page cache (2 MB) makes inserting into the registrations' indexes mostly
        // I/O; 256 MB for the load's duration cut a 2 M-row load by a fifth.
        connection.sql << "PRAGMA cache_size", soci::into(sqlite_cache_size);
        connection.sql << "PRAGMA cache_size = -262144";
      } else {
        // No per-row foreign-key lookups during the load. With them, every registration reads its
        // contact's, organisation's and event's pages, and once the data outgrows the buffer pool
        // (128 MB by default) the load crawls: 2 M registrations took 108-133 s with the checks and
        // 49 s without on a stock server. The rows refer only to rows loaded before them or to the
        // reference data; SQLite checks every key on every load, and the storage tests load the same
        // generated rows on both backends. Unique keys stay checked.
        connection.sql << "SET SESSION foreign_key_checks = 0";
      }
    });
  }

  ~Impl() {
    try {
      if (connection.backend == Backend::mysql) {
        connection.sql << "SET SESSION foreign_key_checks = 1";
      } else {
        connection.sql << "PRAGMA cache_size = " + std::to_string(sqlite_cache_size);
      }
    } catch (...) {
      if (connection.on_connection_lost) connection.on_connection_lost();
    }
  }

  void begin() {
    guarded(connection, [&] {
      connection.sql << (connection.backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "START TRANSACTION");
    });
    in_transaction = true;
  }

  void commit() {
    guarded(connection, [&] { connection.sql << "COMMIT"; });
    in_transaction = false;
    uncommitted = 0;
  }

  // Writes `rows` with `append` filling one row's values, kRowsPerStatement rows per statement,
  // committing every kRowsPerTransaction rows.
  template <class Row, class Append>
  void insert(std::string_view head, std::span<const Row> rows, Append append) {
    InsertText statement(connection.backend, head);
    auto flush = [&] {
      if (statement.rows() == 0) return;
      if (!in_transaction) begin();
      guarded(connection, [&] { connection.sql << statement.text(); });
      uncommitted += static_cast<std::int64_t>(statement.rows());
      written += static_cast<std::int64_t>(statement.rows());
      statement.reset();
      if (uncommitted >= kRowsPerTransaction) commit();
    };
    for (const auto& row : rows) {
      statement.beginRow();
      append(statement, row);
      statement.endRow();
      if (statement.rows() == kRowsPerStatement) flush();
    }
    flush();
  }

  long long maxId(const char* table) {
    long long id = 0;
    soci::indicator ind = soci::i_ok;
    guarded(connection, [&] { connection.sql << std::string("SELECT MAX(id) FROM ") + table, soci::into(id, ind); });
    return ind == soci::i_null ? 0 : id;
  }
};

BulkLoader::BulkLoader(Database& database) : impl_(std::make_unique<Impl>(database)) {}

BulkLoader::~BulkLoader() {
  if (impl_ && impl_->in_transaction) {
    try {
      impl_->connection.sql << "ROLLBACK";
    } catch (...) {
      if (impl_->connection.on_connection_lost) impl_->connection.on_connection_lost();
    }
  }
}

bulk::FirstIds BulkLoader::firstFreeIds() {
  bulk::FirstIds ids;
  ids.user = impl_->maxId("users") + 1;
  ids.organisation = impl_->maxId("organisations") + 1;
  ids.contact = impl_->maxId("contacts") + 1;
  ids.event = impl_->maxId("events") + 1;
  ids.registration = impl_->maxId("registrations") + 1;
  ids.activity = impl_->maxId("activities") + 1;
  ids.follow_up = impl_->maxId("follow_ups") + 1;
  return ids;
}

void BulkLoader::users(std::span<const bulk::UserRow> rows) {
  impl_->insert<bulk::UserRow>(
      "INSERT INTO users (id, email, name, role, organisation_id, status, password_hash, search_text, created_at, "
      "updated_at, version) VALUES ",
      rows, [](InsertText& v, const bulk::UserRow& r) {
        v.integer(r.id);
        v.textOrNull(r.email);
        v.text(r.name);
        v.text(toString(r.role));
        v.null();
        v.text(toString(UserStatus::active));
        v.text(r.password_hash);
        v.text(columns::userSearchText(r.name, r.email));
        v.time(r.created_at);
        v.time(r.created_at);
        v.integer(1);
      });
}

void BulkLoader::organisations(std::span<const bulk::OrganisationRow> rows) {
  impl_->insert<bulk::OrganisationRow>(
      "INSERT INTO organisations (id, name, kind, cvr, municipality_id, police_district_id, region_id, address, "
      "website, tags, status, responsible_user_id, search_text, created_at, updated_at, version, name_key) VALUES ",
      rows, [](InsertText& v, const bulk::OrganisationRow& r) {
        v.integer(r.id);
        v.text(r.name);
        v.text(r.kind);
        v.textOrNull(r.cvr);
        v.integer(r.municipality_id);
        v.integer(r.police_district_id);
        v.integer(r.region_id);
        v.textOrNull(r.address);
        v.textOrNull(r.website);
        v.text(columns::encodeList(r.tags));
        v.text(toString(r.status));
        v.integerOrNull(r.responsible_user_id);
        v.text(columns::organisationSearchText(r.name, r.cvr, r.website));
        v.time(r.created_at);
        v.time(r.updated_at);
        v.integer(1);
        v.text(nameMatchKey(r.name));  // likely duplicates group by it (V014)
      });
}

void BulkLoader::contacts(std::span<const bulk::ContactRow> rows) {
  impl_->insert<bulk::ContactRow>(
      "INSERT INTO contacts (id, organisation_id, name, title, email, email_folded, phone, language, "
      "consent_invitations, consent_newsletter, status, search_text, created_at, updated_at, version, name_key) "
      "VALUES ",
      rows, [](InsertText& v, const bulk::ContactRow& r) {
        v.integer(r.id);
        v.integer(r.organisation_id);
        v.text(r.name);
        v.textOrNull(r.title);
        v.textOrNull(r.email);
        v.textOrNull(r.email ? std::optional<std::string>(foldCase(*r.email)) : std::nullopt);
        v.textOrNull(r.phone);
        v.text(toString(r.language));
        v.integer(r.consent_invitations ? 1 : 0);
        v.integer(r.consent_newsletter ? 1 : 0);
        v.text(toString(r.status));
        v.text(columns::contactSearchText(r.name, r.email));
        v.time(r.created_at);
        v.time(r.updated_at);
        v.integer(1);
        v.text(nameMatchKey(r.name));
      });
}

void BulkLoader::events(std::span<const bulk::EventRow> rows) {
  impl_->insert<bulk::EventRow>(
      "INSERT INTO events (id, kind, title, description, venue_name, venue_address, venue_municipality_id, "
      "online_url, language, tags, organiser_user_id, capacity, per_organisation_quota, police_district_id, "
      "starts_at, ends_at, all_day, registration_opens_at, registration_closes_at, audience, status, "
      "cancellation_reason, series_id, occurrence_start, series_override, revision, confirmed_count, "
      "waitlisted_count, search_text, created_at, updated_at, version, reminder_hours) VALUES ",
      rows, [](InsertText& v, const bulk::EventRow& r) {
        v.integer(r.id);
        v.text(r.kind);
        v.textOrNull(r.title);
        v.textOrNull(r.description);
        v.textOrNull(r.venue_name);
        v.textOrNull(r.venue_address);
        v.integerOrNull(r.venue_municipality_id);
        v.null();
        v.text(toString(r.language));
        v.text(columns::encodeList(r.tags));
        v.integerOrNull(r.organiser_user_id);
        v.integerOrNull(r.capacity);
        v.integerOrNull(r.per_organisation_quota);
        v.integerOrNull(r.police_district_id);
        v.time(r.starts_at);
        v.time(r.ends_at);
        v.integer(0);
        v.null();
        v.null();
        v.text(toString(r.audience));
        v.text(toString(r.status));
        v.textOrNull(r.cancellation_reason);
        v.null();
        v.null();
        v.integer(0);
        v.integer(r.revision);
        v.integer(r.confirmed_count);
        v.integer(r.waitlisted_count);
        v.text(columns::eventSearchText(r.title, r.venue_name));
        v.time(r.created_at);
        v.time(r.updated_at);
        v.integer(1);
        v.integer(0);  // generated people are invented: never reminded
      });
}

void BulkLoader::invitations(std::span<const bulk::InvitationRow> rows) {
  impl_->insert<bulk::InvitationRow>("INSERT INTO event_invitations (event_id, organisation_id) VALUES ", rows,
                                     [](InsertText& v, const bulk::InvitationRow& r) {
                                       v.integer(r.event_id);
                                       v.integer(r.organisation_id);
                                     });
}

void BulkLoader::registrations(std::span<const bulk::RegistrationRow> rows) {
  impl_->insert<bulk::RegistrationRow>(
      "INSERT INTO registrations (id, event_id, contact_id, organisation_id, status, registered_at, registered_by, "
      "cancelled_at, cancelled_by, checked_in_at, checked_in_by, updated_at, version) VALUES ",
      rows, [](InsertText& v, const bulk::RegistrationRow& r) {
        v.integer(r.id);
        v.integer(r.event_id);
        v.integer(r.contact_id);
        v.integer(r.organisation_id);
        v.text(toString(r.status));
        v.time(r.registered_at);
        v.integerOrNull(r.registered_by);
        v.timeOrNull(r.cancelled_at);
        v.integerOrNull(r.cancelled_by);
        v.timeOrNull(r.checked_in_at);
        v.integerOrNull(r.checked_in_by);
        v.time(r.updated_at);
        v.integer(1);
      });
}

void BulkLoader::activities(std::span<const bulk::ActivityRow> rows) {
  impl_->insert<bulk::ActivityRow>(
      "INSERT INTO activities (id, kind, occurred_at, organisation_id, police_district_id, event_id, user_id, "
      "subject, notes, search_text, notes_cleared_at, created_by, created_at, updated_at, version) VALUES ",
      rows, [](InsertText& v, const bulk::ActivityRow& r) {
        v.integer(r.id);
        v.text(r.kind);
        v.time(r.occurred_at);
        v.integer(r.organisation_id);
        v.integer(r.police_district_id);
        v.integerOrNull(r.event_id);
        v.integer(r.user_id);
        v.text(r.subject);
        v.text(r.notes);
        v.text(foldCase(r.subject));  // as the activity repository spells it
        v.timeOrNull(r.notes_cleared_at);
        v.integer(r.user_id);
        v.time(r.created_at);
        v.time(r.updated_at);
        v.integer(1);
      });
  struct Named {
    domain::Id activity, contact;
  };
  std::vector<Named> named;
  for (const auto& r : rows)
    for (const auto contact : r.contact_ids) named.push_back({r.id, contact});
  impl_->insert<Named>("INSERT INTO activity_contacts (activity_id, contact_id) VALUES ", named,
                       [](InsertText& v, const Named& n) {
                         v.integer(n.activity);
                         v.integer(n.contact);
                       });
}

void BulkLoader::followUps(std::span<const bulk::FollowUpRow> rows) {
  impl_->insert<bulk::FollowUpRow>(
      "INSERT INTO follow_ups (id, organisation_id, police_district_id, contact_id, activity_id, title, due_on, "
      "assigned_user_id, status, done_at, created_by, created_at, updated_at, version) VALUES ",
      rows, [](InsertText& v, const bulk::FollowUpRow& r) {
        v.integer(r.id);
        v.integer(r.organisation_id);
        v.integer(r.police_district_id);
        v.integerOrNull(r.contact_id);
        v.integerOrNull(r.activity_id);
        v.text(r.title);
        v.text(r.due_on);
        v.integer(r.assigned_user_id);
        v.text(r.status);
        v.timeOrNull(r.done_at);
        v.integer(r.assigned_user_id);
        v.time(r.created_at);
        v.time(r.updated_at);
        v.integer(1);
      });
}

void BulkLoader::finish() {
  if (!impl_->in_transaction) impl_->begin();
  guarded(impl_->connection,
          [&] { impl_->connection.sql << "UPDATE register_revision SET value = value + 1 WHERE id = 1"; });
  guarded(impl_->connection,
          [&] { bumpEventListRevision(impl_->connection, 0); });  // events loaded past the repositories
  guarded(impl_->connection, [&] { bumpContactListRevision(impl_->connection, 0); });  // and people
  impl_->commit();
}

std::int64_t BulkLoader::rowsWritten() const noexcept { return impl_->written; }

}  // namespace brobygger::storage
