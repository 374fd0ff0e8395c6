// Privacy over real HTTP: the audit trail (writes, reads and exports of personal data), a person's
// data export, and erasure that keeps every overview figure while no personal value remains anywhere
// in the database (every text column of every table searched, on both backends).
#include <catch2/catch.hpp>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <set>

#include "api_world.hpp"

#ifndef BROBYGGER_SOURCE_DIR
#error "BROBYGGER_SOURCE_DIR must name the source tree (for tests/api/find_text.py)"
#endif

using namespace brobygger::testing;
using nlohmann::json;

namespace {

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.json();
}

std::string unique(const std::string& stem) {
  static int counter = 0;
  return stem + " " + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::string uniqueEmail(const std::string& stem) {
  static int counter = 0;
  return stem + std::to_string(getpid()) + "x" + std::to_string(++counter) + "@erase.example";
}

// The audit entries matching `query`, newest first.
json audit(const std::string& query) { return ok(as("admin", "GET", "/api/v1/audit?limit=200&" + query)).at("items"); }

bool hasEntry(const json& items, const std::string& action, long long contact = 0) {
  for (const auto& e : items) {
    if (e.at("action") != action) continue;
    if (contact == 0) return true;
    for (const auto& id : e.at("contact_ids"))
      if (id == contact) return true;
  }
  return false;
}

const json* field(const json& entry, const std::string& name) {
  for (const auto& f : entry.at("fields"))
    if (f.at("field") == name) return &f;
  return nullptr;
}

// Where in the database (table.column) any of `needles` still appears.
std::string findText(const std::vector<std::string>& needles) {
  std::string command =
      "/usr/bin/python3 " BROBYGGER_SOURCE_DIR "/tests/api/find_text.py '" + world().data.database() + "'";
  for (const auto& n : needles) command += " '" + n + "'";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  const int status = pclose(pipe);
  INFO(command << " -> " << out);
  REQUIRE(status == 0);  // a search that could not look everywhere proves nothing
  return out;
}

}  // namespace

TEST_CASE("writes are audited with old and new values, personal fields only as changed", "[audit]") {
  const auto name = unique("Revisionsklubben");
  const auto org = ok(as("officer", "POST", "/api/v1/organisations",
                         json{{"name", name}, {"kind", "sports_club"}, {"municipality_id", 101}}),
                      201);
  const auto orgId = std::to_string(org.at("id").get<long long>());
  ok(as("officer", "PATCH", "/api/v1/organisations/" + orgId, json{{"website", "https://revision.example"}}));
  const auto entries = audit("resource=organisation&resource_id=" + orgId);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].at("action") == "update");  // newest first
  CHECK(entries[0].at("user_id") == world().user_ids.at("officer"));
  const auto* website = field(entries[0], "website");
  REQUIRE(website);
  CHECK(website->at("old").is_null());
  CHECK(website->at("new") == "https://revision.example");
  CHECK(entries[1].at("action") == "create");
  CHECK(field(entries[1], "name")->at("new") == name);

  const auto person =
      ok(as("officer", "POST", "/api/v1/contacts",
            json{{"organisation_id", org.at("id")}, {"name", "Hemmelig Hansen"}, {"email", "hh@revision.example"}}),
         201);
  const auto personId = person.at("id").get<long long>();
  ok(as("officer", "PATCH", "/api/v1/contacts/" + std::to_string(personId),
        json{{"phone", "23456789"}, {"consent", {{"newsletter", true}}}}));
  const auto trail = audit("resource=contact&resource_id=" + std::to_string(personId));
  REQUIRE(trail.size() >= 2);
  const auto* phone = field(trail[0], "phone");
  REQUIRE(phone);
  CHECK(phone->at("personal") == true);
  CHECK_FALSE(phone->contains("new"));  // that it changed, not to what
  const auto* newsletter = field(trail[0], "consent_newsletter");
  REQUIRE(newsletter);
  CHECK(newsletter->at("old") == "false");
  CHECK(newsletter->at("new") == "true");
  const auto raw = as("admin", "GET", "/api/v1/audit?limit=200&contact_id=" + std::to_string(personId)).body;
  CHECK(raw.find("Hemmelig") == std::string::npos);
  CHECK(raw.find("hh@revision.example") == std::string::npos);
  CHECK(raw.find("2345 6789") == std::string::npos);

  // Consent: when and how it was last recorded.
  const auto now = ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(personId)));
  CHECK(now.at("consent").at("newsletter") == true);
  CHECK(now.at("consent").at("source") == "officer");
  CHECK(now.at("consent").at("updated_at").is_string());
}

