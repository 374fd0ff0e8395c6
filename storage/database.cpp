#include "storage/database.hpp"

#include <soci/mysql/soci-mysql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>
#include <unicode/ucol.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <regex>
#include <thread>
#include <type_traits>

#include "domain/date_time.hpp"
#include "storage/connection.hpp"
#include "storage/migration_files.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

namespace {

constexpr const char* kMysqlPrefix = "mysql://";
constexpr const char* kSqlitePrefix = "sqlite3://";

// Splits a migration script into statements on ';' at line ends (our migrations never put ';'
// inside literals), dropping comments.
std::vector<std::string> splitStatements(std::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  std::size_t pos = 0;
  while (pos < script.size()) {
    auto end = script.find('\n', pos);
    if (end == std::string_view::npos) end = script.size();
    std::string line(script.substr(pos, end - pos));
    pos = end + 1;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line + "\n";
    const auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.find_last_of(';'));
      statements.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) statements.push_back(current);
  return statements;
}

int versionOf(std::string_view fileName) {
  // V001__name.sql
  const auto slash = fileName.find_last_of('/');
  const auto name = fileName.substr(slash == std::string_view::npos ? 0 : slash + 1);
  if (name.size() < 2 || name[0] != 'V') return -1;
  return std::atoi(std::string(name.substr(1, name.find("__") - 1)).c_str());
}

// SQLite sorts bytes; names must sort the Danish way (Æ, Ø, Å after Z, "Aa" as Å) exactly as
// MariaDB's utf8mb4_danish_ci does. Each connection gets its own ICU collator (collators are not
// shared between threads) under the name `danish`. utf8mb4_danish_ci compares primary weights only
// ("anna" = "Anna", "Eva" = "Éva", and the id decides), so the collator does too: at ICU's default
// (tertiary) strength "Anna" came before "anna" on SQLite and after it on MariaDB.
int compareDanish(void* collator, int lengthA, const void* a, int lengthB, const void* b) {
  UErrorCode status = U_ZERO_ERROR;
  const auto result = ucol_strcollUTF8(static_cast<UCollator*>(collator), static_cast<const char*>(a), lengthA,
                                       static_cast<const char*>(b), lengthB, &status);
  if (U_FAILURE(status)) return 0;
  return result == UCOL_LESS ? -1 : (result == UCOL_GREATER ? 1 : 0);
}

void registerDanishCollation(soci::session& sql) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  UErrorCode status = U_ZERO_ERROR;
  UCollator* collator = ucol_open("da", &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no Danish collation");
  ucol_setStrength(collator, UCOL_PRIMARY);
  sqlite3_create_collation_v2(backend->conn_, "danish", SQLITE_UTF8, collator, compareDanish,
                              [](void* c) { ucol_close(static_cast<UCollator*>(c)); });
}

}  // namespace

struct Database::Impl {
  Backend backend = Backend::sqlite;
  std::string connect_string;  // without the scheme
  std::size_t size = 0;
  soci::connection_pool pool;
  // A connection must be checked before use when the pool has seen a lost connection since it was
  // last checked: after MariaDB comes back, the first request on each connection reconnects
  // instead of failing.
  std::atomic<std::uint64_t> outage_generation{0};
  std::vector<std::atomic<std::uint64_t>> checked_generation;

  std::chrono::milliseconds pool_wait{-1};
  KeptCounts kept_counts;                // list totals kept under their data's revision (countKept)
  std::string migration_connect_string;  // MariaDB: the connection string without the read timeouts

  // Readiness, answered without waiting (see ping()): the newest outage generation at which the
  // database was seen answering, and when the running probe started (0: none running).
  std::atomic<std::uint64_t> ok_generation{0};
  std::atomic<std::int64_t> probing_since_ms{0};
  std::once_flag prober_started;
  std::mutex prober_mutex;
  std::condition_variable prober_wake;
  bool prober_stop = false;
  std::thread prober;

  ~Impl() {
    {
      const std::lock_guard lock(prober_mutex);
      prober_stop = true;
    }
    prober_wake.notify_all();
    if (prober.joinable()) prober.join();
  }

