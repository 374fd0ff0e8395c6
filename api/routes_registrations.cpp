#include "api/export.hpp"
#include "api/language.hpp"
#include "api/problem.hpp"
#include "api/route_support.hpp"
#include "domain/event_services.hpp"

namespace brobygger::api {

namespace {

using domain::Registration;

template <class T>
nlohmann::json orNull(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json timeOrNull(const std::optional<domain::Timestamp>& t, const domain::TimeZone& zone) {
  return t ? nlohmann::json(formatIsoTimestamp(*t, zone)) : nlohmann::json(nullptr);
}

constexpr std::size_t kCsvMaxRows = 10000;

}  // namespace

nlohmann::json toJson(const Registration& r, const domain::TimeZone& zone) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["id"] = r.id;
  j["event_id"] = r.event_id;
  j["contact_id"] = r.contact_id;
  j["contact_name"] = r.contact_name;
  j["contact_has_email"] = r.contact_has_email;
  j["organisation_id"] = r.organisation_id;
  j["organisation_name"] = r.organisation_name;
  j["status"] = domain::toString(r.status);
  j["registered_at"] = formatIsoTimestamp(r.registered_at, zone);
  j["registered_by"] = orNull(r.registered_by);
  j["cancelled_at"] = timeOrNull(r.cancelled_at, zone);
  j["cancelled_by"] = orNull(r.cancelled_by);
  j["checked_in_at"] = timeOrNull(r.checked_in_at, zone);
  j["checked_in_by"] = orNull(r.checked_in_by);
  j["updated_at"] = formatIsoTimestamp(r.updated_at, zone);
  j["version"] = r.version;
  return j;
}

const ExportTable<domain::Registration>& attendanceTable() {
  using R = domain::Registration;
  using domain::ColumnKind;
  static const ExportTable<R> table{
      "attendance",
      "Fremmøde",
      "Attendance",
      {{"registration_id", "registration_id", ColumnKind::integer, 8,
        [](const R& r) { return domain::TableCell(r.id); }},
       {"name", "name", ColumnKind::text, 28, [](const R& r) { return domain::TableCell(r.contact_name); }},
       {"organisation", "organisation", ColumnKind::text, 30,
        [](const R& r) { return domain::TableCell(r.organisation_name); }},
       {"status", "status", ColumnKind::text, 11,
        [](const R& r) { return domain::TableCell(std::string(domain::toString(r.status))); }},
       {"registered_at", "registered_at", ColumnKind::date_time, 17,
        [](const R& r) { return domain::TableCell(r.registered_at); }},
       {"checked_in_at", "checked_in_at", ColumnKind::date_time, 17,
        [](const R& r) { return cellOf(r.checked_in_at); }}}};
  return table;
}

void addRegistrationRoutes(Router& router) {
  router.add("GET", "/api/v1/events/{id}/registrations", domain::Action::list_registrations,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               QueryReader query(c.request, {"status", "limit", "offset", "format", "lang"});
               domain::RegistrationQuery filter;
               filter.event_id = id;
               domain::Violations bad;
               filter.status = codeFilter(query, "status", domain::registrationStatusFrom,
                                          "must be confirmed, waitlisted, cancelled, attended or no_show", bad);
               filter.page = query.page();
               answerList(
                   c, response, query, bad, registrationTable(), "registrations-event-" + std::to_string(id),
                   [&](const auto& sink) { c.services.registrations.exportList(c.actor(), filter, sink); },
                   [&] { return c.services.registrations.list(c.actor(), filter); },
                   [&](const auto& r) { return toJson(r, c.services.zone); });
             });