TEST_CASE("logins and changes of users are audited", "[audit]") {
  const auto officer = world().user_ids.at("officer");
  const auto logins = audit("action=login&user_id=" + std::to_string(officer));
  REQUIRE(!logins.empty());
  CHECK(logins[0].at("resource") == "user");
  CHECK(logins[0].at("resource_id") == officer);
  const auto created = ok(as("admin", "POST", "/api/v1/users",
                             json{{"email", uniqueEmail("revisor")},
                                  {"name", "Revi Sor"},
                                  {"role", "officer"},
                                  {"password", "a long enough password"}}),
                          201);
  const auto id = std::to_string(created.at("id").get<long long>());
  ok(as("admin", "PATCH", "/api/v1/users/" + id, json{{"role", "manager"}}));
  const auto trail = audit("resource=user&resource_id=" + id);
  REQUIRE(trail.size() == 2);
  const auto* role = field(trail[0], "role");
  REQUIRE(role);
  CHECK(role->at("old") == "officer");
  CHECK(role->at("new") == "manager");
  CHECK(trail[0].at("user_id") == world().user_ids.at("admin"));
  CHECK(trail[1].at("action") == "create");
  CHECK(as("admin", "GET", "/api/v1/audit?resource=user&resource_id=" + id).body.find("Revi Sor") == std::string::npos);
}

