#pragma once
// Internal to storage/: one leased SOCI session and the helpers every repository uses.
#include <soci/soci.h>

#include <ctime>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "domain/types.hpp"
#include "storage/database.hpp"

namespace brobygger::storage {

struct Connection {
  soci::session& sql;
  Backend backend;
  // Called when the driver reports a lost connection, so the pool re-checks its other connections.
  std::function<void()> on_connection_lost;
};

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

 private:
  std::vector<std::string> clauses_;
  std::deque<std::string> strings_;
  std::deque<long long> ints_;
  std::vector<std::pair<std::string, std::variant<std::string*, long long*>>> binds_;
};

long long countRows(Connection& connection, const std::string& sql, QueryBuilder& query);
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
