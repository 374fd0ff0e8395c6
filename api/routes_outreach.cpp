// Outreach between events: the dialogue log (activities) and follow-ups.
#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/outreach_service.hpp"

namespace brobygger::api {

namespace {

nlohmann::json toJson(const domain::Activity& a, const domain::TimeZone& zone) {
  return {
      {"id", a.id},
      {"kind", a.kind},
      {"occurred_at", domain::formatIsoTimestamp(a.occurred_at, zone)},
      {"organisation_id", a.organisation_id},
      {"police_district_id", a.police_district_id},
      {"contact_ids", a.contact_ids},
      {"event_id", a.event_id ? nlohmann::json(*a.event_id) : nlohmann::json(nullptr)},
      {"user_id", a.user_id},
      {"subject", a.subject},
      {"notes", a.notes},
      {"notes_cleared_at", a.notes_cleared_at ? nlohmann::json(domain::formatIsoTimestamp(*a.notes_cleared_at, zone))
                                              : nlohmann::json(nullptr)},
      {"created_by", a.created_by},
      {"created_at", domain::formatIsoTimestamp(a.created_at, zone)},
      {"updated_at", domain::formatIsoTimestamp(a.updated_at, zone)},
      {"version", a.version}};
}

nlohmann::json toJson(const domain::FollowUp& f, const domain::LocalDate& today, const domain::TimeZone& zone) {
  auto optionalId = [](const std::optional<domain::Id>& id) {
    return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
  };
  return {
      {"id", f.id},
      {"organisation_id", f.organisation_id},
      {"police_district_id", f.police_district_id},
      {"contact_id", optionalId(f.contact_id)},
      {"activity_id", optionalId(f.activity_id)},
      {"title", f.title},
      {"due_on", f.due_on.iso()},
      {"assigned_user_id", f.assigned_user_id},
      {"status", domain::toString(f.status)},
      {"done_at", f.done_at ? nlohmann::json(domain::formatIsoTimestamp(*f.done_at, zone)) : nlohmann::json(nullptr)},
      {"overdue", f.overdue(today)},
      {"created_by", f.created_by},
      {"created_at", domain::formatIsoTimestamp(f.created_at, zone)},
      {"updated_at", domain::formatIsoTimestamp(f.updated_at, zone)},
      {"version", f.version}};
}

std::vector<domain::Id> ids(const std::optional<std::vector<long long>>& values) {
  std::vector<domain::Id> out;
  if (values) out.assign(values->begin(), values->end());
  return out;
}

std::optional<domain::LocalDate> dateField(JsonFields& body, const std::string& name) {
  const auto text = body.string(name);
  if (!text) return std::nullopt;
  auto date = parseDate(*text);
  if (!date) body.fail(name, "must be a date (YYYY-MM-DD)");
  return date;
}

domain::NewFollowUp readNewFollowUp(JsonFields& body, bool organisationRequired) {
  if (organisationRequired) body.require("organisation_id");
  for (const auto* field : {"title", "due_on"}) body.require(field);
  domain::NewFollowUp input;
  if (organisationRequired) input.organisation_id = body.integer("organisation_id").value_or(0);
  if (const auto contact = body.nullableInteger("contact_id"); contact && *contact) input.contact_id = **contact;
  if (const auto activity = body.nullableInteger("activity_id"); activity && *activity) input.activity_id = **activity;
  input.title = body.string("title").value_or("");
  input.due_on = dateField(body, "due_on").value_or(domain::LocalDate{});
  if (const auto assignee = body.integer("assigned_user_id")) input.assigned_user_id = *assignee;
  return input;
}

}  // namespace

void addOutreachRoutes(Router& router) {
  router.add(
      "GET", "/api/v1/activities", domain::Action::list_activities, [](RequestContext& c, HttpResponse& response) {
        QueryReader query(c.request, {"organisation_id", "contact_id", "user_id", "event_id", "kind",
                                      "police_district_id", "from", "to", "q", "limit", "offset", "format", "lang"});
        domain::Violations bad;
        domain::ActivityQuery filter;
        filter.organisation_id = query.integer("organisation_id");
        filter.contact_id = query.integer("contact_id");
        filter.user_id = userIdFilter(query, "user_id", c.actor());
        filter.event_id = query.integer("event_id");
        filter.kind = query.text("kind");
        filter.police_district_id = query.integerIn("police_district_id", 1, 1000000);
        filter.from = timeFilter(query, "from", false, c.services.zone, bad);
        filter.to = timeFilter(query, "to", true, c.services.zone, bad);
        filter.q = query.text("q");
        filter.page = query.page();
        answerList(
            c, response, query, bad, activityTable(), "activities",
            [&](const auto& sink) { c.services.outreach.exportActivities(c.actor(), filter, sink); },
            [&] { return c.services.outreach.listActivities(c.actor(), filter); },
            [&](const auto& a) { return toJson(a, c.services.zone); });
      });

  router.add("POST", "/api/v1/activities", domain::Action::create_activity,
             [](RequestContext& c, HttpResponse& response) {
               JsonFields body(c.request.body);
               for (const auto* field : {"kind", "occurred_at", "organisation_id", "subject"}) body.require(field);
               domain::NewActivity input;
               input.kind = body.string("kind").value_or("");
               input.occurred_at = body.timestamp("occurred_at").value_or(domain::Timestamp{});
               input.organisation_id = body.integer("organisation_id").value_or(0);
               input.contact_ids = ids(body.integerArray("contact_ids"));
               if (const auto event = body.nullableInteger("event_id"); event && *event) input.event_id = **event;
               if (const auto user = body.integer("user_id")) input.user_id = *user;
               input.subject = body.string("subject").value_or("");
               input.notes = body.string("notes").value_or("");
               body.finish();
               const auto activity = c.services.outreach.createActivity(c.actor(), std::move(input));
               writeResource(response, 201, toJson(activity, c.services.zone), activity.version);
               response.header("Location", "/api/v1/activities/" + std::to_string(activity.id));
             });

  router.add("GET", "/api/v1/activities/{id}", domain::Action::read_activity,
             [](RequestContext& c, HttpResponse& response) {
               const auto activity = c.services.outreach.getActivity(c.actor(), c.id());
               writeResource(response, 200, toJson(activity, c.services.zone), activity.version);
             });

  router.add("PATCH", "/api/v1/activities/{id}", domain::Action::update_activity,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::ActivityChanges changes;
               changes.kind = body.string("kind");
               changes.occurred_at = body.timestamp("occurred_at");
               if (const auto organisation = body.integer("organisation_id")) changes.organisation_id = *organisation;
               if (body.has("contact_ids")) changes.contact_ids = ids(body.integerArray("contact_ids"));
               changes.event_id = toIdChange(body.nullableInteger("event_id"));
               if (const auto user = body.integer("user_id")) changes.user_id = *user;
               changes.subject = body.string("subject");
               changes.notes = body.string("notes");
               for (const auto* required :
                    {"kind", "occurred_at", "organisation_id", "contact_ids", "user_id", "subject", "notes"}) {
                 if (body.isNull(required)) body.fail(required, "must not be null");
               }
               body.finish();
               const auto activity = c.services.outreach.updateActivity(c.actor(), id, changes, c.ifMatch());
               writeResource(response, 200, toJson(activity, c.services.zone), activity.version);
             });

