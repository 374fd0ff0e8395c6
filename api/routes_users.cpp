#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"

namespace brobygger::api {

namespace {

domain::Role readRole(JsonFields& body, const std::string& value) {
  const auto role = domain::roleFrom(value);
  if (!role) body.fail("role", "must be admin, officer, manager or partner");
  return role.value_or(domain::Role::officer);
}

// `police_district_ids`: at most 12 small integers (the domain checks that they exist).
std::optional<std::vector<int>> readDistricts(JsonFields& body) {
  const auto ids = body.integerArray("police_district_ids");
  if (!ids) return std::nullopt;
  std::vector<int> out;
  for (const auto id : *ids) {
    if (id < 1 || id > 100000) {
      body.fail("police_district_ids", "holds an unknown police district");
      return std::nullopt;
    }
    out.push_back(static_cast<int>(id));
  }
  if (out.size() > 12) body.fail("police_district_ids", "at most 12 police districts");
  return out;
}
}  // namespace

void addUserRoutes(Router& router) {
  // Who can hold work: names of the active administrators and officers, for pickers and labels.
  router.add("GET", "/api/v1/staff", domain::Action::list_staff, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {});
    query.done();
    auto items = nlohmann::json::array();
    for (const auto& user : c.services.users.staff(c.actor()))
      items.push_back({{"id", user.id}, {"name", user.name}, {"role", domain::toString(user.role)}});
    writeJson(response, 200, items);
  });

  router.add("GET", "/api/v1/users", domain::Action::list_users, [](RequestContext& c, HttpResponse& response) {
    QueryReader query(c.request, {"q", "role", "status", "limit", "offset", "format", "lang"});
    domain::UserQuery filter;
    filter.q = query.text("q");
    filter.page = query.page();
    domain::Violations bad;
    filter.role = codeFilter(query, "role", domain::roleFrom, "must be admin, officer, manager or partner", bad);
    filter.status = codeFilter(query, "status", domain::userStatusFrom, "must be active or disabled", bad);
    answerList(
        c, response, query, bad, userTable(), "users",
        [&](const auto& sink) { c.services.users.exportList(c.actor(), filter, sink); },
        [&] { return c.services.users.list(c.actor(), filter); },
        [&](const auto& u) { return toJson(u, c.services.zone); });
  });

  router.add("POST", "/api/v1/users", domain::Action::create_user, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    for (const auto* field : {"email", "name", "role", "password"}) body.require(field);
    domain::NewUser input;
    input.email = body.string("email").value_or("");
    input.name = body.string("name").value_or("");
    if (const auto role = body.string("role")) input.role = readRole(body, *role);
    if (const auto organisation = body.nullableInteger("organisation_id"); organisation && *organisation)
      input.organisation_id = **organisation;
    input.password = body.string("password").value_or("");
    if (auto districts = readDistricts(body)) input.police_district_ids = std::move(*districts);
    if (const auto language = readLanguage(body)) input.language = *language;
    body.finish();
    const auto user = c.services.users.create(c.actor(), input);
    writeResource(response, 201, toJson(user, c.services.zone), user.version);
    response.header("Location", "/api/v1/users/" + std::to_string(user.id));
  });

  router.add("GET", "/api/v1/users/{id}", domain::Action::read_user, [](RequestContext& c, HttpResponse& response) {
    const auto user = c.services.users.get(c.actor(), c.id());
    writeResource(response, 200, toJson(user, c.services.zone), user.version);
  });

  router.add("PATCH", "/api/v1/users/{id}", domain::Action::update_user, [](RequestContext& c, HttpResponse& response) {
    const auto id = c.id();
    JsonFields body(c.request.body);
    domain::UserChanges changes;
    changes.name = body.string("name");
    if (const auto role = body.string("role")) changes.role = readRole(body, *role);
    changes.organisation_id = toIdChange(body.nullableInteger("organisation_id"));
    if (const auto status = body.string("status")) {
      changes.status = domain::userStatusFrom(*status);
      if (!changes.status) body.fail("status", "must be active or disabled");
    }
    changes.password = body.string("password");
    changes.police_district_ids = readDistricts(body);
    changes.language = readLanguage(body);
    body.finish();
    const auto user = c.services.users.update(c.actor(), id, changes, c.ifMatch());
    writeResource(response, 200, toJson(user, c.services.zone), user.version);
  });

  router.add("POST", "/api/v1/users/{id}/sessions/revoke", domain::Action::revoke_user_sessions,
             [](RequestContext& c, HttpResponse& response) {
               const auto revoked = c.services.users.revokeSessions(c.actor(), c.id());
               writeJson(response, 200, {{"revoked", revoked}});
             });
}

}  // namespace brobygger::api
