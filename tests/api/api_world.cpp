#include "api_world.hpp"

namespace brobygger::testing {

using nlohmann::json;

World::World() {
  HttpClient client(server.base());
  for (const auto* role : {"admin", "officer", "manager", "partner"}) {
    const auto reply = client.request(
        "POST", "/api/v1/auth/login",
        json{{"email", std::string(role) + "@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
    if (reply.status != 200) throw std::runtime_error("demo login failed for " + std::string(role));
    tokens[role] = reply.json().at("token");
    user_ids[role] = reply.json().at("user").at("id");
    user_names[role] = reply.json().at("user").value("name", std::string());
    if (std::string(role) == "partner") partner_organisation = reply.json().at("user").at("organisation_id");
  }
  const auto list = client.get("/api/v1/organisations?limit=5", {bearer("officer")}).json();
  for (const auto& o : list.at("items")) {
    if (o.at("id") != partner_organisation) {
      other_organisation = o.at("id");
      break;
    }
  }
}

World& world() {
  static World instance;
  return instance;
}

HttpClient& client() {
  static HttpClient instance(world().server.base());
  return instance;
}

Reply as(const std::string& role, const std::string& method, const std::string& path, const json& body,
         std::vector<std::string> headers) {
  headers.push_back(world().bearer(role));
  return client().request(method, path, body.is_null() ? "" : body.dump(), headers);
}

void checkProblem(const Reply& reply, long status) {
  INFO(reply.status << " " << reply.body);
  CHECK(reply.status == status);
  CHECK(reply.header("content-type") == "application/problem+json");
  const auto body = json::parse(reply.body, nullptr, false);
  REQUIRE_FALSE(body.is_discarded());
  CHECK(body.value("status", 0L) == status);
  CHECK(body.value("type", std::string()).rfind("https://brobygger.dk/problems/", 0) == 0);
  CHECK_FALSE(body.value("title", std::string()).empty());
  CHECK(body.contains("detail"));
}

bool hasFieldError(const json& body, const std::string& field) {
  if (!body.contains("errors")) return false;
  for (const auto& e : body.at("errors"))
    if (e.at("field") == field) return true;
  return false;
}

bool hasFieldError(const Reply& reply, const std::string& field) {
  const auto body = json::parse(reply.body, nullptr, false);
  return !body.is_discarded() && hasFieldError(body, field);
}

}  // namespace brobygger::testing
