// The outreach views over HTTP: the organisation's outreach fields and the responsible-officer filter,
// the dormant worklist, dialogue in the engagement report, the timelines and "My work".
#include <chrono>
#include <cstdio>
#include <string>

#include "api_world.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.json();
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }

long long organisation(const std::string& name, int municipality = 101) {
  return idOf(ok(as("officer", "POST", "/api/v1/organisations",
                    json{{"name", name}, {"kind", "sports_club"}, {"municipality_id", municipality}}),
                 201));
}

std::string path(const std::string& prefix, long long id, const std::string& suffix = "") {
  return prefix + std::to_string(id) + suffix;
}

long long person(long long organisationId, const std::string& name) {
  return idOf(
      ok(as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", organisationId}, {"name", name}}), 201));
}

// An instant `hoursAgo` hours before now, in UTC.
std::string hoursAgo(int hours) {
  using namespace std::chrono;
  const auto t = time_point_cast<seconds>(system_clock::now()) - std::chrono::hours(hours);
  const auto days = floor<std::chrono::days>(t);
  const year_month_day date{days};
  const hh_mm_ss<seconds> time{t - days};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()));
  return out;
}

long long activity(long long organisationId, std::vector<long long> people, const std::string& subject, int ago = 1) {
  return idOf(ok(as("officer", "POST", "/api/v1/activities",
                    json{{"kind", "visit"},
                         {"occurred_at", hoursAgo(ago)},
                         {"organisation_id", organisationId},
                         {"contact_ids", people},
                         {"subject", subject},
                         {"notes", "Fortrolig note"}}),
                 201));
}

long long followUp(long long organisationId, const std::string& title, const std::string& due) {
  return idOf(ok(as("officer", "POST", "/api/v1/follow-ups",
                    json{{"organisation_id", organisationId}, {"title", title}, {"due_on", due}}),
                 201));
}

bool contains(const json& items, const std::string& key, long long id) {
  for (const auto& item : items)
    if (item.at(key) == id) return true;
  return false;
}

}  // namespace

TEST_CASE("organisations show their outreach fields and filter by the responsible officer", "[outreach]") {
  const auto me = world().user_ids.at("officer");
  const auto id = organisation("Udsyn Boldklub");
  const auto fresh = ok(as("officer", "GET", path("/api/v1/organisations/", id)));
  CHECK(fresh.at("last_activity_at").is_null());
  CHECK(fresh.at("last_attended_at").is_null());
  CHECK(fresh.at("open_follow_ups") == 0);
  CHECK(fresh.at("responsible_user_id").is_null());

  // Cached pages: the list before and after the organisation gets its officer.
  CHECK_FALSE(contains(ok(as("officer", "GET", "/api/v1/organisations?responsible_user_id=me&limit=200")).at("items"),
                       "id", id));
  ok(as("officer", "PATCH", path("/api/v1/organisations/", id), json{{"responsible_user_id", me}}));
  const auto mine = ok(as("officer", "GET", "/api/v1/organisations?responsible_user_id=me&limit=200"));
  CHECK(contains(mine.at("items"), "id", id));
  for (const auto& o : mine.at("items")) CHECK(o.at("responsible_user_id") == me);
  // `me` is the caller: the admin is not responsible for it.
  CHECK_FALSE(
      contains(ok(as("admin", "GET", "/api/v1/organisations?responsible_user_id=me&limit=200")).at("items"), "id", id));
  CHECK(
      contains(ok(as("admin", "GET", "/api/v1/organisations?responsible_user_id=" + std::to_string(me) + "&limit=200"))
                   .at("items"),
               "id", id));

  const auto sorted = ok(as("officer", "GET", "/api/v1/organisations?sort=-last_activity_at&limit=5"));
  CHECK(sorted.at("items").size() == 5);
  checkProblem(as("officer", "GET", "/api/v1/organisations?responsible_user_id=someone"), 400);
  checkProblem(as("officer", "GET", "/api/v1/organisations?sort=last_visit"), 422);
}

