#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/event_services.hpp"

namespace brobygger::api {

namespace {

template <class T>
nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const domain::Series& s, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = s.id;
  j["kind"] = s.details.kind;
  j["title"] = s.details.title;
  j["description"] = orNull(s.details.description);
  j["rrule"] = s.rrule;
  const auto first = zone.toUtc(s.first_start);
  j["starts_at"] = formatIsoTimestamp(first, zone);
  j["ends_at"] = formatIsoTimestamp(first + std::chrono::minutes(s.duration_minutes), zone);
  j["time_of_day"] = domain::formatTimeOfDay({s.first_start.hour, s.first_start.minute});
  j["duration_minutes"] = s.duration_minutes;
  nlohmann::json venue(nlohmann::json::value_t::object);
  venue["name"] = orNull(s.details.venue.name);
  venue["address"] = orNull(s.details.venue.address);
  venue["municipality_id"] = orNull(s.details.venue.municipality_id);
  j["venue"] = venue;
  j["online_url"] = orNull(s.details.online_url);
  j["language"] = domain::toString(s.details.language);
  j["organiser_user_id"] = orNull(s.details.organiser_user_id);
  j["capacity"] = orNull(s.details.capacity);
  j["per_organisation_quota"] = orNull(s.details.per_organisation_quota);
  j["reminder_hours"] = s.details.reminder_hours;
  j["police_district_id"] = orNull(s.details.police_district_id);
  j["roster_organisation_ids"] = s.roster_organisation_ids;
  j["status"] = domain::toString(s.status);
  j["materialised_until"] = domain::formatIsoLocal(s.materialised_until);
  j["created_at"] = formatIsoTimestamp(s.created_at, zone);
  j["updated_at"] = formatIsoTimestamp(s.updated_at, zone);
  j["version"] = s.version;
  return j;
}

std::vector<domain::Id> ids(const std::optional<std::vector<long long>>& raw) {
  return raw ? std::vector<domain::Id>(raw->begin(), raw->end()) : std::vector<domain::Id>{};
}

}  // namespace