  router.add("DELETE", "/api/v1/activities/{id}", domain::Action::delete_activity,
             [](RequestContext& c, HttpResponse& response) {
               c.services.outreach.deleteActivity(c.actor(), c.id(), c.ifMatch());
               response.status = 204;
             });

  // One activity for each organisation whose people attended the event, naming them.
  router.add("POST", "/api/v1/events/{id}/activities", domain::Action::log_event_activities,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               for (const auto* field : {"kind", "subject"}) body.require(field);
               domain::EventActivityInput input;
               input.kind = body.string("kind").value_or("");
               input.subject = body.string("subject").value_or("");
               input.notes = body.string("notes").value_or("");
               input.occurred_at = body.timestamp("occurred_at");
               body.finish();
               const auto result = c.services.outreach.logEventActivities(c.actor(), id, std::move(input));
               auto items = nlohmann::json::array();
               for (const auto& a : result.created) items.push_back(toJson(a, c.services.zone));
               writeJson(response, 200,
                         {{"created", result.created.size()},
                          {"skipped_already_logged", result.skipped_already_logged},
                          {"skipped_outside_districts", result.skipped_outside_districts},
                          {"items", items}});
             });

  router.add(
      "GET", "/api/v1/follow-ups", domain::Action::list_follow_ups, [](RequestContext& c, HttpResponse& response) {
        QueryReader query(c.request,
                          {"assigned_user_id", "status", "due_before", "organisation_id", "contact_id", "activity_id",
                           "police_district_id", "overdue", "limit", "offset", "format", "lang"});
        domain::Violations bad;
        domain::FollowUpQuery filter;
        filter.assigned_user_id = userIdFilter(query, "assigned_user_id", c.actor());
        filter.status = codeFilter(query, "status", domain::followUpStatusFrom, "must be open, done or cancelled", bad);
        if (const auto due = query.text("due_before")) {
          filter.due_before = parseDate(*due);
          if (!filter.due_before) bad.add("due_before", "must be a date (YYYY-MM-DD)");
        }
        filter.organisation_id = query.integer("organisation_id");
        filter.contact_id = query.integer("contact_id");
        filter.activity_id = query.integer("activity_id");
        filter.police_district_id = query.integerIn("police_district_id", 1, 1000000);
        if (const auto overdue = query.text("overdue")) {
          if (*overdue == "true") {
            // Open and due before today (Copenhagen); a later due_before filter cannot widen it.
            const auto today = c.services.outreach.today();
            filter.status = domain::FollowUpStatus::open;
            if (!filter.due_before || today < *filter.due_before) filter.due_before = today;
          } else if (*overdue != "false") {
            bad.add("overdue", "must be true or false");
          }
        }
        filter.page = query.page();
        answerList(
            c, response, query, bad, followUpTable(), "follow-ups",
            [&](const auto& sink) { c.services.outreach.exportFollowUps(c.actor(), filter, sink); },
            [&] { return c.services.outreach.listFollowUps(c.actor(), filter); },
            [&, today = c.services.outreach.today()](const auto& f) { return toJson(f, today, c.services.zone); });
      });

  router.add(
      "POST", "/api/v1/follow-ups", domain::Action::create_follow_up, [](RequestContext& c, HttpResponse& response) {
        JsonFields body(c.request.body);
        auto input = readNewFollowUp(body, true);
        body.finish();
        const auto followUp = c.services.outreach.createFollowUp(c.actor(), std::move(input));
        writeResource(response, 201, toJson(followUp, c.services.outreach.today(), c.services.zone), followUp.version);
        response.header("Location", "/api/v1/follow-ups/" + std::to_string(followUp.id));
      });

  router.add(
      "GET", "/api/v1/follow-ups/{id}", domain::Action::read_follow_up, [](RequestContext& c, HttpResponse& response) {
        const auto followUp = c.services.outreach.getFollowUp(c.actor(), c.id());
        writeResource(response, 200, toJson(followUp, c.services.outreach.today(), c.services.zone), followUp.version);
      });

  router.add("PATCH", "/api/v1/follow-ups/{id}", domain::Action::update_follow_up,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::FollowUpChanges changes;
               changes.contact_id = toIdChange(body.nullableInteger("contact_id"));
               changes.title = body.string("title");
               changes.due_on = dateField(body, "due_on");
               if (const auto assignee = body.integer("assigned_user_id")) changes.assigned_user_id = *assignee;
               if (const auto status = body.string("status")) {
                 changes.status = domain::followUpStatusFrom(*status);
                 if (!changes.status) body.fail("status", "must be open, done or cancelled");
               }
               for (const auto* required : {"title", "due_on", "assigned_user_id", "status"}) {
                 if (body.isNull(required)) body.fail(required, "must not be null");
               }
               body.finish();
               const auto followUp = c.services.outreach.updateFollowUp(c.actor(), id, changes, c.ifMatch());
               writeResource(response, 200, toJson(followUp, c.services.outreach.today(), c.services.zone),
                             followUp.version);
             });

  // Done, and (optionally) the next step in the same breath.
  router.add("POST", "/api/v1/follow-ups/{id}/complete", domain::Action::update_follow_up,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body.empty() ? std::string("{}") : c.request.body);
               std::optional<domain::NewFollowUp> next;
               if (body.has("next") && !body.isNull("next")) {
                 if (auto nested = body.object("next")) {
                   next = readNewFollowUp(*nested, false);
                   nested->finishInto(body);
                 }
               } else {
                 body.markRead("next");
               }
               body.finish();
               const auto done = c.services.outreach.completeFollowUp(c.actor(), id, std::move(next), c.ifMatch());
               const auto today = c.services.outreach.today();
               writeJson(response, 200,
                         {{"follow_up", toJson(done.done, today, c.services.zone)},
                          {"next", done.next ? toJson(*done.next, today, c.services.zone) : nlohmann::json(nullptr)}});
             });

  router.add("DELETE", "/api/v1/follow-ups/{id}", domain::Action::delete_follow_up,
             [](RequestContext& c, HttpResponse& response) {
               c.services.outreach.deleteFollowUp(c.actor(), c.id(), c.ifMatch());
               response.status = 204;
             });
}

}  // namespace brobygger::api
