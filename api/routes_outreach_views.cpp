// The outreach views: an organisation's and a person's timeline, and "My work" (docs/outreach.md).
#include "api/route_support.hpp"
#include "domain/outreach_view_service.hpp"

namespace brobygger::api {

namespace {

nlohmann::json optionalId(const std::optional<domain::Id>& id) {
  return id ? nlohmann::json(*id) : nlohmann::json(nullptr);
}

nlohmann::json optionalTime(const std::optional<domain::Timestamp>& at, const domain::TimeZone& zone) {
  return at ? nlohmann::json(domain::formatIsoTimestamp(*at, zone)) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const domain::TimelineItem& item, const domain::LocalDate& today, const domain::TimeZone& zone) {
  using domain::TimelineType;
  nlohmann::json j(nlohmann::json::value_t::object);
  j["at"] = domain::formatIsoTimestamp(item.at, zone);
  j["type"] = domain::toString(item.type);
  j["id"] = item.id;
  j["summary"] = domain::timelineSummary(item);
  switch (item.type) {
    case TimelineType::activity:
      j["kind"] = item.kind;
      j["subject"] = item.subject;
      j["user_id"] = item.user_id;
      j["contact_ids"] = item.contact_ids;
      j["event_id"] = optionalId(item.event_id);
      break;
    case TimelineType::registration:
      j["event_id"] = optionalId(item.event_id);
      j["event_title"] = item.event_title;
      j["contact_id"] = item.contact_id;
      j["contact_name"] = item.contact_name;
      j["status"] = domain::toString(item.registration_status);
      break;
    case TimelineType::follow_up:
      j["title"] = item.title;
      j["due_on"] = item.due_on.iso();
      j["status"] = domain::toString(item.follow_up_status);
      j["assigned_user_id"] = item.assigned_user_id;
      j["contact_id"] = optionalId(item.follow_up_contact_id);
      j["overdue"] = item.follow_up_status == domain::FollowUpStatus::open && item.due_on < today;
      break;
    case TimelineType::change:
      j["what"] = item.what;
      j["fields"] = item.fields;
      j["user_id"] = optionalId(item.changed_by);
      break;
  }
  return j;
}

domain::TimelineQuery timelineQuery(RequestContext& c) {
  QueryReader query(c.request, {"type", "limit", "offset"});
  domain::TimelineQuery out;
  domain::Violations bad;
  if (const auto types = query.text("type")) {
    std::size_t start = 0;
    while (start <= types->size()) {
      const auto end = std::min(types->find(',', start), types->size());
      const auto code = types->substr(start, end - start);
      if (const auto type = domain::timelineTypeFrom(code)) out.types.push_back(*type);
      else bad.add("type", "must be a comma-separated list of activity, registration, follow_up, change");
      start = end + 1;
    }
  }
  out.page = query.page();
  query.done();
  bad.throwIfAny();
  return out;
}

nlohmann::json timelineJson(const domain::Timeline& timeline, const domain::TimeZone& zone) {
  auto out = pageJson(timeline.page, [&](const auto& item) { return toJson(item, timeline.today, zone); });
  out["today"] = timeline.today.iso();
  return out;
}

template <class T, class F>
nlohmann::json listJson(const domain::Page<T>& page, F&& toJson) {
  nlohmann::json out(nlohmann::json::value_t::object);
  auto& items = out["items"] = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(toJson(item));
  out["total"] = page.total;
  return out;
}

}  // namespace

void addOutreachViewRoutes(Router& router) {
  router.add("GET", "/api/v1/organisations/{id}/timeline", domain::Action::read_organisation_timeline,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               const auto query = timelineQuery(c);
               writeJson(
                   response, 200,
                   timelineJson(c.services.outreach_views.organisationTimeline(c.actor(), id, query), c.services.zone));
             });

  router.add("GET", "/api/v1/contacts/{id}/timeline", domain::Action::read_contact_timeline,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               const auto query = timelineQuery(c);
               writeJson(
                   response, 200,
                   timelineJson(c.services.outreach_views.contactTimeline(c.actor(), id, query), c.services.zone));
             });

  router.add("GET", "/api/v1/me/work", domain::Action::read_my_work, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"months", "limit"});
    domain::MyWorkQuery request;
    request.months = query.integerIn("months", 1, 120).value_or(request.months);
    request.limit = query.integerIn("limit", 1, 50).value_or(request.limit);
    query.done();
    const auto work = c.services.outreach_views.myWork(c.actor(), request);
    const auto& zone = c.services.zone;
    const auto followUp = [&](bool overdue) {
      return [&work, overdue](const domain::WorkFollowUp& f) {
        return nlohmann::json{{"id", f.id},
                              {"organisation_id", f.organisation_id},
                              {"organisation_name", f.organisation_name},
                              {"contact_id", optionalId(f.contact_id)},
                              {"title", f.title},
                              {"due_on", f.due_on.iso()},
                              {"overdue", overdue && f.due_on < work.today}};
      };
    };
    nlohmann::json out(nlohmann::json::value_t::object);
    out["today"] = work.today.iso();
    out["follow_ups"] = {{"overdue", listJson(work.overdue, followUp(true))},
                         {"open", listJson(work.open, followUp(false))}};
    auto dormant = listJson(work.dormant, [&](const domain::WorkOrganisation& o) {
      return nlohmann::json{{"id", o.id},
                            {"name", o.name},
                            {"kind", o.kind},
                            {"police_district_id", o.police_district_id},
                            {"last_activity_at", optionalTime(o.last_activity_at, zone)},
                            {"last_attended_at", optionalTime(o.last_attended_at, zone)},
                            {"open_follow_ups", o.open_follow_ups}};
    });
    dormant["months"] = work.months;
    dormant["since"] = work.not_reached_since.iso();
    out["dormant"] = std::move(dormant);
    out["this_week"] = {{"since", work.week_starts_on.iso()},
                        {"national", work.national},
                        {"activities", listJson(work.activities,
                                                [&](const domain::WorkActivity& a) {
                                                  return nlohmann::json{
                                                      {"id", a.id},
                                                      {"occurred_at", domain::formatIsoTimestamp(a.occurred_at, zone)},
                                                      {"kind", a.kind},
                                                      {"subject", a.subject},
                                                      {"organisation_id", a.organisation_id},
                                                      {"organisation_name", a.organisation_name},
                                                      {"user_id", a.user_id}};
                                                })},
                        {"events", listJson(work.events, [&](const domain::WorkEvent& e) {
                           return nlohmann::json{
                               {"id", e.id},
                               {"title", e.title},
                               {"kind", e.kind},
                               {"status", e.status},
                               {"starts_at", domain::formatIsoTimestamp(e.starts_at, zone)},
                               {"police_district_id",
                                e.police_district_id ? nlohmann::json(*e.police_district_id) : nlohmann::json(nullptr)},
                               {"registered", e.registered},
                               {"attended", e.attended}};
                         })}};
    writeJson(response, 200, out);
  });
}

}  // namespace brobygger::api
