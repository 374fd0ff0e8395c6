#include "api/json_io.hpp"

#include <date/tz.h>

#include <cctype>
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

std::optional<std::chrono::year_month_day> parseDate(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char extra = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &extra) != 3) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!date.ok() || y < 2000 || y > 2199) return std::nullopt;
  return date;
}

std::optional<domain::Timestamp> parseTimestamp(const std::string& text) {
  // YYYY-MM-DDTHH:MM[:SS][.fraction](Z|+HH:MM|-HH:MM)
  if (text.size() < 17 || text.size() > 40 || (text[10] != 'T' && text[10] != 't')) return std::nullopt;
  const auto date = parseDate(text.substr(0, 10));
  if (!date) return std::nullopt;
  std::size_t pos = 11;
  auto twoDigits = [&](int& out) {
    if (pos + 2 > text.size() || !std::isdigit(static_cast<unsigned char>(text[pos])) ||
        !std::isdigit(static_cast<unsigned char>(text[pos + 1])))
      return false;
    out = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
    pos += 2;
    return true;
  };
  int hour = 0, minute = 0, second = 0;
  if (!twoDigits(hour) || pos >= text.size() || text[pos++] != ':' || !twoDigits(minute)) return std::nullopt;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!twoDigits(second)) return std::nullopt;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    }
  }
  if (hour > 23 || minute > 59 || second > 59 || pos >= text.size()) return std::nullopt;
  int offsetMinutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos++] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!twoDigits(oh) || pos >= text.size() || text[pos++] != ':' || !twoDigits(om) || oh > 18 || om > 59)
      return std::nullopt;
    offsetMinutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;  // a time without an offset is ambiguous: refused
  }
  if (pos != text.size()) return std::nullopt;
  const auto local = std::chrono::sys_days(*date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                     std::chrono::seconds(second);
  return std::chrono::time_point_cast<std::chrono::seconds>(local - std::chrono::minutes(offsetMinutes));
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

std::optional<domain::Timestamp> JsonFields::timestamp(const std::string& name) {
  const auto text = string(name);
  if (!text) return std::nullopt;
  auto parsed = parseTimestamp(*text);
  if (!parsed) violations_.add(prefix_ + name, "must be a date-time with an offset, e.g. 2026-03-10T09:00:00+01:00");
  return parsed;
}

domain::Change<std::optional<domain::Timestamp>> JsonFields::nullableTimestamp(const std::string& name) {
  const auto value = nullableString(name);
  if (!value) return std::nullopt;
  if (!*value) return std::optional<domain::Timestamp>{};
  auto parsed = parseTimestamp(**value);
  if (!parsed) {
    violations_.add(prefix_ + name, "must be a date-time with an offset, e.g. 2026-03-10T09:00:00+01:00");
    return std::nullopt;
  }
  return std::optional<domain::Timestamp>{*parsed};
}

std::optional<std::vector<long long>> JsonFields::integerArray(const std::string& name) {
  const auto* value = get(name);
  if (!value) return std::nullopt;
  if (!value->is_array()) {
    violations_.add(prefix_ + name, "must be an array of integers");
    return std::nullopt;
  }
  std::vector<long long> out;
  for (const auto& item : *value) {
    if (!item.is_number_integer()) {
      violations_.add(prefix_ + name, "must be an array of integers");
      return std::nullopt;
    }
    out.push_back(item.get<long long>());
  }
  return out;
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
