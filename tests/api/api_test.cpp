// The HTTP contract, spoken to the real server over real HTTP, for every role and the bad inputs.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "api_world.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

// A CVR number with a valid modulus-11 check digit, different for each seed.
std::string validCvr(int seed) {
  static constexpr int kWeights[] = {2, 7, 6, 5, 4, 3, 2, 1};
  for (int candidate = 3000000 + seed * 37;; ++candidate) {
    auto digits = std::to_string(candidate);
    int sum = 0;
    for (int i = 0; i < 7; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * kWeights[i];
    const int check = (11 - sum % 11) % 11;
    if (check < 10) return digits + std::to_string(check);
  }
}

long long createOrganisation(const std::string& name, const json& extra = json::object()) {
  json body{{"name", name}, {"kind", "sports_club"}, {"municipality_id", 101}};
  body.update(extra);
  const auto reply = as("officer", "POST", "/api/v1/organisations", body);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json().at("id");
}

}  // namespace

TEST_CASE("health and readiness need no login", "[operations]") {
  HttpClient anonymous(world().server.base());
  const auto health = anonymous.get("/healthz");
  CHECK(health.status == 200);
  CHECK(health.json().at("status") == "ok");
  const auto ready = anonymous.get("/readyz");
  CHECK(ready.status == 200);
  CHECK(ready.json().at("status") == "ready");
}

TEST_CASE("every response carries the security headers", "[operations]") {
  for (const auto& reply : {client().get("/healthz"), client().get("/api/v1/me"), as("officer", "GET", "/api/v1/me"),
                            client().request("DELETE", "/healthz")}) {
    CHECK(reply.header("content-security-policy").find("default-src 'self'") != std::string::npos);
    CHECK(reply.header("content-security-policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(reply.header("x-content-type-options") == "nosniff");
    CHECK(reply.header("referrer-policy") == "no-referrer");
  }
}

TEST_CASE("login answers a token, an HttpOnly SameSite=Strict cookie and the user", "[auth]") {
  const auto reply =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "Officer@Demo.Brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
  REQUIRE(reply.status == 200);
  const auto body = reply.json();
  CHECK(body.at("token").get<std::string>().size() >= 40);
  CHECK(body.at("user").at("role") == "officer");
  CHECK(body.at("user").at("email") == "officer@demo.brobygger.dk");
  CHECK_FALSE(body.at("user").contains("password_hash"));
  CHECK(body.at("expires_at").get<std::string>().size() == 25);  // 2026-11-25T10:00:00+01:00
  const auto cookie = reply.header("set-cookie");
  CHECK(cookie.find("brobygger_session=" + body.at("token").get<std::string>()) == 0);
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
}

TEST_CASE("a wrong password and an unknown user get the same answer", "[auth]") {
  const auto wrong =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "manager@demo.brobygger.dk"}, {"password", "not the password"}}.dump());
  const auto unknown =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "nobody@demo.brobygger.dk"}, {"password", "not the password"}}.dump());
  checkProblem(wrong, 401);
  checkProblem(unknown, 401);
  CHECK(wrong.json().at("detail") == unknown.json().at("detail"));
}

TEST_CASE("login input is checked", "[auth]") {
  checkProblem(client().request("POST", "/api/v1/auth/login", "{\"email\":"), 400);
  const auto missing = client().request("POST", "/api/v1/auth/login", json{{"email", "a@b.dk"}}.dump());
  checkProblem(missing, 422);
  CHECK(hasFieldError(missing, "password"));
  checkProblem(client().request("POST", "/api/v1/auth/login", "email=a", {"Content-Type: text/plain"}), 415);
}

TEST_CASE("repeated failed logins for one email are throttled with Retry-After", "[auth]") {
  const auto attempt = [] {
    return client().request("POST", "/api/v1/auth/login",
                            json{{"email", "throttled@example.dk"}, {"password", "wrong password 123"}}.dump());
  };
  for (int i = 0; i < 10; ++i) CHECK(attempt().status == 401);
  const auto blocked = attempt();
  checkProblem(blocked, 429);
  CHECK(std::stoi(blocked.header("retry-after")) > 0);
  // Another account is not affected.
  const auto other =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "manager@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
  CHECK(other.status == 200);
}

TEST_CASE("without a session every API route answers 401", "[auth]") {
  HttpClient anonymous(world().server.base());
  for (const auto* path :
       {"/api/v1/me", "/api/v1/organisations", "/api/v1/contacts", "/api/v1/users", "/api/v1/reference/regions"}) {
    INFO(path);
    checkProblem(anonymous.get(path), 401);
  }
  checkProblem(anonymous.get("/api/v1/me", {"Authorization: Bearer not-a-token"}), 401);
}

TEST_CASE("me answers the logged-in user; logout ends the session", "[auth]") {
  const auto login =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "admin@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
  const std::string header = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  const auto me = client().get("/api/v1/me", {header});
  REQUIRE(me.status == 200);
  CHECK(me.json().at("role") == "admin");
  const auto logout = client().request("POST", "/api/v1/auth/logout", "", {header});
  CHECK(logout.status == 204);
  CHECK(logout.header("set-cookie").find("Max-Age=0") != std::string::npos);
  checkProblem(client().get("/api/v1/me", {header}), 401);
}

TEST_CASE("cookie sessions work and cookie writes need the CSRF header", "[auth]") {
  const std::string cookie = "Cookie: brobygger_session=" + world().tokens.at("officer");
  CHECK(client().get("/api/v1/me", {cookie}).status == 200);
  const json body{{"name", "Cookieforeningen"}, {"kind", "cultural_association"}, {"municipality_id", 147}};
  const auto refused = client().request("POST", "/api/v1/organisations", body.dump(), {cookie});
  checkProblem(refused, 403);
  const auto accepted =
      client().request("POST", "/api/v1/organisations", body.dump(), {cookie, "X-Requested-With: brobygger"});
  CHECK(accepted.status == 201);
  // Bearer tokens are not sent by browsers on their own, so they need no CSRF header.
  CHECK(as("officer", "PATCH", "/api/v1/organisations/" + std::to_string(accepted.json().at("id").get<long long>()),
           json{{"website", "https://cookie.example.dk"}})
            .status == 200);
}

