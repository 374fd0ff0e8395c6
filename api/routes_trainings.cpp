// Trainings for partner authorities (issue 16): a person's training record and the certificate of an
// attended training as a PDF. The overview of people trained is in routes_reports.cpp.
#include "api/json_io.hpp"
#include "api/route_support.hpp"

namespace brobygger::api {

void addTrainingRoutes(Router& router) {
  router.add("GET", "/api/v1/contacts/{id}/trainings", domain::Action::read_contact_trainings,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {});
               query.done();
               const auto record = c.services.trainings.record(c.actor(), c.id());
               const auto& zone = c.services.zone;
               nlohmann::json out(nlohmann::json::value_t::object);
               out["contact_id"] = record.contact_id;
               auto& items = out["items"] = nlohmann::json::array();
               for (const auto& t : record.items) {
                 nlohmann::json j(nlohmann::json::value_t::object);
                 j["registration_id"] = t.registration_id;
                 j["event_id"] = t.event_id;
                 j["title"] = t.title;
                 j["starts_at"] = formatIsoTimestamp(t.starts_at, zone);
                 j["ends_at"] = formatIsoTimestamp(t.ends_at, zone);
                 j["all_day"] = t.all_day;
                 j["event_status"] = domain::toString(t.event_status);
                 j["organisation_id"] = t.organisation_id;
                 j["certificate_url"] =
                     "/api/v1/registrations/" + std::to_string(t.registration_id) + "/certificate.pdf";
                 items.push_back(std::move(j));
               }
               out["total"] = record.items.size();
               writeJson(response, 200, out);
             });

  router.add("GET", "/api/v1/registrations/{id}/certificate.pdf", domain::Action::download_certificate,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {});
               query.done();
               const auto document = c.services.trainings.certificate(c.actor(), c.id());
               response.status = 200;
               response.content_type = "application/pdf";
               response.body = c.services.certificates.pdf(document);
               response.header("Content-Disposition", "attachment; filename=\"" + document.file_stem + ".pdf\"");
             });
}

}  // namespace brobygger::api
