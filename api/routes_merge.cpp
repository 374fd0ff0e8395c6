// Likely duplicates, merge of two organisations or two people, and the merge journal with undo.
// Registered before the organisation and contact routes: `/organisations/duplicates` must not be read
// as `/organisations/{id}`.
#include "api/route_support.hpp"
#include "domain/merge_service.hpp"

namespace brobygger::api {

namespace {

nlohmann::json toJson(const domain::DuplicatePair& pair) {
  return {{"a", pair.a}, {"b", pair.b}, {"score", pair.score}, {"reasons", pair.reasons}};
}

nlohmann::json toJson(const domain::MergeRecord& m, const domain::TimeZone& zone) {
  const auto counts = domain::countMoves(m.moves);
  auto fields = nlohmann::json::array();
  for (const auto& move : m.moves)
    if (move.what == "field" && move.value) fields.push_back(*move.value);
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = m.id;
  j["kind"] = domain::toString(m.kind);
  j["kept_id"] = m.kept_id;
  j["from_id"] = m.from_id;
  j["created_by"] = m.created_by ? nlohmann::json(*m.created_by) : nlohmann::json(nullptr);
  j["created_at"] = formatIsoTimestamp(m.created_at, zone);
  j["undo_until"] = formatIsoTimestamp(m.undo_until, zone);
  j["undone_at"] = m.undone_at ? nlohmann::json(formatIsoTimestamp(*m.undone_at, zone)) : nlohmann::json(nullptr);
  j["undone_by"] = m.undone_by ? nlohmann::json(*m.undone_by) : nlohmann::json(nullptr);
  j["undoable"] = m.undoable;
  j["counts"] = {{"contacts", counts.contacts},
                 {"registrations", counts.registrations},
                 {"registrations_cancelled", counts.registrations_cancelled},
                 {"activities", counts.activities},
                 {"follow_ups", counts.follow_ups},
                 {"invitations", counts.invitations},
                 {"users", counts.users},
                 {"roster_places", counts.roster_places}};
  j["fields_filled"] = std::move(fields);
  return j;
}

void listDuplicates(RequestContext& c, HttpResponse& response, domain::MergeKind kind) {
  QueryReader query(c.request, {"limit", "offset"});
  domain::DuplicateQuery filter;
  filter.kind = kind;
  filter.page = query.page();
  query.done();
  writeJson(response, 200,
            pageJson(c.services.merges.duplicates(c.actor(), filter), [](const auto& p) { return toJson(p); }));
}

void dismiss(RequestContext& c, HttpResponse& response, domain::MergeKind kind) {
  JsonFields body(c.request.body);
  body.require("a");
  body.require("b");
  const auto a = body.integer("a"), b = body.integer("b");
  if (a && *a <= 0) body.fail("a", "must be a positive id");
  if (b && *b <= 0) body.fail("b", "must be a positive id");
  body.finish();
  c.services.merges.dismiss(c.actor(), kind, *a, *b);
  response.status = 204;
}

domain::Id fromId(JsonFields& body) {
  body.require("from_id");
  const auto from = body.integer("from_id");
  if (from && *from <= 0) body.fail("from_id", "must be a positive id");
  body.finish();
  return *from;
}

}  // namespace

void addMergeRoutes(Router& router) {
  router.add(
      "GET", "/api/v1/organisations/duplicates", domain::Action::list_organisation_duplicates,
      [](RequestContext& c, HttpResponse& response) { listDuplicates(c, response, domain::MergeKind::organisation); });
  router.add(
      "GET", "/api/v1/contacts/duplicates", domain::Action::list_contact_duplicates,
      [](RequestContext& c, HttpResponse& response) { listDuplicates(c, response, domain::MergeKind::contact); });
  router.add("POST", "/api/v1/organisations/duplicates/dismissals", domain::Action::merge_organisations,
             [](RequestContext& c, HttpResponse& response) { dismiss(c, response, domain::MergeKind::organisation); });
  router.add("POST", "/api/v1/contacts/duplicates/dismissals", domain::Action::merge_contacts,
             [](RequestContext& c, HttpResponse& response) { dismiss(c, response, domain::MergeKind::contact); });

  router.add("POST", "/api/v1/organisations/{id}/merge", domain::Action::merge_organisations,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               const auto from = fromId(body);
               const auto kept = c.services.merges.mergeOrganisations(c.actor(), id, from);
               writeResource(response, 200, toJson(kept, c.services.zone), kept.version);
             });
  router.add("POST", "/api/v1/contacts/{id}/merge", domain::Action::merge_contacts,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               const auto from = fromId(body);
               const auto kept = c.services.merges.mergeContacts(c.actor(), id, from);
               writeResource(response, 200, toJson(kept, c.services.zone), kept.version);
             });

  router.add("GET", "/api/v1/merges", domain::Action::list_merges, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"kind", "limit", "offset"});
    domain::MergeQuery filter;
    domain::Violations bad;
    if (const auto kind = query.text("kind")) {
      filter.kind = domain::mergeKindFrom(*kind);
      if (!filter.kind) bad.add("kind", "must be organisation or contact");
    }
    filter.page = query.page();
    query.done();
    bad.throwIfAny();
    writeJson(response, 200, pageJson(c.services.merges.list(c.actor(), filter), [&](const auto& m) {
                return toJson(m, c.services.zone);
              }));
  });
  router.add("POST", "/api/v1/merges/{id}/undo", domain::Action::undo_merge,
             [](RequestContext& c, HttpResponse& response) {
               writeJson(response, 200, toJson(c.services.merges.undo(c.actor(), c.id()), c.services.zone));
             });
}

}  // namespace brobygger::api
