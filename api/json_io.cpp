#include "api/json_io.hpp"

namespace brobygger::api {

namespace {

bool inApiYears(int year) { return year >= kFirstYear && year <= kLastYear; }

}  // namespace

std::optional<domain::Timestamp> parseTimestamp(const std::string& text) {
  auto parsed = domain::parseIsoTimestamp(text);
  // The year as written (the parse succeeded, so the text starts with four digits).
  if (!parsed || !inApiYears(std::stoi(text.substr(0, 4)))) return std::nullopt;
  return parsed;
}

std::optional<domain::LocalDate> parseDate(const std::string& text) {
  auto date = domain::parseIsoDate(text);
  if (!date || !inApiYears(date->year)) return std::nullopt;
  return date;
}

JsonFields::JsonFields(const std::string& body) {
  try {
    object_ = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error&) {
    throw domain::DomainError(domain::ErrorCode::bad_request, "The body is not valid JSON");
  }
  if (!object_.is_object())
    throw domain::DomainError(domain::ErrorCode::invalid, "The body must be a JSON object",
                              {{"body", "must be an object"}});
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