TEST_CASE("reads and exports of personal data are audited; only admins search the trail", "[audit]") {
  const auto org = world().partner_organisation;
  const auto person = ok(
      as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", org}, {"name", unique("Læst Person")}}), 201);
  const auto id = person.at("id").get<long long>();
  ok(as("partner", "GET", "/api/v1/contacts/" + std::to_string(id)));
  const auto reads = audit("action=read&contact_id=" + std::to_string(id));
  REQUIRE(!reads.empty());
  CHECK(reads[0].at("user_id") == world().user_ids.at("partner"));
  CHECK(reads[0].at("resource") == "contact");
  ok(as("officer", "GET", "/api/v1/organisations/" + std::to_string(org) + "/contacts?limit=200"));
  CHECK(hasEntry(audit("resource=contact_list&contact_id=" + std::to_string(id)), "read", id));

  // The attendance list is an export of the people on it.
  const auto event = ok(as("officer", "POST", "/api/v1/events",
                           json{{"kind", "seminar"},
                                {"title", unique("Revideret seminar")},
                                {"starts_at", "2030-05-01T08:00:00Z"},
                                {"ends_at", "2030-05-01T10:00:00Z"}}),
                        201);
  const auto eventPath = "/api/v1/events/" + std::to_string(event.at("id").get<long long>());
  ok(as("officer", "POST", eventPath + "/publish"));
  ok(as("officer", "POST", eventPath + "/registrations", json{{"contact_id", id}}), 201);
  CHECK(hasEntry(audit("resource=registration&contact_id=" + std::to_string(id)), "create", id));
  REQUIRE(as("officer", "GET", eventPath + "/attendance.csv").status == 200);
  CHECK(hasEntry(audit("resource=registration_list&action=export"), "export", id));

  // A new calendar link is a write too; its token never enters the trail.
  const auto rotated = ok(as("officer", "POST", "/api/v1/contacts/" + std::to_string(id) + "/calendar-feed/rotate"));
  const auto url = rotated.at("calendar_feed_url").get<std::string>();
  const auto token = url.substr(url.rfind('/') + 1, url.size() - url.rfind('/') - 5);
  const auto feedTrail = audit("resource=calendar_feed_contact&resource_id=" + std::to_string(id));
  REQUIRE(!feedTrail.empty());
  CHECK(feedTrail[0].at("action") == "update");
  CHECK(as("admin", "GET", "/api/v1/audit?limit=200&resource=calendar_feed_contact").body.find(token) ==
        std::string::npos);

  checkProblem(as("officer", "GET", "/api/v1/audit"), 403);
  checkProblem(as("manager", "GET", "/api/v1/audit"), 403);
  checkProblem(as("partner", "GET", "/api/v1/audit"), 403);
  const auto bad = as("admin", "GET", "/api/v1/audit?action=steal");
  checkProblem(bad, 422);
  CHECK(hasFieldError(bad, "action"));
}

TEST_CASE("a person's data export holds their profile, registrations and who touched their data", "[privacy]") {
  const auto org = world().partner_organisation;
  const auto person =
      ok(as("officer", "POST", "/api/v1/contacts",
            json{{"organisation_id", org}, {"name", unique("Eksport Person")}, {"email", uniqueEmail("eksport")}}),
         201);
  const auto id = std::to_string(person.at("id").get<long long>());
  ok(as("partner", "GET", "/api/v1/contacts/" + id));
  const auto reply = as("officer", "GET", "/api/v1/contacts/" + id + "/export");
  const auto data = ok(reply);
  CHECK(reply.header("content-disposition").find("contact-" + id + ".json") != std::string::npos);
  CHECK(data.at("contact").at("name") == person.at("name"));
  CHECK(data.at("contact").at("email") == person.at("email"));
  CHECK(data.at("organisation").at("id") == org);
  CHECK(data.at("registrations").is_array());
  bool partnerRead = false;
  for (const auto& h : data.at("history"))
    if (h.at("action") == "read" && h.at("user_id") == world().user_ids.at("partner")) partnerRead = true;
  CHECK(partnerRead);
  CHECK(hasEntry(audit("action=export&resource=contact&resource_id=" + id), "export"));
  checkProblem(as("manager", "GET", "/api/v1/contacts/" + id + "/export"), 403);
  checkProblem(as("partner", "GET", "/api/v1/contacts/" + id + "/export"), 403);
}

TEST_CASE("erasure: no personal value remains anywhere, every overview figure stays, no more mail", "[privacy]") {
  const auto org = world().partner_organisation;
  const auto name = unique("Slettes Sørensen");
  const auto email = uniqueEmail("slettes");
  const auto person = ok(as("officer", "POST", "/api/v1/contacts",
                            json{{"organisation_id", org},
                                 {"name", name},
                                 {"email", email},
                                 {"phone", "87654321"},
                                 {"title", "Formand for Slettegruppen"}}),
                         201);
  const auto id = person.at("id").get<long long>();
  // A past event the person attended, and a coming one with a seat (an invitation is queued).
  const auto past = ok(as("officer", "POST", "/api/v1/events",
                          json{{"kind", "seminar"},
                               {"title", unique("Sletteseminar")},
                               {"starts_at", "2024-03-05T09:00:00Z"},
                               {"ends_at", "2024-03-05T11:00:00Z"}}),
                       201);
  const auto pastPath = "/api/v1/events/" + std::to_string(past.at("id").get<long long>());
  ok(as("officer", "POST", pastPath + "/publish"));
  const auto seat = ok(as("officer", "POST", pastPath + "/registrations", json{{"contact_id", id}}), 201);
  ok(as("officer", "POST", "/api/v1/registrations/" + std::to_string(seat.at("id").get<long long>()) + "/check-in"));
  ok(as("officer", "POST", pastPath + "/close"));
  const auto coming = ok(as("officer", "POST", "/api/v1/events",
                            json{{"kind", "seminar"},
                                 {"title", unique("Kommende")},
                                 {"starts_at", "2031-03-05T09:00:00Z"},
                                 {"ends_at", "2031-03-05T11:00:00Z"}}),
                         201);
  const auto comingPath = "/api/v1/events/" + std::to_string(coming.at("id").get<long long>());
  ok(as("officer", "POST", comingPath + "/publish"));
  ok(as("officer", "POST", comingPath + "/registrations", json{{"contact_id", id}}), 201);
  ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(id)));  // a read, in the trail

  const std::string report = "/api/v1/reports/engagement?from=2024-01-01&to=2024-12-31&group_by=organisation_kind";
  const auto before = ok(as("officer", "GET", report));
  REQUIRE(findText({name, email, "8765 4321", "Slettegruppen"}) != "");  // the search finds what is there

  checkProblem(as("officer", "POST", "/api/v1/contacts/" + std::to_string(id) + "/erase"), 403);
  checkProblem(as("partner", "POST", "/api/v1/contacts/" + std::to_string(id) + "/erase"), 403);
  const auto erased = ok(as("admin", "POST", "/api/v1/contacts/" + std::to_string(id) + "/erase"));
  CHECK(erased.at("name") == "Anonym deltager");
  CHECK(erased.at("email").is_null());
  CHECK(erased.at("phone").is_null());
  CHECK(erased.at("title").is_null());
  CHECK(erased.at("erased_at").is_string());
  CHECK(erased.at("consent").at("invitations") == false);

  const auto leftovers = findText({name, email, "8765 4321", "Slettegruppen"});
  INFO("personal values still in the database: " << leftovers);
  CHECK(leftovers.empty());
  CHECK(ok(as("officer", "GET", report)) == before);  // the same figures, to the last one
  CHECK(hasEntry(audit("action=erase&contact_id=" + std::to_string(id)), "erase", id));
  // Mail: the queued invitation will not go out.
  // Kept in a variable: a range-for over a member of a temporary reads freed memory (ASan).
  const auto outbox =
      ok(as("officer", "GET", "/api/v1/outbox?limit=200&event_id=" + std::to_string(coming.at("id").get<long long>())));
  for (const auto& m : outbox.at("items"))
    if (m.at("contact_id") == id) {
      CHECK(m.at("status") == "skipped");
      CHECK(m.at("recipient").is_null());
    }
  // An anonymous participant cannot be given a name again.
  checkProblem(as("officer", "PATCH", "/api/v1/contacts/" + std::to_string(id), json{{"name", "Tilbage Igen"}}), 409);
}

