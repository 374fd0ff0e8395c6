#include "api/export.hpp"
#include "api/language.hpp"
#include "api/problem.hpp"
#include "api/route_support.hpp"
#include "domain/event_services.hpp"

namespace brobygger::api {

namespace {

using domain::Event;
using domain::EventChanges;

nlohmann::json venueJson(const domain::Venue& venue) {
  if (!venue.name && !venue.address && !venue.municipality_id) return nullptr;
  nlohmann::json j(nlohmann::json::value_t::object);
  j["name"] = venue.name ? nlohmann::json(*venue.name) : nullptr;
  j["address"] = venue.address ? nlohmann::json(*venue.address) : nullptr;
  j["municipality_id"] = venue.municipality_id ? nlohmann::json(*venue.municipality_id) : nullptr;
  return j;
}

template <class T>
nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json timeOrNull(const std::optional<domain::Timestamp>& t, const domain::TimeZone& zone) {
  return t ? nlohmann::json(formatIsoTimestamp(*t, zone)) : nlohmann::json(nullptr);
}

// Every event field a client may send, for create and for PATCH alike.
EventChanges readEventChanges(JsonFields& body) {
  EventChanges c;
  c.kind = body.string("kind");
  c.title = body.string("title");
  c.description = body.nullableString("description");
  c.venue = readVenue(body);
  c.online_url = body.nullableString("online_url");
  if (const auto language = body.string("language")) {
    c.language = domain::languageFrom(*language);
    if (!c.language) body.fail("language", "must be da or en");
  }
  c.tags = body.stringArray("tags");
  c.organiser_user_id = toIdChange(body.nullableInteger("organiser_user_id"));
  c.capacity = boundedInt(body, "capacity");
  c.per_organisation_quota = boundedInt(body, "per_organisation_quota");
  c.police_district_id = boundedInt(body, "police_district_id");
  c.reminder_hours = reminderHours(body);
  c.starts_at = body.timestamp("starts_at");
  c.ends_at = body.timestamp("ends_at");
  c.all_day = body.boolean("all_day");
  c.registration_opens_at = body.nullableTimestamp("registration_opens_at");
  c.registration_closes_at = body.nullableTimestamp("registration_closes_at");
  if (const auto audience = body.string("audience")) {
    c.audience = domain::audienceFrom(*audience);
    if (!c.audience) body.fail("audience", "must be open or invited");
  }
  if (const auto ids = body.integerArray("invited_organisation_ids"))
    c.invited_organisation_ids = std::vector<domain::Id>(ids->begin(), ids->end());
  for (const auto* required : {"kind", "title", "starts_at", "ends_at", "language", "tags", "audience",
                               "invited_organisation_ids", "all_day"}) {
    if (body.isNull(required)) body.fail(required, "must not be null");
  }
  return c;
}

std::optional<domain::EventStatus> statusFilter(QueryReader& query, domain::Violations& bad) {
  const auto value = query.text("status");
  if (!value) return std::nullopt;
  auto status = domain::eventStatusFrom(*value);
  if (!status) bad.add("status", "must be draft, published, cancelled or completed");
  return status;
}

std::string reasonOf(const std::string& body) {
  if (body.empty()) return "";
  JsonFields fields(body);
  auto reason = fields.string("reason").value_or("");
  fields.finish();
  return reason;
}

}  // namespace

nlohmann::json toJson(const Event& e, const domain::Actor& actor, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = e.id;
  j["kind"] = e.details.kind;
  j["title"] = e.details.title;
  j["description"] = orNull(e.details.description);
  j["starts_at"] = formatIsoTimestamp(e.starts_at, zone);
  j["ends_at"] = formatIsoTimestamp(e.ends_at, zone);
  j["all_day"] = e.all_day;
  j["venue"] = venueJson(e.details.venue);
  j["online_url"] = orNull(e.details.online_url);
  j["language"] = domain::toString(e.details.language);
  j["tags"] = e.details.tags;
  j["organiser_user_id"] = orNull(e.details.organiser_user_id);
  j["capacity"] = orNull(e.details.capacity);
  j["per_organisation_quota"] = orNull(e.details.per_organisation_quota);
  j["police_district_id"] = orNull(e.details.police_district_id);
  j["reminder_hours"] = e.details.reminder_hours;
  j["registration_opens_at"] = timeOrNull(e.registration_opens_at, zone);
  j["registration_closes_at"] = formatIsoTimestamp(e.registrationClosesAt(), zone);
  j["audience"] = domain::toString(e.audience);
  // Who else is invited is the unit's planning, not a partner's business.
  if (!actor.isPartner()) j["invited_organisation_ids"] = e.invited_organisation_ids;
  j["status"] = domain::toString(e.status);
  j["cancellation_reason"] = orNull(e.cancellation_reason);
  j["series_id"] = orNull(e.series_id);
  j["revision"] = e.revision;
  j["confirmed"] = e.confirmed;
  j["waitlisted"] = e.waitlisted;
  j["created_at"] = formatIsoTimestamp(e.created_at, zone);
  j["updated_at"] = formatIsoTimestamp(e.updated_at, zone);
  j["version"] = e.version;
  return j;
}

void addEventRoutes(Router& router) {
  router.add("GET", "/api/v1/events", domain::Action::list_events, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"from", "to", "kind", "status", "police_district_id", "series_id", "q", "order",
                                  "limit", "offset", "format", "lang"});
    domain::EventQuery filter;
    domain::Violations bad;
    filter.from = timeFilter(query, "from", false, c.services.zone, bad);
    filter.to = timeFilter(query, "to", true, c.services.zone, bad);
    filter.kind = query.text("kind");
    filter.status = statusFilter(query, bad);
    filter.police_district_id = query.integerIn("police_district_id", 1, 1000000);
    if (const auto v = query.integer("series_id")) filter.series_id = *v;
    filter.q = query.text("q");
    if (const auto order = query.text("order")) {
      if (*order == "desc") filter.descending = true;
      else if (*order != "asc") bad.add("order", "must be asc or desc");
    }
    filter.page = query.page();
    const auto format = exportFormat(c.request, query);
    const auto language = callerLanguage(c, query);
    query.done();
    bad.throwIfAny();
    const auto& actor = c.actor();
    if (format) {
      sendExport(c, response, *format, eventTable(), language, "events",
                 [&](const auto& sink) { c.services.events.exportList(actor, filter, sink); });
      return;
    }
    // The page as JSON is cached while the events' revision stays the same (one small read instead of a
    // count, a page query and the serialisation; every write that changes a list raises it, in any server
    // process). The cache is the one the organisation lists use, under keys of their own. The scope: a
    // partner sees their organisation's events, a district-limited officer their districts' and their own.
    std::string key = actor.isPartner() ? "events|p" + std::to_string(actor.organisation_id.value_or(0)) : "events|s";
    if (actor.limitedToDistricts()) {
      key += "u" + std::to_string(actor.user_id);
      for (const auto district : actor.police_district_ids) key += "d" + std::to_string(district);
    }
    // Decoded names and values, each with its length, so that no value can pass for another parameter.
    for (const auto& [name, value] : c.request.query)
      key += "&" + std::to_string(name.size()) + ":" + name + std::to_string(value.size()) + ":" + value;
    response.status = 200;
    response.content_type = "application/json";
    response.body = c.services.organisation_pages.get(key, c.services.events.listRevision(), [&] {
      return pageJson(c.services.events.list(actor, filter),
                      [&](const auto& e) { return toJson(e, actor, c.services.zone); })
          .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    });
  });

  router.add("POST", "/api/v1/events", domain::Action::create_event, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    for (const auto* field : {"kind", "title", "starts_at", "ends_at"}) body.require(field);
    auto changes = readEventChanges(body);
    body.finish();
    domain::NewEvent input;
    input.details.kind = changes.kind.value_or("");
    input.details.title = changes.title.value_or("");
    input.details.description = changes.description.value_or(std::nullopt);
    input.details.venue = changes.venue.value_or(domain::Venue{});
    input.details.online_url = changes.online_url.value_or(std::nullopt);
    input.details.language = changes.language.value_or(domain::Language::da);
    input.details.tags = changes.tags.value_or(std::vector<std::string>{});
    input.details.organiser_user_id = changes.organiser_user_id.value_or(std::nullopt);
    input.details.capacity = changes.capacity.value_or(std::nullopt);
    input.details.per_organisation_quota = changes.per_organisation_quota.value_or(std::nullopt);
    input.details.police_district_id = changes.police_district_id.value_or(std::nullopt);
    input.details.reminder_hours = changes.reminder_hours.value_or(domain::kDefaultReminderHours);
    input.starts_at = *changes.starts_at;
    input.ends_at = *changes.ends_at;
    input.all_day = changes.all_day.value_or(false);
    input.registration_opens_at = changes.registration_opens_at.value_or(std::nullopt);
    input.registration_closes_at = changes.registration_closes_at.value_or(std::nullopt);
    input.audience = changes.audience.value_or(domain::Audience::open);
    input.invited_organisation_ids = changes.invited_organisation_ids.value_or(std::vector<domain::Id>{});
    const auto event = c.services.events.create(c.actor(), input);
    writeResource(response, 201, toJson(event, c.actor(), c.services.zone), event.version);
    response.header("Location", "/api/v1/events/" + std::to_string(event.id));
  });

  router.add("GET", "/api/v1/events/{id}", domain::Action::read_event, [](RequestContext& c, HttpResponse& response) {
    const auto event = c.services.events.get(c.actor(), c.id());
    writeResource(response, 200, toJson(event, c.actor(), c.services.zone), event.version);
  });

  router.add("PATCH", "/api/v1/events/{id}", domain::Action::update_event,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               const auto changes = readEventChanges(body);
               body.finish();
               const auto event = c.services.events.update(c.actor(), id, changes, c.ifMatch());
               writeResource(response, 200, toJson(event, c.actor(), c.services.zone), event.version);
             });

  const auto lifecycle = [](const char* action) {
    return [action = std::string(action)](RequestContext& c, HttpResponse& response) {
      const auto id = c.id();
      Event event;
      if (action == "publish") {
        event = c.services.events.publish(c.actor(), id, c.ifMatch());
      } else if (action == "cancel") {
        event = c.services.events.cancel(c.actor(), id, reasonOf(c.request.body), c.ifMatch());
      } else {
        event = c.services.events.close(c.actor(), id, c.ifMatch());
      }
      writeResource(response, 200, toJson(event, c.actor(), c.services.zone), event.version);
    };
  };
  router.add("POST", "/api/v1/events/{id}/publish", domain::Action::publish_event, lifecycle("publish"));
  router.add("POST", "/api/v1/events/{id}/cancel", domain::Action::cancel_event, lifecycle("cancel"));
  router.add("POST", "/api/v1/events/{id}/close", domain::Action::close_event, lifecycle("close"));
}

}  // namespace brobygger::api
