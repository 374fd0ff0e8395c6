// The audit trail, for administrators: who did what to which resource and whose data, when.
#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/audit_service.hpp"

namespace brobygger::api {

namespace {

nlohmann::json toJson(const domain::AuditEntry& e, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = e.id;
  j["at"] = formatIsoTimestamp(e.at, zone);
  j["user_id"] = e.user_id ? nlohmann::json(*e.user_id) : nlohmann::json(nullptr);
  j["action"] = domain::toString(e.action);
  j["resource"] = e.resource;
  j["resource_id"] = e.resource_id ? nlohmann::json(*e.resource_id) : nlohmann::json(nullptr);
  j["contact_ids"] = e.subjects;
  auto fields = nlohmann::json::array();
  for (const auto& f : e.fields) {
    nlohmann::json field{{"field", f.field}, {"personal", f.personal}};
    if (!f.personal) {
      field["old"] = f.old_value ? nlohmann::json(*f.old_value) : nlohmann::json(nullptr);
      field["new"] = f.new_value ? nlohmann::json(*f.new_value) : nlohmann::json(nullptr);
    }
    fields.push_back(std::move(field));
  }
  j["fields"] = std::move(fields);
  return j;
}

}  // namespace

void addAuditRoutes(Router& router) {
  router.add("GET", "/api/v1/audit", domain::Action::read_audit, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"user_id", "resource", "resource_id", "contact_id", "action", "from", "to", "limit",
                                  "offset", "format", "lang"});
    domain::AuditQuery filter;
    filter.user_id = query.integer("user_id");
    filter.resource = query.text("resource");
    filter.resource_id = query.integer("resource_id");
    filter.subject = query.integer("contact_id");
    domain::Violations bad;
    filter.action = codeFilter(query, "action", domain::auditActionFrom,
                               "must be create, update, delete, read, export, erase or login", bad);
    filter.from = timeFilter(query, "from", false, c.services.zone, bad);
    filter.to = timeFilter(query, "to", true, c.services.zone, bad);
    filter.page = query.page();
    answerList(
        c, response, query, bad, auditTable(), "audit",
        [&](const auto& sink) { c.services.audit.exportSearch(c.actor(), filter, sink); },
        [&] { return c.services.audit.search(c.actor(), filter); },
        [&](const auto& e) { return toJson(e, c.services.zone); });
  });
}

}  // namespace brobygger::api