TEST_CASE("an organisation that leaves: all its people erased at once", "[privacy]") {
  const auto org =
      ok(as("officer", "POST", "/api/v1/organisations",
            json{{"name", unique("Udtrædende Forening")}, {"kind", "cultural_association"}, {"municipality_id", 751}}),
         201);
  const auto orgId = std::to_string(org.at("id").get<long long>());
  for (const auto* n : {"Første Udtræder", "Anden Udtræder"})
    ok(as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", org.at("id")}, {"name", n}}), 201);
  checkProblem(as("officer", "POST", "/api/v1/organisations/" + orgId + "/erase-contacts"), 403);
  CHECK(ok(as("admin", "POST", "/api/v1/organisations/" + orgId + "/erase-contacts")).at("erased") == 2);
  const auto left = ok(as("officer", "GET", "/api/v1/organisations/" + orgId + "/contacts?status=all"));
  for (const auto& c : left.at("items")) CHECK(c.at("name") == "Anonym deltager");
  CHECK(findText({"Udtræder"}).empty());
}

TEST_CASE("retention: old participation unlinked from people, every overview figure the same", "[privacy][retention]") {
  const auto org = world().partner_organisation;
  const auto name = unique("Gammel Deltager");
  const auto person =
      ok(as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", org}, {"name", name}}), 201);
  const auto id = person.at("id").get<long long>();
  const auto past = ok(as("officer", "POST", "/api/v1/events",
                          json{{"kind", "training"},
                               {"title", unique("Gammelt kursus")},
                               {"starts_at", "2023-09-05T08:00:00Z"},
                               {"ends_at", "2023-09-05T14:00:00Z"}}),
                       201);
  const auto pastPath = "/api/v1/events/" + std::to_string(past.at("id").get<long long>());
  ok(as("officer", "POST", pastPath + "/publish"));
  const auto seat = ok(as("officer", "POST", pastPath + "/registrations", json{{"contact_id", id}}), 201);
  ok(as("officer", "POST", "/api/v1/registrations/" + std::to_string(seat.at("id").get<long long>()) + "/check-in"));
  ok(as("officer", "POST", pastPath + "/close"));

  std::vector<json> before;
  for (const std::string group : {"police_district", "organisation_kind", "month", "event_kind"})
    before.push_back(
        ok(as("officer", "GET", "/api/v1/reports/engagement?from=2023-01-01&to=2025-12-31&group_by=" + group)));
  CHECK(ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(id) + "/export")).at("registrations").size() == 1);

  auto env = world().data.env();
  env["BROBYGGER_RETENTION_PARTICIPATION_MONTHS"] = "12";
  const auto [dryCode, dry] = runCommand({"retention", "run", "--dry-run"}, env);
  INFO(dry);
  REQUIRE(dryCode == 0);
  CHECK(dry.find("dry run") != std::string::npos);
  CHECK(ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(id) + "/export")).at("registrations").size() == 1);

  const auto [code, output] = runCommand({"retention", "run"}, env);
  INFO(output);
  REQUIRE(code == 0);
  // The person keeps their record but no longer their old participation...
  CHECK(ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(id) + "/export")).at("registrations").empty());
  const auto moved =
      ok(as("officer", "GET", "/api/v1/registrations/" + std::to_string(seat.at("id").get<long long>())));
  CHECK(moved.at("contact_id") != id);
  CHECK(moved.at("contact_name") == "Anonym deltager");
  CHECK(moved.at("status") == "attended");
  // ...and every overview gives the same figures as before.
  std::size_t i = 0;
  for (const std::string group : {"police_district", "organisation_kind", "month", "event_kind"})
    CHECK(ok(as("officer", "GET", "/api/v1/reports/engagement?from=2023-01-01&to=2025-12-31&group_by=" + group)) ==
          before[i++]);
  CHECK(hasEntry(audit("resource=contact&resource_id=" + std::to_string(id)), "update"));
}

