#pragma once
// What every route group shares: query parameter reading, JSON answers, ETags and the DTO mapping of
// domain values.
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <set>

#include "api/application.hpp"
#include "api/json_io.hpp"
#include "domain/calendar.hpp"
#include "domain/contact.hpp"
#include "domain/event.hpp"
#include "domain/organisation.hpp"
#include "domain/reference.hpp"
#include "domain/user.hpp"

namespace brobygger::api {

// Reads query parameters strictly: unknown names and malformed values are a 400 naming the
// parameter; values out of range a 422.
class QueryReader {
 public:
  QueryReader(const HttpRequest& request, std::initializer_list<const char*> allowed);
  std::optional<std::string> text(const std::string& name);
  std::optional<long long> integer(const std::string& name);
  // An integer that must lie in [min, max] (422 otherwise), e.g. a reference id.
  std::optional<int> integerIn(const std::string& name, int min, int max);
  domain::PageRequest page();
  domain::StatusFilter status();
  void done();  // throws what was collected

 private:
  const HttpRequest& request_;
  domain::Violations malformed_;
  domain::Violations out_of_range_;
};

// `from`/`to` filters: a date (whole Copenhagen days, both included) or a date-time with offset.
std::optional<domain::Timestamp> timeFilter(QueryReader& query, const std::string& name, bool endOfDay,
                                            const domain::TimeZone& zone, domain::Violations& bad);

// A code filter (`status=confirmed`): the code as `parse` reads it; nothing when absent, and a violation
// naming it with `message` when `parse` knows no such code.
template <class Parse>
auto codeFilter(QueryReader& query, const std::string& name, Parse&& parse, const char* message,
                domain::Violations& bad) -> decltype(parse(std::string())) {
  const auto text = query.text(name);
  if (!text) return std::nullopt;
  auto value = parse(*text);
  if (!value) bad.add(name, message);
  return value;
}

// A user filter: a user id, or `me` for the caller (`responsible_user_id=me`).
std::optional<domain::Id> userIdFilter(QueryReader& query, const std::string& name, const domain::Actor& actor);

// A nested `venue` object ({name, address, municipality_id}); null clears it.
std::optional<domain::Venue> readVenue(JsonFields& body);
// A nullable integer field within +-1,000,000 (the domain checks the real bounds).
domain::Change<std::optional<int>> boundedInt(JsonFields& body, const std::string& name);
// `reminder_hours` of an event or a series: a whole number (the domain checks the range); null is refused.
domain::Change<int> reminderHours(JsonFields& body);
// A `language` (of a user or a contact): da or en.
domain::Change<domain::Language> readLanguage(JsonFields& body);

void writeJson(HttpResponse& response, int status, const nlohmann::json& body);
void writeResource(HttpResponse& response, int status, const nlohmann::json& body, int version);
std::string etag(int version);

template <class T, class F>
nlohmann::json pageJson(const domain::Page<T>& page, F&& toJson) {
  nlohmann::json out(nlohmann::json::value_t::object);
  auto& items = out["items"] = nlohmann::json::array();
  items.template get_ref<nlohmann::json::array_t&>().reserve(page.items.size());
  for (const auto& item : page.items) items.push_back(toJson(item));
  out["total"] = page.total;
  out["limit"] = page.limit;
  out["offset"] = page.offset;
  return out;
}

// Instants are written on the wall clock of `zone`, with its offset.
nlohmann::json toJson(const domain::User& user, const domain::TimeZone& zone);
nlohmann::json toJson(const domain::Organisation& organisation, const domain::TimeZone& zone);
nlohmann::json toJson(const domain::Contact& contact, const domain::TimeZone& zone);
nlohmann::json toJson(const domain::Registration& registration, const domain::TimeZone& zone);
nlohmann::json toJson(const domain::Event& event, const domain::Actor& actor, const domain::TimeZone& zone);

template <class T>
domain::Change<std::optional<domain::Id>> toIdChange(const domain::Change<std::optional<T>>& in) {
  if (!in) return std::nullopt;
  if (!*in) return std::optional<domain::Id>{};
  return std::optional<domain::Id>{static_cast<domain::Id>(**in)};
}

}  // namespace brobygger::api
