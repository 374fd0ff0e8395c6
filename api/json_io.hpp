#pragma once
// JSON in and out at the edge: strict reading of request bodies (unknown fields, wrong types and
// nulls where none is allowed become field errors) and the API's reading of dates and times.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "domain/date_time.hpp"
#include "domain/error.hpp"
#include "domain/types.hpp"

namespace brobygger::api {

// Dates and times in the API (the text forms are domain/date_time.hpp's; instants are written with
// domain::formatIsoTimestamp(t, zone), the injected zone's offset): years 2000..2199 only, as written.
constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2199;
// RFC 3339 with an offset or Z ("2026-03-10T09:00:00+01:00", "2026-03-10T08:00Z"); seconds optional.
// Nothing when malformed.
std::optional<domain::Timestamp> parseTimestamp(const std::string& text);
// "YYYY-MM-DD"; nothing when malformed or not a real date.
std::optional<domain::LocalDate> parseDate(const std::string& text);

// How deep objects and arrays may nest in a request body (the deepest body the API defines nests 3).
constexpr std::size_t kMaxJsonDepth = 32;
// Parses a request body strictly: 400 when it is not JSON (or not UTF-8) or nests deeper than
// kMaxJsonDepth, 422 naming the field for a key given twice or a number out of range (`1e400`).
nlohmann::json parseJsonBody(const std::string& body);

class JsonFields {
 public:
  // Throws 400 when `body` is not JSON, 422 when it is not an object.
  explicit JsonFields(const std::string& body);

  bool has(const std::string& name) const { return object_.contains(name); }
  bool isNull(const std::string& name) const { return object_.contains(name) && object_.at(name).is_null(); }
  std::optional<std::string> string(const std::string& name);
  // Absent -> nullopt; null -> optional holding nullopt.
  domain::Change<std::optional<std::string>> nullableString(const std::string& name);
  std::optional<long long> integer(const std::string& name);
  domain::Change<std::optional<domain::Timestamp>> nullableTimestamp(const std::string& name);
  std::optional<domain::Timestamp> timestamp(const std::string& name);
  std::optional<std::vector<long long>> integerArray(const std::string& name);
  domain::Change<std::optional<long long>> nullableInteger(const std::string& name);
  std::optional<bool> boolean(const std::string& name);
  std::optional<std::vector<std::string>> stringArray(const std::string& name);
  // A nested object read with the same strictness; fields are reported as "name.field".
  std::optional<JsonFields> object(const std::string& name);

  void require(const std::string& name);
  // The field's JSON as it is (marked read), for shapes the typed readers do not cover; null when absent.
  const nlohmann::json* raw(const std::string& name) { return get(name); }
  // Marks a field as read when the caller checks it by other means.
  void markRead(const std::string& name) { get(name); }
  void fail(const std::string& name, const std::string& message) { violations_.add(prefix_ + name, message); }
  // Reports unknown fields and throws every collected violation at once.
  void finish();
  // For a nested object: reports its unknown fields and violations through `parent`.
  void finishInto(JsonFields& parent);

 private:
  JsonFields(nlohmann::json object, std::string prefix) : object_(std::move(object)), prefix_(std::move(prefix)) {}
  const nlohmann::json* get(const std::string& name);
  nlohmann::json object_;
  std::string prefix_;
  std::set<std::string> seen_;
  domain::Violations violations_;
};

}  // namespace brobygger::api
