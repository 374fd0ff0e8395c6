#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/message_service.hpp"

namespace brobygger::api {

namespace {

// The people planned for: at most this many in a dry run's sample and excluded list.
constexpr std::size_t kSampleSize = 20;

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
               auto excluded = nlohmann::json::array();
               for (const auto& e : plan.excluded)
                 excluded.push_back({{"contact_id", e.contact_id}, {"name", e.name}, {"reason", e.reason}});
               j["sample"] = sample;
               j["excluded"] = excluded;
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
}

}  // namespace brobygger::api
