// Outreach between events over real HTTP: the dialogue log, follow-ups, bulk logging for an event's
// attendees, the refusals (422 naming the field, nothing written), ownership and the audit of reads.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <map>
#include <set>

#include "api_world.hpp"
#include "request_values.hpp"

using namespace brobygger::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

long long created(const Reply& reply) {
  INFO(reply.status << " " << reply.body);
  REQUIRE(reply.status == 201);
  return reply.json().at("id").get<long long>();
}

long long newOrganisation() {
  return created(
      as("officer", "POST", "/api/v1/organisations",
         json{{"name", uniqueText("Dialogforeningen")}, {"kind", "religious_association"}, {"municipality_id", 101}}));
}

long long newContact(long long organisation, const std::string& name = "Amina Hansen") {
  static int counter = 0;
  return created(
      as("officer", "POST", "/api/v1/contacts",
         json{{"organisation_id", organisation},
              {"name", name},
              {"email", "dialog-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + "@example.dk"}}));
}

json visit(long long organisation, std::vector<long long> people = {}) {
  return {{"kind", "visit"},
          {"occurred_at", utcText(nowSeconds() - 2h)},
          {"organisation_id", organisation},
          {"contact_ids", people},
          {"subject", "Besøg hos bestyrelsen"},
          {"notes", "Talte om næste netværksmøde.\nDe vil gerne have materiale."}};
}

long long count(const std::string& role, const std::string& path) {
  const auto reply = as(role, "GET", path);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return reply.json().at("total").get<long long>();
}

}  // namespace

TEST_CASE("an officer logs an activity naming people of the organisation and finds it again", "[outreach]") {
  const auto organisation = newOrganisation();
  const auto a = newContact(organisation), b = newContact(organisation, "Bilal Jensen");
  const auto reply = as("officer", "POST", "/api/v1/activities", visit(organisation, {b, a, a}));
  const auto id = created(reply);
  const auto body = reply.json();
  CHECK(body.at("contact_ids") == json({std::min(a, b), std::max(a, b)}));  // once each, ascending
  CHECK(body.at("user_id") == world().user_ids.at("officer"));
  CHECK(body.at("created_by") == world().user_ids.at("officer"));
  CHECK(body.at("notes") == "Talte om næste netværksmøde.\nDe vil gerne have materiale.");
  CHECK(reply.header("location") == "/api/v1/activities/" + std::to_string(id));

  const auto filter = "/api/v1/activities?organisation_id=" + std::to_string(organisation);
  CHECK(count("officer", filter) == 1);
  CHECK(count("admin", "/api/v1/activities?contact_id=" + std::to_string(a)) == 1);
  CHECK(count("officer", filter + "&kind=phone_call") == 0);
  CHECK(count("officer", filter + "&q=BESTYRELSEN") == 1);
  CHECK(count("officer", filter + "&user_id=me") == 1);
  CHECK(count("admin", filter + "&user_id=me") == 0);
  CHECK(count("officer", filter + "&to=2000-01-01") == 0);
  checkProblem(as("officer", "GET", "/api/v1/activities?user_id=someone"), 400);
  checkProblem(as("officer", "GET", "/api/v1/follow-ups?overdue=maybe"), 422);

  // Reading it is audited as a read of personal data naming the people.
  REQUIRE(as("officer", "GET", "/api/v1/activities/" + std::to_string(id)).status == 200);
  const auto audit =
      as("admin", "GET", "/api/v1/audit?resource=activity&action=read&resource_id=" + std::to_string(id));
  REQUIRE(audit.status == 200);
  REQUIRE(audit.json().at("total").get<int>() >= 1);
  CHECK(audit.json().at("items").at(0).at("user_id") == world().user_ids.at("officer"));
}

TEST_CASE("bad activities are refused with the field named and nothing is written", "[outreach]") {
  const auto organisation = newOrganisation(), elsewhere = newOrganisation();
  const auto stranger = newContact(elsewhere);
  const auto before = count("admin", "/api/v1/activities?organisation_id=" + std::to_string(organisation));
  const auto refused = [&](json body, const std::string& field) {
    const auto reply = as("officer", "POST", "/api/v1/activities", body);
    INFO(body.dump() << " -> " << reply.body);
    checkProblem(reply, 422);
    CHECK(hasFieldError(reply, field));
  };
  auto body = visit(organisation, {stranger});
  refused(body, "contact_ids");  // a person of another organisation
  body = visit(organisation);
  body["occurred_at"] = utcText(nowSeconds() + 48h);
  refused(body, "occurred_at");  // two days ahead
  body = visit(organisation);
  body["subject"] = "Første linje\nanden linje";
  refused(body, "subject");
  body = visit(organisation);
  body["notes"] = "Personen har cpr 010203-1234, se sagen";
  refused(body, "notes");
  body = visit(organisation);
  body["subject"] = "Om 0102031234";
  refused(body, "subject");
  body = visit(organisation);
  body["kind"] = "seance";
  refused(body, "kind");
  body = visit(organisation);
  body["user_id"] = world().user_ids.at("partner");
  refused(body, "user_id");
  body = visit(organisation);
  body["notes"] = std::string(10001, 'x');
  refused(body, "notes");
  body = visit(organisation);
  body["surprise"] = true;
  refused(body, "surprise");
  CHECK(count("admin", "/api/v1/activities?organisation_id=" + std::to_string(organisation)) == before);
  // A date that only looks like a CPR number's start is fine: a phone number, a year.
  body = visit(organisation);
  body["notes"] = "Ring på 12 34 56 78 eller +45 87654321 efter 2026-12-24.";
  CHECK(as("officer", "POST", "/api/v1/activities", body).status == 201);
}

TEST_CASE("an officer changes and deletes only its own activities, an admin any", "[outreach]") {
  const auto organisation = newOrganisation();
  const auto mine = created(as("officer", "POST", "/api/v1/activities", visit(organisation)));
  const auto admins = created(as("admin", "POST", "/api/v1/activities", visit(organisation)));
  const auto path = [](long long id) { return "/api/v1/activities/" + std::to_string(id); };

  const auto changed = as("officer", "PATCH", path(mine), json{{"kind", "dialogue_meeting"}, {"notes", ""}});
  REQUIRE(changed.status == 200);
  CHECK(changed.json().at("kind") == "dialogue_meeting");
  CHECK(changed.json().at("notes") == "");
  CHECK(changed.json().at("version") == 2);
  checkProblem(as("officer", "PATCH", path(mine), json{{"notes", "x"}}, {"If-Match: \"1\""}), 412);

  checkProblem(as("officer", "PATCH", path(admins), json{{"notes", "Mit"}}), 403);
  checkProblem(as("officer", "DELETE", path(admins)), 403);
  CHECK(as("admin", "PATCH", path(mine), json{{"subject", "Rettet af administrator"}}).status == 200);

  CHECK(as("officer", "DELETE", path(mine)).status == 204);
  checkProblem(as("officer", "GET", path(mine)), 404);
  CHECK(as("admin", "DELETE", path(admins)).status == 204);
}

TEST_CASE("follow-ups: defaults, overdue by the Copenhagen date, done with the next one, refusals", "[outreach]") {
  const auto organisation = newOrganisation();
  const auto person = newContact(organisation);
  const auto activity = created(as("officer", "POST", "/api/v1/activities", visit(organisation, {person})));
  const auto reply = as("officer", "POST", "/api/v1/follow-ups",
                        json{{"organisation_id", organisation},
                             {"contact_id", person},
                             {"activity_id", activity},
                             {"title", "Send materialet"},
                             {"due_on", "2020-01-01"}});
  const auto id = created(reply);
  CHECK(reply.json().at("assigned_user_id") == world().user_ids.at("officer"));
  CHECK(reply.json().at("status") == "open");
  CHECK(reply.json().at("overdue") == true);
  const auto mine = "/api/v1/follow-ups?assigned_user_id=me&organisation_id=" + std::to_string(organisation);
  CHECK(count("officer", mine) == 1);
  CHECK(count("officer", mine + "&overdue=true") == 1);
  CHECK(count("admin", mine) == 0);

  const auto done = as("officer", "POST", "/api/v1/follow-ups/" + std::to_string(id) + "/complete",
                       json{{"next", {{"title", "Ring og hør om materialet"}, {"due_on", "2030-03-01"}}}});
  INFO(done.body);
  REQUIRE(done.status == 200);
  CHECK(done.json().at("follow_up").at("status") == "done");
  CHECK(done.json().at("follow_up").at("overdue") == false);
  CHECK_FALSE(done.json().at("follow_up").at("done_at").is_null());
  const auto next = done.json().at("next");
  CHECK(next.at("organisation_id") == organisation);
  CHECK(next.at("activity_id") == activity);
  CHECK(next.at("status") == "open");
  // Done ones stay (archived), listed after the open ones.
  const auto all = as("officer", "GET", mine).json();
  REQUIRE(all.at("total") == 2);
  CHECK(all.at("items").at(0).at("status") == "open");
  CHECK(all.at("items").at(1).at("status") == "done");
  checkProblem(as("officer", "POST", "/api/v1/follow-ups/" + std::to_string(id) + "/complete"), 422);

  const auto refused = [&](json body, const std::string& field) {
    const auto r = as("officer", "POST", "/api/v1/follow-ups", body);
    INFO(body.dump() << " -> " << r.body);
    checkProblem(r, 422);
    CHECK(hasFieldError(r, field));
  };
  const json base{{"organisation_id", organisation}, {"title", "Opfølgning"}, {"due_on", "2030-01-01"}};
  auto body = base;
  body["assigned_user_id"] = world().user_ids.at("partner");
  refused(body, "assigned_user_id");
  body = base;
  body["title"] = "To\nlinjer";
  refused(body, "title");
  body = base;
  body["due_on"] = "2030-02-30";
  refused(body, "due_on");
  body = base;
  body["contact_id"] = newContact(newOrganisation());
  refused(body, "contact_id");
  CHECK(count("officer", mine) == 2);

  // A bad next step leaves the first one open: one unit of work.
  const auto third = created(as("officer", "POST", "/api/v1/follow-ups", base));
  const auto bad =
      as("officer", "POST", "/api/v1/follow-ups/" + std::to_string(third) + "/complete",
         json{{"next",
               {{"title", "Næste"}, {"due_on", "2030-01-01"}, {"assigned_user_id", world().user_ids.at("manager")}}}});
  checkProblem(bad, 422);
  CHECK(hasFieldError(bad, "next.assigned_user_id"));
  CHECK(as("officer", "GET", "/api/v1/follow-ups/" + std::to_string(third)).json().at("status") == "open");

  // Cancel and reopen.
  const auto cancelled =
      as("officer", "PATCH", "/api/v1/follow-ups/" + std::to_string(third), json{{"status", "cancelled"}});
  CHECK(cancelled.json().at("status") == "cancelled");
  CHECK_FALSE(cancelled.json().at("done_at").is_null());
  const auto reopened = as("officer", "PATCH", "/api/v1/follow-ups/" + std::to_string(third), json{{"status", "open"}});
  CHECK(reopened.json().at("done_at").is_null());
}

TEST_CASE("bulk logging: one activity per organisation whose people attended, and never twice", "[outreach]") {
  const auto first = newOrganisation(), second = newOrganisation(), absent = newOrganisation();
  const auto a = newContact(first), b = newContact(first, "Bo Berg"), c = newContact(second), d = newContact(absent);
  const auto start = nowSeconds() - 30min;
  const auto event = created(as("officer", "POST", "/api/v1/events",
                                json{{"kind", "seminar"},
                                     {"title", uniqueText("Dialogseminar")},
                                     {"starts_at", utcText(start)},
                                     {"ends_at", utcText(start + 2h)}}));
  REQUIRE(as("officer", "POST", "/api/v1/events/" + std::to_string(event) + "/publish").status == 200);
  for (const auto person : {a, b, c, d}) {
    const auto seat = as("officer", "POST", "/api/v1/events/" + std::to_string(event) + "/registrations",
                         json{{"contact_id", person}});
    REQUIRE(seat.status == 201);
    if (person != d)
      REQUIRE(as("officer", "POST", "/api/v1/registrations/" + seat.json().at("id").dump() + "/check-in").status ==
              200);
  }
  const json body{{"kind", "meeting"}, {"subject", "Deltog i dialogseminaret"}};
  const auto logged = as("officer", "POST", "/api/v1/events/" + std::to_string(event) + "/activities", body);
  INFO(logged.body);
  REQUIRE(logged.status == 200);
  CHECK(logged.json().at("created") == 2);
  std::map<long long, json> byOrganisation;
  const auto answer = logged.json();  // kept: a range-for over a temporary's member would dangle
  for (const auto& item : answer.at("items")) byOrganisation[item.at("organisation_id").get<long long>()] = item;
  CHECK(byOrganisation.at(first).at("contact_ids") == json({std::min(a, b), std::max(a, b)}));
  CHECK(byOrganisation.at(second).at("contact_ids") == json({c}));
  CHECK(byOrganisation.at(first).at("event_id") == event);
  CHECK(count("officer", "/api/v1/activities?organisation_id=" + std::to_string(absent)) == 0);

  const auto again = as("officer", "POST", "/api/v1/events/" + std::to_string(event) + "/activities", body);
  REQUIRE(again.status == 200);
  CHECK(again.json().at("created") == 0);
  CHECK(again.json().at("skipped_already_logged") == 2);
  CHECK(count("officer", "/api/v1/activities?event_id=" + std::to_string(event)) == 2);
}

TEST_CASE("the staff directory names who can hold work, and nothing more", "[outreach]") {
  const auto reply = as("manager", "GET", "/api/v1/staff");
  REQUIRE(reply.status == 200);
  std::set<long long> ids;
  for (const auto& member : reply.json()) {
    CHECK((member.at("role") == "admin" || member.at("role") == "officer"));
    CHECK_FALSE(member.contains("email"));
    ids.insert(member.at("id").get<long long>());
  }
  CHECK(ids.count(world().user_ids.at("officer")) == 1);
  CHECK(ids.count(world().user_ids.at("admin")) == 1);
  CHECK(ids.count(world().user_ids.at("partner")) == 0);
  CHECK(ids.count(world().user_ids.at("manager")) == 0);
  checkProblem(as("partner", "GET", "/api/v1/staff"), 403);
}