TEST_CASE("the dormant worklist: outreach columns, mine and without a follow-up", "[outreach][reports]") {
  const auto me = world().user_ids.at("officer");
  const auto id = organisation("Udsyn Dormant Forening", 851);
  ok(as("officer", "PATCH", path("/api/v1/organisations/", id), json{{"responsible_user_id", me}}));
  const auto mine =
      ok(as("officer", "GET", "/api/v1/reports/dormant-organisations?responsible_user_id=me&months=12&limit=200"));
  bool found = false;
  for (const auto& row : mine.at("items")) {
    CHECK(row.at("responsible_user_id") == me);
    if (row.at("organisation_id") == id) {
      found = true;
      CHECK(row.at("last_activity_at").is_null());
      CHECK(row.at("open_follow_ups") == 0);
    }
  }
  CHECK(found);
  const auto without = ok(as("officer", "GET",
                             "/api/v1/reports/dormant-organisations?responsible_user_id=me&without_open_follow_up=true"
                             "&limit=200"));
  for (const auto& row : without.at("items")) CHECK(row.at("open_follow_ups") == 0);
  CHECK(contains(without.at("items"), "organisation_id", id));
  checkProblem(as("officer", "GET", "/api/v1/reports/dormant-organisations?without_open_follow_up=yes"), 422);

  const auto csv = as("officer", "GET", "/api/v1/reports/dormant-organisations?responsible_user_id=me&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.find("Ansvarlig bruger-ID,Seneste aktivitet,Åbne opfølgninger\r\n") != std::string::npos);
  CHECK(csv.body.find("Udsyn Dormant Forening,sports_club,") != std::string::npos);
}

TEST_CASE("an organisation's timeline: every source newest first, typed, paged and filtered", "[outreach][timeline]") {
  const auto org = organisation("Udsyn Tidslinje Forening");
  const auto amina = person(org, "Amina Tidslinje");
  const auto visit = activity(org, {amina}, "Første besøg", 30);
  const auto call = activity(org, {}, "Opringning", 2);
  const auto task = followUp(org, "Send folder", "2020-01-01");
  // The organisation page now shows the latest activity and the open follow-up.
  const auto shown = ok(as("officer", "GET", path("/api/v1/organisations/", org)));
  CHECK_FALSE(shown.at("last_activity_at").is_null());
  CHECK(shown.at("open_follow_ups") == 1);

  const auto timeline = ok(as("officer", "GET", path("/api/v1/organisations/", org, "/timeline")));
  CHECK(timeline.at("total") == 4);  // two activities, the follow-up, the organisation's creation
  const auto& items = timeline.at("items");
  REQUIRE(items.size() == 4);
  CHECK(items[0].at("type") == "follow_up");
  CHECK(items[0].at("id") == task);
  CHECK(items[0].at("overdue") == true);
  CHECK(items[1].at("type") == "change");
  CHECK(items[1].at("what") == "created");
  CHECK(items[2].at("id") == call);
  CHECK(items[3].at("id") == visit);
  CHECK(items[3].at("contact_ids") == json::array({amina}));
  CHECK(items[3].at("summary") == "Første besøg");
  CHECK_FALSE(items[3].contains("notes"));
  std::string previous = "9999";
  for (const auto& item : items) {
    CHECK(item.at("at").get<std::string>() <= previous);
    previous = item.at("at").get<std::string>();
  }

  const auto page = ok(as("officer", "GET", path("/api/v1/organisations/", org, "/timeline?limit=1&offset=2")));
  REQUIRE(page.at("items").size() == 1);
  CHECK(page.at("items")[0].at("id") == call);
  const auto filtered = ok(as("officer", "GET", path("/api/v1/organisations/", org, "/timeline?type=activity,change")));
  CHECK(filtered.at("total") == 3);
  for (const auto& item : filtered.at("items")) CHECK(item.at("type") != "follow_up");
  const auto bad = as("officer", "GET", path("/api/v1/organisations/", org, "/timeline?type=activity,visit"));
  checkProblem(bad, 422);
  CHECK(hasFieldError(bad, "type"));
  checkProblem(as("officer", "GET", "/api/v1/organisations/999999999/timeline"), 404);
  checkProblem(as("manager", "GET", path("/api/v1/organisations/", org, "/timeline")), 403);

  // The officer responsible changes: a change of its own kind.
  ok(as("officer", "PATCH", path("/api/v1/organisations/", org),
        json{{"responsible_user_id", world().user_ids.at("officer")}}));
  const auto changes = ok(as("officer", "GET", path("/api/v1/organisations/", org, "/timeline?type=change")));
  CHECK(changes.at("items")[0].at("what") == "responsible_changed");

  // The person's timeline: the activity that names them.
  const auto mine = ok(as("officer", "GET", path("/api/v1/contacts/", amina, "/timeline")));
  bool named = false;
  for (const auto& item : mine.at("items"))
    if (item.at("type") == "activity") named = item.at("id") == visit;
  CHECK(named);
  CHECK(mine.at("today").get<std::string>().size() == 10);
}

TEST_CASE("reading a timeline with activities is audited, naming the people", "[outreach][timeline][privacy]") {
  const auto org = organisation("Udsyn Revision Forening");
  const auto bo = person(org, "Bo Revision");
  activity(org, {bo}, "Samtale om tryghed");
  ok(as("officer", "GET", path("/api/v1/organisations/", org, "/timeline")));
  const auto trail = ok(
      as("admin", "GET", "/api/v1/audit?action=read&resource=activity&contact_id=" + std::to_string(bo) + "&limit=5"));
  REQUIRE(trail.at("total").get<int>() >= 1);
  CHECK(trail.at("items")[0].at("user_id") == world().user_ids.at("officer"));
}

TEST_CASE("a partner's timeline: its own organisation's participation only", "[outreach][timeline]") {
  const auto own = world().partner_organisation;
  const auto people = ok(as("officer", "GET", path("/api/v1/organisations/", own, "/contacts?limit=1")));
  REQUIRE_FALSE(people.at("items").empty());
  const auto someone = people.at("items")[0].at("id").get<long long>();
  activity(own, {someone}, "Besøg hos partneren");
  followUp(own, "Partnerens opfølgning", "2030-01-01");
  const auto timeline = ok(as("partner", "GET", path("/api/v1/organisations/", own, "/timeline?limit=200")));
  for (const auto& item : timeline.at("items")) CHECK(item.at("type") == "registration");
  const auto asked = ok(as("partner", "GET", path("/api/v1/organisations/", own, "/timeline?type=activity")));
  CHECK(asked.at("total") == 0);
  const auto personal = ok(as("partner", "GET", path("/api/v1/contacts/", someone, "/timeline")));
  for (const auto& item : personal.at("items")) CHECK(item.at("type") == "registration");
  checkProblem(as("partner", "GET", path("/api/v1/organisations/", world().other_organisation, "/timeline")), 404);
  // The staff timeline of the same organisation holds the activity.
  const auto staff = ok(as("officer", "GET", path("/api/v1/organisations/", own, "/timeline?type=activity")));
  CHECK(staff.at("total").get<int>() >= 1);
}

TEST_CASE("my work: my follow-ups, my unreached organisations and this week", "[outreach][my_work]") {
  const auto me = world().user_ids.at("officer");
  const auto unreached = [] {
    return ok(as("officer", "GET", "/api/v1/me/work")).at("dormant").at("total").get<int>();
  };
  const auto before = unreached();
  const auto quiet = organisation("Udsyn Stille Forening", 751);
  ok(as("officer", "PATCH", path("/api/v1/organisations/", quiet), json{{"responsible_user_id", me}}));
  const auto overdue = followUp(quiet, "Ring til formanden", "2020-02-03");
  const auto later = followUp(quiet, "Send invitation", "2099-12-31");
  const auto busy = organisation("Udsyn Travl Forening", 751);
  ok(as("officer", "PATCH", path("/api/v1/organisations/", busy), json{{"responsible_user_id", me}}));
  activity(busy, {}, "Ugens besøg", 0);

  const auto work = ok(as("officer", "GET", "/api/v1/me/work?limit=50"));
  CHECK(work.at("today").get<std::string>().size() == 10);
  CHECK(contains(work.at("follow_ups").at("overdue").at("items"), "id", overdue));
  for (const auto& f : work.at("follow_ups").at("overdue").at("items")) CHECK(f.at("overdue") == true);
  CHECK(contains(work.at("follow_ups").at("open").at("items"), "id", later));
  // Only the quiet one is unreached (the lists are capped: the totals tell).
  CHECK(work.at("dormant").at("total") == before + 1);
  CHECK_FALSE(contains(work.at("dormant").at("items"), "id", busy));
  CHECK(work.at("dormant").at("months") == 6);
  CHECK(work.at("this_week").at("national") == true);
  bool logged = false;
  for (const auto& a : work.at("this_week").at("activities").at("items"))
    if (a.at("subject") == "Ugens besøg") logged = true;
  CHECK(logged);
  CHECK(work.at("this_week").at("activities").at("total").get<int>() >= 1);

  const auto capped = ok(as("officer", "GET", "/api/v1/me/work?limit=1&months=12"));
  CHECK(capped.at("follow_ups").at("open").at("items").size() <= 1);
  CHECK(capped.at("dormant").at("months") == 12);
  // The admin has no follow-ups of the officer's.
  CHECK_FALSE(
      contains(ok(as("admin", "GET", "/api/v1/me/work")).at("follow_ups").at("overdue").at("items"), "id", overdue));
  checkProblem(as("manager", "GET", "/api/v1/me/work"), 403);
  checkProblem(as("partner", "GET", "/api/v1/me/work"), 403);
  checkProblem(as("officer", "GET", "/api/v1/me/work?months=0"), 422);
  checkProblem(as("officer", "GET", "/api/v1/me/work?limit=51"), 422);
}

TEST_CASE("an officer limited to a police district: timelines elsewhere are 404, my work shows the district",
          "[outreach][districts]") {
  int kbh = 0;
  for (const auto& m : ok(as("officer", "GET", "/api/v1/reference/municipalities")))
    if (m.at("id") == 101) kbh = m.at("police_district_id");
  const std::string email = "udsyn-lokal@example.dk";
  const std::string password = "a long enough password";
  ok(as("admin", "POST", "/api/v1/users",
        json{{"email", email},
             {"name", "Lokal Udsyn"},
             {"role", "officer"},
             {"password", password},
             {"police_district_ids", {kbh}}}),
     201);
  const auto login =
      client().request("POST", "/api/v1/auth/login", json{{"email", email}, {"password", password}}.dump(),
                       {"Content-Type: application/json"});
  REQUIRE(login.status == 200);
  const std::string bearer = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  const auto aarhus = organisation("Udsyn Aarhus Forening", 751);
  const auto aarhusPerson = person(aarhus, "Aarhus Person");
  const auto local = organisation("Udsyn København Forening", 101);
  activity(aarhus, {aarhusPerson}, "Aarhus-besøg", 0);
  activity(local, {}, "København-besøg", 0);
  checkProblem(client().request("GET", path("/api/v1/organisations/", aarhus, "/timeline"), "", {bearer}), 404);
  checkProblem(client().request("GET", path("/api/v1/contacts/", aarhusPerson, "/timeline"), "", {bearer}), 404);
  const auto reply = client().request("GET", path("/api/v1/organisations/", local, "/timeline"), "", {bearer});
  REQUIRE(reply.status == 200);
  CHECK(reply.json().at("total") == 2);  // the activity and the creation

  const auto work = client().request("GET", "/api/v1/me/work?limit=50", "", {bearer});
  REQUIRE(work.status == 200);
  CHECK(work.json().at("this_week").at("national") == false);
  const auto week = work.json().at("this_week");  // kept: a range-for over a temporary's member dangles
  CHECK(contains(week.at("activities").at("items"), "organisation_id", local));
  CHECK_FALSE(contains(week.at("activities").at("items"), "organisation_id", aarhus));
}

TEST_CASE("engagement counts dialogue: activities and organisations in dialogue, in JSON and CSV",
          "[outreach][reports]") {
  const auto org = organisation("Udsyn Dialog Forening", 851);
  activity(org, {}, "Dialogmøde", 3);
  activity(org, {}, "Opfølgende opkald", 2);
  int district = 0;
  for (const auto& m : ok(as("officer", "GET", "/api/v1/reference/municipalities")))
    if (m.at("id") == 851) district = m.at("police_district_id");
  const auto report = ok(as("officer", "GET", "/api/v1/reports/engagement?group_by=police_district"));
  bool found = false;
  for (const auto& row : report.at("rows")) {
    if (row.at("key") != std::to_string(district)) continue;
    found = true;
    CHECK(row.at("activities").get<int>() >= 2);
    CHECK(row.at("organisations_in_dialogue").get<int>() >= 1);
    CHECK(row.at("previous").contains("activities"));
  }
  CHECK(found);
  CHECK(report.at("total").at("activities").get<int>() >= 2);
  const auto csv = as("officer", "GET", "/api/v1/reports/engagement?group_by=month&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.body.find(",Aktiviteter,Organisationer i dialog,Forrige periode: ") != std::string::npos);
}