void addSeriesRoutes(Router& router) {
  router.add("GET", "/api/v1/series", domain::Action::list_series, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"limit", "offset", "format", "lang"});
    const auto page = query.page();
    const auto format = exportFormat(c.request, query);
    const auto language = callerLanguage(c, query);
    query.done();
    if (format) {
      sendExport(c, response, *format, seriesTable(), language, "series",
                 [&](const auto& sink) { c.services.series.exportList(c.actor(), sink); });
      return;
    }
    const auto& zone = c.services.zone;
    writeJson(response, 200,
              pageJson(c.services.series.list(c.actor(), page), [&](const auto& s) { return toJson(s, zone); }));
  });

  router.add("POST", "/api/v1/series", domain::Action::create_series, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    for (const auto* field : {"title", "kind", "rrule", "starts_at", "ends_at", "roster_organisation_ids"})
      body.require(field);
    domain::NewSeries input;
    input.details.title = body.string("title").value_or("");
    input.details.kind = body.string("kind").value_or("");
    input.details.description = body.nullableString("description").value_or(std::nullopt);
    input.details.venue = readVenue(body).value_or(domain::Venue{});
    input.details.online_url = body.nullableString("online_url").value_or(std::nullopt);
    if (const auto language = body.string("language")) {
      if (const auto l = domain::languageFrom(*language)) input.details.language = *l;
      else body.fail("language", "must be da or en");
    }
    input.details.tags = body.stringArray("tags").value_or(std::vector<std::string>{});
    input.details.organiser_user_id = toIdChange(body.nullableInteger("organiser_user_id")).value_or(std::nullopt);
    input.details.capacity = boundedInt(body, "capacity").value_or(std::nullopt);
    input.details.per_organisation_quota = boundedInt(body, "per_organisation_quota").value_or(std::nullopt);
    input.details.police_district_id = boundedInt(body, "police_district_id").value_or(std::nullopt);
    input.details.reminder_hours = reminderHours(body).value_or(domain::kDefaultReminderHours);
    input.rrule = body.string("rrule").value_or("");
    const auto starts = body.timestamp("starts_at");
    const auto ends = body.timestamp("ends_at");
    input.roster_organisation_ids = ids(body.integerArray("roster_organisation_ids"));
    input.publish = body.boolean("publish").value_or(true);
    body.finish();
    input.starts_at = *starts;
    input.ends_at = *ends;
    const auto series = c.services.series.create(c.actor(), input);
    writeResource(response, 201, toJson(series, c.services.zone), series.version);
    response.header("Location", "/api/v1/series/" + std::to_string(series.id));
  });

  router.add("GET", "/api/v1/series/{id}", domain::Action::read_series, [](RequestContext& c, HttpResponse& response) {
    const auto series = c.services.series.get(c.actor(), c.id());
    writeResource(response, 200, toJson(series, c.services.zone), series.version);
  });

  router.add("PATCH", "/api/v1/series/{id}", domain::Action::update_series,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::SeriesChanges changes;
               if (const auto from = body.integer("from_event_id")) changes.from_event_id = *from;
               changes.title = body.string("title");
               changes.description = body.nullableString("description");
               changes.venue = readVenue(body);
               changes.online_url = body.nullableString("online_url");
               changes.capacity = boundedInt(body, "capacity");
               changes.per_organisation_quota = boundedInt(body, "per_organisation_quota");
               changes.reminder_hours = reminderHours(body);
               changes.organiser_user_id = toIdChange(body.nullableInteger("organiser_user_id"));
               if (body.has("roster_organisation_ids"))
                 changes.roster_organisation_ids = ids(body.integerArray("roster_organisation_ids"));
               if (const auto time = body.string("time_of_day")) {
                 if (const auto parsed = domain::parseTimeOfDay(*time)) {
                   changes.start_hour = parsed->hour;
                   changes.start_minute = parsed->minute;
                 } else {
                   body.fail("time_of_day", "must be HH:MM");
                 }
               }
               if (const auto duration = body.integer("duration_minutes")) {
                 if (*duration < 0 || *duration > 100000) body.fail("duration_minutes", "is out of range");
                 else changes.duration_minutes = static_cast<int>(*duration);
               }
               for (const auto* required : {"title", "roster_organisation_ids", "time_of_day", "duration_minutes"})
                 if (body.isNull(required)) body.fail(required, "must not be null");
               body.finish();
               const auto series = c.services.series.update(c.actor(), id, changes, c.ifMatch());
               writeResource(response, 200, toJson(series, c.services.zone), series.version);
             });

  router.add("POST", "/api/v1/series/{id}/cancel", domain::Action::cancel_series,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body.empty() ? std::string("{}") : c.request.body);
               body.require("reason");
               const auto reason = body.string("reason").value_or("");
               std::optional<domain::Id> from;
               if (const auto v = body.integer("from_event_id")) from = *v;
               body.finish();
               const auto series = c.services.series.cancelRest(c.actor(), id, from, reason);
               writeResource(response, 200, toJson(series, c.services.zone), series.version);
             });

  router.add("GET", "/api/v1/series/{id}/attendance", domain::Action::read_series_attendance,
             [](RequestContext& c, HttpResponse& response) {
               auto items = nlohmann::json::array();
               for (const auto& row : c.services.series.attendance(c.actor(), c.id())) {
                 items.push_back({{"organisation_id", row.organisation_id},
                                  {"occurrences_held", row.occurrences_held},
                                  {"occurrences_attended", row.occurrences_attended},
                                  {"share", row.occurrences_held == 0
                                                ? nlohmann::json(nullptr)
                                                : nlohmann::json(static_cast<double>(row.occurrences_attended) /
                                                                 static_cast<double>(row.occurrences_held))}});
               }
               writeJson(response, 200, {{"items", std::move(items)}});
             });
}

}  // namespace brobygger::api
