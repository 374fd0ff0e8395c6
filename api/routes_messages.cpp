#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/message_service.hpp"

namespace brobygger::api {

namespace {

// The people planned for: at most this many in a dry run's sample and excluded list.
constexpr std::size_t kSampleSize = 20;

// Ids of a segment's list ("organisations.police_district_id"): positive and within an int.
std::vector<int> segmentIds(JsonFields& fields, const std::string& name) {
  std::vector<int> out;
  for (const auto v : fields.integerArray(name).value_or(std::vector<long long>{})) {
    if (v < 1 || v > 2147483647) {
      fields.fail(name, "must hold positive ids");
      return {};
    }
    out.push_back(static_cast<int>(v));
  }
  return out;
}

// A dry run names every person left out, with the reason, up to the limit of a list's download (a segment
// of the whole network can leave out tens of thousands); `excluded_total` counts them all. The page shows
// the first of them and the rest on request.
constexpr std::size_t kExcludedShown = 100000;

nlohmann::json excludedJson(const std::vector<domain::ExcludedRecipient>& excluded,
                            std::size_t limit = static_cast<std::size_t>(-1)) {
  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i < excluded.size() && i < limit; ++i) {
    const auto& e = excluded[i];
    out.push_back({{"contact_id", e.contact_id}, {"name", e.name}, {"reason", e.reason}});
  }
  return out;
}

// A message template as the API shows it: its texts, whether an administrator changed them (false: the
// defaults), when and by whom, and the placeholders it may use.
nlohmann::json templateJson(const domain::MessageTemplate& t, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["code"] = domain::toString(t.code);
  j["subject_da"] = t.texts.subject_da;
  j["body_da"] = t.texts.body_da;
  j["subject_en"] = t.texts.subject_en;
  j["body_en"] = t.texts.body_en;
  j["customised"] = t.customised;
  j["updated_at"] = t.updated_at ? nlohmann::json(formatIsoTimestamp(*t.updated_at, zone)) : nullptr;
  j["updated_by"] = t.updated_by ? nlohmann::json(*t.updated_by) : nullptr;
  j["placeholders"] = domain::templatePlaceholders(t.code);
  return j;
}

void writeTemplate(HttpResponse& response, const domain::MessageTemplate& t, const domain::TimeZone& zone) {
  writeJson(response, 200, templateJson(t, zone));
}

}  // namespace