TEST_CASE("need to know: an officer limited to a police district sees only organisations, people and events there",
          "[privacy][districts]") {
  // Two districts: København's (municipality 101) and Østjylland's (Aarhus, 751).
  int kbh = 0, aarhus = 0;
  for (const auto& m : ok(as("officer", "GET", "/api/v1/reference/municipalities"))) {
    if (m.at("id") == 101) kbh = m.at("police_district_id");
    if (m.at("id") == 751) aarhus = m.at("police_district_id");
  }
  REQUIRE((kbh > 0 && aarhus > 0 && kbh != aarhus));
  const std::string password = "a long enough password";
  const auto email = uniqueEmail("lokal");
  const auto user = ok(as("admin", "POST", "/api/v1/users",
                          json{{"email", email},
                               {"name", "Lokal Betjent"},
                               {"role", "officer"},
                               {"password", password},
                               {"police_district_ids", {kbh}}}),
                       201);
  CHECK(user.at("police_district_ids") == json::array({kbh}));
  const auto wrongRole = as("admin", "POST", "/api/v1/users",
                            json{{"email", uniqueEmail("leder")},
                                 {"name", "Leder"},
                                 {"role", "manager"},
                                 {"password", password},
                                 {"police_district_ids", {kbh}}});
  checkProblem(wrongRole, 422);
  CHECK(hasFieldError(wrongRole, "police_district_ids"));
  const auto login =
      client().request("POST", "/api/v1/auth/login", json{{"email", email}, {"password", password}}.dump(),
                       {"Content-Type: application/json"});
  REQUIRE(login.status == 200);
  const std::string bearer = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  const auto local = [&](const std::string& method, const std::string& path, const json& body = nullptr) {
    return client().request(method, path, body.is_null() ? "" : body.dump(),
                            {bearer, "Content-Type: application/json"});
  };

  const auto here = ok(as("officer", "POST", "/api/v1/organisations",
                          json{{"name", unique("Lokal Klub")}, {"kind", "sports_club"}, {"municipality_id", 101}}),
                       201);
  const auto there = ok(as("officer", "POST", "/api/v1/organisations",
                           json{{"name", unique("Fjern Klub")}, {"kind", "sports_club"}, {"municipality_id", 751}}),
                        201);
  const auto herePerson = ok(
      as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", here.at("id")}, {"name", "Her Hansen"}}), 201);
  const auto therePerson = ok(
      as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", there.at("id")}, {"name", "Der Dam"}}), 201);

  // Organisations: only the district's, in lists and one by one; nothing created elsewhere.
  const auto list = ok(local("GET", "/api/v1/organisations?limit=200"));
  REQUIRE(!list.at("items").empty());
  for (const auto& o : list.at("items")) CHECK(o.at("police_district_id") == kbh);
  CHECK(ok(local("GET", "/api/v1/organisations?limit=1")).at("total").get<int>() <
        ok(as("officer", "GET", "/api/v1/organisations?limit=1")).at("total").get<int>());
  ok(local("GET", "/api/v1/organisations/" + std::to_string(here.at("id").get<long long>())));
  checkProblem(local("GET", "/api/v1/organisations/" + std::to_string(there.at("id").get<long long>())), 404);
  checkProblem(local("PATCH", "/api/v1/organisations/" + std::to_string(there.at("id").get<long long>()),
                     json{{"website", "https://x.example"}}),
               404);
  const auto outside = local("POST", "/api/v1/organisations",
                             json{{"name", unique("Udenfor")}, {"kind", "sports_club"}, {"municipality_id", 751}});
  checkProblem(outside, 422);
  CHECK(hasFieldError(outside, "municipality_id"));

  // People: only those of the district's organisations.
  ok(local("GET", "/api/v1/contacts/" + std::to_string(herePerson.at("id").get<long long>())));
  checkProblem(local("GET", "/api/v1/contacts/" + std::to_string(therePerson.at("id").get<long long>())), 404);
  const auto visible = ok(local("GET", "/api/v1/contacts?limit=200"));  // named: see the outbox list above
  for (const auto& c : visible.at("items")) CHECK(c.at("id") != therePerson.at("id"));
  checkProblem(local("GET", "/api/v1/organisations/" + std::to_string(there.at("id").get<long long>()) + "/contacts"),
               404);

  // Events: the district's and the officer's own.
  const auto event = [&](int municipality) {
    return ok(as("officer", "POST", "/api/v1/events",
                 json{{"kind", "seminar"},
                      {"title", unique("Distriktsmøde")},
                      {"starts_at", "2030-02-01T09:00:00Z"},
                      {"ends_at", "2030-02-01T11:00:00Z"},
                      {"venue", {{"municipality_id", municipality}}}}),
              201);
  };
  const auto hereEvent = event(101), thereEvent = event(751);
  ok(local("GET", "/api/v1/events/" + std::to_string(hereEvent.at("id").get<long long>())));
  checkProblem(local("GET", "/api/v1/events/" + std::to_string(thereEvent.at("id").get<long long>())), 404);
  checkProblem(local("POST", "/api/v1/events/" + std::to_string(thereEvent.at("id").get<long long>()) + "/publish"),
               404);
  const auto events = ok(local("GET", "/api/v1/events?limit=200"));
  for (const auto& e : events.at("items")) CHECK(e.at("id") != thereEvent.at("id"));
  const auto own = ok(local("POST", "/api/v1/events",
                            json{{"kind", "seminar"},
                                 {"title", unique("Eget møde")},
                                 {"starts_at", "2030-03-01T09:00:00Z"},
                                 {"ends_at", "2030-03-01T11:00:00Z"},
                                 {"venue", {{"municipality_id", 751}}}}),
                      201);
  ok(local("GET", "/api/v1/events/" + std::to_string(own.at("id").get<long long>())));  // organised by them

  // Overviews count the district's organisations only; the outbox (people of every district) is closed.
  const auto figures = ok(local("GET", "/api/v1/reports/engagement?group_by=police_district"));
  CHECK(figures.at("total").at("active_organisations") ==
        ok(local("GET", "/api/v1/organisations?limit=1")).at("total"));
  for (const auto& row : figures.at("rows"))
    if (row.at("key") != std::to_string(kbh)) CHECK(row.at("active_organisations") == 0);
  const auto dormant = ok(local("GET", "/api/v1/reports/dormant-organisations?months=1&limit=200"));
  for (const auto& d : dormant.at("items")) CHECK(d.at("police_district_id") == kbh);
  checkProblem(local("GET", "/api/v1/outbox"), 403);

  // The same officer made national again sees everything (after logging in anew).
  ok(as("admin", "PATCH", "/api/v1/users/" + std::to_string(user.at("id").get<long long>()),
        json{{"police_district_ids", json::array()}}));
  checkProblem(local("GET", "/api/v1/organisations/" + std::to_string(here.at("id").get<long long>())),
               401);  // sessions ended
}

// The dialogue log (issue 12): a person's export lists the activities naming them and the follow-ups
// about them; erasure takes them out of the activities and scrubs their name, email and phone from
// every subject, note and follow-up title of their organisation, so that no text column holds them.
TEST_CASE("the dialogue log in a person's export and erasure", "[privacy][dialogue]") {
  const auto org = ok(as("officer", "POST", "/api/v1/organisations",
                         json{{"name", unique("Dialogforeningen")}, {"kind", "sports_club"}, {"municipality_id", 101}}),
                      201);
  const auto orgId = org.at("id").get<long long>();
  const auto name = "Dialog Persona " + std::to_string(getpid());
  const auto email = uniqueEmail("dialog.persona");
  const auto person = ok(as("officer", "POST", "/api/v1/contacts",
                            json{{"organisation_id", orgId}, {"name", name}, {"email", email}, {"phone", "91827364"}}),
                         201);
  const auto id = person.at("id").get<long long>();
  const auto other =
      ok(as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", orgId}, {"name", unique("Anden Person")}}),
         201);
  const auto otherId = other.at("id").get<long long>();

  const auto named = ok(as("officer", "POST", "/api/v1/activities",
                           json{{"kind", "visit"},
                                {"occurred_at", "2026-11-02T10:00:00+01:00"},
                                {"organisation_id", orgId},
                                {"contact_ids", {id, otherId}},
                                {"subject", "Besøg hos " + name},
                                {"notes", "Mail: " + email + "\nRing på +45 91 82 73 64 eller 91827364."}}),
                        201);
  const auto mentions = ok(as("officer", "POST", "/api/v1/activities",
                              json{{"kind", "phone_call"},
                                   {"occurred_at", "2026-11-03T10:00:00+01:00"},
                                   {"organisation_id", orgId},
                                   {"contact_ids", {otherId}},
                                   {"subject", "Opkald om netværket"},
                                   {"notes", "Nævnte at " + name + " er ny formand."}}),
                           201);
  const auto followUp = ok(as("officer", "POST", "/api/v1/follow-ups",
                              json{{"organisation_id", orgId},
                                   {"contact_id", id},
                                   {"title", "Send materiale til " + name},
                                   {"due_on", "2026-12-20"}}),
                           201);
  const auto namedPath = "/api/v1/activities/" + std::to_string(named.at("id").get<long long>());
  const auto mentionsPath = "/api/v1/activities/" + std::to_string(mentions.at("id").get<long long>());
  const auto followUpPath = "/api/v1/follow-ups/" + std::to_string(followUp.at("id").get<long long>());

  // The export lists what names the person, with the notes.
  const auto exported = ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(id) + "/export"));
  REQUIRE(exported.at("activities").size() == 1);
  const auto& a = exported.at("activities").at(0);
  CHECK(a.at("id") == named.at("id"));
  CHECK(a.at("kind") == "visit");
  CHECK(a.at("organisation_id") == orgId);
  CHECK(a.at("notes").get<std::string>().find(email) != std::string::npos);
  CHECK(a.at("user_id") == world().user_ids.at("officer"));
  CHECK(a.at("event_id").is_null());
  REQUIRE(exported.at("follow_ups").size() == 1);
  CHECK(exported.at("follow_ups").at(0).at("id") == followUp.at("id"));
  CHECK(exported.at("follow_ups").at(0).at("contact_id") == id);
  CHECK(ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(otherId) + "/export")).at("activities").size() ==
        2);

  REQUIRE(findText({name, email, "91827364", "91 82 73 64"}) != "");
  ok(as("admin", "POST", "/api/v1/contacts/" + std::to_string(id) + "/erase"));

  const auto after = ok(as("officer", "GET", namedPath));
  CHECK(after.at("contact_ids") == json::array({otherId}));
  CHECK(after.at("subject") == "Besøg hos [slettet]");
  CHECK(after.at("notes") == "Mail: [slettet]\nRing på [slettet] eller [slettet].");
  CHECK(ok(as("officer", "GET", mentionsPath)).at("notes") == "Nævnte at [slettet] er ny formand.");
  const auto task = ok(as("officer", "GET", followUpPath));
  CHECK(task.at("title") == "Send materiale til [slettet]");
  CHECK(task.at("contact_id") == id);  // the anonymous participant
  // Nowhere in the database any more; the subject search agrees.
  const auto leftovers = findText({name, email, "91827364", "91 82 73 64"});
  INFO("personal values still in the database: " << leftovers);
  CHECK(leftovers.empty());
  CHECK(ok(as("officer", "GET", "/api/v1/activities?q=" + std::to_string(getpid()))).at("total") == 0);
  // The export of the erased person lists no activity; the rewrites are audited.
  CHECK(ok(as("admin", "GET", "/api/v1/contacts/" + std::to_string(id) + "/export")).at("activities").empty());
  CHECK(hasEntry(audit("resource=activity&resource_id=" + std::to_string(named.at("id").get<long long>())), "update",
                 id));
  CHECK(hasEntry(audit("resource=follow_up&resource_id=" + std::to_string(followUp.at("id").get<long long>())),
                 "update", id));
}