  void seenAnswering(std::uint64_t generation) {
    auto known = ok_generation.load();
    while (known < generation && !ok_generation.compare_exchange_weak(known, generation)) {
    }
  }

  // Probes the database with `SELECT 1` on a connection of its own, once a second (every 200 ms while
  // it does not answer).
  void probe() {
    std::optional<soci::session> sql;
    std::unique_lock lock(prober_mutex);
    while (!prober_stop) {
      lock.unlock();
      const auto generation = outage_generation.load();
      probing_since_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
              .count();
      bool answered = false;
      try {
        if (!sql) {
          sql.emplace();
          openSession(*sql);
        }
        *sql << "SELECT 1";
        answered = true;
      } catch (const std::exception&) {
        sql.reset();  // reconnect on the next probe
      }
      probing_since_ms = 0;
      if (answered) {
        seenAnswering(generation);
      } else {
        connectionLost();
      }
      lock.lock();
      prober_wake.wait_for(lock, answered ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(200),
                           [this] { return prober_stop; });
    }
  }

  Impl(Backend b, std::string cs, std::size_t n)
      : backend(b), connect_string(std::move(cs)), size(n), pool(n), checked_generation(n) {}

  void openSession(soci::session& sql) {
    if (backend == Backend::sqlite) {
      sql.open(*soci::factory_sqlite3(), connect_string);
      registerDanishCollation(sql);
      sql << "PRAGMA busy_timeout = 10000";
      sql << "PRAGMA foreign_keys = ON";
      sql << "PRAGMA journal_mode = WAL";
      sql << "PRAGMA synchronous = NORMAL";
    } else {
      sql.open(*soci::factory_mysql(), connect_string);
      prepareMysql(sql);
    }
  }

  static void prepareMysql(soci::session& sql) {
    sql << "SET time_zone = '+00:00'";
    sql << "SET NAMES utf8mb4 COLLATE utf8mb4_danish_ci";
    sql << "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ENGINE_SUBSTITUTION'";
    // Decisions taken under a row lock (seats, waiting lists) must read what is committed now, not a
    // snapshot from the transaction's first read: REPEATABLE READ would hand a stale waiting list to
    // the second of two concurrent cancellations.
    sql << "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED";
    // A row lock held elsewhere (another node's transaction, a stuck client) is waited for 10 seconds,
    // not InnoDB's 50: the request then answers 503 and its unit of work is rolled back.
    sql << "SET SESSION innodb_lock_wait_timeout = 10";
  }

  void connectionLost() { ++outage_generation; }

  std::atomic<std::size_t> in_use{0};
  std::atomic<std::size_t> waiting{0};

  void giveBack(std::size_t slot) {
    pool.give_back(slot);
    --in_use;
  }

  // Leases a connection, re-checking it if an outage was seen since its last check.
  std::size_t lease() {
    std::size_t slot = 0;
    ++waiting;
    bool got = true;
    if (pool_wait.count() < 0) {
      slot = pool.lease();
    } else {
      got = pool.try_lease(slot, static_cast<int>(pool_wait.count()));
    }
    --waiting;
    if (!got) throw domain::DomainError(domain::ErrorCode::unavailable, "Every database connection is busy; try again");
    ++in_use;
    const auto outage = outage_generation.load();
    if (checked_generation[slot].load() < outage) {
      auto& sql = pool.at(slot);
      try {
        try {
          sql << "SELECT 1";
        } catch (const soci::soci_error&) {
          sql.reconnect();
          if (backend == Backend::mysql) prepareMysql(sql);
        }
        checked_generation[slot] = outage;
        seenAnswering(outage);
      } catch (const soci::soci_error&) {
        giveBack(slot);
        throw domain::DomainError(domain::ErrorCode::unavailable, "The database is not reachable");
      }
    }
    return slot;
  }
};