void addMessageRoutes(Router& router) {
  // Writes to an event's people: a dry run shows who (and who not, and why) and a filled-in sample;
  // otherwise the message is queued for each of them.
  router.add("POST", "/api/v1/events/{id}/messages", domain::Action::send_event_message,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::MessageDraft draft;
               draft.subject = body.string("subject").value_or("");
               draft.body = body.string("body").value_or("");
               if (const auto to = body.string("to")) {
                 draft.to = domain::messageAudienceFrom(*to);
                 if (!draft.to) body.fail("to", "must be confirmed, waitlisted, attended, registered or invited");
               } else {
                 body.fail("to", "is required");
               }
               draft.dry_run = body.boolean("dry_run").value_or(false);
               body.finish();
               const auto plan = c.services.messages.send(c.actor(), id, draft);
               nlohmann::json j(nlohmann::json::value_t::object);
               j["recipients"] = plan.recipients.size();
               if (!draft.dry_run) {
                 j["id"] = plan.id;
                 writeJson(response, 202, j);
                 return;
               }
               auto sample = nlohmann::json::array();
               for (std::size_t i = 0; i < plan.recipients.size() && i < kSampleSize; ++i) {
                 const auto& r = plan.recipients[i];
                 sample.push_back({{"contact_id", r.contact_id}, {"name", r.name}, {"organisation", r.organisation}});
               }
               j["sample"] = sample;
               j["excluded"] = excludedJson(plan.excluded, kExcludedShown);
               j["excluded_total"] = plan.excluded.size();
               j["preview"] = {{"subject", plan.sample_subject}, {"body", plan.sample_body}};
               writeJson(response, 200, j);
             });

  router.add("GET", "/api/v1/events/{id}/messages", domain::Action::read_event_messages,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               QueryReader query(c.request, {"lang"});
               callerLanguage(c, query);
               query.done();
               const auto& zone = c.services.zone;
               auto items = nlohmann::json::array();
               for (const auto& m : c.services.messages.history(c.actor(), id)) {
                 nlohmann::json j(nlohmann::json::value_t::object);
                 j["id"] = m.id;
                 j["event_id"] = m.event_id;
                 j["subject"] = m.subject;
                 j["body"] = m.body;
                 j["to"] = domain::toString(m.to);
                 j["recipients"] = m.recipients;
                 j["created_by"] = m.created_by ? nlohmann::json(*m.created_by) : nullptr;
                 j["created_at"] = formatIsoTimestamp(m.created_at, zone);
                 j["queued"] = m.queued;
                 j["sent"] = m.sent;
                 j["failed"] = m.failed;
                 j["skipped"] = m.skipped;
                 items.push_back(std::move(j));
               }
               writeJson(response, 200, nlohmann::json{{"items", items}});
             });

  // Who will get the event's reminder and when, and who not and why: before anything is sent.
  router.add("GET", "/api/v1/events/{id}/reminders", domain::Action::read_event_messages,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               QueryReader query(c.request, {"lang"});
               callerLanguage(c, query);
               query.done();
               const auto plan = c.services.messages.reminderPlan(c.actor(), id);
               nlohmann::json j(nlohmann::json::value_t::object);
               j["reminder_hours"] = plan.reminder_hours;
               j["due_at"] = plan.due_at ? nlohmann::json(formatIsoTimestamp(*plan.due_at, c.services.zone)) : nullptr;
               auto recipients = nlohmann::json::array();
               for (const auto& r : plan.recipients)
                 recipients.push_back({{"contact_id", r.contact_id},
                                       {"name", r.name},
                                       {"organisation", r.organisation},
                                       {"reminded", r.reminded}});
               j["recipients"] = recipients;
               j["excluded"] = excludedJson(plan.excluded);
               writeJson(response, 200, j);
             });

  // Announcements to a segment of the network (people with newsletter consent): a dry run shows how many,
  // a sample and everyone left out with the reason; otherwise the announcement is queued for them all.
  router.add("POST", "/api/v1/messages", domain::Action::send_announcement,
             [](RequestContext& c, HttpResponse& response) {
               JsonFields body(c.request.body);
               domain::AnnouncementDraft draft;
               draft.subject = body.string("subject").value_or("");
               draft.body = body.string("body").value_or("");
               if (auto organisations = body.object("organisations")) {
                 draft.segment.kinds = organisations->stringArray("kind").value_or(std::vector<std::string>{});
                 draft.segment.police_district_ids = segmentIds(*organisations, "police_district_id");
                 draft.segment.region_ids = segmentIds(*organisations, "region_id");
                 organisations->finishInto(body);
               } else if (!body.has("organisations")) {
                 body.fail("organisations", "is required (an empty object names every active organisation)");
               }
               const auto eventId = body.nullableInteger("event_id");
               if (eventId && *eventId) draft.event_id = **eventId;
               draft.dry_run = body.boolean("dry_run").value_or(false);
               body.finish();
               const auto plan = c.services.messages.announce(c.actor(), draft);
               nlohmann::json j(nlohmann::json::value_t::object);
               j["recipients"] = plan.recipients;
               if (!draft.dry_run) {
                 j["id"] = plan.id;
                 writeJson(response, 202, j);
                 return;
               }
               auto sample = nlohmann::json::array();
               for (const auto& r : plan.sample)
                 sample.push_back({{"contact_id", r.contact_id}, {"name", r.name}, {"organisation", r.organisation}});
               j["sample"] = sample;
               j["excluded"] = excludedJson(plan.excluded, kExcludedShown);
               j["excluded_total"] = plan.excluded.size();
               j["preview"] = {{"subject", plan.sample_subject}, {"body", plan.sample_body}};
               writeJson(response, 200, j);
             });

  router.add(
      "GET", "/api/v1/messages", domain::Action::list_announcements, [](RequestContext& c, HttpResponse& response) {
        QueryReader query(c.request, {"limit", "offset", "lang"});
        const auto page = query.page();
        callerLanguage(c, query);
        query.done();
        const auto& zone = c.services.zone;
        writeJson(response, 200,
                  pageJson(c.services.messages.announcements(c.actor(), page), [&zone](const domain::Announcement& a) {
                    nlohmann::json j(nlohmann::json::value_t::object);
                    j["id"] = a.id;
                    j["subject"] = a.subject;
                    j["body"] = a.body;
                    j["organisations"] = {{"kind", a.segment.kinds},
                                          {"police_district_id", a.segment.police_district_ids},
                                          {"region_id", a.segment.region_ids}};
                    j["event_id"] = a.event_id ? nlohmann::json(*a.event_id) : nullptr;
                    j["recipients"] = a.recipients;
                    j["created_by"] = a.created_by ? nlohmann::json(*a.created_by) : nullptr;
                    j["created_by_name"] = a.created_by_name;
                    j["created_at"] = formatIsoTimestamp(a.created_at, zone);
                    j["queued"] = a.queued;
                    j["sent"] = a.sent;
                    j["failed"] = a.failed;
                    j["skipped"] = a.skipped;
                    return j;
                  }));
      });
  // The texts of the automatic mail (administrators): every template (stored or default), one, a change
  // of its four texts, and a preview filled in for a real registration (optionally of an unsaved draft).
  router.add("GET", "/api/v1/message-templates", domain::Action::read_message_templates,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {"lang"});
               callerLanguage(c, query);
               query.done();
               auto items = nlohmann::json::array();
               for (const auto& t : c.services.messages.templates(c.actor()))
                 items.push_back(templateJson(t, c.services.zone));
               writeJson(response, 200, nlohmann::json{{"items", items}});
             });
  router.add("GET", "/api/v1/message-templates/{code}", domain::Action::read_message_templates,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {"lang"});
               callerLanguage(c, query);
               query.done();
               writeTemplate(response, c.services.messages.messageTemplate(c.actor(), c.params.at("code")),
                             c.services.zone);
             });
  router.add("PUT", "/api/v1/message-templates/{code}", domain::Action::update_message_template,
             [](RequestContext& c, HttpResponse& response) {
               JsonFields body(c.request.body);
               domain::TemplateTexts texts;
               texts.subject_da = body.string("subject_da").value_or("");
               texts.body_da = body.string("body_da").value_or("");
               texts.subject_en = body.string("subject_en").value_or("");
               texts.body_en = body.string("body_en").value_or("");
               // `code` is read only: it may be sent back as read, but must name this template.
               if (const auto code = body.string("code"); code && *code != c.params.at("code"))
                 body.fail("code", "is read only");
               // What a GET answers besides the texts may come back as read; it is not stored.
               for (const auto* readOnly : {"customised", "updated_at", "updated_by", "placeholders"})
                 body.markRead(readOnly);
               body.finish();
               writeTemplate(response, c.services.messages.updateTemplate(c.actor(), c.params.at("code"), texts),
                             c.services.zone);
             });
  router.add("POST", "/api/v1/message-templates/{code}/preview", domain::Action::read_message_templates,
             [](RequestContext& c, HttpResponse& response) {
               JsonFields body(c.request.body);
               const auto registrationId = body.integer("registration_id");
               if (!registrationId && !body.has("registration_id")) body.fail("registration_id", "is required");
               domain::MessageService::TemplateDraft draft;
               draft.subject_da = body.string("subject_da");
               draft.body_da = body.string("body_da");
               draft.subject_en = body.string("subject_en");
               draft.body_en = body.string("body_en");
               body.finish();
               if (!registrationId || *registrationId < 1)
                 throw domain::DomainError(domain::ErrorCode::not_found, "Not found");
               const auto preview =
                   c.services.messages.previewTemplate(c.actor(), c.params.at("code"), *registrationId, draft);
               writeJson(response, 200,
                         nlohmann::json{{"subject", preview.subject},
                                        {"body", preview.body},
                                        {"language", domain::toString(preview.language)}});
             });
}

}  // namespace brobygger::api