TEST_CASE("retention run tells how many activities' notes it empties", "[privacy][retention][dialogue]") {
  auto env = world().data.env();
  env["BROBYGGER_RETENTION_NOTES_MONTHS"] = "1";
  const auto [code, output] = runCommand({"retention", "run", "--dry-run"}, env);
  INFO(output);
  REQUIRE(code == 0);
  CHECK(output.find("activity notes 1 months") != std::string::npos);
  // The demo data's dialogue log reaches back a year: most of it is older than a month.
  const std::string line = "activities whose notes would be emptied: ";
  const auto at = output.find(line);
  REQUIRE(at != std::string::npos);
  CHECK(std::stoi(output.substr(at + line.size())) > 100);
  env["BROBYGGER_RETENTION_NOTES_MONTHS"] = "0";
  const auto refused = runCommand({"retention", "run", "--dry-run"}, env);
  CHECK(refused.first == 2);
  // The _FILE rule and the flag, as every setting has them.
  env.erase("BROBYGGER_RETENTION_NOTES_MONTHS");
  const auto file = "/tmp/brobygger-notes-months-" + std::to_string(getpid());
  std::ofstream(file) << "48\n";
  env["BROBYGGER_RETENTION_NOTES_MONTHS_FILE"] = file;
  const auto fromFile = runCommand({"retention", "run", "--dry-run"}, env);
  INFO(fromFile.second);
  CHECK(fromFile.second.find("activity notes 48 months") != std::string::npos);
  const auto fromFlag = runCommand({"retention", "run", "--dry-run", "--retention-notes-months", "6"}, env);
  CHECK(fromFlag.second.find("activity notes 6 months") != std::string::npos);
  std::remove(file.c_str());
}