namespace {

class SociUnitOfWork final : public domain::UnitOfWork {
 public:
  SociUnitOfWork(Database::Impl& db, std::size_t slot, domain::Access access)
      : db_(db),
        slot_(slot),
        connection_{db.pool.at(slot), db.backend, [&db] { db.connectionLost(); }, &db.kept_counts},
        reference_(connection_),
        organisations_(connection_),
        contacts_(connection_),
        users_(connection_),
        sessions_(connection_),
        login_attempts_(connection_),
        events_(connection_),
        registrations_(connection_),
        series_(connection_),
        feeds_(connection_),
        outbox_(connection_),
        messages_(connection_),
        reports_(connection_),
        audit_(connection_),
        retention_(connection_),
        activities_(connection_),
        follow_ups_(connection_),
        outreach_views_(connection_),
        merges_(connection_),
        imports_(connection_) {
    if (access == domain::Access::write) {
      try {
        guarded(connection_,
                [&] { connection_.sql << (db.backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "START TRANSACTION"); });
      } catch (...) {
        db_.giveBack(slot_);
        throw;
      }
      in_transaction_ = true;
      connection_.contact_slots_to_raise = &contact_slots_to_raise_;
    }
  }

  ~SociUnitOfWork() override {
    if (in_transaction_) {
      try {
        connection_.sql << "ROLLBACK";
      } catch (...) {
        db_.connectionLost();  // the connection is in an unknown state: have it checked before reuse
      }
    }
    db_.giveBack(slot_);
  }

  domain::ReferenceRepository& reference() override { return reference_; }
  domain::OrganisationRepository& organisations() override { return organisations_; }
  domain::ContactRepository& contacts() override { return contacts_; }
  domain::UserRepository& users() override { return users_; }
  domain::SessionRepository& sessions() override { return sessions_; }
  domain::LoginAttemptRepository& loginAttempts() override { return login_attempts_; }
  domain::EventRepository& events() override { return events_; }
  domain::RegistrationRepository& registrations() override { return registrations_; }
  domain::SeriesRepository& series() override { return series_; }
  domain::CalendarFeedRepository& feeds() override { return feeds_; }
  domain::OutboxRepository& outbox() override { return outbox_; }
  domain::EventMessageRepository& messages() override { return messages_; }
  domain::ReportRepository& reports() override { return reports_; }
  domain::AuditRepository& audit() override { return audit_; }
  domain::RetentionRepository& retention() override { return retention_; }
  domain::ActivityRepository& activities() override { return activities_; }
  domain::FollowUpRepository& followUps() override { return follow_ups_; }
  domain::OutreachViewRepository& outreachViews() override { return outreach_views_; }
  domain::MergeRepository& merges() override { return merges_; }
  domain::ImportRepository& imports() override { return imports_; }

  void commit() override {
    if (!in_transaction_) return;
    guarded(connection_, [&] { flushListRevisions(connection_); });
    guarded(connection_, [&] { connection_.sql << "COMMIT"; });
    in_transaction_ = false;
  }

