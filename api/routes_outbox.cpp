#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/messages.hpp"
#include "domain/outbox_service.hpp"

namespace brobygger::api {

namespace {

// `last_error` is stored in English (a skip reason or "SMTP delivery failed: <libcurl's words>") and
// shown in the caller's language.
nlohmann::json outboxJson(const domain::OutboxMessage& m, const domain::TimeZone& zone, domain::Language language) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = m.id;
  j["registration_id"] = m.registration_id ? nlohmann::json(m.registration_id) : nullptr;
  j["event_id"] = m.event_id ? nlohmann::json(m.event_id) : nullptr;
  j["contact_id"] = m.contact_id ? nlohmann::json(m.contact_id) : nullptr;
  j["user_id"] = m.user_id ? nlohmann::json(*m.user_id) : nullptr;
  j["reason"] = m.reason;
  j["status"] = domain::toString(m.status);
  j["attempts"] = m.attempts;
  j["recipient"] = m.recipient ? nlohmann::json(*m.recipient) : nullptr;
  j["last_error"] = m.last_error ? nlohmann::json(domain::translate(*m.last_error, language)) : nullptr;
  j["created_at"] = formatIsoTimestamp(m.created_at, zone);
  j["next_attempt_at"] = formatIsoTimestamp(m.next_attempt_at, zone);
  j["sent_at"] = m.sent_at ? nlohmann::json(formatIsoTimestamp(*m.sent_at, zone)) : nullptr;
  return j;
}

}  // namespace

void addOutboxRoutes(Router& router) {
  // Delivery status of invitation emails, for officers.
  router.add("GET", "/api/v1/outbox", domain::Action::read_outbox, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"status", "event_id", "limit", "offset", "format", "lang"});
    domain::OutboxQuery filter;
    domain::Violations bad;
    filter.status = codeFilter(query, "status", domain::outboxStatusFrom,
                               "must be queued, sending, sent, failed, superseded or skipped", bad);
    if (const auto v = query.integer("event_id")) filter.event_id = *v;
    filter.page = query.page();
    const auto list = finishListQuery(c, query, bad);
    if (list.format) {
      // The reasons in the file's language too, as the list shows them.
      sendExport(c, response, *list.format, outboxTable(), list.language, "outbox", [&](const auto& sink) {
        c.services.outbox.exportList(c.actor(), filter, [&](const std::vector<domain::OutboxMessage>& batch) {
          auto shown = batch;
          for (auto& m : shown)
            if (m.last_error) m.last_error = domain::translate(*m.last_error, list.language);
          sink(shown);
        });
      });
      return;
    }
    const auto& zone = c.services.zone;
    auto body = pageJson(c.services.outbox.list(c.actor(), filter),
                         [&zone, &list](const domain::OutboxMessage& m) { return outboxJson(m, zone, list.language); });
    body["relay_configured"] = c.settings.mail_relay_configured;
    writeJson(response, 200, body);
  });

  // A failed message queued again (its last error stays visible until it is sent).
  router.add("POST", "/api/v1/outbox/{id}/resend", domain::Action::resend_outbox,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               QueryReader query(c.request, {"lang"});
               const auto language = callerLanguage(c, query);
               query.done();
               writeJson(response, 200, outboxJson(c.services.outbox.resend(c.actor(), id), c.services.zone, language));
             });
}

}  // namespace brobygger::api
