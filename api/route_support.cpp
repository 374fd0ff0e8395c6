#include "api/route_support.hpp"

namespace brobygger::api {

using domain::PageRequest;

QueryReader::QueryReader(const HttpRequest& request, std::initializer_list<const char*> allowed) : request_(request) {
  std::set<std::string> names(allowed.begin(), allowed.end());
  std::set<std::string> reported;
  for (const auto& [key, value] : request.query) {
    if (!names.contains(key) && reported.insert(key).second) malformed_.add(key, "is not a known query parameter");
    else if (request.query.count(key) > 1 && reported.insert(key).second)
      malformed_.add(key, "is given more than once");
  }
}

std::optional<std::string> QueryReader::text(const std::string& name) {
  const auto it = request_.query.find(name);
  if (it == request_.query.end() || it->second.empty()) return std::nullopt;
  if (it->second.size() > 200) {
    out_of_range_.add(name, "must be at most 200 characters");
    return std::nullopt;
  }
  return it->second;
}

std::optional<long long> QueryReader::integer(const std::string& name) {
  const auto it = request_.query.find(name);
  if (it == request_.query.end() || it->second.empty()) return std::nullopt;
  const auto& v = it->second;
  const bool negative = v[0] == '-';
  const auto digits = negative ? v.substr(1) : v;
  if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string::npos) {
    malformed_.add(name, "must be an integer");
    return std::nullopt;
  }
  const auto value = std::stoll(digits);
  return negative ? -value : value;
}