// The demo data's dialogue log (what the world of every API program starts from): a year of every kind
// of activity and of follow-ups, some overdue today, and nothing that looks like a CPR number.
TEST_CASE("the demo dialogue log is believable and holds no CPR-like number", "[privacy][dialogue][demo]") {
  const auto looksLikeCpr = [](const std::string& text) {
    for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
      std::size_t j = i, digits = 0;
      while (j < text.size() && digits < 10) {
        if (std::isdigit(static_cast<unsigned char>(text[j]))) {
          ++digits;
        } else if (!(text[j] == '-' && digits == 6)) {
          break;
        }
        ++j;
      }
      if (digits == 10) return true;
    }
    return false;
  };
  std::set<std::string> kinds;
  long long total = 0, named = 0, ofEvents = 0;
  for (long long offset = 0;; offset += 200) {
    const auto page = ok(as("officer", "GET", "/api/v1/activities?limit=200&offset=" + std::to_string(offset)));
    total = page.at("total").get<long long>();
    for (const auto& a : page.at("items")) {
      kinds.insert(a.at("kind").get<std::string>());
      named += a.at("contact_ids").empty() ? 0 : 1;
      ofEvents += a.at("event_id").is_null() ? 0 : 1;
      CHECK_FALSE(looksLikeCpr(a.at("subject").get<std::string>() + " " + a.at("notes").get<std::string>()));
    }
    if (offset + 200 >= total) break;
  }
  CHECK(total > 300);
  CHECK(kinds == std::set<std::string>{"dialogue_meeting", "email", "meeting", "other", "phone_call", "visit"});
  CHECK(named > total / 3);
  CHECK(ofEvents > 0);
  const auto overdue = ok(as("officer", "GET", "/api/v1/follow-ups?overdue=true&limit=200"));
  CHECK(overdue.at("total").get<long long>() > 0);
  for (const auto& f : overdue.at("items")) CHECK(f.at("overdue") == true);
  for (const std::string status : {"open", "done", "cancelled"}) {
    const auto some = ok(as("officer", "GET", "/api/v1/follow-ups?limit=200&status=" + status));
    INFO(status);
    CHECK(some.at("total").get<long long>() > 0);
    for (const auto& f : some.at("items")) CHECK_FALSE(looksLikeCpr(f.at("title").get<std::string>()));
  }
}
