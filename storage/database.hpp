#pragma once
// The SOCI-backed store. SOCI stays behind this header: callers see only domain interfaces.
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/repositories.hpp"

namespace brobygger::storage {

enum class Backend { sqlite, mysql };

class ConnectionLease;  // storage-internal (storage/connection.hpp)

struct MigrationReport {
  std::vector<std::string> applied;  // file names applied in this run
  int version = 0;                   // schema version afterwards
};

// How long the server waits on the database. The defaults (no limits) suit the command line's tools,
// whose statements over a national register may run for minutes.
struct DatabaseLimits {
  // How long a unit of work waits for a free connection before it is refused as unavailable (503 with
  // Retry-After); negative: as long as it takes.
  std::chrono::milliseconds pool_wait{-1};
  // MariaDB: a statement whose answer does not come within this many seconds fails (the client library
  // tries a read up to three times, so the longest wait is three times this); 0: no limit. A connection
  // string's own read_timeout= wins.
  int read_timeout_seconds = 0;
};

class Database final : public domain::Store {
 public:
  // `connection` is a SOCI connection string: sqlite3://db=var/brobygger.db or
  // mysql://db=... user=... host=... port=... . Opens `poolSize` connections.
  static std::unique_ptr<Database> open(const std::string& connection, std::size_t poolSize,
                                        const DatabaseLimits& limits = {});
  ~Database() override;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  std::unique_ptr<domain::UnitOfWork> begin(domain::Access access) override;
  bool ping() override;

  // Applies pending migrations in order; each in its own transaction where the backend allows.
  MigrationReport migrate();
  int schemaVersion();
  // Recomputes the maintained aggregates (each organisation's latest attendance, latest activity and
  // open follow-ups) from the registrations, activities and follow-ups, in one transaction: after
  // rows were loaded in bulk, past the repositories.
  void rebuildDerivedData();
  Backend backend() const noexcept;
  // Removes every table (tests only: a fresh schema per test on a shared MariaDB).
  void dropEverything();

  struct Impl;

 private:
  friend class ConnectionLease;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace brobygger::storage