 private:
  Database::Impl& db_;
  std::size_t slot_;
  std::uint16_t contact_slots_to_raise_ = 0;  // before connection_, which points at it
  Connection connection_;
  SociReferenceRepository reference_;
  SociOrganisationRepository organisations_;
  SociContactRepository contacts_;
  SociUserRepository users_;
  SociSessionRepository sessions_;
  SociLoginAttemptRepository login_attempts_;
  SociEventRepository events_;
  SociRegistrationRepository registrations_;
  SociSeriesRepository series_;
  SociCalendarFeedRepository feeds_;
  SociOutboxRepository outbox_;
  SociEventMessageRepository messages_;
  SociReportRepository reports_;
  SociAuditRepository audit_;
  SociRetentionRepository retention_;
  SociActivityRepository activities_;
  SociFollowUpRepository follow_ups_;
  SociOutreachViewRepository outreach_views_;
  SociMergeRepository merges_;
  SociImportRepository imports_;
  bool in_transaction_ = false;
};

}  // namespace

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::string& connection, std::size_t poolSize,
                                         const DatabaseLimits& limits) {
  poolSize = std::max<std::size_t>(poolSize, 1);
  std::unique_ptr<Impl> impl;
  if (connection.rfind(kSqlitePrefix, 0) == 0) {
    // The pool leases each connection to one thread at a time, so SQLite's own per-connection mutex
    // (taken on every column read: a third of a report's time) is pure cost. Multi-thread mode drops
    // it; it must be chosen before SQLite's first use in the process, and stays as it is afterwards.
    static const bool multiThread = sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK;
    (void)multiThread;
    auto rest = connection.substr(std::string(kSqlitePrefix).size());
    // Create the database file's directory (var/ on a fresh checkout).
    static const std::regex dbPath(R"((?:^|\s)db=([^\s]+))");
    std::smatch match;
    if (std::regex_search(rest, match, dbPath)) {
      const std::filesystem::path path(match[1].str());
      if (path != ":memory:" && path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    }
    impl = std::make_unique<Impl>(Backend::sqlite, rest, poolSize);
  } else if (connection.rfind(kMysqlPrefix, 0) == 0) {
    auto rest = connection.substr(std::string(kMysqlPrefix).size());
    if (rest.find("charset=") == std::string::npos) rest += " charset=utf8mb4";
    if (rest.find("connect_timeout=") == std::string::npos) rest += " connect_timeout=5";
    // A database that stops answering (frozen, or a network that drops packets) fails the statement
    // instead of holding the worker forever.
    const auto untimed = rest;
    if (limits.read_timeout_seconds > 0) {
      const auto seconds = std::to_string(limits.read_timeout_seconds);
      if (rest.find("read_timeout=") == std::string::npos) rest += " read_timeout=" + seconds;
      if (rest.find("write_timeout=") == std::string::npos) rest += " write_timeout=" + seconds;
    }
    impl = std::make_unique<Impl>(Backend::mysql, rest, poolSize);
    impl->migration_connect_string = untimed;
  } else {
    throw std::invalid_argument("the database must be a sqlite3:// or mysql:// connection string");
  }
  impl->pool_wait = limits.pool_wait;
  for (std::size_t i = 0; i < poolSize; ++i) {
    try {
      impl->openSession(impl->pool.at(i));
    } catch (const soci::soci_error& e) {
      throw domain::DomainError(domain::ErrorCode::unavailable,
                                std::string("cannot open the database: ") + e.get_error_message());
    }
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

std::unique_ptr<domain::UnitOfWork> Database::begin(domain::Access access) {
  const auto slot = impl_->lease();
  return std::make_unique<SociUnitOfWork>(*impl_, slot, access);
}

// Never waits: not on the pool (every connection may be busy) and not on a database that stopped
// answering. A thread of its own probes the database; the answer is "no" when a connection was lost
// since the database was last seen answering (by the probe or by a re-checked pool connection), or when
// the running probe has waited more than two seconds.
bool Database::ping() {
  std::call_once(impl_->prober_started, [this] { impl_->prober = std::thread([this] { impl_->probe(); }); });
  const auto since = impl_->probing_since_ms.load();
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count();
  if (since != 0 && now - since > 2000) return false;
  return impl_->ok_generation.load() >= impl_->outage_generation.load();
}

domain::PoolFigures Database::poolFigures() const { return {impl_->size, impl_->in_use.load(), impl_->waiting.load()}; }

Backend Database::backend() const noexcept { return impl_->backend; }

ConnectionLease::ConnectionLease(Database& database)
    : impl_(*database.impl_), slot_(impl_.lease()), connection_{impl_.pool.at(slot_), impl_.backend, [impl = &impl_] {
                                                                  impl->connectionLost();
                                                                }} {}

ConnectionLease::~ConnectionLease() { impl_.giveBack(slot_); }

int Database::schemaVersion() {
  const auto slot = impl_->lease();
  soci::session& sql = impl_->pool.at(slot);
  int version = 0;
  try {
    soci::indicator ind = soci::i_ok;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
    if (ind == soci::i_null) version = 0;
  } catch (const soci::soci_error&) {
    version = 0;  // no schema_migrations table yet
  }
  impl_->giveBack(slot);
  return version;
}

void Database::rebuildDerivedData() {
  const auto slot = impl_->lease();
  Connection connection{impl_->pool.at(slot), impl_->backend, [this] { impl_->connectionLost(); }};
  try {
    guarded(connection, [&] {
      connection.sql << (impl_->backend == Backend::sqlite ? "BEGIN IMMEDIATE" : "START TRANSACTION");
      refreshLastAttendedOfAll(connection);
      refreshOutreachOfAll(connection);
      connection.sql << "COMMIT";
    });
  } catch (...) {
    try {
      connection.sql << "ROLLBACK";
    } catch (...) {
      impl_->connectionLost();
    }
    impl_->giveBack(slot);
    throw;
  }
  impl_->giveBack(slot);
}

MigrationReport Database::migrate() {
  // On MariaDB the migrations run on a connection of their own, without the pool's read timeout: an
  // index built over millions of rows, or the wait for another server's migration lock, may take longer.
  std::optional<soci::session> own;
  std::optional<std::size_t> slot;
  if (impl_->backend == Backend::mysql) {
    own.emplace();
    try {
      own->open(*soci::factory_mysql(), impl_->migration_connect_string);
      Impl::prepareMysql(*own);
    } catch (const soci::soci_error& e) {
      throw domain::DomainError(domain::ErrorCode::unavailable,
                                std::string("cannot open the database: ") + e.get_error_message());
    }
  } else {
    slot = impl_->lease();
  }
  soci::session& sql = own ? *own : impl_->pool.at(*slot);
  struct GiveBack {
    Impl& impl;
    std::optional<std::size_t> slot;
    ~GiveBack() {
      if (slot) impl.giveBack(*slot);
    }
  } giveBack{*impl_, slot};
  Connection connection{sql, impl_->backend, [this] { impl_->connectionLost(); }};
  const bool sqlite = impl_->backend == Backend::sqlite;
  const std::string folder = sqlite ? "migrations/sqlite/" : "migrations/mysql/";

  std::vector<const migration_files::File*> pending;
  for (const auto& file : migration_files::files()) {
    if (file.path.rfind(folder, 0) == 0) pending.push_back(&file);
  }
  std::sort(pending.begin(), pending.end(),
            [](const auto* a, const auto* b) { return versionOf(a->path) < versionOf(b->path); });

  MigrationReport report;
  // The servers' own account may lack CREATE (docs/operations.md, "Database accounts"): the table is
  // created only when it is not there yet, so a server starting on a migrated database needs no DDL.
  bool haveTable = true;
  try {
    int rows = 0;
    sql << "SELECT COUNT(*) FROM schema_migrations", soci::into(rows);
  } catch (const soci::soci_error&) {
    haveTable = false;
  }
  guarded(connection, [&] {
    if (!haveTable)
      sql << (sqlite ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                       "applied_at TEXT NOT NULL)"
                     : "CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, name VARCHAR(200) NOT "
                       "NULL, applied_at DATETIME NOT NULL) ENGINE=InnoDB");
    if (!sqlite) {
      // Two servers starting at once must not both apply a migration.
      int got = 0;
      sql << "SELECT GET_LOCK('brobygger_migrate', 60)", soci::into(got);
    }
  });
  try {
    for (const auto* file : pending) {
      const int version = versionOf(file->path);
      int applied = 0;
      guarded(connection, [&] {
        sql << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(version), soci::into(applied);
      });
      if (applied > 0) continue;
      const auto name = std::string(file->path.substr(folder.size()));
      guarded(connection, [&] {
        // SQLite runs DDL inside the transaction; MariaDB commits DDL implicitly, so there the
        // transaction covers only the version record.
        sql << (sqlite ? "BEGIN IMMEDIATE" : "START TRANSACTION");
        try {
          for (const auto& statement : splitStatements(file->content)) sql << statement;
          const auto now = toTm(domain::SystemClock().now());
          sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)", soci::use(version),
              soci::use(name), soci::use(now);
          sql << "COMMIT";
        } catch (...) {
          sql << "ROLLBACK";
          throw;
        }
      });
      report.applied.push_back(name);
    }
  } catch (...) {
    if (!sqlite) sql << "SELECT RELEASE_LOCK('brobygger_migrate')";
    throw;
  }
  if (!sqlite) {
    guarded(connection, [&] {
      int released = 0;
      sql << "SELECT RELEASE_LOCK('brobygger_migrate')", soci::into(released);
    });
  }
  guarded(connection, [&] {
    soci::indicator ind = soci::i_ok;
    sql << "SELECT MAX(version) FROM schema_migrations", soci::into(report.version, ind);
    if (ind == soci::i_null) report.version = 0;
  });
  return report;
}

void Database::dropEverything() {
  const auto slot = impl_->lease();
  soci::session& sql = impl_->pool.at(slot);
  const bool sqlite = impl_->backend == Backend::sqlite;
  std::vector<std::string> tables(100);
  if (sqlite) {
    sql << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", soci::into(tables);
    sql << "PRAGMA foreign_keys = OFF";
    for (const auto& t : tables) sql << ("DROP TABLE IF EXISTS " + t);
    sql << "PRAGMA foreign_keys = ON";
  } else {
    sql << "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", soci::into(tables);
    sql << "SET FOREIGN_KEY_CHECKS = 0";
    for (const auto& t : tables) sql << ("DROP TABLE IF EXISTS `" + t + "`");
    sql << "SET FOREIGN_KEY_CHECKS = 1";
  }
  impl_->giveBack(slot);
}

namespace {

// What a cluster answers when it refuses a transaction that may simply be run again: the domain's
// write runner (domain/write.hpp) redoes the whole unit of work on these, and on nothing else.
domain::DomainError refusedTransaction() {
  return std::move(
      domain::DomainError(domain::ErrorCode::unavailable, "The database is busy; try again").asRetryable());
}

// The SQLSTATE of the connection's last error ("40001" is a serialization failure: a deadlock, or a
// Galera certification failure), read while the failed statement's error is still the connection's.
std::string sqlState(Connection& connection) {
  if (connection.backend != Backend::mysql) return {};
  auto* backend = static_cast<soci::mysql_session_backend*>(connection.sql.get_backend());  // checked above
  if (backend == nullptr || backend->conn_ == nullptr) return {};
  const char* state = mysql_sqlstate(backend->conn_);
  return state == nullptr ? std::string() : std::string(state);
}

}  // namespace

void rethrowAsDomainError(Connection& connection) {
  try {
    throw;
  } catch (const soci::mysql_soci_error& e) {
    switch (e.err_num_) {
      case 1062:  // ER_DUP_ENTRY
        throw domain::DomainError(domain::ErrorCode::conflict, "A record with this value already exists");
      case 1205:  // lock wait timeout: the transaction lost a lock wait; run it again
      case 1213:  // deadlock; on Galera also a certification failure ("Deadlock: wsrep aborted transaction")
        throw refusedTransaction();
      case 1180: {  // "Got error N during COMMIT": retryable only when the engine says the commit lost a conflict
        const std::string message = e.what();
        if (message.find("eadlock") != std::string::npos || message.find("WSREP") != std::string::npos ||
            message.find("wsrep") != std::string::npos || sqlState(connection) == "40001")
          throw refusedTransaction();
        throw;
      }
      case 1047:  // ER_UNKNOWN_COM_ERROR: on Galera "WSREP has not yet prepared node for application use"
        // The node is not part of the primary component: not a conflict, nothing to retry here.
        throw domain::DomainError(domain::ErrorCode::unavailable, "The database is not ready");
      case 2002:
      case 2003:
      case 2006:  // server has gone away
      case 2013:  // lost connection during query
      case 2055:
      case 1927:  // connection killed
      case 1053:  // server shutdown in progress
        if (connection.on_connection_lost) connection.on_connection_lost();
        throw domain::DomainError(domain::ErrorCode::unavailable, "The database is not reachable");
      default:
        if (sqlState(connection) == "40001") throw refusedTransaction();
        throw;
    }
  } catch (const soci::sqlite3_soci_error& e) {
    const int primary = e.result() & 0xff;
    if (primary == 19)  // SQLITE_CONSTRAINT
      throw domain::DomainError(domain::ErrorCode::conflict, "A record with this value already exists");
    // SQLITE_BUSY, SQLITE_LOCKED. Not retried: every write begins with BEGIN IMMEDIATE in WAL mode, so
    // SQLite answers busy only after its busy timeout (10 s) has already waited for the write lock;
    // running the unit of work again would multiply that wait, not resolve a conflict.
    if (primary == 5 || primary == 6)
      throw domain::DomainError(domain::ErrorCode::unavailable, "The database is busy; try again");
    throw;
  } catch (const soci::soci_error& e) {
    const std::string message = e.what();
    if (message.find("gone away") != std::string::npos || message.find("Lost connection") != std::string::npos ||
        message.find("Can't connect") != std::string::npos) {
      if (connection.on_connection_lost) connection.on_connection_lost();
      throw domain::DomainError(domain::ErrorCode::unavailable, "The database is not reachable");
    }
    throw;
  }
}

// SOCI binds DATETIME values as std::tm; the calendar arithmetic is std::chrono's (no time zone is
// involved: both sides are UTC).
std::tm toTm(domain::Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{t - day};
  std::tm tm{};
  tm.tm_year = static_cast<int>(date.year()) - 1900;
  tm.tm_mon = static_cast<int>(static_cast<unsigned>(date.month())) - 1;
  tm.tm_mday = static_cast<int>(static_cast<unsigned>(date.day()));
  tm.tm_hour = static_cast<int>(time.hours().count());
  tm.tm_min = static_cast<int>(time.minutes().count());
  tm.tm_sec = static_cast<int>(time.seconds().count());
  tm.tm_wday = static_cast<int>(std::chrono::weekday{day}.c_encoding());
  tm.tm_yday = static_cast<int>((day - std::chrono::sys_days{date.year() / std::chrono::January / 1}).count());
  return tm;
}

domain::Timestamp fromTm(const std::tm& tm) {
  // Like timegm: fields out of their range (a 60th second, month 12) carry over.
  const std::chrono::year_month first{std::chrono::year{tm.tm_year + 1900} / std::chrono::January +
                                      std::chrono::months{tm.tm_mon}};
  return std::chrono::sys_days{first / 1} + std::chrono::days{tm.tm_mday - 1} + std::chrono::hours{tm.tm_hour} +
         std::chrono::minutes{tm.tm_min} + std::chrono::seconds{tm.tm_sec};
}

std::string formatSqlTime(domain::Timestamp t) { return domain::formatSqlUtc(t); }

std::string containsPattern(const std::string& foldedText) {
  std::string out = "%";
  for (char c : foldedText) {
    if (c == '%' || c == '_' || c == '!') out.push_back('!');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

std::string QueryBuilder::whereClause() const {
  std::string out;
  for (std::size_t i = 0; i < clauses_.size(); ++i) out += (i == 0 ? " WHERE " : " AND ") + clauses_[i];
  return out;
}

void QueryBuilder::useAll(soci::statement& st) {
  for (auto& bound : binds_) {
    const auto& name = bound.first;
    std::visit([&](auto* v) { st.exchange(soci::use(*v, name)); }, bound.second);
  }
}

std::string QueryBuilder::valuesKey() const {
  std::string out;
  for (const auto& bound : binds_) {
    const auto value = std::visit(
        [](auto* v) {
          if constexpr (std::is_same_v<decltype(v), std::string*>) return "s" + std::to_string(v->size()) + ":" + *v;
          else return "i" + std::to_string(*v);
        },
        bound.second);
    out += value + ";";
  }
  return out;
}

long long countKept(Connection& connection, long long revision, const std::string& sql, QueryBuilder& query) {
  // Inside a write unit of work the count may include its own uncommitted writes: never kept.
  if (connection.kept_counts == nullptr || connection.contact_slots_to_raise != nullptr)
    return countRows(connection, sql, query);
  const auto key = sql + "|" + query.valuesKey();
  if (const auto kept = connection.kept_counts->find(key, revision)) return *kept;
  const auto total = countRows(connection, sql, query);
  connection.kept_counts->keep(key, revision, total);
  return total;
}

long long countRows(Connection& connection, const std::string& sql, QueryBuilder& query) {
  long long total = 0;
  soci::statement st(connection.sql);
  st.exchange(soci::into(total));
  query.useAll(st);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return total;
}

long long executeRows(Connection& connection, const std::string& sql, QueryBuilder& query) {
  soci::statement st(connection.sql);
  query.useAll(st);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows();
}

}  // namespace brobygger::storage