TEST_CASE("reference data is complete and in the agreed shape", "[reference]") {
  const auto regions = as("partner", "GET", "/api/v1/reference/regions");
  REQUIRE(regions.status == 200);
  CHECK(regions.json().size() == 5);
  for (const auto& r : regions.json()) {
    CHECK(r.contains("id"));
    CHECK(r.contains("code"));
    CHECK(r.contains("name_da"));
    CHECK(r.contains("name_en"));
  }
  CHECK(as("manager", "GET", "/api/v1/reference/police-districts").json().size() == 12);
  const auto municipalities = as("officer", "GET", "/api/v1/reference/municipalities").json();
  CHECK(municipalities.size() == 98);
  bool copenhagen = false;
  for (const auto& m : municipalities) {
    if (m.at("id") == 101) {
      copenhagen = true;
      CHECK(m.at("name_da") == "København");
      CHECK(m.at("police_district_id") == 11);
      CHECK(m.at("region_id") == 1084);
    }
  }
  CHECK(copenhagen);
  const auto kinds = as("officer", "GET", "/api/v1/reference/organisation-kinds").json();
  CHECK(kinds.size() >= 20);
  CHECK(kinds[0].contains("group"));
  const auto eventKinds = as("officer", "GET", "/api/v1/reference/event-kinds").json();
  CHECK(eventKinds.size() == 4);
  CHECK(eventKinds[0].at("code") == "network_meeting");
}

