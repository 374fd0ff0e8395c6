#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"

namespace brobygger::api {

namespace {

std::optional<domain::OrganisationSort> sortFrom(const std::string& value) {
  using domain::OrganisationSort;
  if (value == "name") return OrganisationSort::name;
  if (value == "-name") return OrganisationSort::name_desc;
  if (value == "created_at") return OrganisationSort::created_at;
  if (value == "-created_at") return OrganisationSort::created_at_desc;
  if (value == "updated_at") return OrganisationSort::updated_at;
  if (value == "-updated_at") return OrganisationSort::updated_at_desc;
  if (value == "last_activity_at") return OrganisationSort::last_activity_at;
  if (value == "-last_activity_at") return OrganisationSort::last_activity_at_desc;
  return std::nullopt;
}

std::optional<int> smallInt(JsonFields& body, const std::string& name, std::optional<long long> value) {
  if (!value) return std::nullopt;
  if (*value < 0 || *value > 1000000) {
    body.fail(name, "is out of range");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

}  // namespace

void addOrganisationRoutes(Router& router) {
  router.add("GET", "/api/v1/organisations", domain::Action::list_organisations,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(
                   c.request, {"q", "kind", "police_district_id", "municipality_id", "region_id", "responsible_user_id",
                               "status", "sort", "limit", "offset", "format", "lang"});
               domain::OrganisationQuery filter;
               filter.q = query.text("q");
               filter.kind = query.text("kind");
               filter.police_district_id = query.integerIn("police_district_id", 1, 1000000);
               filter.municipality_id = query.integerIn("municipality_id", 1, 1000000);
               filter.region_id = query.integerIn("region_id", 1, 1000000);
               const auto& actor = c.actor();
               filter.responsible_user_id = userIdFilter(query, "responsible_user_id", actor);
               filter.status = query.status();
               filter.page = query.page();
               domain::Violations bad;
               if (const auto sort = query.text("sort")) {
                 if (auto s = sortFrom(*sort)) filter.sort = *s;
                 else
                   bad.add("sort",
                           "must be one of name, -name, created_at, -created_at, updated_at, -updated_at, "
                           "last_activity_at, -last_activity_at");
               }
               const auto format = exportFormat(c.request, query);
               const auto language = callerLanguage(c, query);
               query.done();
               bad.throwIfAny();
               if (format) {
                 sendExport(c, response, *format, organisationTable(), language, "organisations",
                            [&](const auto& sink) { c.services.organisations.exportList(actor, filter, sink); });
                 return;
               }
               // The page as JSON is cached while the register's revision stays the same (one primary-key read
               // instead of a count, a page query and the serialisation). Partners' pages differ by scope.
               std::string key = actor.isPartner() ? "p" + std::to_string(actor.organisation_id.value_or(0)) : "staff";
               for (const auto district : actor.police_district_ids) key += "d" + std::to_string(district);
               for (const auto& [name, value] : c.request.query) key += "&" + name + "=" + value;
               // `me` names a different user for every caller.
               if (filter.responsible_user_id) key += "&responsible=" + std::to_string(*filter.responsible_user_id);
               response.status = 200;
               response.content_type = "application/json";
               response.body = c.services.organisation_pages.get(key, c.services.organisations.revision(), [&] {
                 return pageJson(c.services.organisations.list(actor, filter),
                                 [&](const auto& o) { return toJson(o, c.services.zone); })
                     .dump();
               });
             });

  router.add("POST", "/api/v1/organisations", domain::Action::create_organisation,
             [](RequestContext& c, HttpResponse& response) {
               JsonFields body(c.request.body);
               for (const auto* field : {"name", "kind", "municipality_id"}) body.require(field);
               domain::NewOrganisation input;
               input.name = body.string("name").value_or("");
               input.kind = body.string("kind").value_or("");
               input.municipality_id = smallInt(body, "municipality_id", body.integer("municipality_id")).value_or(0);
               input.cvr = body.nullableString("cvr").value_or(std::nullopt);
               input.address = body.nullableString("address").value_or(std::nullopt);
               input.website = body.nullableString("website").value_or(std::nullopt);
               input.tags = body.stringArray("tags").value_or(std::vector<std::string>{});
               if (const auto responsible = body.nullableInteger("responsible_user_id"); responsible && *responsible)
                 input.responsible_user_id = **responsible;
               body.finish();
               const auto organisation = c.services.organisations.create(c.actor(), input);
               writeResource(response, 201, toJson(organisation, c.services.zone), organisation.version);
               response.header("Location", "/api/v1/organisations/" + std::to_string(organisation.id));
             });

  router.add("GET", "/api/v1/organisations/{id}", domain::Action::read_organisation,
             [](RequestContext& c, HttpResponse& response) {
               const auto organisation = c.services.organisations.get(c.actor(), c.id());
               writeResource(response, 200, toJson(organisation, c.services.zone), organisation.version);
             });

  router.add("PATCH", "/api/v1/organisations/{id}", domain::Action::update_organisation,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::OrganisationChanges changes;
               changes.name = body.string("name");
               changes.kind = body.string("kind");
               changes.cvr = body.nullableString("cvr");
               changes.municipality_id = smallInt(body, "municipality_id", body.integer("municipality_id"));
               changes.address = body.nullableString("address");
               changes.website = body.nullableString("website");
               changes.tags = body.stringArray("tags");
               if (const auto status = body.string("status")) {
                 changes.status = domain::recordStatusFrom(*status);
                 if (changes.status == domain::RecordStatus::merged) changes.status.reset();  // only by a merge
                 if (!changes.status) body.fail("status", "must be active or archived");
               }
               changes.responsible_user_id = toIdChange(body.nullableInteger("responsible_user_id"));
               for (const auto* required : {"name", "kind", "municipality_id", "tags", "status"}) {
                 if (body.isNull(required)) body.fail(required, "must not be null");
               }
               body.finish();
               const auto organisation = c.services.organisations.update(c.actor(), id, changes, c.ifMatch());
               writeResource(response, 200, toJson(organisation, c.services.zone), organisation.version);
             });

  router.add("DELETE", "/api/v1/organisations/{id}", domain::Action::archive_organisation,
             [](RequestContext& c, HttpResponse& response) {
               c.services.organisations.archive(c.actor(), c.id(), c.ifMatch());
               response.status = 204;
             });

  // An organisation that leaves: every one of its people erased (admins).
  router.add("POST", "/api/v1/organisations/{id}/erase-contacts", domain::Action::erase_organisation_contacts,
             [](RequestContext& c, HttpResponse& response) {
               const auto erased = c.services.contacts.eraseOrganisationContacts(c.actor(), c.id());
               writeJson(response, 200, {{"erased", erased}});
             });

  router.add("GET", "/api/v1/organisations/{id}/contacts", domain::Action::list_contacts,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               QueryReader query(c.request, {"q", "status", "limit", "offset"});
               domain::ContactQuery filter;
               filter.q = query.text("q");
               filter.status = query.status();
               filter.page = query.page();
               query.done();
               writeJson(response, 200,
                         pageJson(c.services.contacts.listForOrganisation(c.actor(), id, filter),
                                  [&](const auto& contact) { return toJson(contact, c.services.zone); }));
             });
}

}  // namespace brobygger::api
