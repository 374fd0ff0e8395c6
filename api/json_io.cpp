#include "api/json_io.hpp"

#include <date/tz.h>

#include <cstdio>

namespace brobygger::api {

std::string formatTimestamp(domain::Timestamp t) {
  // Hot path (every timestamp of every list): the zone's offset is looked up once per DST period
  // and per thread, and the text is assembled without streams.
  static const auto* zone = date::locate_zone("Europe/Copenhagen");
  thread_local date::sys_info period{};
  if (t < period.begin || t >= period.end) period = zone->get_info(t);
  const auto local = t + period.offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const auto secs = (local - day).count();
  const auto offsetMinutes = std::chrono::duration_cast<std::chrono::minutes>(period.offset).count();
  const auto absOffset = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld%c%02lld:%02lld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60), offsetMinutes < 0 ? '-' : '+',
                static_cast<long long>(absOffset / 60), static_cast<long long>(absOffset % 60));
  return text;
}

JsonFields::JsonFields(const std::string& body) {
  try {
    object_ = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error&) {
    throw domain::DomainError(domain::ErrorCode::bad_request, "The body is not valid JSON");
  }
  if (!object_.is_object())
    throw domain::DomainError(domain::ErrorCode::invalid, "The body must be a JSON object", {{"body", "must be an object"}});
}

const nlohmann::json* JsonFields::get(const std::string& name) {
  seen_.insert(name);
  const auto it = object_.find(name);
  return it == object_.end() ? nullptr : &*it;
}

void JsonFields::require(const std::string& name) {
  if (!object_.contains(name) || object_.at(name).is_null()) violations_.add(prefix_ + name, "is required");
}

std::optional<std::string> JsonFields::string(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    if (!value->is_null()) violations_.add(prefix_ + name, "must be a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

domain::Change<std::optional<std::string>> JsonFields::nullableString(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<std::string>{};
  if (!value->is_string()) {
    violations_.add(prefix_ + name, "must be a string or null");
    return std::nullopt;
  }
  return std::optional<std::string>{value->get<std::string>()};
}

std::optional<long long> JsonFields::integer(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (!value->is_number_integer()) {
    if (!value->is_null()) violations_.add(prefix_ + name, "must be an integer");
    return std::nullopt;
  }
  return value->get<long long>();
}

domain::Change<std::optional<long long>> JsonFields::nullableInteger(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<long long>{};
  if (!value->is_number_integer()) {
    violations_.add(prefix_ + name, "must be an integer or null");
    return std::nullopt;
  }
  return std::optional<long long>{value->get<long long>()};
}

std::optional<bool> JsonFields::boolean(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    violations_.add(prefix_ + name, "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::vector<std::string>> JsonFields::stringArray(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    violations_.add(prefix_ + name, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *value) {
    if (!item.is_string()) {
      violations_.add(prefix_ + name, "must be an array of strings");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<JsonFields> JsonFields::object(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (!value->is_object()) {
    violations_.add(prefix_ + name, "must be an object");
    return std::nullopt;
  }
  return JsonFields(*value, prefix_ + name + ".");
}

void JsonFields::finish() {
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) violations_.add(prefix_ + key, "is not a known field");
  }
  violations_.throwIfAny();
}

void JsonFields::finishInto(JsonFields& parent) {
  for (const auto& [key, value] : object_.items()) {
    if (!seen_.contains(key)) violations_.add(prefix_ + key, "is not a known field");
  }
  for (const auto& field : violations_.fields()) parent.violations_.add(field.field, field.message);
}

}  // namespace brobygger::api