TEST_CASE("an officer creates, reads, updates and archives an organisation", "[organisations]") {
  const auto cvr = validCvr(1);
  const auto created = as("officer", "POST", "/api/v1/organisations",
                          json{{"name", "  Nørrebro Boldklub  "},
                               {"kind", "sports_club"},
                               {"cvr", cvr.substr(0, 4) + " " + cvr.substr(4)},
                               {"municipality_id", 751},
                               {"address", "Jægergårdsgade 1\n8000 Aarhus C"},
                               {"website", "https://noerrebro-bk.dk"},
                               {"tags", {"fodbold", "unge"}}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto body = created.json();
  const auto id = body.at("id").get<long long>();
  CHECK(created.header("location") == "/api/v1/organisations/" + std::to_string(id));
  CHECK(created.header("etag") == "\"v1\"");
  CHECK(body.at("name") == "Nørrebro Boldklub");
  CHECK(body.at("cvr") == cvr);
  CHECK(body.at("police_district_id") == 2);  // Aarhus: Østjyllands Politi
  CHECK(body.at("region_id") == 1082);
  CHECK(body.at("status") == "active");
  CHECK(body.at("tags") == json({"fodbold", "unge"}));
  const auto createdAt = body.at("created_at").get<std::string>();
  CHECK((createdAt.substr(19) == "+01:00" || createdAt.substr(19) == "+02:00"));

  const auto path = "/api/v1/organisations/" + std::to_string(id);
  const auto read = as("manager", "GET", path);
  REQUIRE(read.status == 200);
  CHECK(read.json().at("address") == "Jægergårdsgade 1\n8000 Aarhus C");
  CHECK(read.header("etag") == "\"v1\"");

  const auto patched =
      as("officer", "PATCH", path, json{{"name", "Nørrebro BK"}, {"website", nullptr}}, {"If-Match: \"v1\""});
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("name") == "Nørrebro BK");
  CHECK(patched.json().at("website").is_null());
  CHECK(patched.json().at("cvr") == cvr);
  CHECK(patched.header("etag") == "\"v2\"");

  const auto stale = as("officer", "PATCH", path, json{{"name", "Forældet"}}, {"If-Match: \"v1\""});
  checkProblem(stale, 412);
  CHECK(as("officer", "GET", path).json().at("name") == "Nørrebro BK");

  checkProblem(as("officer", "DELETE", path, nullptr, {"If-Match: \"v1\""}), 412);
  CHECK(as("officer", "DELETE", path).status == 204);
  CHECK(as("officer", "GET", path).json().at("status") == "archived");
  const auto activeOnly = as("officer", "GET", "/api/v1/organisations?q=N%C3%B8rrebro%20BK").json();
  CHECK(activeOnly.at("total") == 0);
  const auto archived = as("officer", "GET", "/api/v1/organisations?q=N%C3%B8rrebro%20BK&status=archived").json();
  CHECK(archived.at("total") == 1);
}

TEST_CASE("organisation rules answer 422 naming every broken field", "[organisations]") {
  const auto reply = as(
      "officer", "POST", "/api/v1/organisations",
      json{{"name", "X"}, {"kind", "circus"}, {"cvr", "12345678"}, {"municipality_id", 999}, {"website", "ftp://x"}});
  checkProblem(reply, 422);
  for (const auto* field : {"name", "kind", "cvr", "municipality_id", "website"}) {
    INFO(field);
    CHECK(hasFieldError(reply, field));
  }
  const auto unknown =
      as("officer", "POST", "/api/v1/organisations",
         json{{"name", "Ukendt Felt"}, {"kind", "sports_club"}, {"municipality_id", 101}, {"colour", "red"}});
  checkProblem(unknown, 422);
  CHECK(hasFieldError(unknown, "colour"));
  const auto wrongType = as("officer", "POST", "/api/v1/organisations",
                            json{{"name", "Forkert Type"}, {"kind", "sports_club"}, {"municipality_id", "101"}});
  checkProblem(wrongType, 422);
  CHECK(hasFieldError(wrongType, "municipality_id"));
  const auto missing = as("officer", "POST", "/api/v1/organisations", json::object());
  checkProblem(missing, 422);
  CHECK(hasFieldError(missing, "name"));
  CHECK(hasFieldError(missing, "kind"));
  CHECK(hasFieldError(missing, "municipality_id"));
  const auto newline = as("officer", "POST", "/api/v1/organisations",
                          json{{"name", "To\nlinjer"}, {"kind", "sports_club"}, {"municipality_id", 101}});
  CHECK(hasFieldError(newline, "name"));
  checkProblem(as("officer", "POST", "/api/v1/organisations", json::array()), 422);
}

TEST_CASE("a duplicate CVR answers 409 with the existing id", "[organisations]") {
  const auto cvr = validCvr(2);
  const auto first = createOrganisation("CVR Original", {{"cvr", cvr}});
  const auto second = as("officer", "POST", "/api/v1/organisations",
                         json{{"name", "CVR Kopi"}, {"kind", "foundation"}, {"municipality_id", 101}, {"cvr", cvr}});
  checkProblem(second, 409);
  CHECK(second.json().at("existing_id") == first);
}

TEST_CASE("organisation lists filter, sort and page", "[organisations]") {
  const auto all = as("manager", "GET", "/api/v1/organisations?limit=200").json();
  CHECK(all.at("total").get<long long>() > 250);
  CHECK(all.at("limit") == 200);
  CHECK(all.at("items").size() == 200);
  const auto page = as("officer", "GET", "/api/v1/organisations?limit=10&offset=20").json();
  CHECK(page.at("offset") == 20);
  CHECK(page.at("items").size() == 10);
  CHECK(page.at("total") == all.at("total"));

  const auto district = as("officer", "GET", "/api/v1/organisations?police_district_id=12&limit=200").json();
  CHECK(district.at("total").get<int>() >= 1);
  for (const auto& o : district.at("items")) CHECK(o.at("police_district_id") == 12);

  const auto kind = as("officer", "GET", "/api/v1/organisations?kind=municipality&limit=200").json();
  CHECK(kind.at("total").get<int>() >= 90);
  for (const auto& o : kind.at("items")) CHECK(o.at("kind") == "municipality");

  const auto municipality = as("officer", "GET", "/api/v1/organisations?municipality_id=400").json();
  for (const auto& o : municipality.at("items")) CHECK(o.at("municipality_id") == 400);

  const auto search = as("officer", "GET", "/api/v1/organisations?q=kommune&limit=5").json();
  for (const auto& o : search.at("items")) {
    auto name = o.at("name").get<std::string>();
    CHECK(name.find("Kommune") != std::string::npos);
  }

  const auto down = as("officer", "GET", "/api/v1/organisations?sort=-name&limit=3").json().at("items");
  const auto up = as("officer", "GET", "/api/v1/organisations?sort=name&limit=3").json().at("items");
  CHECK(down[0].at("id") != up[0].at("id"));

  checkProblem(as("officer", "GET", "/api/v1/organisations?limit=0"), 422);
  checkProblem(as("officer", "GET", "/api/v1/organisations?limit=201"), 422);
  checkProblem(as("officer", "GET", "/api/v1/organisations?offset=-1"), 422);
  const auto notNumber = as("officer", "GET", "/api/v1/organisations?limit=ten");
  checkProblem(notNumber, 400);
  CHECK(hasFieldError(notNumber, "limit"));
  const auto unknownParam = as("officer", "GET", "/api/v1/organisations?colour=red");
  checkProblem(unknownParam, 400);
  CHECK(hasFieldError(unknownParam, "colour"));
  checkProblem(as("officer", "GET", "/api/v1/organisations?sort=size"), 422);
  checkProblem(as("officer", "GET", "/api/v1/organisations?status=gone"), 422);
}

TEST_CASE("ids, paths and methods are handled like a careful server would", "[http]") {
  const auto id = createOrganisation("Sti Forening");
  const auto idText = std::to_string(id);
  checkProblem(as("officer", "GET", "/api/v1/organisations/abc"), 404);
  checkProblem(as("officer", "GET", "/api/v1/organisations/0"), 404);
  checkProblem(as("officer", "GET", "/api/v1/organisations/99999999"), 404);
  checkProblem(as("officer", "GET", "/api/v1/nothing-here"), 404);
  // Percent-encoded digits and a trailing slash reach the same resource.
  std::string encoded;
  for (char c : idText) encoded += "%3" + std::string(1, c);
  CHECK(as("officer", "GET", "/api/v1/organisations/" + encoded).json().at("id") == id);
  CHECK(as("officer", "GET", "/api/v1/organisations/" + idText + "/").status == 200);
  const auto head = as("officer", "HEAD", "/api/v1/organisations/" + idText);
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  const auto wrongMethod = as("officer", "PUT", "/api/v1/organisations/" + idText, json{{"name", "x"}});
  checkProblem(wrongMethod, 405);
  CHECK(wrongMethod.header("allow") == "GET, HEAD, PATCH, DELETE");
  checkProblem(client().request("POST", "/healthz"), 405);
}

TEST_CASE("bodies over 1 MiB answer 413 and nothing is stored", "[http]") {
  const std::string name = "Stor " + std::string(1024 * 1024, 'x');
  const auto reply = as("officer", "POST", "/api/v1/organisations",
                        json{{"name", name}, {"kind", "sports_club"}, {"municipality_id", 101}});
  checkProblem(reply, 413);
  CHECK(as("officer", "GET", "/api/v1/organisations?q=Stor%20xxxx").json().at("total") == 0);
}

TEST_CASE("non-JSON bodies answer 415, malformed JSON 400", "[http]") {
  checkProblem(client().request("POST", "/api/v1/organisations", "name,kind\nA,b",
                                {world().bearer("officer"), "Content-Type: text/csv"}),
               415);
  checkProblem(client().request("POST", "/api/v1/organisations", "name=x",
                                {world().bearer("officer"), "Content-Type: application/x-www-form-urlencoded"}),
               415);
  checkProblem(client().request("POST", "/api/v1/organisations", "{\"name\": ", {world().bearer("officer")}), 400);
}

TEST_CASE("keep-alive: consecutive requests share one connection", "[http]") {
  HttpClient keepAlive(world().server.base());
  CHECK(keepAlive.get("/healthz").header("x-test-new-connections") == "1");
  CHECK(keepAlive.get("/healthz").header("x-test-new-connections") == "0");
  CHECK(keepAlive.get("/api/v1/me", {world().bearer("officer")}).header("x-test-new-connections") == "0");
}

TEST_CASE("a manager reads organisations but changes nothing and sees no people", "[roles]") {
  const auto id = createOrganisation("Ledelsens Læsning");
  const auto path = "/api/v1/organisations/" + std::to_string(id);
  CHECK(as("manager", "GET", path).status == 200);
  checkProblem(as("manager", "POST", "/api/v1/organisations",
                  json{{"name", "Ledelse Opretter"}, {"kind", "sports_club"}, {"municipality_id", 101}}),
               403);
  checkProblem(as("manager", "PATCH", path, json{{"name", "Ændret"}}), 403);
  checkProblem(as("manager", "DELETE", path), 403);
  checkProblem(as("manager", "GET", "/api/v1/contacts"), 403);
  checkProblem(as("manager", "GET", path + "/contacts"), 403);
  checkProblem(as("manager", "POST", "/api/v1/contacts", json{{"organisation_id", id}, {"name", "Skjult Person"}}),
               403);
  checkProblem(as("manager", "GET", "/api/v1/users"), 403);
}

TEST_CASE("a partner sees and changes only its own organisation", "[roles]") {
  const auto own = world().partner_organisation;
  const auto other = world().other_organisation;
  const auto list = as("partner", "GET", "/api/v1/organisations?limit=200").json();
  REQUIRE(list.at("total") == 1);
  CHECK(list.at("items")[0].at("id") == own);
  const auto ownPath = "/api/v1/organisations/" + std::to_string(own);
  const auto otherPath = "/api/v1/organisations/" + std::to_string(other);
  CHECK(as("partner", "GET", ownPath).status == 200);
  checkProblem(as("partner", "GET", otherPath), 404);
  checkProblem(as("partner", "PATCH", otherPath, json{{"name", "Overtaget"}}), 404);
  checkProblem(as("partner", "PATCH", otherPath, json{{"kind", "foundation"}}), 404);
  checkProblem(as("partner", "DELETE", otherPath), 404);
  checkProblem(as("partner", "GET", otherPath + "/contacts"), 404);
  const auto renamed = as("partner", "PATCH", ownPath, json{{"address", "Klubhuset\nBanevej 2"}});
  CHECK(renamed.status == 200);
  CHECK(renamed.json().at("address") == "Klubhuset\nBanevej 2");
  const auto reclassify = as("partner", "PATCH", ownPath, json{{"kind", "foundation"}, {"status", "archived"}});
  checkProblem(reclassify, 422);
  CHECK(hasFieldError(reclassify, "kind"));
  CHECK(hasFieldError(reclassify, "status"));
  checkProblem(as("partner", "DELETE", ownPath), 403);
  checkProblem(as("partner", "POST", "/api/v1/organisations",
                  json{{"name", "Partners Nye"}, {"kind", "sports_club"}, {"municipality_id", 101}}),
               403);
  checkProblem(as("partner", "GET", "/api/v1/users"), 403);
}

TEST_CASE("contacts: create, normalise, find, update, archive", "[contacts]") {
  const auto org = createOrganisation("Kontaktforeningen");
  const auto created = as("officer", "POST", "/api/v1/contacts",
                          json{{"organisation_id", org},
                               {"name", "Fatima Østergaard-Qvist"},
                               {"title", "Formand"},
                               {"email", "Fatima.Oestergaard@Example.dk"},
                               {"phone", "22 33 44 55"},
                               {"language", "en"},
                               {"consent", {{"newsletter", true}}}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto contact = created.json();
  const auto id = contact.at("id").get<long long>();
  CHECK(created.header("location") == "/api/v1/contacts/" + std::to_string(id));
  CHECK(contact.at("phone") == "+45 2233 4455");
  CHECK(contact.at("language") == "en");
  CHECK(contact.at("consent").at("invitations") == true);
  CHECK(contact.at("consent").at("newsletter") == true);
  CHECK(contact.at("consent").at("source") == "officer");  // how and when the consent was recorded
  CHECK(contact.at("consent").at("updated_at") == contact.at("created_at"));
  CHECK(contact.at("erased_at").is_null());
  CHECK(contact.at("status") == "active");

  const auto path = "/api/v1/contacts/" + std::to_string(id);
  CHECK(as("officer", "GET", path).json().at("name") == "Fatima Østergaard-Qvist");
  const auto list = as("officer", "GET", "/api/v1/organisations/" + std::to_string(org) + "/contacts").json();
  CHECK(list.at("total") == 1);
  CHECK(list.at("items")[0].at("id") == id);
  CHECK(as("officer", "GET", "/api/v1/contacts?q=%C3%98STERGAARD-QVIST").json().at("total") == 1);

  const auto duplicate =
      as("officer", "POST", "/api/v1/contacts",
         json{{"organisation_id", org}, {"name", "Dobbelt"}, {"email", "fatima.oestergaard@example.DK"}});
  checkProblem(duplicate, 409);
  CHECK(duplicate.json().at("existing_id") == id);

  const auto patched = as("officer", "PATCH", path, json{{"phone", nullptr}, {"consent", {{"invitations", false}}}},
                          {"If-Match: \"v1\""});
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("phone").is_null());
  CHECK(patched.json().at("consent").at("invitations") == false);
  CHECK(patched.json().at("consent").at("newsletter") == true);

  CHECK(as("officer", "DELETE", path).status == 204);
  CHECK(as("officer", "GET", path).json().at("status") == "archived");
  CHECK(as("officer", "GET", "/api/v1/organisations/" + std::to_string(org) + "/contacts").json().at("total") == 0);
}

TEST_CASE("contact rules answer 422 naming the field", "[contacts]") {
  const auto org = createOrganisation("Reglernes Forening");
  const auto reply = as(
      "officer", "POST", "/api/v1/contacts",
      json{{"organisation_id", org}, {"name", "B"}, {"email", "not-an-email"}, {"phone", "123"}, {"language", "sv"}});
  checkProblem(reply, 422);
  for (const auto* field : {"language"}) CHECK(hasFieldError(reply, field));
  const auto rules = as("officer", "POST", "/api/v1/contacts",
                        json{{"organisation_id", org}, {"name", "B"}, {"email", "not-an-email"}, {"phone", "123"}});
  for (const auto* field : {"name", "email", "phone"}) {
    INFO(field);
    CHECK(hasFieldError(rules, field));
  }
  const auto unknownOrg =
      as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", 99999999}, {"name", "Ingen"}});
  CHECK(hasFieldError(unknownOrg, "organisation_id"));
  const auto nested = as("officer", "POST", "/api/v1/contacts",
                         json{{"organisation_id", org}, {"name", "Indlejret"}, {"consent", {{"sms", true}}}});
  checkProblem(nested, 422);
  CHECK(hasFieldError(nested, "consent.sms"));
}

TEST_CASE("a partner keeps its own people and cannot see anyone else's", "[roles]") {
  const auto own = world().partner_organisation;
  const auto other = world().other_organisation;
  const auto mine = as("partner", "POST", "/api/v1/contacts",
                       json{{"organisation_id", own}, {"name", "Partnerens Person"}, {"email", "pp@example.dk"}});
  REQUIRE(mine.status == 201);
  const auto foreign =
      as("partner", "POST", "/api/v1/contacts", json{{"organisation_id", other}, {"name", "Fremmed Person"}});
  checkProblem(foreign, 422);
  CHECK(hasFieldError(foreign, "organisation_id"));

  const auto list = as("partner", "GET", "/api/v1/contacts?limit=200").json();
  CHECK(list.at("total").get<int>() >= 1);
  for (const auto& c : list.at("items")) CHECK(c.at("organisation_id") == own);
  CHECK(as("partner", "GET", "/api/v1/contacts?organisation_id=" + std::to_string(other)).json().at("total") == 0);

  const auto theirs = as("officer", "POST", "/api/v1/contacts",
                         json{{"organisation_id", other}, {"name", "Andens Person"}, {"email", "ap@example.dk"}});
  REQUIRE(theirs.status == 201);
  const auto theirPath = "/api/v1/contacts/" + std::to_string(theirs.json().at("id").get<long long>());
  checkProblem(as("partner", "GET", theirPath), 404);
  checkProblem(as("partner", "PATCH", theirPath, json{{"name", "Kapret"}}), 404);
  checkProblem(as("partner", "DELETE", theirPath), 404);
  CHECK(as("officer", "GET", theirPath).json().at("name") == "Andens Person");

  // A duplicate email in another organisation is refused without revealing whose it is.
  const auto clash = as("partner", "POST", "/api/v1/contacts",
                        json{{"organisation_id", own}, {"name", "Samme Mail"}, {"email", "AP@example.dk"}});
  checkProblem(clash, 409);
  CHECK_FALSE(clash.json().contains("existing_id"));
  const auto mineAgain = as("partner", "POST", "/api/v1/contacts",
                            json{{"organisation_id", own}, {"name", "Samme Mail"}, {"email", "PP@example.dk"}});
  checkProblem(mineAgain, 409);
  CHECK(mineAgain.json().at("existing_id") == mine.json().at("id"));

  const auto minePath = "/api/v1/contacts/" + std::to_string(mine.json().at("id").get<long long>());
  const auto move = as("partner", "PATCH", minePath, json{{"organisation_id", other}});
  checkProblem(move, 422);
  CHECK(as("partner", "PATCH", minePath, json{{"title", "Træner"}}).json().at("title") == "Træner");
}

TEST_CASE("administrators manage users; nobody else may", "[users]") {
  const auto created = as("admin", "POST", "/api/v1/users",
                          json{{"email", "Ny.Officer@Example.dk"},
                               {"name", "Ny Officer"},
                               {"role", "officer"},
                               {"password", "a long enough password"}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto id = created.json().at("id").get<long long>();
  CHECK(created.json().at("email") == "ny.officer@example.dk");
  CHECK_FALSE(created.json().contains("password"));
  CHECK_FALSE(created.json().contains("password_hash"));
  const auto path = "/api/v1/users/" + std::to_string(id);
  CHECK(as("admin", "GET", path).json().at("name") == "Ny Officer");
  CHECK(as("admin", "GET", "/api/v1/users?role=officer").json().at("total").get<int>() >= 2);

  const auto login =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "ny.officer@example.dk"}, {"password", "a long enough password"}}.dump());
  REQUIRE(login.status == 200);
  const std::string header = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  const auto disabled = as("admin", "PATCH", path, json{{"status", "disabled"}});
  CHECK(disabled.json().at("status") == "disabled");
  checkProblem(client().get("/api/v1/me", {header}), 401);  // disabling ends the sessions

  const auto duplicate = as("admin", "POST", "/api/v1/users",
                            json{{"email", "NY.OFFICER@example.dk"},
                                 {"name", "Igen"},
                                 {"role", "officer"},
                                 {"password", "a long enough password"}});
  checkProblem(duplicate, 409);
  CHECK(duplicate.json().at("existing_id") == id);
  const auto shortPassword =
      as("admin", "POST", "/api/v1/users",
         json{{"email", "kort@example.dk"}, {"name", "Kort"}, {"role", "manager"}, {"password", "short"}});
  checkProblem(shortPassword, 422);
  CHECK(hasFieldError(shortPassword, "password"));
  const auto partnerWithout = as(
      "admin", "POST", "/api/v1/users",
      json{{"email", "p2@example.dk"}, {"name", "P To"}, {"role", "partner"}, {"password", "a long enough password"}});
  CHECK(hasFieldError(partnerWithout, "organisation_id"));
  const auto badRole =
      as("admin", "POST", "/api/v1/users",
         json{{"email", "r@example.dk"}, {"name", "Rolle"}, {"role", "king"}, {"password", "a long enough password"}});
  CHECK(hasFieldError(badRole, "role"));
  for (const auto* role : {"officer", "manager", "partner"}) {
    INFO(role);
    checkProblem(as(role, "GET", "/api/v1/users"), 403);
    checkProblem(as(role, "GET", path), 403);
    checkProblem(as(role, "PATCH", path, json{{"name", "x y"}}), 403);
    checkProblem(
        as(role, "POST", "/api/v1/users",
           json{{"email", "x@example.dk"}, {"name", "X Y"}, {"role", "admin"}, {"password", "a long enough password"}}),
        403);
  }
}

TEST_CASE("sessions live in the database: a second server process honours them", "[auth][processes]") {
  ServerProcess second(world().data.database());
  HttpClient other(second.base());
  const auto login =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "officer@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
  const std::string header = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  CHECK(other.get("/api/v1/me", {header}).status == 200);
  CHECK(other.request("POST", "/api/v1/auth/logout", "", {header}).status == 204);
  checkProblem(client().get("/api/v1/me", {header}), 401);
  CHECK(second.stop() == 0);  // SIGTERM stops gracefully
}

TEST_CASE("the web admin is served with a strict CSP and safe paths", "[static]") {
  const auto root = std::filesystem::temp_directory_path() / ("brobygger-web-" + std::to_string(getpid()));
  std::filesystem::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<!doctype html><title>Brobygger test page</title>";
  std::ofstream(root / "assets" / "app-1234.js") << "console.log('app')";
  ServerProcess web(world().data.database(), {{"BROBYGGER_WEB_ROOT", root.string()}});
  HttpClient browser(web.base());
  const auto index = browser.get("/");
  CHECK(index.status == 200);
  CHECK(index.body.find("Brobygger test page") != std::string::npos);
  CHECK(index.header("content-type").rfind("text/html", 0) == 0);
  CHECK(index.header("content-security-policy").find("default-src 'self'") != std::string::npos);
  CHECK(index.header("cache-control") == "no-cache");
  const auto route = browser.get("/organisations/12");  // a client-side route
  CHECK(route.status == 200);
  CHECK(route.body == index.body);
  const auto asset = browser.get("/assets/app-1234.js");
  CHECK(asset.status == 200);
  CHECK(asset.header("content-type").rfind("text/javascript", 0) == 0);
  CHECK(asset.header("cache-control").find("immutable") != std::string::npos);
  checkProblem(browser.get("/assets/missing.js"), 404);
  checkProblem(browser.get("/assets/%2e%2e/%2e%2e/etc/passwd"), 404);
  checkProblem(browser.get("/../../etc/passwd"), 404);
  checkProblem(browser.request("POST", "/index.html", "{}"), 405);
  std::filesystem::remove_all(root);
}

TEST_CASE("the command line adds users and refuses bad ones", "[cli]") {
  auto env = world().data.env();
  env["BROBYGGER_PASSWORD"] = "";
  const auto [code, output] =
      runCommand({"user", "add", "--email", "cli@example.dk", "--name", "Kommando Linje", "--role", "manager"}, env,
                 "password from stdin\n");
  CHECK(code == 0);
  CHECK(output.find("cli@example.dk") != std::string::npos);
  const auto login = client().request("POST", "/api/v1/auth/login",
                                      json{{"email", "cli@example.dk"}, {"password", "password from stdin"}}.dump());
  CHECK(login.status == 200);
  env["BROBYGGER_PASSWORD"] = "short";
  CHECK(
      runCommand({"user", "add", "--email", "cli2@example.dk", "--name", "Kort Kode", "--role", "admin"}, env).first ==
      1);
  CHECK(runCommand({"user", "add", "--email", "cli3@example.dk", "--name", "Ingen Org", "--role", "partner"},
                   {{"BROBYGGER_DATABASE", world().data.database()}, {"BROBYGGER_PASSWORD", "long enough password"}})
            .first == 1);
}

TEST_CASE("the server recovers when MariaDB comes back", "[recovery]") {
  const char* ctl = std::getenv("BROBYGGER_MARIADB_CTL");
  const char* dir = std::getenv("BROBYGGER_MARIADB_DIR");
  REQUIRE(ctl);
  REQUIRE(dir);
  CHECK(as("officer", "GET", "/api/v1/organisations?limit=1").status == 200);
  REQUIRE(std::system((std::string(ctl) + " stop " + dir).c_str()) == 0);
  checkProblem(as("officer", "GET", "/api/v1/organisations?limit=1"), 503);
  checkProblem(client().get("/readyz"), 503);
  CHECK(client().get("/healthz").status == 200);
  REQUIRE(std::system((std::string(ctl) + " restart " + dir).c_str()) == 0);
  // After the restart each pooled connection is re-checked before use: no request fails.
  for (int i = 0; i < 8; ++i) {
    const auto reply = as("officer", "GET", "/api/v1/organisations?limit=1");
    INFO(reply.body);
    CHECK(reply.status == 200);
  }
  CHECK(client().get("/readyz").status == 200);
}

TEST_CASE("a frozen MariaDB: /healthz answers, requests end in 503, /readyz says so, all recover", "[recovery]") {
  const char* dir = std::getenv("BROBYGGER_MARIADB_DIR");
  REQUIRE(dir);
  std::ifstream pidFile(std::string(dir) + "/mysqld.pid");
  pid_t pid = 0;
  REQUIRE(pidFile >> pid);
  // A server that gives a statement 1 s (three reads: about 3 s) and a connection 0.5 s.
  ServerProcess server(world().data.database(),
                       {{"BROBYGGER_DB_READ_TIMEOUT_SECONDS", "1"}, {"BROBYGGER_POOL_WAIT_MS", "500"}});
  HttpClient http(server.base());
  const std::vector<std::string> officer{world().bearer("officer")};
  REQUIRE(http.get("/api/v1/organisations?limit=1", officer).status == 200);

  struct Thaw {
    pid_t pid;
    ~Thaw() { kill(pid, SIGCONT); }
  } thaw{pid};
  REQUIRE(kill(pid, SIGSTOP) == 0);
  Reply stuck;
  std::thread waiting([&] {
    HttpClient other(server.base());
    stuck = other.get("/api/v1/organisations?limit=2", officer);
  });
  // Liveness never waits on the database; readiness turns 503 once its probe has waited 2 s.
  CHECK(http.get("/healthz").status == 200);
  long ready = 200;
  for (int i = 0; i < 50 && ready == 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    ready = http.get("/readyz").status;
  }
  CHECK(ready == 503);
  waiting.join();
  checkProblem(stuck, 503);
  CHECK(!stuck.header("retry-after").empty());

  kill(pid, SIGCONT);
  long after = 0;
  for (int i = 0; i < 50 && after != 200; ++i) {
    after = http.get("/api/v1/organisations?limit=1", officer).status;
    if (after != 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(after == 200);
  long readyAgain = 0;
  for (int i = 0; i < 50 && readyAgain != 200; ++i) {
    readyAgain = http.get("/readyz").status;
    if (readyAgain != 200) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(readyAgain == 200);
}

TEST_CASE("an administrator may do everything an officer may in the register", "[roles]") {
  const auto created =
      as("admin", "POST", "/api/v1/organisations",
         json{{"name", "Administratorens Forening"}, {"kind", "foundation"}, {"municipality_id", 461}});
  REQUIRE(created.status == 201);
  const auto id = created.json().at("id").get<long long>();
  CHECK(created.json().at("police_district_id") == 6);  // Odense: Fyns Politi
  const auto contact =
      as("admin", "POST", "/api/v1/contacts",
         json{{"organisation_id", id}, {"name", "Admins Kontakt"}, {"email", "admins.kontakt@example.dk"}});
  REQUIRE(contact.status == 201);
  CHECK(as("admin", "GET", "/api/v1/contacts/" + std::to_string(contact.json().at("id").get<long long>())).status ==
        200);
  CHECK(as("admin", "GET", "/api/v1/organisations/" + std::to_string(id) + "/contacts").json().at("total") == 1);
  CHECK(as("admin", "PATCH", "/api/v1/organisations/" + std::to_string(id), json{{"tags", {"fond"}}}).status == 200);
  CHECK(as("admin", "DELETE", "/api/v1/organisations/" + std::to_string(id)).status == 204);
}

TEST_CASE("integer filters are range-checked, not truncated", "[http]") {
  const auto reply = as("officer", "GET", "/api/v1/organisations?region_id=4294968380");
  checkProblem(reply, 422);
  CHECK(hasFieldError(reply, "region_id"));
  CHECK(as("officer", "GET", "/api/v1/organisations?region_id=1084&limit=1").status == 200);
}

TEST_CASE("media types are compared case-insensitively", "[http]") {
  const auto reply =
      client().request("POST", "/api/v1/organisations",
                       json{{"name", "Store Bogstaver"}, {"kind", "sports_club"}, {"municipality_id", 101}}.dump(),
                       {world().bearer("officer"), "Content-Type: Application/JSON; charset=UTF-8"});
  CHECK(reply.status == 201);
  checkProblem(client().request("POST", "/api/v1/organisations", "{}",
                                {world().bearer("officer"), "Content-Type: application/xml"}),
               415);
}

TEST_CASE("organisation lists are cached but never stale, also across server processes", "[organisations][cache]") {
  const auto path = "/api/v1/organisations?q=Cachetest&limit=5";
  CHECK(as("officer", "GET", path).json().at("total") == 0);
  CHECK(as("officer", "GET", path).json().at("total") == 0);  // served from the cache now
  const auto id = createOrganisation("Cachetest Forening");
  CHECK(as("officer", "GET", path).json().at("total") == 1);
  // A change made through another server process is seen at once.
  ServerProcess second(world().data.database());
  HttpClient other(second.base());
  const auto renamed = other.request("PATCH", "/api/v1/organisations/" + std::to_string(id),
                                     json{{"name", "Omdøbt Forening"}}.dump(), {world().bearer("officer")});
  REQUIRE(renamed.status == 200);
  CHECK(as("officer", "GET", path).json().at("total") == 0);
  CHECK(as("manager", "GET", "/api/v1/organisations?q=Omd%C3%B8bt%20Forening").json().at("total") == 1);
  // A partner's cached page is its own, not the staff's.
  CHECK(as("partner", "GET", "/api/v1/organisations?limit=200").json().at("total") == 1);
}

// ---------------------------------------------------------------------------------------------------
// The server speaks the caller's language (issue 16 point 2): `lang=`, else Accept-Language, else the
// user's own `language`, else Danish; problems, CSV headers and report labels alike.
// ---------------------------------------------------------------------------------------------------

namespace {

std::string fieldMessage(const json& problem, const std::string& field) {
  for (const auto& e : problem.value("errors", json::array()))
    if (e.at("field") == field) return e.at("message").get<std::string>();
  return {};
}

std::string firstLine(const std::string& text) {
  const std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // the byte order mark
  return text.substr(start, text.find("\r\n") - start);
}

}  // namespace

TEST_CASE("problems, CSV headers and report labels are Danish by default and English on request", "[language]") {
  const json tooLong{{"name", std::string(300, 'x')}, {"kind", "sports_club"}, {"municipality_id", 101}};
  const auto danish = as("officer", "POST", "/api/v1/organisations", tooLong);
  checkProblem(danish, 422);
  CHECK(danish.json().at("title") == "Anmodningen bryder en regel");
  CHECK(fieldMessage(danish.json(), "name") == "må højst være 200 tegn");
  const auto english = as("officer", "POST", "/api/v1/organisations", tooLong, {"Accept-Language: en-GB,en;q=0.9"});
  checkProblem(english, 422);
  CHECK(english.json().at("title") == "The request breaks a rule");
  CHECK(fieldMessage(english.json(), "name") == "must be at most 200 characters");
  // `type` and `field` are codes for programs: the same in both.
  CHECK(english.json().at("type") == danish.json().at("type"));

  const auto missing = as("officer", "GET", "/api/v1/events/999999999");
  checkProblem(missing, 404);
  CHECK(missing.json().at("title") == "Ikke fundet");
  CHECK(missing.json().at("detail") == "Arrangementet findes ikke");
  const auto missingEn = as("officer", "GET", "/api/v1/events/999999999", nullptr, {"Accept-Language: da;q=0.5, en"});
  CHECK(missingEn.json().at("title") == "Not found");
  CHECK(missingEn.json().at("detail") == "Event not found");
  // Before a session is known (no token): the header, else Danish.
  CHECK(client().get("/api/v1/organisations").json().at("title") == "Ikke logget ind");
  CHECK(client().get("/api/v1/organisations", {"Accept-Language: en"}).json().at("title") == "Not logged in");

  const auto csv = as("admin", "GET", "/api/v1/users?format=csv");
  REQUIRE(csv.status == 200);
  CHECK(firstLine(csv.body).find("Navn") != std::string::npos);
  const auto csvEn = as("admin", "GET", "/api/v1/users?format=csv", nullptr, {"Accept-Language: en"});
  CHECK(firstLine(csvEn.body).find("Name") != std::string::npos);
  CHECK(firstLine(csvEn.body).find("Navn") == std::string::npos);
  // `lang=` wins over the header.
  CHECK(firstLine(as("admin", "GET", "/api/v1/users?format=csv&lang=da", nullptr, {"Accept-Language: en"}).body)
            .find("Navn") != std::string::npos);

  const auto report = as("manager", "GET", "/api/v1/reports/engagement");
  REQUIRE(report.status == 200);
  CHECK(report.json().at("total").at("label") == "I alt");
  const auto reportEn = as("manager", "GET", "/api/v1/reports/engagement", nullptr, {"Accept-Language: en"});
  CHECK(reportEn.json().at("total").at("label") == "Total");
}

TEST_CASE("a user's own language answers when the request asks for none", "[language][users]") {
  const auto created = as("admin", "POST", "/api/v1/users",
                          json{{"email", "english.reader@example.dk"},
                               {"name", "English Reader"},
                               {"role", "officer"},
                               {"password", "a long enough password"},
                               {"language", "en"}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created.json().at("language") == "en");
  const auto path = "/api/v1/users/" + std::to_string(created.json().at("id").get<long long>());
  CHECK(as("officer", "GET", "/api/v1/me").json().at("language") == "da");  // the default

  const auto login =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", "english.reader@example.dk"}, {"password", "a long enough password"}}.dump());
  REQUIRE(login.status == 200);
  CHECK(login.json().at("user").at("language") == "en");
  const std::string bearer = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  CHECK(client().get("/api/v1/me", {bearer}).json().at("language") == "en");
  const auto missing = client().get("/api/v1/organisations/999999999", {bearer});
  checkProblem(missing, 404);
  CHECK(missing.json().at("detail") == "Organisation not found");
  const auto invalid =
      client().request("POST", "/api/v1/organisations",
                       json{{"name", std::string(300, 'x')}, {"kind", "sports_club"}, {"municipality_id", 101}}.dump(),
                       {bearer, "Content-Type: application/json"});
  checkProblem(invalid, 422);
  CHECK(fieldMessage(invalid.json(), "name") == "must be at most 200 characters");
  // The request's own language wins over the user's.
  CHECK(client().get("/api/v1/organisations/999999999", {bearer, "Accept-Language: da"}).json().at("detail") ==
        "Organisationen findes ikke");
  const auto report = client().get("/api/v1/reports/engagement", {bearer});
  REQUIRE(report.status == 200);
  CHECK(report.json().at("total").at("label") == "Total");

  // Changed back by an administrator, the user reads Danish at once (the session cache forgets the user).
  const auto patched = as("admin", "PATCH", path, json{{"language", "da"}});
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("language") == "da");
  CHECK(client().get("/api/v1/organisations/999999999", {bearer}).json().at("detail") == "Organisationen findes ikke");
  const auto wrong = as("admin", "PATCH", path, json{{"language", "fr"}});
  checkProblem(wrong, 422);
  CHECK(fieldMessage(wrong.json(), "language") == "skal være da eller en");
}

// Every signed-in user saves their own language (and display name) with PATCH /api/v1/me (issue 16): the
// server then answers in it when a request asks for no language; role, organisation and districts stay an
// administrator's (unknown fields here).
TEST_CASE("every role saves its own language and display name, and nothing else", "[language][users]") {
  for (const std::string role : {"officer", "manager", "partner"}) {
    INFO(role);
    const std::string email = "self." + role + "@example.dk";
    json input{{"email", email}, {"name", "Self " + role}, {"role", role}, {"password", "a long enough password"}};
    if (role == "partner") input["organisation_id"] = world().partner_organisation;
    const auto created = as("admin", "POST", "/api/v1/users", input);
    INFO(created.body);
    REQUIRE(created.status == 201);
    const auto userId = created.json().at("id").get<long long>();
    const auto login = client().request("POST", "/api/v1/auth/login",
                                        json{{"email", email}, {"password", "a long enough password"}}.dump());
    REQUIRE(login.status == 200);
    const std::string bearer = "Authorization: Bearer " + login.json().at("token").get<std::string>();
    const auto patchMe = [&](const json& body, std::vector<std::string> extra = {}) {
      extra.push_back(bearer);
      extra.emplace_back("Content-Type: application/json");
      return client().request("PATCH", "/api/v1/me", body.dump(), extra);
    };
    CHECK(client().get("/api/v1/organisations/999999999", {bearer}).json().at("title") == "Ikke fundet");

    const auto english = patchMe(json{{"language", "en"}});
    INFO(english.body);
    REQUIRE(english.status == 200);
    CHECK(english.json().at("language") == "en");
    CHECK(english.json().at("role") == role);
    CHECK(english.header("etag") == "\"v" + std::to_string(english.json().at("version").get<int>()) + "\"");
    // The same session now reads English: problem titles follow the saved language.
    CHECK(client().get("/api/v1/me", {bearer}).json().at("language") == "en");
    CHECK(client().get("/api/v1/organisations/999999999", {bearer}).json().at("title") == "Not found");

    // Bad values: 422 naming the field, in the (now English) language; nothing changes.
    const auto wrong = patchMe(json{{"language", "fr"}});
    checkProblem(wrong, 422);
    CHECK(fieldMessage(wrong.json(), "language") == "must be da or en");
    const auto tooShort = patchMe(json{{"name", " x "}, {"language", "da"}});
    checkProblem(tooShort, 422);
    CHECK(hasFieldError(tooShort, "name"));
    for (const auto& [field, value] :
         std::vector<std::pair<std::string, json>>{{"role", "admin"},
                                                   {"organisation_id", nullptr},
                                                   {"police_district_ids", json::array({1})},
                                                   {"status", "active"},
                                                   {"email", "someone.else@example.dk"}}) {
      const auto refused = patchMe(json{{field, value}});
      checkProblem(refused, 422);
      CHECK(hasFieldError(refused, field));
    }
    checkProblem(patchMe(json{{"language", "da"}}, {"If-Match: \"999\""}), 412);
    const auto after = as("admin", "GET", "/api/v1/users/" + std::to_string(userId)).json();
    CHECK(after.at("role") == role);
    CHECK(after.at("language") == "en");
    CHECK(after.at("name") == "Self " + role);

    // A display name of one's own, trimmed; the change is audited as a change of the user.
    const auto renamed = patchMe(json{{"name", "  Selv " + role + "  "}, {"language", "da"}});
    REQUIRE(renamed.status == 200);
    CHECK(renamed.json().at("name") == "Selv " + role);
    CHECK(client().get("/api/v1/organisations/999999999", {bearer}).json().at("title") == "Ikke fundet");
    const auto audit =
        as("admin", "GET", "/api/v1/audit?resource=user&action=update&resource_id=" + std::to_string(userId));
    REQUIRE(audit.status == 200);
    REQUIRE(audit.json().at("total").get<int>() >= 2);
    CHECK(audit.json().at("items").at(0).at("user_id") == userId);
  }
  // Without a session: 401.
  checkProblem(
      client().request("PATCH", "/api/v1/me", json{{"language", "en"}}.dump(), {"Content-Type: application/json"}),
      401);
}