  router.add(
      "POST", "/api/v1/events/{id}/registrations", domain::Action::register_people,
      [](RequestContext& c, HttpResponse& /*answered later*/) {
        const auto eventId = c.id();
        JsonFields body(c.request.body);
        const auto single = body.integer("contact_id");
        const auto many = body.integerArray("contact_ids");
        std::vector<domain::NewContact> newContacts;
        if (body.has("new_contacts")) {
          // People not yet in the register, created for the request's organisation and registered.
          const auto raw = *body.raw("new_contacts");
          if (!raw.is_array() || raw.size() > 50) {
            body.markRead("new_contacts");
            body.fail("new_contacts", "must be an array of at most 50 people");
          } else {
            for (const auto& item : raw) {
              JsonFields person(item.dump());
              domain::NewContact contact;
              contact.organisation_id =
                  person.integer("organisation_id").value_or(c.actor().organisation_id.value_or(0));
              contact.name = person.string("name").value_or("");
              contact.title = person.nullableString("title").value_or(std::nullopt);
              contact.email = person.nullableString("email").value_or(std::nullopt);
              contact.phone = person.nullableString("phone").value_or(std::nullopt);
              if (const auto language = person.string("language")) {
                if (const auto l = domain::languageFrom(*language)) contact.language = *l;
                else person.fail("language", "must be da or en");
              }
              person.finish();
              newContacts.push_back(contact);
            }
            body.markRead("new_contacts");  // its items were checked above
          }
        }
        if (single && (many || !newContacts.empty()))
          body.fail("contact_id", "send either contact_id or contact_ids/new_contacts");
        if (!single && (!many || many->empty()) && newContacts.empty())
          body.fail("contact_ids", "name at least one person");
        body.finish();

        // Answered later: the request waits in the event's lane without holding a worker, and
        // whichever request leads the lane answers it (issue 17).
        std::vector<domain::Id> ids;
        if (single) ids.push_back(*single);
        else if (many) ids.assign(many->begin(), many->end());
        c.services.registrations.registerPeople(
            c.actor(), eventId, std::move(ids), std::move(newContacts),
            [later = c.later(), &zone = c.services.zone, language = c.language,
             one = single.has_value()](domain::RegistrationAnswer answer) {
              later([&](HttpResponse& response) {
                if (answer.error) std::rethrow_exception(answer.error);
                if (one) {
                  const auto& outcome = answer.outcomes.at(0);
                  if (outcome.problem) throw *outcome.problem;
                  const auto& registration = *outcome.registration;
                  writeResource(response, 201, toJson(registration, zone), registration.version);
                  response.header("Location", "/api/v1/registrations/" + std::to_string(registration.id));
                  return;
                }
                auto results = nlohmann::json::array();
                for (const auto& outcome : answer.outcomes) {
                  nlohmann::json row{{"contact_id", outcome.contact_id ? nlohmann::json(outcome.contact_id) : nullptr}};
                  if (outcome.registration) {
                    row["status"] = domain::toString(outcome.registration->status);
                    row["registration"] = toJson(*outcome.registration, zone);
                  } else {
                    row["status"] = "failed";
                    row["problem"] = problemBody(*outcome.problem, language);
                  }
                  results.push_back(std::move(row));
                }
                writeJson(response, 200, {{"results", std::move(results)}});
              });
            });
      });

  router.add("GET", "/api/v1/events/{id}/attendance.csv", domain::Action::export_attendance,
             [](RequestContext& c, HttpResponse& response) {
               // The older sign-in sheet: fixed machine-readable headers, cancelled registrations left out;
               // written by the one export mechanism (the full list is registrations?format=csv|xlsx).
               const auto attendance = c.services.registrations.attendance(c.actor(), c.id(), kCsvMaxRows);
               sendExport(
                   c, response, domain::TableFormat::csv, attendanceTable(), domain::Language::da,
                   "attendance-event-" + std::to_string(attendance.event.id),
                   [&](const auto& sink) { sink(attendance.rows); }, false);
             });

  router.add("GET", "/api/v1/registrations/{id}", domain::Action::read_registration,
             [](RequestContext& c, HttpResponse& response) {
               const auto registration = c.services.registrations.get(c.actor(), c.id());
               writeResource(response, 200, toJson(registration, c.services.zone), registration.version);
             });

  router.add("DELETE", "/api/v1/registrations/{id}", domain::Action::cancel_registration,
             [](RequestContext& c, HttpResponse& response) {
               c.services.registrations.cancel(c.actor(), c.id(), c.ifMatch());
               response.status = 204;
             });

  router.add("POST", "/api/v1/registrations/{id}/check-in", domain::Action::check_in,
             [](RequestContext& c, HttpResponse& response) {
               const auto registration = c.services.registrations.checkIn(c.actor(), c.id(), c.ifMatch());
               writeResource(response, 200, toJson(registration, c.services.zone), registration.version);
             });

  // A check-in made by mistake, undone (the check-in's policy row: the same people may do both).
  router.add("DELETE", "/api/v1/registrations/{id}/check-in", domain::Action::check_in,
             [](RequestContext& c, HttpResponse& response) {
               const auto registration = c.services.registrations.undoCheckIn(c.actor(), c.id(), c.ifMatch());
               writeResource(response, 200, toJson(registration, c.services.zone), registration.version);
             });

  router.add("POST", "/api/v1/registrations/{id}/substitute", domain::Action::substitute,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               body.require("contact_id");
               const auto contact = body.integer("contact_id");
               body.finish();
               const auto registration = c.services.registrations.substitute(c.actor(), id, *contact, c.ifMatch());
               writeResource(response, 200, toJson(registration, c.services.zone), registration.version);
             });

  router.add(
      "GET", "/api/v1/registrations/{id}/history", domain::Action::read_registration_history,
      [](RequestContext& c, HttpResponse& response) {
        auto items = nlohmann::json::array();
        for (const auto& h : c.services.registrations.history(c.actor(), c.id())) {
          items.push_back({{"at", formatIsoTimestamp(h.at, c.services.zone)},
                           {"user_id", orNull(h.user_id)},
                           {"action", h.action},
                           {"from_status", h.from_status ? nlohmann::json(domain::toString(*h.from_status)) : nullptr},
                           {"to_status", h.to_status ? nlohmann::json(domain::toString(*h.to_status)) : nullptr},
                           {"from_contact_id", orNull(h.from_contact_id)},
                           {"to_contact_id", orNull(h.to_contact_id)}});
        }
        writeJson(response, 200, {{"items", std::move(items)}});
      });
}

}  // namespace brobygger::api