std::optional<int> QueryReader::integerIn(const std::string& name, int min, int max) {
  const auto value = integer(name);
  if (!value) return std::nullopt;
  if (*value < min || *value > max) {
    out_of_range_.add(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<domain::Id> userIdFilter(QueryReader& query, const std::string& name, const domain::Actor& actor) {
  if (query.text(name) == std::optional<std::string>("me")) return actor.user_id;
  const auto value = query.integer(name);
  if (!value) return std::nullopt;
  // No user has an id below 1: such a filter matches nothing rather than being an error.
  return static_cast<domain::Id>(*value);
}

PageRequest QueryReader::page() {
  PageRequest page;
  if (const auto limit = integer("limit")) {
    if (*limit < 1 || *limit > PageRequest::kMaxLimit)
      out_of_range_.add("limit", "must be between 1 and " + std::to_string(PageRequest::kMaxLimit));
    else page.limit = static_cast<int>(*limit);
  }
  if (const auto offset = integer("offset")) {
    if (*offset < 0) out_of_range_.add("offset", "must not be negative");
    else page.offset = *offset;
  }
  return page;
}

domain::StatusFilter QueryReader::status() {
  const auto value = text("status");
  if (!value || *value == "active") return domain::StatusFilter::active;
  if (*value == "archived") return domain::StatusFilter::archived;
  if (*value == "all") return domain::StatusFilter::all;
  out_of_range_.add("status", "must be active, archived or all");
  return domain::StatusFilter::active;
}

void QueryReader::done() {
  if (!malformed_.empty())
    throw domain::DomainError(domain::ErrorCode::bad_request, "The query string is malformed", malformed_.fields());
  out_of_range_.throwIfAny();
}

std::optional<domain::Venue> readVenue(JsonFields& body) {
  if (body.isNull("venue")) {
    body.markRead("venue");
    return domain::Venue{};
  }
  auto venue = body.object("venue");
  if (!venue) return std::nullopt;
  domain::Venue out;
  out.name = venue->nullableString("name").value_or(std::nullopt);
  out.address = venue->nullableString("address").value_or(std::nullopt);
  if (const auto m = venue->nullableInteger("municipality_id"); m && *m) {
    if (**m < 1 || **m > 1000000) venue->fail("municipality_id", "is out of range");
    else out.municipality_id = static_cast<int>(**m);
  }
  venue->finishInto(body);
  return out;
}

domain::Change<domain::Language> readLanguage(JsonFields& body) {
  const auto code = body.string("language");
  if (!code) return std::nullopt;
  const auto language = domain::languageFrom(*code);
  if (!language) body.fail("language", "must be da or en");
  return language;
}

domain::Change<int> reminderHours(JsonFields& body) {
  domain::Change<int> out;
  if (body.isNull("reminder_hours")) {
    body.fail("reminder_hours", "must not be null (0: no reminder)");
    return out;
  }
  const auto value = body.integer("reminder_hours");
  if (!value) return out;
  if (*value < 0 || *value > domain::kMaxReminderHours) body.fail("reminder_hours", "must be between 0 and 720");
  else out.emplace(static_cast<int>(*value));
  return out;
}

domain::Change<std::optional<int>> boundedInt(JsonFields& body, const std::string& name) {
  domain::Change<std::optional<int>> out;
  const auto value = body.nullableInteger(name);
  if (!value) return out;
  if (!*value) {
    out.emplace();  // explicitly null
  } else if (**value < -1000000 || **value > 1000000) {
    body.fail(name, "is out of range");
  } else {
    out.emplace(static_cast<int>(**value));
  }
  return out;
}

void writeJson(HttpResponse& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string etag(int version) { return "\"v" + std::to_string(version) + "\""; }

void writeResource(HttpResponse& response, int status, const nlohmann::json& body, int version) {
  writeJson(response, status, body);
  response.header("ETag", etag(version));
}

namespace {
template <class T>
nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}
}  // namespace

// Built member by member: nlohmann's initializer lists copy every value once more, and these run
// for every row of every list.
nlohmann::json toJson(const domain::User& user, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = user.id;
  j["email"] = user.email;
  j["name"] = user.name;
  j["role"] = domain::toString(user.role);
  j["organisation_id"] = orNull(user.organisation_id);
  j["police_district_ids"] = user.police_district_ids;
  j["status"] = domain::toString(user.status);
  j["language"] = domain::toString(user.language);
  j["created_at"] = formatIsoTimestamp(user.created_at, zone);
  j["last_login_at"] = user.last_login_at ? nlohmann::json(formatIsoTimestamp(*user.last_login_at, zone)) : nullptr;
  j["version"] = user.version;
  return j;
}

nlohmann::json toJson(const domain::Organisation& o, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = o.id;
  j["name"] = o.name;
  j["kind"] = o.kind;
  j["cvr"] = orNull(o.cvr);
  j["municipality_id"] = o.municipality_id;
  j["police_district_id"] = o.police_district_id;
  j["region_id"] = o.region_id;
  j["address"] = orNull(o.address);
  j["website"] = orNull(o.website);
  j["tags"] = o.tags;
  j["status"] = domain::toString(o.status);
  j["responsible_user_id"] = orNull(o.responsible_user_id);
  j["last_activity_at"] =
      o.last_activity_at ? nlohmann::json(formatIsoTimestamp(*o.last_activity_at, zone)) : nlohmann::json(nullptr);
  j["last_attended_at"] =
      o.last_attended_at ? nlohmann::json(formatIsoTimestamp(*o.last_attended_at, zone)) : nlohmann::json(nullptr);
  j["open_follow_ups"] = o.open_follow_ups;
  j["merged_into_id"] = orNull(o.merged_into_id);
  j["created_at"] = formatIsoTimestamp(o.created_at, zone);
  j["updated_at"] = formatIsoTimestamp(o.updated_at, zone);
  j["version"] = o.version;
  return j;
}

nlohmann::json toJson(const domain::Contact& c, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = c.id;
  j["organisation_id"] = c.organisation_id;
  j["name"] = c.name;
  j["title"] = orNull(c.title);
  j["email"] = orNull(c.email);
  j["phone"] = orNull(c.phone);
  j["language"] = domain::toString(c.language);
  auto& consent = j["consent"] = nlohmann::json(nlohmann::json::value_t::object);
  consent["invitations"] = c.consent.invitations;
  consent["newsletter"] = c.consent.newsletter;
  consent["updated_at"] =
      c.consent.updated_at ? nlohmann::json(formatIsoTimestamp(*c.consent.updated_at, zone)) : nlohmann::json(nullptr);
  consent["source"] = orNull(c.consent.source);
  j["status"] = domain::toString(c.status);
  j["erased_at"] = c.erased_at ? nlohmann::json(formatIsoTimestamp(*c.erased_at, zone)) : nlohmann::json(nullptr);
  j["created_at"] = formatIsoTimestamp(c.created_at, zone);
  j["updated_at"] = formatIsoTimestamp(c.updated_at, zone);
  j["version"] = c.version;
  return j;
}

// `from`/`to` filters: a date (whole Copenhagen days, both included) or a date-time with offset.
std::optional<domain::Timestamp> timeFilter(QueryReader& query, const std::string& name, bool endOfDay,
                                            const domain::TimeZone& zone, domain::Violations& bad) {
  const auto value = query.text(name);
  if (!value) return std::nullopt;
  if (auto date = parseDate(*value)) {
    const auto day = endOfDay ? date->plusDays(1) : *date;
    return zone.toUtc({day.year, day.month, day.day, 0, 0});
  }
  if (auto t = parseTimestamp(*value)) return t;
  bad.add(name, "must be a date (YYYY-MM-DD) or a date-time with an offset");
  return std::nullopt;
}

}  // namespace brobygger::api
