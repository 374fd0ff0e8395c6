#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"

namespace brobygger::api {

namespace {

std::optional<domain::ContactSort> sortFrom(const std::string& value) {
  using domain::ContactSort;
  if (value == "name") return ContactSort::name;
  if (value == "-name") return ContactSort::name_desc;
  if (value == "created_at") return ContactSort::created_at;
  if (value == "-created_at") return ContactSort::created_at_desc;
  return std::nullopt;
}

}  // namespace

void addContactRoutes(Router& router) {
  router.add("GET", "/api/v1/contacts", domain::Action::list_contacts, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"q", "organisation_id", "status", "sort", "limit", "offset", "format", "lang"});
    domain::ContactQuery filter;
    filter.q = query.text("q");
    if (const auto v = query.integer("organisation_id")) filter.organisation_id = *v;
    filter.status = query.status();
    filter.page = query.page();
    domain::Violations bad;
    if (const auto sort = query.text("sort")) {
      if (auto s = sortFrom(*sort)) filter.sort = *s;
      else bad.add("sort", "must be one of name, -name, created_at, -created_at");
    }
    answerList(
        c, response, query, bad, contactTable(), "contacts",
        [&](const auto& sink) { c.services.contacts.exportList(c.actor(), filter, sink); },
        [&] { return c.services.contacts.list(c.actor(), filter); },
        [&](const auto& contact) { return toJson(contact, c.services.zone); });
  });

  router.add("POST", "/api/v1/contacts", domain::Action::create_contact, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    for (const auto* field : {"organisation_id", "name"}) body.require(field);
    domain::NewContact input;
    input.organisation_id = body.integer("organisation_id").value_or(0);
    input.name = body.string("name").value_or("");
    input.title = body.nullableString("title").value_or(std::nullopt);
    input.email = body.nullableString("email").value_or(std::nullopt);
    input.phone = body.nullableString("phone").value_or(std::nullopt);
    if (const auto language = readLanguage(body)) input.language = *language;
    if (auto consent = body.object("consent")) {
      if (const auto v = consent->boolean("invitations")) input.consent.invitations = *v;
      if (const auto v = consent->boolean("newsletter")) input.consent.newsletter = *v;
      consent->finishInto(body);
    }
    body.finish();
    const auto contact = c.services.contacts.create(c.actor(), input);
    writeResource(response, 201, toJson(contact, c.services.zone), contact.version);
    response.header("Location", "/api/v1/contacts/" + std::to_string(contact.id));
  });

  router.add("GET", "/api/v1/contacts/{id}", domain::Action::read_contact,
             [](RequestContext& c, HttpResponse& response) {
               const auto contact = c.services.contacts.get(c.actor(), c.id());
               writeResource(response, 200, toJson(contact, c.services.zone), contact.version);
             });

  router.add("PATCH", "/api/v1/contacts/{id}", domain::Action::update_contact,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::ContactChanges changes;
               if (const auto v = body.integer("organisation_id")) changes.organisation_id = *v;
               changes.name = body.string("name");
               changes.title = body.nullableString("title");
               changes.email = body.nullableString("email");
               changes.phone = body.nullableString("phone");
               changes.language = readLanguage(body);
               if (auto consent = body.object("consent")) {
                 changes.consent_invitations = consent->boolean("invitations");
                 changes.consent_newsletter = consent->boolean("newsletter");
                 consent->finishInto(body);
               }
               if (const auto status = body.string("status")) {
                 changes.status = domain::recordStatusFrom(*status);
                 if (changes.status == domain::RecordStatus::merged) changes.status.reset();  // only by a merge
                 if (!changes.status) body.fail("status", "must be active or archived");
               }
               for (const auto* required : {"organisation_id", "name", "language", "status", "consent"}) {
                 if (body.isNull(required)) body.fail(required, "must not be null");
               }
               body.finish();
               const auto contact = c.services.contacts.update(c.actor(), id, changes, c.ifMatch());
               writeResource(response, 200, toJson(contact, c.services.zone), contact.version);
             });

  router.add("DELETE", "/api/v1/contacts/{id}", domain::Action::archive_contact,
             [](RequestContext& c, HttpResponse& response) {
               c.services.contacts.archive(c.actor(), c.id(), c.ifMatch());
               response.status = 204;
             });

  // Everything held about the person, for a data-subject access request (GDPR art. 15).
  router.add(
      "GET", "/api/v1/contacts/{id}/export", domain::Action::export_contact,
      [](RequestContext& c, HttpResponse& response) {
        const auto data = c.services.contacts.exportData(c.actor(), c.id());
        nlohmann::json out(nlohmann::json::value_t::object);
        out["contact"] = toJson(data.contact, c.services.zone);
        out["organisation"] = {{"id", data.contact.organisation_id}, {"name", data.organisation_name}};
        auto& registrations = out["registrations"] = nlohmann::json::array();
        for (const auto& r : data.registrations) registrations.push_back(toJson(r, c.services.zone));
        auto& events = out["events"] = nlohmann::json::array();
        for (const auto& e : data.events) events.push_back(toJson(e, c.actor(), c.services.zone));
        auto& history = out["history"] = nlohmann::json::array();
        for (const auto& h : data.history) {
          nlohmann::json entry{
              {"at", formatIsoTimestamp(h.at, c.services.zone)},
              {"user_id", h.user_id ? nlohmann::json(*h.user_id) : nlohmann::json(nullptr)},
              {"action", domain::toString(h.action)},
              {"resource", h.resource},
              {"resource_id", h.resource_id ? nlohmann::json(*h.resource_id) : nlohmann::json(nullptr)}};
          auto fields = nlohmann::json::array();
          for (const auto& f : h.fields) {
            nlohmann::json field{{"field", f.field}, {"personal", f.personal}};
            if (!f.personal) {
              field["old"] = f.old_value ? nlohmann::json(*f.old_value) : nlohmann::json(nullptr);
              field["new"] = f.new_value ? nlohmann::json(*f.new_value) : nlohmann::json(nullptr);
            }
            fields.push_back(std::move(field));
          }
          entry["fields"] = std::move(fields);
          history.push_back(std::move(entry));
        }
        const auto organisationName = [&](domain::Id id) {
          const auto found = data.organisation_names.find(id);
          return found == data.organisation_names.end() ? nlohmann::json(nullptr) : nlohmann::json(found->second);
        };
        auto& activities = out["activities"] = nlohmann::json::array();
        for (const auto& a : data.activities)
          activities.push_back({{"id", a.id},
                                {"kind", a.kind},
                                {"occurred_at", formatIsoTimestamp(a.occurred_at, c.services.zone)},
                                {"organisation_id", a.organisation_id},
                                {"organisation_name", organisationName(a.organisation_id)},
                                {"subject", a.subject},
                                {"notes", a.notes},
                                {"notes_cleared_at", a.notes_cleared_at ? nlohmann::json(formatIsoTimestamp(
                                                                              *a.notes_cleared_at, c.services.zone))
                                                                        : nlohmann::json(nullptr)},
                                {"user_id", a.user_id},
                                {"event_id", a.event_id ? nlohmann::json(*a.event_id) : nlohmann::json(nullptr)}});
        auto& followUps = out["follow_ups"] = nlohmann::json::array();
        for (const auto& f : data.follow_ups)
          followUps.push_back(
              {{"id", f.id},
               {"organisation_id", f.organisation_id},
               {"organisation_name", organisationName(f.organisation_id)},
               {"contact_id", f.contact_id ? nlohmann::json(*f.contact_id) : nlohmann::json(nullptr)},
               {"activity_id", f.activity_id ? nlohmann::json(*f.activity_id) : nlohmann::json(nullptr)},
               {"title", f.title},
               {"due_on", f.due_on.iso()},
               {"status", domain::toString(f.status)},
               {"done_at",
                f.done_at ? nlohmann::json(formatIsoTimestamp(*f.done_at, c.services.zone)) : nlohmann::json(nullptr)},
               {"assigned_user_id", f.assigned_user_id}});
        out["exported_at"] = formatIsoTimestamp(
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()), c.services.zone);
        writeJson(response, 200, out);
        response.header("Content-Disposition",
                        "attachment; filename=\"contact-" + std::to_string(data.contact.id) + ".json\"");
      });

  // Erasure (GDPR art. 17): the person becomes an anonymous participant; counts stay.
  router.add("POST", "/api/v1/contacts/{id}/erase", domain::Action::erase_contact,
             [](RequestContext& c, HttpResponse& response) {
               const auto contact = c.services.contacts.erase(c.actor(), c.id());
               writeResource(response, 200, toJson(contact, c.services.zone), contact.version);
             });
}

}  // namespace brobygger::api
