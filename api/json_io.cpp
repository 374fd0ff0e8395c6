#include "api/json_io.hpp"

#include <limits>
#include <string_view>
#include <vector>

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

namespace {

// Builds the document with nlohmann's own DOM builder, but refuses what nlohmann accepts silently or
// reports without a field: nesting deeper than kMaxJsonDepth (a depth bomb), a key given twice in one
// object (nlohmann keeps the last), and a number that no double holds (`1e400`, out_of_range.406).
class StrictSax {
 public:
  using json = nlohmann::json;
  enum class Failure { none, syntax, depth, duplicate, number };

  explicit StrictSax(json& result) : dom_(result, false) {}

  bool null() { return value() && dom_.null(); }
  bool boolean(bool v) { return value() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return value() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return value() && dom_.number_float(v, s); }
  bool string(json::string_t& v) { return value() && dom_.string(v); }
  bool binary(json::binary_t& v) { return value() && dom_.binary(v); }
  bool start_object(std::size_t n) {
    if (!value() || !enter(true)) return false;
    return dom_.start_object(n);
  }
  bool key(json::string_t& k) {
    auto& frame = stack_.back();
    if (!frame.keys.insert(k).second) {
      frame.key = k;
      return failWith(Failure::duplicate, path());
    }
    frame.key = k;
    return dom_.key(k);
  }
  bool end_object() {
    stack_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) {
    if (!value() || !enter(false)) return false;
    return dom_.start_array(n);
  }
  bool end_array() {
    stack_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t position, const std::string& /*token*/, const nlohmann::detail::exception& e) {
    position_ = position;
    if (e.id == 406) {  // a number out of range: the value that was being read
      if (!stack_.empty() && !stack_.back().object) ++stack_.back().index;
      return failWith(Failure::number, path());
    }
    utf8_ = std::string_view(e.what()).find("UTF-8") != std::string_view::npos;
    return failWith(Failure::syntax, {});
  }

  Failure failure() const { return failure_; }
  const std::string& field() const { return field_; }
  std::size_t position() const { return position_; }
  bool utf8() const { return utf8_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string key;
    std::size_t index = 0;  // of the next array element, plus one once it started
  };

  // A value starts: in an array, it is the next element.
  bool value() {
    if (!stack_.empty() && !stack_.back().object) ++stack_.back().index;
    return true;
  }
  bool enter(bool object) {
    if (stack_.size() >= kMaxJsonDepth) return failWith(Failure::depth, path());
    stack_.push_back(Frame{object, {}, {}, 0});
    return true;
  }
  bool failWith(Failure failure, std::string field) {
    failure_ = failure;
    field_ = std::move(field);
    return false;
  }
  std::string path() const {
    std::string out;
    for (const auto& frame : stack_) {
      if (frame.object) {
        if (!out.empty()) out += '.';
        out += frame.key;
      } else if (frame.index > 0) {
        out += '[' + std::to_string(frame.index - 1) + ']';
      }
    }
    return out;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<Frame> stack_;
  Failure failure_ = Failure::none;
  std::string field_;
  std::size_t position_ = 0;
  bool utf8_ = false;
};

bool outOfInt64(const nlohmann::json& value) {
  return value.is_number_unsigned() &&
         value.get<nlohmann::json::number_unsigned_t>() >
             static_cast<nlohmann::json::number_unsigned_t>(std::numeric_limits<long long>::max());
}

}  // namespace

nlohmann::json parseJsonBody(const std::string& body) {
  nlohmann::json result;
  StrictSax sax(result);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(body, &sax);
  } catch (const nlohmann::json::exception&) {
    ok = false;  // the parser reports through parse_error; this is a guard for anything else it throws
  }
  if (ok) return result;
  using domain::DomainError;
  using domain::ErrorCode;
  const auto at = " (at byte " + std::to_string(sax.position()) + ")";
  switch (sax.failure()) {
    case StrictSax::Failure::depth:
      throw DomainError(ErrorCode::bad_request,
                        "The body nests objects and arrays deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                        {{sax.field().empty() ? "body" : sax.field(), "nests too deep"}});
    case StrictSax::Failure::duplicate:
      throw DomainError(ErrorCode::invalid, "The request breaks a rule", {{sax.field(), "is given more than once"}});
    case StrictSax::Failure::number:
      throw DomainError(ErrorCode::invalid, "The request breaks a rule",
                        {{sax.field().empty() ? "body" : sax.field(), "is a number out of range"}});
    case StrictSax::Failure::syntax:
    case StrictSax::Failure::none: break;
  }
  throw DomainError(ErrorCode::bad_request,
                    sax.utf8() ? "The body is not valid UTF-8" + at : "The body is not valid JSON" + at);
}

JsonFields::JsonFields(const std::string& body) {
  object_ = parseJsonBody(body);
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
  if (outOfInt64(*value)) {
    violations_.add(prefix_ + name, "is a number out of range");
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
  if (outOfInt64(*value)) {
    violations_.add(prefix_ + name, "is a number out of range");
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
    if (outOfInt64(item)) {
      violations_.add(prefix_ + name, "holds a number out of range");
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
