#include "api/problem.hpp"
#include "api/route_support.hpp"

namespace brobygger::api {

void addOperationRoutes(Router& router) {
  router.add("GET", "/healthz", domain::Action::health, [](RequestContext&, HttpResponse& response) {
    writeJson(response, 200, {{"status", "ok"}});
  });
  // Prometheus' text format, to the addresses in BROBYGGER_METRICS_ALLOW only (the peer's address:
  // X-Forwarded-For does not count, so a proxy on this host must not pass /metrics on).
  router.add("GET", "/metrics", domain::Action::health, [](RequestContext& c, HttpResponse& response) {
    if (!c.metrics || !addressAllowed(c.request.remote, c.settings.metrics_allow)) {
      writeProblem(response, 403, "Metrics are served only to the addresses in BROBYGGER_METRICS_ALLOW", c.language);
      return;
    }
    response.status = 200;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = c.metrics->render(c.settings.version);
  });
  router.add("GET", "/readyz", domain::Action::health, [](RequestContext& context, HttpResponse& response) {
    if (context.services.store.ping()) {
      writeJson(response, 200, {{"status", "ready"}});
    } else {
      writeProblem(response, 503, "The database is not reachable", context.language);
      response.header("Retry-After", "5");
    }
  });
}

void addReferenceRoutes(Router& router) {
  router.add("GET", "/api/v1/reference/regions", domain::Action::read_reference,
             [](RequestContext& c, HttpResponse& response) {
               auto items = nlohmann::json::array();
               for (const auto& r : c.services.catalog.data().regions)
                 items.push_back({{"id", r.id}, {"code", r.code}, {"name_da", r.name_da}, {"name_en", r.name_en}});
               writeJson(response, 200, items);
             });
  router.add("GET", "/api/v1/reference/police-districts", domain::Action::read_reference,
             [](RequestContext& c, HttpResponse& response) {
               auto items = nlohmann::json::array();
               for (const auto& d : c.services.catalog.data().police_districts)
                 items.push_back({{"id", d.id}, {"code", d.code}, {"name_da", d.name_da}, {"name_en", d.name_en}});
               writeJson(response, 200, items);
             });
  router.add("GET", "/api/v1/reference/municipalities", domain::Action::read_reference,
             [](RequestContext& c, HttpResponse& response) {
               auto items = nlohmann::json::array();
               for (const auto& m : c.services.catalog.data().municipalities)
                 items.push_back({{"id", m.id},
                                  {"code", m.code},
                                  {"name_da", m.name_da},
                                  {"name_en", m.name_en},
                                  {"region_id", m.region_id},
                                  {"police_district_id", m.police_district_id}});
               writeJson(response, 200, items);
             });
  router.add(
      "GET", "/api/v1/reference/organisation-kinds", domain::Action::read_reference,
      [](RequestContext& c, HttpResponse& response) {
        auto items = nlohmann::json::array();
        for (const auto& k : c.services.catalog.data().organisation_kinds)
          items.push_back({{"code", k.code}, {"name_da", k.name_da}, {"name_en", k.name_en}, {"group", k.group}});
        writeJson(response, 200, items);
      });
  router.add("GET", "/api/v1/reference/event-kinds", domain::Action::read_reference,
             [](RequestContext& c, HttpResponse& response) {
               auto items = nlohmann::json::array();
               for (const auto& k : c.services.catalog.data().event_kinds)
                 items.push_back({{"code", k.code}, {"name_da", k.name_da}, {"name_en", k.name_en}});
               writeJson(response, 200, items);
             });
  router.add("GET", "/api/v1/reference/activity-kinds", domain::Action::read_reference,
             [](RequestContext& c, HttpResponse& response) {
               auto items = nlohmann::json::array();
               for (const auto& k : c.services.catalog.data().activity_kinds)
                 items.push_back({{"code", k.code}, {"name_da", k.name_da}, {"name_en", k.name_en}});
               writeJson(response, 200, items);
             });
}

}  // namespace brobygger::api
