// The outreach views over HTTP: the organisation's outreach fields and the responsible-officer filter,
// the dormant worklist, dialogue in the engagement report, the timelines and "My work".
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
  CHECK(csv.body.find("responsible_user_id,last_activity_at,open_follow_ups\r\n") != std::string::npos);
  CHECK(csv.body.find("Udsyn Dormant Forening,sports_club,") != std::string::npos);
}
