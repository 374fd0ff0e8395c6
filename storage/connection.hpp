#pragma once
// Internal to storage/: one leased SOCI session and the helpers every repository uses.
#include <soci/soci.h>

#include <cstdint>
#include <ctime>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "domain/types.hpp"
#include "storage/database.hpp"

namespace brobygger::storage {

// Counts of list queries kept per database (every pooled connection shares them), each under the
// revision of the data it counted: a list's total is counted again only after a write raised that
// revision (countKept below). Bounded: when full, it starts over.
class KeptCounts {
 public:
  std::optional<long long> find(const std::string& key, long long revision) {
    std::lock_guard lock(mutex_);
    const auto it = counts_.find(key);
    if (it == counts_.end() || it->second.first != revision) return std::nullopt;
    return it->second.second;
  }
  void keep(const std::string& key, long long revision, long long count) {
    std::lock_guard lock(mutex_);
    if (counts_.size() >= kCapacity) counts_.clear();
    counts_[key] = {revision, count};
  }

 private:
  static constexpr std::size_t kCapacity = 4000;
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<long long, long long>> counts_;
};

struct Connection {
  soci::session& sql;
  Backend backend;
  // Called when the driver reports a lost connection, so the pool re-checks its other connections.
  std::function<void()> on_connection_lost;
  KeptCounts* kept_counts = nullptr;  // the database's (none: every count is counted)
  // In a write unit of work: the people's revision slots its writes raise, raised just before COMMIT
  // (flushListRevisions) so that the slots' row locks are held for the commit only, not for a long
  // import (none: raised at once).
  std::uint16_t* contact_slots_to_raise = nullptr;
};

// Raises the revision slots a unit of work's writes marked (see Connection::contact_slots_to_raise), in
// slot order (no two commits can deadlock on them).
void flushListRevisions(Connection& c);

// One pooled connection held for a piece of storage-internal work that is not a unit of work (the
// bulk loader): leased on construction, given back on destruction. No transaction is started.
class ConnectionLease {
 public:
  explicit ConnectionLease(Database& database);
  ~ConnectionLease();
  ConnectionLease(const ConnectionLease&) = delete;
  ConnectionLease& operator=(const ConnectionLease&) = delete;

  Connection& connection() noexcept { return connection_; }

 private:
  Database::Impl& impl_;
  std::size_t slot_;
  Connection connection_;
};

// Runs `f`, turning driver errors into domain errors: duplicate key -> conflict, lost connection or
// lock timeout -> unavailable. Anything else stays an internal error (logged, generic 500).
[[noreturn]] void rethrowAsDomainError(Connection& connection);

template <class F>
auto guarded(Connection& connection, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const soci::soci_error&) {
    rethrowAsDomainError(connection);
  }
}

std::tm toTm(domain::Timestamp t);
// "YYYY-MM-DD HH:MM:SS" in UTC, as both backends store and compare DATETIME values.
std::string formatSqlTime(domain::Timestamp t);
domain::Timestamp fromTm(const std::tm& tm);

inline std::optional<std::string> nullable(const std::string& value, soci::indicator ind) {
  if (ind == soci::i_null) return std::nullopt;
  return value;
}

// "1,2,3": ids for an `IN (...)` list (integers only, so nothing to escape).
inline std::string idList(const std::vector<domain::Id>& ids) {
  std::string out;
  for (const auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// Escapes LIKE wildcards with '!' (the ESCAPE character used in every query) and wraps in %...%.
std::string containsPattern(const std::string& foldedText);

// A query assembled from optional filters with named binds. Values live in deques so the references
// SOCI keeps stay valid.
class QueryBuilder {
 public:
  void where(const std::string& clause) { clauses_.push_back(clause); }
  std::string bind(std::string value) {
    strings_.push_back(std::move(value));
    auto name = "p" + std::to_string(binds_.size());
    binds_.emplace_back(name, &strings_.back());
    return ":" + name;
  }
  std::string bind(long long value) {
    ints_.push_back(value);
    auto name = "p" + std::to_string(binds_.size());
    binds_.emplace_back(name, &ints_.back());
    return ":" + name;
  }
  std::string whereClause() const;
  void useAll(soci::statement& st);
  // Every bound value, each with its length (a key no other set of values can produce).
  std::string valuesKey() const;

 private:
  std::vector<std::string> clauses_;
  std::deque<std::string> strings_;
  std::deque<long long> ints_;
  std::vector<std::pair<std::string, std::variant<std::string*, long long*>>> binds_;
};

long long countRows(Connection& connection, const std::string& sql, QueryBuilder& query);
// countRows, kept under `revision` (read BEFORE this count, in the same unit of work, so a kept count is
// never older than its tag): the same query counts again only once a write has raised the revision.
// In a write unit of work it always counts (its own uncommitted writes must not be kept for others).
long long countKept(Connection& connection, long long revision, const std::string& sql, QueryBuilder& query);
// Runs a writing statement with `query`'s binds; answers the rows it changed.
long long executeRows(Connection& connection, const std::string& sql, QueryBuilder& query);

// Runs `sql` with `query`'s binds and maps every row with a Row type that has `into(statement&)` and
// `toDomain()`: the one place that drives SOCI's low-level statement for the repositories' selects.
template <class Row>
auto fetchRows(Connection& connection, const std::string& sql, QueryBuilder& query) {
  std::vector<decltype(std::declval<const Row&>().toDomain())> out;
  Row row;
  soci::statement st(connection.sql);
  row.into(st);
  query.useAll(st);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) out.push_back(row.toDomain());
  return out;
}

// UPDATE ... WHERE id = :id AND version = :expected with a Values type's binds (`use(statement&)`);
// true when the row was there at that version.
template <class Values>
bool updateVersioned(Connection& connection, const std::string& sql, Values& values, long long id, int expected) {
  soci::statement st(connection.sql);
  values.use(st);
  st.exchange(soci::use(id, "id"));
  st.exchange(soci::use(expected, "expected"));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace brobygger::storage
