// Events, registrations and series over real HTTP, for every role; and the concurrency proof:
// many simultaneous registrations from two server processes on one MariaDB never overbook.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "api_world.hpp"

using namespace brobygger::testing;
using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::system_clock;
using Seconds = std::chrono::sys_seconds;

namespace {

// ---------------------------------------------------------------------------------------------
// The world: one fresh database with the demo data, one server, one session per role.

// A 422 naming `field`.
void checkInvalid(const Reply& reply, const std::string& field) {
  checkProblem(reply, 422);
  INFO("expected an error for field " << field << ": " << reply.body);
  CHECK(hasFieldError(reply, field));
}

std::string urlEncode(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(ch);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned>(c));
      out += hex;
    }
  }
  return out;
}

std::string unique(const std::string& stem) {
  static int counter = 0;
  return stem + " " + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

// ---------------------------------------------------------------------------------------------
// Time: inputs in UTC (`Z`), answers in Europe/Copenhagen (EU rule: summer time from the last
// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC).

Seconds now() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

std::string format(Seconds t, int offsetHours) {
  const auto local = t + std::chrono::hours(offsetHours);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char text[40];
  if (offsetHours == 0) {
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d+%02d:00", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()), offsetHours);
  }
  return text;
}

std::string utc(Seconds t) { return format(t, 0); }

int copenhagenOffset(Seconds t) {
  using namespace std::chrono;
  const auto y = year_month_day{floor<days>(t)}.year();
  const auto start = sys_days{y / March / Sunday[last]} + 1h;
  const auto end = sys_days{y / October / Sunday[last]} + 1h;
  return t >= start && t < end ? 2 : 1;
}

// How the server shows an instant.
std::string copenhagen(Seconds t) { return format(t, copenhagenOffset(t)); }

// A Copenhagen wall-clock time (not near a DST switch) as an instant.
Seconds localTime(std::chrono::year_month_day date, int hour, int minute) {
  const auto wall = std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute);
  const Seconds guess = wall - 1h;
  return wall - std::chrono::hours(copenhagenOffset(guess));
}

// Parses the server's `YYYY-MM-DDTHH:MM:SS+HH:MM`.
Seconds parseTime(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, oh = 0, om = 0;
  char sign = '+';
  REQUIRE(std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &y, &mo, &d, &h, &mi, &s, &sign, &oh, &om) ==
          9);
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                         std::chrono::day(static_cast<unsigned>(d))};
  const auto offset = std::chrono::minutes((sign == '-' ? -1 : 1) * (oh * 60 + om));
  return std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi) + std::chrono::seconds(s) -
         offset;
}

std::chrono::year_month_day today() {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now())};
}

// ---------------------------------------------------------------------------------------------
// Fixtures made through the API.

long long createOrganisation(const std::string& stem) {
  const auto reply = as("officer", "POST", "/api/v1/organisations",
                        json{{"name", unique(stem)}, {"kind", "sports_club"}, {"municipality_id", 101}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json().at("id");
}

long long createContact(long long organisation, const std::string& name, const std::string& role = "officer") {
  const auto reply = as(role, "POST", "/api/v1/contacts", json{{"organisation_id", organisation}, {"name", name}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json().at("id");
}

// The other organisation of most cases, with people of its own.
long long otherOrganisation() {
  static const long long id = createOrganisation("Anden Idrætsforening");
  return id;
}

json eventBody(const std::string& title, Seconds start, std::chrono::minutes length = 120min) {
  return {{"kind", "seminar"}, {"title", title}, {"starts_at", utc(start)}, {"ends_at", utc(start + length)}};
}

json createEvent(const json& body, bool publish = true, const std::string& role = "officer") {
  const auto created = as(role, "POST", "/api/v1/events", body);
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto event = created.json();
  if (!publish) return event;
  const auto published =
      as(role, "POST", "/api/v1/events/" + std::to_string(event.at("id").get<long long>()) + "/publish");
  INFO(published.body);
  REQUIRE(published.status == 200);
  return published.json();
}

// A published open event in a week (or at `start`).
json futureEvent(const json& extra = json::object(), std::optional<Seconds> start = std::nullopt) {
  auto body = eventBody(unique("Arrangement"), start.value_or(now() + 24h * 7));
  if (extra.is_object()) body.update(extra);
  return createEvent(body);
}

std::string eventPath(const json& event) { return "/api/v1/events/" + std::to_string(event.at("id").get<long long>()); }
std::string registrationPath(long long id) { return "/api/v1/registrations/" + std::to_string(id); }

Reply registerOne(const std::string& role, const json& event, long long contact) {
  return as(role, "POST", eventPath(event) + "/registrations", json{{"contact_id", contact}});
}

json registered(const std::string& role, const json& event, long long contact) {
  const auto reply = registerOne(role, event, contact);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json();
}

json getJson(const std::string& role, const std::string& path) {
  const auto reply = as(role, "GET", path);
  INFO(path << ": " << reply.body);
  REQUIRE(reply.status == 200);
  return reply.json();
}

std::vector<std::string> historyActions(long long registration) {
  std::vector<std::string> out;
  const auto history = getJson("officer", registrationPath(registration) + "/history");
  for (const auto& h : history.at("items")) out.push_back(h.at("action"));
  return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::vector<json> seriesOccurrences(long long series) {
  const auto list = getJson("officer", "/api/v1/events?series_id=" + std::to_string(series) + "&limit=200");
  return list.at("items").get<std::vector<json>>();
}

}  // namespace

// =============================================================================================
// Events

TEST_CASE("officers plan events: create, read, update, publish, cancel with a reason", "[events]") {
  const auto start = now() + 24h * 10;
  auto body = eventBody(unique("Netværksmøde om forebyggelse"), start, 90min);
  body["kind"] = "network_meeting";
  body["description"] = "Første linje\nAnden linje";
  body["capacity"] = 25;
  body["venue"] = {{"name", "Rådhuset"}, {"address", "Torvet 1\n2000 Frederiksberg"}, {"municipality_id", 101}};
  const auto created = as("officer", "POST", "/api/v1/events", body);
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto event = created.json();
  const auto id = event.at("id").get<long long>();
  const auto path = "/api/v1/events/" + std::to_string(id);
  CHECK(created.header("location") == path);
  CHECK(created.header("etag") == "\"v1\"");
  CHECK(created.header("content-type").rfind("application/json", 0) == 0);
  CHECK(event.at("status") == "draft");
  CHECK(event.at("kind") == "network_meeting");
  CHECK(event.at("title") == body.at("title"));
  CHECK(event.at("description") == "Første linje\nAnden linje");
  CHECK(event.at("starts_at") == copenhagen(start));
  CHECK(event.at("ends_at") == copenhagen(start + 90min));
  CHECK(event.at("capacity") == 25);
  CHECK(event.at("audience") == "open");
  CHECK(event.at("invited_organisation_ids") == json::array());
  CHECK(event.at("venue").at("name") == "Rådhuset");
  CHECK(event.at("venue").at("municipality_id") == 101);
  CHECK(event.at("police_district_id").is_number_integer());  // derived from the venue's municipality
  CHECK(event.at("organiser_user_id") == world().user_ids.at("officer"));
  CHECK(event.at("confirmed") == 0);
  CHECK(event.at("waitlisted") == 0);
  CHECK(event.at("revision") == 0);
  CHECK(event.at("series_id").is_null());
  CHECK(event.at("cancellation_reason").is_null());
  // Registration closes at the start unless told otherwise.
  CHECK(event.at("registration_closes_at") == copenhagen(start));

  const auto read = as("officer", "GET", path);
  REQUIRE(read.status == 200);
  CHECK(read.header("etag") == "\"v1\"");
  CHECK(read.json().at("title") == body.at("title"));
  CHECK(getJson("admin", path).at("id") == id);
  CHECK(getJson("manager", path).at("id") == id);

  const auto patched =
      as("officer", "PATCH", path, json{{"capacity", 30}, {"tags", {"forebyggelse"}}}, {"If-Match: \"v1\""});
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  CHECK(patched.header("etag") == "\"v2\"");
  CHECK(patched.json().at("capacity") == 30);
  CHECK(patched.json().at("tags") == json{"forebyggelse"});
  CHECK(patched.json().at("title") == body.at("title"));  // untouched
  checkProblem(as("officer", "PATCH", path, json{{"capacity", 31}}, {"If-Match: \"v1\""}), 412);
  checkProblem(as("officer", "POST", path + "/publish", nullptr, {"If-Match: \"v1\""}), 412);
  CHECK(getJson("officer", path).at("capacity") == 30);

  const auto published = as("officer", "POST", path + "/publish", nullptr, {"If-Match: \"v2\""});
  INFO(published.body);
  REQUIRE(published.status == 200);
  CHECK(published.json().at("status") == "published");
  CHECK(published.header("etag") == "\"v3\"");
  checkProblem(as("officer", "POST", path + "/publish"), 409);  // only a draft is published

  // Cancelling needs a reason.
  checkInvalid(as("officer", "POST", path + "/cancel"), "reason");
  checkInvalid(as("officer", "POST", path + "/cancel", json{{"reason", "  "}}), "reason");
  checkProblem(as("officer", "POST", path + "/cancel", json{{"reason", "Sygdom"}}, {"If-Match: \"v2\""}), 412);
  const auto cancelled = as("officer", "POST", path + "/cancel", json{{"reason", "Sygdom hos oplægsholderen"}});
  INFO(cancelled.body);
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("status") == "cancelled");
  CHECK(cancelled.json().at("cancellation_reason") == "Sygdom hos oplægsholderen");
  CHECK(getJson("officer", path).at("status") == "cancelled");
  // A cancelled event stays as it is.
  checkProblem(as("officer", "PATCH", path, json{{"capacity", 40}}), 409);
  checkProblem(as("officer", "POST", path + "/cancel", json{{"reason", "igen"}}), 409);
  checkProblem(as("officer", "POST", path + "/publish"), 409);
}

TEST_CASE("administrators plan events too", "[events]") {
  const auto event = createEvent(eventBody(unique("Admins seminar"), now() + 24h * 3), true, "admin");
  CHECK(event.at("status") == "published");
  CHECK(event.at("organiser_user_id") == world().user_ids.at("admin"));
  const auto patched = as("admin", "PATCH", eventPath(event), json{{"description", "Ny beskrivelse"}});
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("description") == "Ny beskrivelse");
  const auto cancelled = as("admin", "POST", eventPath(event) + "/cancel", json{{"reason", "Aflyst af admin"}});
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("status") == "cancelled");
}

TEST_CASE("a PATCH with null clears the venue, the description and the capacity", "[events]") {
  auto body = eventBody(unique("Stedløst møde"), now() + 24h * 4);
  body["venue"] = {{"name", "Rådhuset"}, {"address", "Torvet 1"}, {"municipality_id", 101}};
  body["description"] = "Noget";
  body["capacity"] = 12;
  const auto event = createEvent(body);
  const auto patched = as("officer", "PATCH", eventPath(event),
                          json{{"venue", nullptr}, {"description", nullptr}, {"capacity", nullptr}});
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("venue").is_null());
  CHECK(patched.json().at("description").is_null());
  CHECK(patched.json().at("capacity").is_null());
  CHECK(getJson("officer", eventPath(event)).at("venue").is_null());
}

TEST_CASE("event input is checked: 422 with the field names", "[events][validation]") {
  const auto start = now() + 24h * 20;
  const auto base = eventBody(unique("Gyldigt seminar"), start);
  const auto post = [&](const json& changes) {
    auto body = base;
    body.update(changes);
    return as("officer", "POST", "/api/v1/events", body);
  };
  checkInvalid(post({{"ends_at", utc(start - 1h)}}), "ends_at");
  checkInvalid(post({{"ends_at", utc(start)}}), "ends_at");
  checkInvalid(post({{"kind", "picnic"}}), "kind");
  checkInvalid(post({{"title", "To\nlinjer"}}), "title");
  checkInvalid(post({{"title", "To\rlinjer"}}), "title");
  checkInvalid(post({{"capacity", 0}}), "capacity");
  checkInvalid(post({{"capacity", -5}}), "capacity");
  checkInvalid(post({{"capacity", "ti"}}), "capacity");
  checkInvalid(post({{"per_organisation_quota", 0}}), "per_organisation_quota");
  checkInvalid(post({{"starts_at", "2026-03-10T09:00:00"}}), "starts_at");
  checkInvalid(post({{"ends_at", "2026-03-10 11:00"}}), "ends_at");
  checkInvalid(post({{"registration_closes_at", "2026-03-01T09:00"}}), "registration_closes_at");
  // Strict date-times, each answered with the same field error: a day or a time that does not exist,
  // text after the offset, an offset no zone has (real ones lie within -12:00..+14:00).
  for (const char* malformed : {"2026-02-30T09:00:00+01:00", "2026-03-10T24:61:00+01:00", "2026-03-10T09:00:00+01:00x",
                                "2026-03-10T09:00:00+14:30", "2026-03-10T09:00:00-12:30"}) {
    const auto reply = post({{"starts_at", malformed}});
    checkInvalid(reply, "starts_at");
    CHECK(reply.body.find("skal være et tidspunkt med tidszoneforskydning, fx 2026-03-10T09:00:00+01:00") !=
          std::string::npos);  // Danish by default
  }
  checkInvalid(post({{"audience", "invited"}, {"invited_organisation_ids", {999999999}}}), "invited_organisation_ids");
  checkInvalid(post({{"audience", "everyone"}}), "audience");
  checkInvalid(post({{"registration_opens_at", utc(start - 24h)}, {"registration_closes_at", utc(start - 48h)}}),
               "registration_opens_at");
  checkInvalid(post({{"registration_closes_at", utc(start + 3h)}}), "registration_closes_at");
  checkInvalid(post({{"online_url", "javascript:alert(1)"}}), "online_url");
  checkInvalid(post({{"venue", {{"municipality_id", 999999}}}}), "venue.municipality_id");
  checkInvalid(post({{"surprise", true}}), "surprise");
  {
    auto missing = base;
    missing.erase("title");
    checkInvalid(as("officer", "POST", "/api/v1/events", missing), "title");
  }
  checkProblem(as("officer", "POST", "/api/v1/events", nullptr, {}), 400);
  checkProblem(client().request("POST", "/api/v1/events", "{\"title\":", {world().bearer("officer")}), 400);
  // Several mistakes at once are all named.
  const auto several = post({{"kind", "picnic"}, {"capacity", 0}, {"ends_at", utc(start - 1h)}});
  checkProblem(several, 422);
  CHECK(hasFieldError(several, "kind"));
  CHECK(hasFieldError(several, "capacity"));
  CHECK(hasFieldError(several, "ends_at"));

  // PATCH is checked the same way, and a failed PATCH changes nothing.
  const auto event = createEvent(base, false);
  const auto path = eventPath(event);
  checkInvalid(as("officer", "PATCH", path, json{{"ends_at", utc(start - 2h)}}), "ends_at");
  checkInvalid(as("officer", "PATCH", path, json{{"title", "Linje\nbrud"}}), "title");
  checkInvalid(as("officer", "PATCH", path, json{{"kind", nullptr}}), "kind");
  checkInvalid(as("officer", "PATCH", path, json{{"audience", "invited"}, {"invited_organisation_ids", {999999998}}}),
               "invited_organisation_ids");
  const auto unchanged = as("officer", "GET", path);
  CHECK(unchanged.header("etag") == "\"v1\"");
  CHECK(unchanged.json().at("ends_at") == copenhagen(start + 120min));
  // Unknown or non-numeric ids are 404.
  checkProblem(as("officer", "GET", "/api/v1/events/999999999"), 404);
  checkProblem(as("officer", "GET", "/api/v1/events/abc"), 404);
  checkProblem(as("officer", "PATCH", "/api/v1/events/999999999", json{{"capacity", 3}}), 404);
}

TEST_CASE("a published event's revision rises with title, time and venue, not with the description", "[events]") {
  const auto start = now() + 24h * 30;
  const auto draft = createEvent(eventBody(unique("Revisionsmøde"), start), false);
  const auto path = eventPath(draft);
  const auto patch = [&](const json& changes) {
    const auto reply = as("officer", "PATCH", path, changes);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    return reply.json().at("revision").get<int>();
  };
  // Drafts are nobody's calendar yet.
  CHECK(patch({{"title", unique("Revisionsmøde (kladde)")}}) == 0);
  REQUIRE(as("officer", "POST", path + "/publish").status == 200);
  const int r0 = getJson("officer", path).at("revision");
  CHECK(patch({{"description", "Kun beskrivelsen"}}) == r0);
  CHECK(patch({{"capacity", 80}}) == r0);
  CHECK(patch({{"title", unique("Revisionsmøde, ny titel")}}) == r0 + 1);
  CHECK(patch({{"starts_at", utc(start + 1h)}, {"ends_at", utc(start + 3h)}}) == r0 + 2);
  CHECK(patch({{"venue", {{"name", "Medborgerhuset"}, {"address", "Vejen 2"}}}}) == r0 + 3);
  CHECK(patch({{"description", "Igen kun beskrivelsen"}}) == r0 + 3);
  const auto event = getJson("officer", path);
  CHECK(event.at("revision") == r0 + 3);
  CHECK(event.at("starts_at") == copenhagen(start + 1h));
  CHECK(event.at("venue").at("name") == "Medborgerhuset");
}

TEST_CASE("partners see published open events and invited ones only when invited", "[events][partner]") {
  const auto tag = unique("Synlighedstest");
  const auto partnerOrg = world().partner_organisation;
  const auto other = otherOrganisation();
  const auto start = now() + 24h * 14;
  auto titled = [&](const std::string& what) { return eventBody(tag + " " + what, start); };

  const auto draft = createEvent(titled("kladde"), false);
  const auto open = createEvent(titled("åben"));
  auto invitedBody = titled("inviteret");
  invitedBody["audience"] = "invited";
  invitedBody["invited_organisation_ids"] = {other, partnerOrg};
  const auto invited = createEvent(invitedBody);
  auto notInvitedBody = titled("ikke inviteret");
  notInvitedBody["audience"] = "invited";
  notInvitedBody["invited_organisation_ids"] = {other};
  const auto notInvited = createEvent(notInvitedBody);

  // Staff see every one, invitations included.
  const auto staffList = getJson("officer", "/api/v1/events?q=" + urlEncode(tag) + "&limit=200");
  CHECK(staffList.at("total") == 4);
  const auto invitedAsOfficer = getJson("officer", eventPath(invited));
  CHECK(invitedAsOfficer.at("invited_organisation_ids") ==
        json(std::vector<long long>{std::min(other, partnerOrg), std::max(other, partnerOrg)}));

  // The partner: the open and the invited one; the draft and the not-invited one do not exist.
  const auto openAsPartner = as("partner", "GET", eventPath(open));
  REQUIRE(openAsPartner.status == 200);
  CHECK(openAsPartner.json().at("title") == open.at("title"));
  CHECK_FALSE(openAsPartner.json().contains("invited_organisation_ids"));
  const auto invitedAsPartner = as("partner", "GET", eventPath(invited));
  REQUIRE(invitedAsPartner.status == 200);
  CHECK(invitedAsPartner.json().at("audience") == "invited");
  CHECK_FALSE(invitedAsPartner.json().contains("invited_organisation_ids"));
  checkProblem(as("partner", "GET", eventPath(draft)), 404);
  checkProblem(as("partner", "GET", eventPath(notInvited)), 404);

  std::set<long long> listed;
  const auto partnerList =
      getJson("partner", "/api/v1/events?limit=200&from=" + utc(start - 1h) + "&to=" + utc(start + 1h));
  for (const auto& e : partnerList.at("items")) {
    listed.insert(e.at("id").get<long long>());
    CHECK(e.at("status") != "draft");
    CHECK_FALSE(e.contains("invited_organisation_ids"));
  }
  CHECK(listed.count(open.at("id")) == 1);
  CHECK(listed.count(invited.at("id")) == 1);
  CHECK(listed.count(draft.at("id")) == 0);
  CHECK(listed.count(notInvited.at("id")) == 0);

  // Partners plan nothing: 403 where they can see, 404 where they cannot.
  checkProblem(as("partner", "POST", "/api/v1/events", titled("partnerens")), 403);
  checkProblem(as("partner", "PATCH", eventPath(open), json{{"title", "Kapret"}}), 403);
  checkProblem(as("partner", "POST", eventPath(open) + "/cancel", json{{"reason", "nej"}}), 403);
  checkProblem(as("partner", "POST", eventPath(open) + "/close"), 403);
  checkProblem(as("partner", "PATCH", eventPath(draft), json{{"title", "Kapret"}}), 404);
  checkProblem(as("partner", "POST", eventPath(draft) + "/publish"), 404);
  checkProblem(as("partner", "PATCH", eventPath(notInvited), json{{"title", "Kapret"}}), 404);
  checkProblem(as("partner", "POST", eventPath(notInvited) + "/cancel", json{{"reason", "nej"}}), 404);
  checkProblem(as("partner", "GET", eventPath(notInvited) + "/registrations"), 404);
  checkProblem(as("partner", "POST", eventPath(notInvited) + "/registrations",
                  json{{"contact_id", createContact(partnerOrg, "Pia Usynlig")}}),
               404);
  CHECK(getJson("officer", eventPath(open)).at("title") == open.at("title"));
  CHECK(getJson("officer", eventPath(draft)).at("status") == "draft");
}

TEST_CASE("events lists are cached but never stale, also across server processes", "[events][cache]") {
  const auto tag = unique("Cachetest");
  const auto path = "/api/v1/events?q=" + urlEncode(tag) + "&limit=5";
  CHECK(getJson("officer", path).at("total") == 0);
  CHECK(getJson("partner", path).at("total") == 0);  // served from the cache now
  const auto event = futureEvent({{"title", tag + " åben"}});
  CHECK(getJson("officer", path).at("total") == 1);
  CHECK(getJson("partner", path).at("total") == 1);
  // A registration changes the counts the list shows.
  registered("officer", event, createContact(otherOrganisation(), "Cache Deltager"));
  CHECK(getJson("officer", path).at("items").at(0).at("confirmed") == 1);
  CHECK(getJson("partner", path).at("items").at(0).at("confirmed") == 1);
  // From a day on: the earliest start of the events still running then bounds the page (issue 17).
  CHECK(getJson("officer", path + "&from=2000-01-01").at("total") == 1);
  CHECK(getJson("partner", path + "&from=2000-01-01&order=desc").at("total") == 1);
  CHECK(getJson("officer", path + "&from=2100-01-01").at("total") == 0);
  // A change made through another server process is seen at once: the event is now by invitation only,
  // and the partner's organisation is not invited.
  ServerProcess second(world().data.database());
  HttpClient other(second.base());
  const auto changed =
      other.request("PATCH", eventPath(event),
                    json{{"audience", "invited"}, {"invited_organisation_ids", {otherOrganisation()}}}.dump(),
                    {world().bearer("officer")});
  INFO(changed.body);
  REQUIRE(changed.status == 200);
  CHECK(getJson("partner", path).at("total") == 0);
  const auto staff = getJson("officer", path);
  REQUIRE(staff.at("total") == 1);
  CHECK(staff.at("items").at(0).at("invited_organisation_ids") == json::array({otherOrganisation()}));
  // A partner's page is its own, not the staff's: it never names the invited organisations.
  const auto mine = getJson("partner", "/api/v1/events?limit=200");
  for (const auto& item : mine.at("items")) CHECK_FALSE(item.contains("invited_organisation_ids"));
}

TEST_CASE("managers read events but not people", "[events][manager]") {
  const auto event = futureEvent();
  const auto contact = createContact(otherOrganisation(), "Morten Manager-Test");
  const auto registration = registered("officer", event, contact);
  const auto regPath = registrationPath(registration.at("id"));

  CHECK(getJson("manager", eventPath(event)).at("id") == event.at("id"));
  CHECK(getJson("manager", "/api/v1/events?limit=5").at("items").is_array());
  checkProblem(as("manager", "POST", "/api/v1/events", eventBody("Lederens møde", now() + 24h)), 403);
  checkProblem(as("manager", "PATCH", eventPath(event), json{{"title", "Ændret"}}), 403);
  checkProblem(as("manager", "POST", eventPath(event) + "/cancel", json{{"reason", "nej"}}), 403);
  checkProblem(as("manager", "GET", eventPath(event) + "/registrations"), 403);
  checkProblem(as("manager", "POST", eventPath(event) + "/registrations", json{{"contact_id", contact}}), 403);
  checkProblem(as("manager", "GET", eventPath(event) + "/attendance.csv"), 403);
  checkProblem(as("manager", "GET", regPath), 403);
  checkProblem(as("manager", "DELETE", regPath), 403);
  checkProblem(as("manager", "POST", regPath + "/check-in"), 403);
  checkProblem(as("manager", "GET", regPath + "/history"), 403);
  CHECK(getJson("officer", regPath).at("status") == "confirmed");
}

// =============================================================================================
// Registrations

TEST_CASE("officers register anyone: 201 with Location; a duplicate is 409 naming the existing one",
          "[registrations]") {
  const auto event = futureEvent({{"capacity", 10}});
  const auto other = otherOrganisation();
  const auto contact = createContact(other, "Ole Officer-Tilmeldt");
  const auto reply = registerOne("officer", event, contact);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  const auto registration = reply.json();
  const auto id = registration.at("id").get<long long>();
  CHECK(reply.header("location") == registrationPath(id));
  CHECK(reply.header("etag").rfind("\"v", 0) == 0);
  CHECK(registration.at("status") == "confirmed");
  CHECK(registration.at("event_id") == event.at("id"));
  CHECK(registration.at("contact_id") == contact);
  CHECK(registration.at("contact_name") == "Ole Officer-Tilmeldt");
  CHECK(registration.at("organisation_id") == other);
  CHECK(registration.at("registered_by") == world().user_ids.at("officer"));
  CHECK(registration.at("cancelled_at").is_null());
  CHECK(registration.at("checked_in_at").is_null());

  const auto read = as("officer", "GET", registrationPath(id));
  REQUIRE(read.status == 200);
  CHECK(read.json().at("status") == "confirmed");
  CHECK(read.header("etag").rfind("\"v", 0) == 0);
  const auto after = getJson("officer", eventPath(event));
  CHECK(after.at("confirmed") == 1);
  CHECK(after.at("waitlisted") == 0);
  CHECK(historyActions(id) == std::vector<std::string>{"registered"});

  const auto duplicate = registerOne("officer", event, contact);
  checkProblem(duplicate, 409);
  CHECK(duplicate.json().at("existing_id") == id);
  const auto duplicateByAdmin = registerOne("admin", event, contact);
  checkProblem(duplicateByAdmin, 409);
  CHECK(duplicateByAdmin.json().at("existing_id") == id);

  // The admin registers too.
  const auto byAdmin = registered("admin", event, createContact(other, "Anna Admin-Tilmeldt"));
  CHECK(byAdmin.at("status") == "confirmed");
  CHECK(byAdmin.at("registered_by") == world().user_ids.at("admin"));

  // Bad requests.
  checkProblem(registerOne("officer", event, 999999999), 404);
  checkInvalid(as("officer", "POST", eventPath(event) + "/registrations", json::object()), "contact_ids");
  checkInvalid(as("officer", "POST", eventPath(event) + "/registrations", json{{"contact_id", "ti"}}), "contact_id");
  checkInvalid(as("officer", "POST", eventPath(event) + "/registrations",
                  json{{"contact_id", contact}, {"contact_ids", {contact}}}),
               "contact_id");
  checkInvalid(as("officer", "POST", eventPath(event) + "/registrations", json{{"contact_ids", json::array()}}),
               "contact_ids");
  checkProblem(as("officer", "POST", "/api/v1/events/999999999/registrations", json{{"contact_id", contact}}), 404);
  checkProblem(as("officer", "POST", "/api/v1/events/999999999/registrations", json{{"contact_ids", {contact}}}), 404);
  // Refused by the use case after the route chose to answer later: the refusal is the answer.
  checkInvalid(as("officer", "POST", eventPath(event) + "/registrations",
                  json{{"contact_ids", std::vector<long long>(101, contact)}}),
               "contact_ids");
  // A draft or cancelled event takes nobody.
  const auto draft = createEvent(eventBody(unique("Kladde uden tilmelding"), now() + 24h * 5), false);
  checkInvalid(registerOne("officer", draft, contact), "event");

  // The list has every status and filters by status.
  const auto list = getJson("officer", eventPath(event) + "/registrations");
  CHECK(list.at("total") == 2);
  CHECK(list.at("items").size() == 2);
  CHECK(list.at("limit") == 50);
  CHECK(list.at("offset") == 0);
  CHECK(getJson("officer", eventPath(event) + "/registrations?status=waitlisted").at("total") == 0);
  checkInvalid(as("officer", "GET", eventPath(event) + "/registrations?status=maybe"), "status");
}

TEST_CASE("a partner registers several of its own people in one request, each on its own", "[registrations][partner]") {
  const auto partnerOrg = world().partner_organisation;
  const auto event = futureEvent({{"capacity", 2}});
  const auto p1 = createContact(partnerOrg, "Pernille Først");
  const auto p2 = createContact(partnerOrg, "Palle Anden");
  const auto p3 = createContact(partnerOrg, "Pia Tredje", "partner");  // partners add their own people
  const auto foreign = createContact(otherOrganisation(), "Frede Fremmed");

  const auto reply =
      as("partner", "POST", eventPath(event) + "/registrations", json{{"contact_ids", {p1, p2, p3, foreign}}});
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  CHECK(reply.header("content-type").rfind("application/json", 0) == 0);
  const auto results = reply.json().at("results");
  REQUIRE(results.size() == 4);
  CHECK(results[0].at("contact_id") == p1);
  CHECK(results[0].at("status") == "confirmed");
  CHECK(results[0].at("registration").at("status") == "confirmed");
  CHECK(results[0].at("registration").at("organisation_id") == partnerOrg);
  CHECK(results[0].at("registration").at("registered_by") == world().user_ids.at("partner"));
  CHECK(results[1].at("contact_id") == p2);
  CHECK(results[1].at("status") == "confirmed");
  CHECK(results[2].at("contact_id") == p3);
  CHECK(results[2].at("status") == "waitlisted");
  CHECK(results[2].at("registration").at("status") == "waitlisted");
  CHECK(results[3].at("contact_id") == foreign);
  CHECK_FALSE(results[3].contains("registration"));
  REQUIRE(results[3].contains("problem"));
  CHECK(results[3].at("problem").at("status") == 404);
  CHECK(results[3].at("problem").at("type") == "https://brobygger.dk/problems/not-found");
  CHECK(results[3].at("problem").at("detail").get<std::string>().find("Frede") == std::string::npos);
  {
    const auto e = getJson("officer", eventPath(event));
    CHECK(e.at("confirmed") == 2);
    CHECK(e.at("waitlisted") == 1);
  }

  // A new person created inline for the partner's own organisation, then registered.
  const auto inline_ = as(
      "partner", "POST", eventPath(event) + "/registrations",
      json{
          {"contact_ids", {p1}},
          {"new_contacts", {{{"name", "Nina Ny"}, {"email", "nina.ny." + std::to_string(getpid()) + "@example.dk"}}}}});
  INFO(inline_.body);
  REQUIRE(inline_.status == 200);
  const auto inlineResults = inline_.json().at("results");
  REQUIRE(inlineResults.size() == 2);
  long long nina = 0;
  for (const auto& r : inlineResults) {
    if (r.at("contact_id") == p1) {
      CHECK(r.at("status") == "failed");
      CHECK(r.at("problem").at("status") == 409);
      CHECK(r.at("problem").at("existing_id") == results[0].at("registration").at("id"));
    } else {
      nina = r.at("contact_id");
      CHECK(r.at("status") == "waitlisted");
      CHECK(r.at("registration").at("contact_name") == "Nina Ny");
      CHECK(r.at("registration").at("organisation_id") == partnerOrg);
    }
  }
  REQUIRE(nina != 0);
  const auto ninaContact = getJson("partner", "/api/v1/contacts/" + std::to_string(nina));
  CHECK(ninaContact.at("organisation_id") == partnerOrg);
  CHECK(ninaContact.at("name") == "Nina Ny");
  // An inline person that breaks a rule fails alone.
  const auto badInline =
      as("partner", "POST", eventPath(event) + "/registrations", json{{"new_contacts", {{{"name", "Uden\nlinje"}}}}});
  INFO(badInline.body);
  if (badInline.status == 200) {
    const auto r = badInline.json().at("results");
    REQUIRE(r.size() == 1);
    CHECK(r[0].at("status") == "failed");
    CHECK(r[0].at("problem").at("status") == 422);
    CHECK(hasFieldError(r[0].at("problem"), "name"));
  } else {
    checkInvalid(badInline, "name");
  }

  // One person: 201 with Location; again: 409 with the existing registration.
  const auto p4 = createContact(partnerOrg, "Poul Fjerde");
  const auto single = registerOne("partner", event, p4);
  INFO(single.body);
  REQUIRE(single.status == 201);
  CHECK(single.header("location") == registrationPath(single.json().at("id")));
  CHECK(single.json().at("status") == "waitlisted");
  const auto again = registerOne("partner", event, p4);
  checkProblem(again, 409);
  CHECK(again.json().at("existing_id") == single.json().at("id"));
  checkProblem(registerOne("partner", event, foreign), 404);

  // The partner's list shows only its own people.
  const auto officerReg = registered("officer", event, createContact(otherOrganisation(), "Otto Anden Forening"));
  const auto partnerList = getJson("partner", eventPath(event) + "/registrations?limit=200");
  CHECK(partnerList.at("total") == 5);  // p1 p2 p3 Nina p4
  for (const auto& r : partnerList.at("items")) CHECK(r.at("organisation_id") == partnerOrg);
  CHECK(getJson("officer", eventPath(event) + "/registrations?limit=200").at("total") == 6);

  // Another organisation's registration does not exist for the partner.
  const auto foreignPath = registrationPath(officerReg.at("id"));
  checkProblem(as("partner", "GET", foreignPath), 404);
  checkProblem(as("partner", "GET", foreignPath + "/history"), 404);
  checkProblem(as("partner", "DELETE", foreignPath), 404);
  checkProblem(as("partner", "POST", foreignPath + "/substitute", json{{"contact_id", p1}}), 404);
  checkProblem(as("partner", "POST", foreignPath + "/check-in"), 404);
  checkProblem(as("partner", "GET", foreignPath + "/invitation.ics"), 404);
  CHECK(getJson("officer", foreignPath).at("status") == officerReg.at("status"));
  CHECK(getJson("officer", foreignPath).at("contact_id") == officerReg.at("contact_id"));

  // The partner reads and cancels its own.
  const auto own = registrationPath(results[0].at("registration").at("id"));
  CHECK(getJson("partner", own).at("contact_id") == p1);
  REQUIRE(as("partner", "GET", own + "/history").status == 200);
  const auto cancel = as("partner", "DELETE", own);
  INFO(cancel.body);
  CHECK(cancel.status == 204);
  CHECK(cancel.body.empty());
  const auto cancelled = getJson("partner", own);
  CHECK(cancelled.at("status") == "cancelled");
  CHECK(cancelled.at("cancelled_by") == world().user_ids.at("partner"));
  // p3 waited first: p3 has the seat now.
  CHECK(getJson("partner", registrationPath(results[2].at("registration").at("id"))).at("status") == "confirmed");
}

TEST_CASE("partners register only in the window and only where invited; officers may anyway",
          "[registrations][partner]") {
  const auto partnerOrg = world().partner_organisation;
  const auto start = now() + 24h * 9;
  const auto person = createContact(partnerOrg, "Vilma Vindue");

  const auto closed = futureEvent({{"registration_closes_at", utc(now() - 1h)}}, start);
  const auto closedReply = registerOne("partner", closed, person);
  checkInvalid(closedReply, "event");
  const auto batch = as("partner", "POST", eventPath(closed) + "/registrations", json{{"contact_ids", {person}}});
  REQUIRE(batch.status == 200);
  CHECK(batch.json().at("results")[0].at("status") == "failed");
  CHECK(batch.json().at("results")[0].at("problem").at("status") == 422);
  CHECK(getJson("officer", eventPath(closed)).at("confirmed") == 0);

  const auto notYet = futureEvent({{"registration_opens_at", utc(now() + 24h * 2)}}, start);
  checkInvalid(registerOne("partner", notYet, person), "event");

  // Officers decide who comes: outside the window is fine for them.
  CHECK(registered("officer", closed, person).at("status") == "confirmed");
  CHECK(registered("officer", notYet, person).at("status") == "confirmed");

  // Invited: the partner's organisation on the list registers; otherwise the event is not there.
  auto invitedBody = eventBody(unique("Kun for inviterede"), start);
  invitedBody["audience"] = "invited";
  invitedBody["invited_organisation_ids"] = {partnerOrg};
  const auto invited = createEvent(invitedBody);
  CHECK(registered("partner", invited, person).at("status") == "confirmed");
  invitedBody["title"] = unique("Ikke for partneren");
  invitedBody["invited_organisation_ids"] = {otherOrganisation()};
  const auto notInvited = createEvent(invitedBody);
  checkProblem(registerOne("partner", notInvited, person), 404);
  // An officer may register someone from outside the invitation list.
  CHECK(registered("officer", notInvited, person).at("status") == "confirmed");
}

TEST_CASE("capacity and per-organisation quota put the extra person on the waiting list, for officers too",
          "[registrations]") {
  const auto orgA = createOrganisation("Kvoteforening A");
  const auto orgB = createOrganisation("Kvoteforening B");
  SECTION("capacity") {
    const auto event = futureEvent({{"capacity", 2}});
    CHECK(registered("officer", event, createContact(orgA, "Kap Et")).at("status") == "confirmed");
    CHECK(registered("officer", event, createContact(orgB, "Kap To")).at("status") == "confirmed");
    const auto third = registered("officer", event, createContact(orgA, "Kap Tre"));
    CHECK(third.at("status") == "waitlisted");
    CHECK(historyActions(third.at("id")) == std::vector<std::string>{"waitlisted"});
    CHECK(registered("admin", event, createContact(orgB, "Kap Fire")).at("status") == "waitlisted");
    const auto e = getJson("officer", eventPath(event));
    CHECK(e.at("confirmed") == 2);
    CHECK(e.at("waitlisted") == 2);
    CHECK(getJson("officer", eventPath(event) + "/registrations?status=waitlisted").at("total") == 2);
    CHECK(getJson("officer", eventPath(event) + "/registrations?status=confirmed").at("total") == 2);
  }
  SECTION("quota") {
    const auto event = futureEvent({{"capacity", 10}, {"per_organisation_quota", 1}});
    CHECK(event.at("per_organisation_quota") == 1);
    CHECK(registered("officer", event, createContact(orgA, "Kvote A1")).at("status") == "confirmed");
    CHECK(registered("officer", event, createContact(orgA, "Kvote A2")).at("status") == "waitlisted");
    CHECK(registered("officer", event, createContact(orgB, "Kvote B1")).at("status") == "confirmed");
    const auto e = getJson("officer", eventPath(event));
    CHECK(e.at("confirmed") == 2);
    CHECK(e.at("waitlisted") == 1);
  }
  SECTION("quota for a partner's batch") {
    const auto event = futureEvent({{"per_organisation_quota", 2}});
    const auto partnerOrg = world().partner_organisation;
    std::vector<long long> people;
    for (int i = 0; i < 3; ++i) people.push_back(createContact(partnerOrg, "Kvoteperson " + std::to_string(i)));
    const auto reply = as("partner", "POST", eventPath(event) + "/registrations", json{{"contact_ids", people}});
    REQUIRE(reply.status == 200);
    const auto results = reply.json().at("results");
    REQUIRE(results.size() == 3);
    CHECK(results[0].at("status") == "confirmed");
    CHECK(results[1].at("status") == "confirmed");
    CHECK(results[2].at("status") == "waitlisted");
  }
}

TEST_CASE("a cancellation promotes the first waiting person in arrival order, respecting the quota",
          "[registrations]") {
  const auto orgA = createOrganisation("Ventelisteforening A");
  const auto orgB = createOrganisation("Ventelisteforening B");
  SECTION("arrival order") {
    const auto event = futureEvent({{"capacity", 1}});
    const auto first = registered("officer", event, createContact(orgA, "Vente Først"));
    const auto second = registered("officer", event, createContact(orgB, "Vente Anden"));
    const auto third = registered("officer", event, createContact(orgA, "Vente Tredje"));
    REQUIRE(first.at("status") == "confirmed");
    REQUIRE(second.at("status") == "waitlisted");
    REQUIRE(third.at("status") == "waitlisted");

    const auto cancel = as("officer", "DELETE", registrationPath(first.at("id")));
    INFO(cancel.body);
    CHECK(cancel.status == 204);
    const auto cancelled = getJson("officer", registrationPath(first.at("id")));
    CHECK(cancelled.at("status") == "cancelled");
    CHECK(cancelled.at("cancelled_by") == world().user_ids.at("officer"));
    CHECK_FALSE(cancelled.at("cancelled_at").is_null());
    const auto promoted = getJson("officer", registrationPath(second.at("id")));
    CHECK(promoted.at("status") == "confirmed");
    CHECK(getJson("officer", registrationPath(third.at("id"))).at("status") == "waitlisted");

    const auto history = getJson("officer", registrationPath(second.at("id")) + "/history").at("items");
    REQUIRE(history.size() == 2);
    CHECK(history[0].at("action") == "waitlisted");
    CHECK(history[1].at("action") == "promoted");
    CHECK(history[1].at("from_status") == "waitlisted");
    CHECK(history[1].at("to_status") == "confirmed");
    const auto cancelHistory = getJson("officer", registrationPath(first.at("id")) + "/history").at("items");
    REQUIRE(cancelHistory.size() == 2);
    CHECK(cancelHistory[1].at("action") == "cancelled");
    CHECK(cancelHistory[1].at("user_id") == world().user_ids.at("officer"));
    CHECK(cancelHistory[1].at("from_status") == "confirmed");
    CHECK(cancelHistory[1].at("to_status") == "cancelled");

    const auto e = getJson("officer", eventPath(event));
    CHECK(e.at("confirmed") == 1);
    CHECK(e.at("waitlisted") == 1);
    // Every status stays listed; cancelling twice is a conflict.
    CHECK(getJson("officer", eventPath(event) + "/registrations").at("total") == 3);
    CHECK(getJson("officer", eventPath(event) + "/registrations?status=cancelled").at("total") == 1);
    checkProblem(as("officer", "DELETE", registrationPath(first.at("id"))), 409);
    // A cancelled person may register again (at the back of the line).
    const auto back = registered("officer", event, first.at("contact_id"));
    CHECK(back.at("status") == "waitlisted");
    CHECK(back.at("id") != first.at("id"));
    // Cancelling a waiting person promotes nobody.
    REQUIRE(as("officer", "DELETE", registrationPath(third.at("id"))).status == 204);
    CHECK(getJson("officer", registrationPath(back.at("id"))).at("status") == "waitlisted");
  }
  SECTION("the quota is respected") {
    const auto event = futureEvent({{"capacity", 2}, {"per_organisation_quota", 1}});
    const auto a1 = registered("officer", event, createContact(orgA, "Kvote A-et"));
    const auto a2 = registered("officer", event, createContact(orgA, "Kvote A-to"));  // quota: waits
    const auto b1 = registered("officer", event, createContact(orgB, "Kvote B-et"));
    const auto b2 = registered("officer", event, createContact(orgB, "Kvote B-to"));  // full: waits
    REQUIRE(a1.at("status") == "confirmed");
    REQUIRE(a2.at("status") == "waitlisted");
    REQUIRE(b1.at("status") == "confirmed");
    REQUIRE(b2.at("status") == "waitlisted");
    // B's seat frees: A2 waited longest but A's quota is full, so B2 moves up.
    REQUIRE(as("officer", "DELETE", registrationPath(b1.at("id"))).status == 204);
    CHECK(getJson("officer", registrationPath(a2.at("id"))).at("status") == "waitlisted");
    CHECK(getJson("officer", registrationPath(b2.at("id"))).at("status") == "confirmed");
    CHECK(contains(historyActions(b2.at("id")), "promoted"));
  }
}

TEST_CASE("registrations cannot be cancelled once the event has started", "[registrations]") {
  const auto event = futureEvent({}, now() - 1h);  // started an hour ago, ends in an hour
  const auto registration = registered("officer", event, createContact(otherOrganisation(), "Sen Afmelder"));
  checkInvalid(as("officer", "DELETE", registrationPath(registration.at("id"))), "event");
  CHECK(getJson("officer", registrationPath(registration.at("id"))).at("status") == "confirmed");
  const auto partnerReg = registered("officer", event, createContact(world().partner_organisation, "Sen Partner"));
  checkInvalid(as("partner", "DELETE", registrationPath(partnerReg.at("id"))), "event");
}

TEST_CASE("a partner passes a seat to a colleague from the same organisation", "[registrations][partner]") {
  const auto partnerOrg = world().partner_organisation;
  const auto event = futureEvent({{"capacity", 5}});
  const auto original = createContact(partnerOrg, "Sofie Syg");
  const auto colleague = createContact(partnerOrg, "Søren Stedfortræder");
  const auto third = createContact(partnerOrg, "Sara Allerede");
  const auto foreign = createContact(otherOrganisation(), "Frank Fremmed");
  const auto registration = registered("partner", event, original);
  const auto path = registrationPath(registration.at("id"));
  registered("partner", event, third);

  const auto reply = as("partner", "POST", path + "/substitute", json{{"contact_id", colleague}});
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  CHECK(reply.json().at("id") == registration.at("id"));
  CHECK(reply.json().at("contact_id") == colleague);
  CHECK(reply.json().at("contact_name") == "Søren Stedfortræder");
  CHECK(reply.json().at("status") == "confirmed");
  CHECK(getJson("officer", path).at("contact_id") == colleague);
  const auto history = getJson("partner", path + "/history").at("items");
  REQUIRE(history.size() == 2);
  CHECK(history[1].at("action") == "substituted");
  CHECK(history[1].at("from_contact_id") == original);
  CHECK(history[1].at("to_contact_id") == colleague);
  CHECK(history[1].at("user_id") == world().user_ids.at("partner"));
  CHECK(getJson("officer", eventPath(event)).at("confirmed") == 2);

  // Someone already registered: 409 naming that registration; another organisation's person: 404 for the
  // partner, 422 for an officer (a seat stays with its organisation).
  const auto clash = as("partner", "POST", path + "/substitute", json{{"contact_id", third}});
  checkProblem(clash, 409);
  CHECK(clash.json().contains("existing_id"));
  checkProblem(as("partner", "POST", path + "/substitute", json{{"contact_id", foreign}}), 404);
  checkInvalid(as("officer", "POST", path + "/substitute", json{{"contact_id", foreign}}), "contact_id");
  checkInvalid(as("partner", "POST", path + "/substitute", json::object()), "contact_id");
  CHECK(getJson("officer", path).at("contact_id") == colleague);
  // The original person is free to register again.
  CHECK(registered("partner", event, original).at("status") == "confirmed");
}

TEST_CASE("check-in opens two hours before the start; close marks the unchecked as no-shows",
          "[registrations][attendance]") {
  const auto org = createOrganisation("Fremmødeforening");
  SECTION("too early") {
    const auto event = futureEvent({}, now() + 24h);
    const auto registration = registered("officer", event, createContact(org, "Tidlig Tjekind"));
    checkInvalid(as("officer", "POST", registrationPath(registration.at("id")) + "/check-in"), "event");
    CHECK(getJson("officer", registrationPath(registration.at("id"))).at("status") == "confirmed");
    checkInvalid(as("officer", "POST", eventPath(event) + "/close"), "ends_at");
  }
  SECTION("during the event, then after its end") {
    const auto event = futureEvent({{"capacity", 3}}, now() - 1h);  // running: started an hour ago
    const auto came = registered("officer", event, createContact(org, "Kom Til Tiden"));
    const auto absent = registered("officer", event, createContact(org, "Blev Hjemme"));
    const auto partnerPerson =
        registered("officer", event, createContact(world().partner_organisation, "Partnerens Deltager"));
    const auto waiting = registered("officer", event, createContact(org, "Venter Stadig"));
    REQUIRE(waiting.at("status") == "waitlisted");

    const auto checkIn = as("officer", "POST", registrationPath(came.at("id")) + "/check-in");
    INFO(checkIn.body);
    REQUIRE(checkIn.status == 200);
    CHECK(checkIn.json().at("status") == "attended");
    CHECK(checkIn.json().at("checked_in_by") == world().user_ids.at("officer"));
    CHECK_FALSE(checkIn.json().at("checked_in_at").is_null());
    // At the door twice is fine.
    const auto twice = as("officer", "POST", registrationPath(came.at("id")) + "/check-in");
    CHECK(twice.status == 200);
    CHECK(twice.json().at("status") == "attended");
    // Only officers check in; waiting people are not checked in.
    checkProblem(as("partner", "POST", registrationPath(partnerPerson.at("id")) + "/check-in"), 403);
    checkProblem(as("officer", "POST", registrationPath(waiting.at("id")) + "/check-in"), 409);
    // A check-in made by mistake is undone (issue 16): confirmed again, recorded, then in again.
    const auto undo = as("officer", "DELETE", registrationPath(came.at("id")) + "/check-in");
    INFO(undo.body);
    REQUIRE(undo.status == 200);
    CHECK(undo.json().at("status") == "confirmed");
    CHECK(undo.json().at("checked_in_at").is_null());
    CHECK(as("officer", "DELETE", registrationPath(came.at("id")) + "/check-in").json().at("status") == "confirmed");
    CHECK(contains(historyActions(came.at("id")), "check_in_undone"));
    checkProblem(as("partner", "DELETE", registrationPath(partnerPerson.at("id")) + "/check-in"), 403);
    checkProblem(as("officer", "DELETE", registrationPath(waiting.at("id")) + "/check-in"), 409);
    REQUIRE(as("officer", "POST", registrationPath(came.at("id")) + "/check-in").json().at("status") == "attended");
    // Not over yet.
    checkInvalid(as("officer", "POST", eventPath(event) + "/close"), "ends_at");
    CHECK(getJson("officer", eventPath(event)).at("status") == "published");
    CHECK(getJson("officer", registrationPath(absent.at("id"))).at("status") == "confirmed");
  }
  SECTION("closing a past event") {
    const auto event = futureEvent({{"capacity", 3}}, now() - 5h);  // ended three hours ago
    const auto came = registered("officer", event, createContact(org, "Mødte Op"));
    const auto absent = registered("officer", event, createContact(org, "Mødte Ikke Op"));
    const auto absentToo = registered("officer", event, createContact(org, "Mødte Heller Ikke Op"));
    const auto waiting = registered("officer", event, createContact(org, "Stod På Venteliste"));
    REQUIRE(waiting.at("status") == "waitlisted");
    REQUIRE(as("officer", "POST", registrationPath(came.at("id")) + "/check-in").status == 200);
    checkProblem(as("partner", "POST", eventPath(event) + "/close"), 403);
    checkProblem(as("manager", "POST", eventPath(event) + "/close"), 403);
    checkProblem(as("officer", "POST", eventPath(event) + "/close", nullptr, {"If-Match: \"v1\""}), 412);

    const auto closed = as("officer", "POST", eventPath(event) + "/close");
    INFO(closed.body);
    REQUIRE(closed.status == 200);
    CHECK(closed.json().at("status") == "completed");
    CHECK(getJson("officer", eventPath(event)).at("status") == "completed");
    CHECK(getJson("officer", registrationPath(came.at("id"))).at("status") == "attended");
    CHECK(getJson("officer", registrationPath(absent.at("id"))).at("status") == "no_show");
    CHECK(getJson("officer", registrationPath(absentToo.at("id"))).at("status") == "no_show");
    CHECK(getJson("officer", registrationPath(waiting.at("id"))).at("status") == "waitlisted");
    CHECK(contains(historyActions(absent.at("id")), "no_show"));
    CHECK(getJson("officer", eventPath(event) + "/registrations?status=no_show").at("total") == 2);
    CHECK(getJson("officer", eventPath(event) + "/registrations?status=attended").at("total") == 1);
    // After the close, an undone check-in is a no-show, as closing would have made it.
    const auto undone = as("officer", "DELETE", registrationPath(came.at("id")) + "/check-in");
    INFO(undone.body);
    REQUIRE(undone.status == 200);
    CHECK(undone.json().at("status") == "no_show");
    CHECK(getJson("officer", eventPath(event) + "/registrations?status=attended").at("total") == 0);
    REQUIRE(as("officer", "POST", registrationPath(came.at("id")) + "/check-in").status == 409);
    // Closed is closed.
    checkProblem(as("officer", "POST", eventPath(event) + "/close"), 409);
    checkProblem(as("officer", "POST", registrationPath(absent.at("id")) + "/check-in"), 409);
    checkProblem(as("officer", "PATCH", eventPath(event), json{{"title", "Efterrationalisering"}}), 409);
  }
  SECTION("a draft is not closed") {
    const auto draft = createEvent(eventBody(unique("Glemt kladde"), now() - 5h), false);
    checkProblem(as("officer", "POST", eventPath(draft) + "/close"), 409);
  }
}

TEST_CASE("the attendance list is CSV with a BOM, CRLF, quoting and formula protection",
          "[registrations][attendance]") {
  const auto org = createOrganisation("CSV-foreningen");
  const auto event = futureEvent({}, now() - 1h);
  const auto quoted = registered("officer", event, createContact(org, "Jensen, \"Bo\""));
  const auto formula = registered("officer", event, createContact(org, "=HYPERLINK(\"x\")"));
  const auto danish = registered("officer", event, createContact(org, "Ærø Ødegård"));
  REQUIRE(as("officer", "POST", registrationPath(quoted.at("id")) + "/check-in").status == 200);

  const auto reply = as("officer", "GET", eventPath(event) + "/attendance.csv");
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  CHECK(reply.header("content-type").rfind("text/csv", 0) == 0);
  CHECK(reply.header("content-disposition").find("attachment") != std::string::npos);
  const auto& csv = reply.body;
  REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
  // Every line ends CRLF; no bare LF.
  std::vector<std::string> lines;
  std::size_t pos = 3;
  while (pos < csv.size()) {
    const auto end = csv.find("\r\n", pos);
    REQUIRE(end != std::string::npos);
    lines.push_back(csv.substr(pos, end - pos));
    pos = end + 2;
  }
  for (const auto& line : lines) CHECK(line.find('\n') == std::string::npos);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "registration_id,name,organisation,status,registered_at,checked_in_at");
  const auto rowOf = [&](const json& registration) {
    const auto prefix = std::to_string(registration.at("id").get<long long>()) + ",";
    for (const auto& line : lines)
      if (line.rfind(prefix, 0) == 0) return line;
    return std::string();
  };
  CHECK(rowOf(quoted).rfind(std::to_string(quoted.at("id").get<long long>()) + ",\"Jensen, \"\"Bo\"\"\",", 0) == 0);
  CHECK(rowOf(quoted).find(",attended,") != std::string::npos);
  CHECK(rowOf(formula).find(",\"'=HYPERLINK(\"\"x\"\")\",") != std::string::npos);
  CHECK(rowOf(danish).find(",Ærø Ødegård,") != std::string::npos);
  CHECK(rowOf(danish).find(",confirmed,") != std::string::npos);
  CHECK(rowOf(danish).back() == ',');  // not checked in: empty last field

  checkProblem(as("partner", "GET", eventPath(event) + "/attendance.csv"), 403);
  checkProblem(as("manager", "GET", eventPath(event) + "/attendance.csv"), 403);
  const auto draft = createEvent(eventBody(unique("Usynlig kladde"), now() + 24h), false);
  checkProblem(as("partner", "GET", eventPath(draft) + "/attendance.csv"), 404);
}

TEST_CASE("the attendance list leaves out cancelled registrations", "[registrations][attendance]") {
  const auto org = createOrganisation("Afmeldingsforeningen");
  const auto event = futureEvent({}, now() + 24h);
  const auto stays = registered("officer", event, createContact(org, "Bliver Her"));
  const auto leaves = registered("officer", event, createContact(org, "Melder Fra"));
  REQUIRE(as("officer", "DELETE", registrationPath(leaves.at("id"))).status == 204);
  const auto csv = as("officer", "GET", eventPath(event) + "/attendance.csv").body;
  CHECK(csv.find("Bliver Her") != std::string::npos);
  CHECK(csv.find("Melder Fra") == std::string::npos);
  CHECK(stays.at("status") == "confirmed");
}

TEST_CASE("capacity is not lowered below the seats taken; raising it promotes the waiting",
          "[registrations][capacity]") {
  const auto org = createOrganisation("Kapacitetsforeningen");
  const auto event = futureEvent({{"capacity", 3}});
  std::vector<json> regs;
  for (int i = 0; i < 5; ++i)
    regs.push_back(registered("officer", event, createContact(org, "Plads " + std::to_string(i))));
  REQUIRE(regs[2].at("status") == "confirmed");
  REQUIRE(regs[3].at("status") == "waitlisted");
  REQUIRE(regs[4].at("status") == "waitlisted");

  checkInvalid(as("officer", "PATCH", eventPath(event), json{{"capacity", 2}}), "capacity");
  CHECK(getJson("officer", eventPath(event)).at("capacity") == 3);
  const auto same = as("officer", "PATCH", eventPath(event), json{{"capacity", 3}});
  CHECK(same.status == 200);

  const auto raised = as("officer", "PATCH", eventPath(event), json{{"capacity", 4}});
  INFO(raised.body);
  REQUIRE(raised.status == 200);
  CHECK(raised.json().at("capacity") == 4);
  CHECK(raised.json().at("confirmed") == 4);
  CHECK(raised.json().at("waitlisted") == 1);
  CHECK(getJson("officer", registrationPath(regs[3].at("id"))).at("status") == "confirmed");
  CHECK(getJson("officer", registrationPath(regs[4].at("id"))).at("status") == "waitlisted");
  CHECK(contains(historyActions(regs[3].at("id")), "promoted"));

  // Unlimited: everyone in.
  const auto unlimited = as("officer", "PATCH", eventPath(event), json{{"capacity", nullptr}});
  REQUIRE(unlimited.status == 200);
  CHECK(unlimited.json().at("capacity").is_null());
  CHECK(unlimited.json().at("confirmed") == 5);
  CHECK(unlimited.json().at("waitlisted") == 0);
  CHECK(getJson("officer", registrationPath(regs[4].at("id"))).at("status") == "confirmed");
}

// =============================================================================================
// Series

namespace {

// The second Tuesday of the month `monthsAhead` from now.
std::chrono::year_month_day secondTuesday(int monthsAhead) {
  using namespace std::chrono;
  const auto t = today();
  const year_month ym = year_month{t.year(), t.month()} + months(monthsAhead);
  return year_month_day{sys_days{ym / Tuesday[2]}};
}

json seriesBody(const std::string& title, Seconds start, const std::vector<long long>& roster,
                const std::string& rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU") {
  return {{"title", title},          {"kind", "network_meeting"},  {"rrule", rrule},
          {"starts_at", utc(start)}, {"ends_at", utc(start + 2h)}, {"roster_organisation_ids", roster}};
}

json createSeries(const json& body) {
  const auto reply = as("officer", "POST", "/api/v1/series", body);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json();
}

std::string wallClock(const std::string& timestamp) { return timestamp.substr(11, 8); }
std::string offsetOf(const std::string& timestamp) { return timestamp.substr(19); }

}  // namespace

TEST_CASE("a series materialises its occurrences, inviting the roster, at a stable wall-clock time", "[series]") {
  const auto member = createOrganisation("Seriemedlem");
  const auto partnerOrg = world().partner_organisation;
  const auto firstDay = secondTuesday(2);
  const auto start = localTime(firstDay, 10, 0);
  const auto reply = as("officer", "POST", "/api/v1/series",
                        seriesBody(unique("Infohus-netværket"), start, {partnerOrg, member, partnerOrg}));
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  const auto series = reply.json();
  const auto id = series.at("id").get<long long>();
  CHECK(reply.header("location") == "/api/v1/series/" + std::to_string(id));
  CHECK(reply.header("etag").rfind("\"v", 0) == 0);
  CHECK(series.at("rrule") == "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU");
  CHECK(series.at("starts_at") == copenhagen(start));
  CHECK(series.at("time_of_day") == "10:00");
  CHECK(series.at("duration_minutes") == 120);
  CHECK(series.at("status") == "active");
  CHECK(series.at("roster_organisation_ids") ==
        json(std::vector<long long>{std::min(member, partnerOrg), std::max(member, partnerOrg)}));
  CHECK(getJson("officer", "/api/v1/series/" + std::to_string(id)).at("id") == id);
  bool listed = false;
  const auto seriesList = getJson("officer", "/api/v1/series?limit=200");
  for (const auto& s : seriesList.at("items")) listed = listed || s.at("id") == id;
  CHECK(listed);

  const auto occurrences = seriesOccurrences(id);
  REQUIRE(occurrences.size() >= 4);
  std::set<std::string> offsets;
  for (std::size_t i = 0; i < occurrences.size(); ++i) {
    const auto& e = occurrences[i];
    INFO(e.dump());
    CHECK(e.at("series_id") == id);
    CHECK(e.at("status") == "published");
    CHECK(e.at("kind") == "network_meeting");
    CHECK(e.at("audience") == "invited");
    CHECK(e.at("invited_organisation_ids") == series.at("roster_organisation_ids"));
    const std::string startsAt = e.at("starts_at");
    CHECK(wallClock(startsAt) == "10:00:00");
    CHECK(wallClock(e.at("ends_at")) == "12:00:00");
    offsets.insert(offsetOf(startsAt));
    // The second Tuesday, every third month.
    const auto date = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(parseTime(startsAt) + 2h)};
    CHECK(std::chrono::weekday{std::chrono::sys_days(date)} == std::chrono::Tuesday);
    CHECK(static_cast<unsigned>(date.day()) >= 8);
    CHECK(static_cast<unsigned>(date.day()) <= 14);
    const auto expectedMonth =
        std::chrono::year_month{firstDay.year(), firstDay.month()} + std::chrono::months(3 * static_cast<int>(i));
    CHECK(date.year() == expectedMonth.year());
    CHECK(date.month() == expectedMonth.month());
  }
  CHECK(occurrences.front().at("starts_at") == copenhagen(start));
  CHECK(offsets == std::set<std::string>{"+01:00", "+02:00"});
  // No occurrence beyond the horizon (12 months).
  CHECK(parseTime(occurrences.back().at("starts_at")) < now() + 24h * 367);

  // The partner is on the roster: it sees the occurrences (without the list of who else is invited).
  const auto asPartner = as("partner", "GET", eventPath(occurrences[1]));
  REQUIRE(asPartner.status == 200);
  CHECK(asPartner.json().at("series_id") == id);
  CHECK_FALSE(asPartner.json().contains("invited_organisation_ids"));
  const auto partnerList = getJson("partner", "/api/v1/events?series_id=" + std::to_string(id) + "&limit=200");
  CHECK(partnerList.at("total") == occurrences.size());

  // One occurrence moved alone; the others keep their time.
  const auto moved = as("officer", "PATCH", eventPath(occurrences[1]),
                        json{{"starts_at", utc(parseTime(occurrences[1].at("starts_at")) + 1h)},
                             {"ends_at", utc(parseTime(occurrences[1].at("ends_at")) + 1h)}});
  INFO(moved.body);
  REQUIRE(moved.status == 200);
  CHECK(wallClock(moved.json().at("starts_at")) == "11:00:00");
  CHECK(moved.json().at("revision") == 1);
  const auto after = seriesOccurrences(id);
  CHECK(wallClock(after[0].at("starts_at")) == "10:00:00");
  CHECK(wallClock(after[2].at("starts_at")) == "10:00:00");
}

TEST_CASE("series input is checked: 422 with the field names", "[series][validation]") {
  const auto member = createOrganisation("Valideringsmedlem");
  const auto start = localTime(secondTuesday(2), 10, 0);
  const auto post = [&](const json& changes) {
    auto body = seriesBody(unique("Ugyldig serie"), start, {member});
    body.update(changes);
    for (auto it = changes.begin(); it != changes.end(); ++it)
      if (it.value().is_null()) body.erase(it.key());
    return as("officer", "POST", "/api/v1/series", body);
  };
  checkInvalid(post({{"rrule", "FREQ=SOMETIMES"}}), "rrule");
  checkInvalid(post({{"rrule", "hver anden tirsdag"}}), "rrule");
  checkInvalid(post({{"rrule", ""}}), "rrule");
  checkInvalid(post({{"rrule", nullptr}}), "rrule");
  checkInvalid(post({{"roster_organisation_ids", json::array()}}), "roster_organisation_ids");
  checkInvalid(post({{"roster_organisation_ids", nullptr}}), "roster_organisation_ids");
  checkInvalid(post({{"roster_organisation_ids", {999999997}}}), "roster_organisation_ids");
  checkInvalid(post({{"ends_at", utc(start - 1h)}}), "ends_at");
  checkInvalid(post({{"starts_at", "2026-03-10T10:00:00"}}), "starts_at");
  checkInvalid(post({{"kind", "picnic"}}), "kind");
  checkInvalid(post({{"title", "Serie\nmed linjeskift"}}), "title");
  // The first occurrence must itself match the rule (a Wednesday is not a second Tuesday).
  checkInvalid(post({{"starts_at", utc(start + 24h)}, {"ends_at", utc(start + 26h)}}), "starts_at");
  checkInvalid(post({{"unknown_field", 1}}), "unknown_field");
}

TEST_CASE("a series changes from an occurrence onward and cancels the rest", "[series]") {
  const auto member = createOrganisation("Ændringsmedlem");
  const auto start = localTime(secondTuesday(1), 10, 0);
  const auto series = createSeries(seriesBody(unique("Kvartalsmøde"), start, {member}));
  const auto id = series.at("id").get<long long>();
  const auto path = "/api/v1/series/" + std::to_string(id);
  const auto before = seriesOccurrences(id);
  REQUIRE(before.size() >= 4);

  checkInvalid(as("officer", "PATCH", path, json{{"time_of_day", "25:00"}}), "time_of_day");
  checkInvalid(as("officer", "PATCH", path, json{{"from_event_id", 999999996}, {"time_of_day", "14:30"}}),
               "from_event_id");
  checkProblem(as("officer", "PATCH", path, json{{"title", "Forældet"}}, {"If-Match: \"v0\""}), 412);

  const auto patched =
      as("officer", "PATCH", path, json{{"from_event_id", before[2].at("id")}, {"time_of_day", "14:30"}});
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("time_of_day") == "14:30");
  const auto after = seriesOccurrences(id);
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    INFO(i << ": " << after[i].dump());
    CHECK(after[i].at("id") == before[i].at("id"));
    if (i < 2) {
      CHECK(after[i].at("starts_at") == before[i].at("starts_at"));
      CHECK(after[i].at("revision") == before[i].at("revision"));
    } else {
      CHECK(wallClock(after[i].at("starts_at")) == "14:30:00");
      CHECK(wallClock(after[i].at("ends_at")) == "16:30:00");
      CHECK(after[i].at("starts_at").get<std::string>().substr(0, 10) ==
            before[i].at("starts_at").get<std::string>().substr(0, 10));
      CHECK(offsetOf(after[i].at("starts_at")) == offsetOf(before[i].at("starts_at")));
      CHECK(after[i].at("revision") == before[i].at("revision").get<int>() + 1);
    }
  }

  // Cancel from the fourth occurrence on: the earlier ones stay, the series ends.
  checkInvalid(as("officer", "POST", path + "/cancel", json{{"from_event_id", after[3].at("id")}}), "reason");
  const auto cancelled = as("officer", "POST", path + "/cancel",
                            json{{"from_event_id", after[3].at("id")}, {"reason", "Netværket nedlægges"}});
  INFO(cancelled.body);
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("status") == "ended");
  const auto end = seriesOccurrences(id);
  for (std::size_t i = 0; i < end.size(); ++i) {
    INFO(i << ": " << end[i].dump());
    if (i < 3) {
      CHECK(end[i].at("status") == "published");
    } else {
      CHECK(end[i].at("status") == "cancelled");
      CHECK(end[i].at("cancellation_reason") == "Netværket nedlægges");
    }
  }
  checkProblem(as("officer", "PATCH", path, json{{"title", "For sent"}}), 409);
}

TEST_CASE("attendance per roster member over the held occurrences of a series", "[series][attendance]") {
  using namespace std::chrono;
  const auto orgA = createOrganisation("Kontinuitet A");
  const auto orgB = createOrganisation("Kontinuitet B");
  const auto orgC = createOrganisation("Kontinuitet C");
  // Monthly on the day of a date about 100 days back (a day every month has).
  auto first = year_month_day{floor<days>(now()) - days(100)};
  if (static_cast<unsigned>(first.day()) > 28) first = first.year() / first.month() / day(28);
  const auto start = localTime(first, 10, 0);
  const auto series = createSeries(seriesBody(unique("Månedligt netværk"), start, {orgA, orgB, orgC}, "FREQ=MONTHLY"));
  const auto id = series.at("id").get<long long>();
  const auto occurrences = seriesOccurrences(id);
  std::vector<json> past;
  for (const auto& e : occurrences)
    if (parseTime(e.at("ends_at")) <= now()) past.push_back(e);
  REQUIRE(past.size() >= 3);
  CHECK(occurrences.size() > past.size());

  const auto a1 = createContact(orgA, "Anders Altid");
  const auto a2 = createContact(orgA, "Agnete Aldrig");
  const auto b1 = createContact(orgB, "Bente Somme Tider");
  // Occurrence 1: A (one came, one did not) and B; occurrence 2: A.
  const auto r1 = registered("officer", past[0], a1);
  const auto r2 = registered("officer", past[0], a2);
  const auto r3 = registered("officer", past[0], b1);
  const auto r4 = registered("officer", past[1], a1);
  for (const auto& r : {r1, r3, r4}) {
    const auto checkIn = as("officer", "POST", registrationPath(r.at("id")) + "/check-in");
    INFO(checkIn.body);
    CHECK(checkIn.status == 200);
  }
  const auto closed = as("officer", "POST", eventPath(past[0]) + "/close");
  INFO(closed.body);
  REQUIRE(closed.status == 200);
  CHECK(getJson("officer", registrationPath(r2.at("id"))).at("status") == "no_show");

  const auto reply = as("officer", "GET", "/api/v1/series/" + std::to_string(id) + "/attendance");
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  const auto items = reply.json().at("items");
  REQUIRE(items.size() == 3);
  std::map<long long, json> byOrg;
  for (const auto& row : items) byOrg[row.at("organisation_id").get<long long>()] = row;
  const auto held = static_cast<int>(past.size());
  CHECK(byOrg.at(orgA).at("occurrences_held") == held);
  CHECK(byOrg.at(orgA).at("occurrences_attended") == 2);
  CHECK(byOrg.at(orgA).at("share").get<double>() == Approx(2.0 / held));
  CHECK(byOrg.at(orgB).at("occurrences_attended") == 1);
  CHECK(byOrg.at(orgB).at("share").get<double>() == Approx(1.0 / held));
  CHECK(byOrg.at(orgC).at("occurrences_attended") == 0);
  CHECK(byOrg.at(orgC).at("share").get<double>() == Approx(0.0));
  // Managers see it too (organisations, not people).
  CHECK(getJson("manager", "/api/v1/series/" + std::to_string(id) + "/attendance").at("items").size() == 3);
}

TEST_CASE("partners do not plan or read series: 403", "[series][partner]") {
  const auto member = createOrganisation("Partnerforbud");
  const auto start = localTime(secondTuesday(2), 10, 0);
  const auto series = createSeries(seriesBody(unique("Lukket serie"), start, {member}));
  const auto path = "/api/v1/series/" + std::to_string(series.at("id").get<long long>());
  checkProblem(as("partner", "GET", "/api/v1/series"), 403);
  checkProblem(as("partner", "GET", path), 403);
  checkProblem(as("partner", "GET", path + "/attendance"), 403);
  checkProblem(
      as("partner", "POST", "/api/v1/series", seriesBody("Partnerens serie", start, {world().partner_organisation})),
      403);
  checkProblem(as("partner", "PATCH", path, json{{"title", "Kapret"}}), 403);
  checkProblem(as("partner", "POST", path + "/cancel", json{{"reason", "nej"}}), 403);
  checkProblem(as("manager", "POST", "/api/v1/series", seriesBody("Lederens serie", start, {member})), 403);
  checkProblem(as("manager", "PATCH", path, json{{"title", "Kapret"}}), 403);
  CHECK(getJson("officer", path).at("title") == series.at("title"));
}

// =============================================================================================
// Concurrency: two server processes on one MariaDB.

namespace {

bool onMariaDb() {
  const char* backend = std::getenv("BROBYGGER_TEST_BACKEND");
  return backend && std::string(backend) == "mariadb";
}

struct Outcome {
  long status = 0;
  std::string body;
};

// Fires one single registration per contact from `threads` threads, each with its own clients,
// alternating the two servers; answers the outcome per contact (same order).
std::vector<Outcome> registerInParallel(const std::string& baseA, const std::string& baseB, long long eventId,
                                        const std::vector<long long>& contacts, int threads = 16) {
  std::vector<Outcome> outcomes(contacts.size());
  std::atomic<std::size_t> next{0};
  std::atomic<bool> go{false};
  const auto header = world().bearer("officer");
  const auto path = "/api/v1/events/" + std::to_string(eventId) + "/registrations";
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      HttpClient a(baseA), b(baseB);
      a.get("/healthz");  // connect before the start signal
      b.get("/healthz");
      while (!go.load()) std::this_thread::yield();
      for (auto i = next++; i < contacts.size(); i = next++) {
        auto& http = i % 2 == 0 ? a : b;
        try {
          const auto reply = http.request("POST", path, json{{"contact_id", contacts[i]}}.dump(), {header});
          outcomes[i] = {reply.status, reply.body};
        } catch (const std::exception& e) {
          outcomes[i] = {-1, e.what()};
        }
      }
    });
  }
  go = true;
  for (auto& thread : pool) thread.join();
  return outcomes;
}

// Cancels registrations from 8 threads, alternating the two servers; answers the status per id.
std::vector<long> cancelInParallel(const std::string& baseA, const std::string& baseB,
                                   const std::vector<long long>& ids) {
  std::vector<long> statuses(ids.size());
  std::vector<std::thread> pool;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> go{false};
  const auto header = world().bearer("officer");
  for (int t = 0; t < 8; ++t) {
    pool.emplace_back([&, t] {
      HttpClient http(t % 2 == 0 ? baseA : baseB);
      http.get("/healthz");
      while (!go.load()) std::this_thread::yield();
      for (auto i = next++; i < ids.size(); i = next++) {
        try {
          statuses[i] = http.request("DELETE", registrationPath(ids[i]), "", {header}).status;
        } catch (const std::exception&) {
          statuses[i] = -1;
        }
      }
    });
  }
  go = true;
  for (auto& thread : pool) thread.join();
  return statuses;
}

std::vector<long long> createContacts(const std::vector<long long>& organisations, int perOrganisation) {
  std::vector<long long> out;
  for (const auto org : organisations)
    for (int i = 0; i < perOrganisation; ++i)
      out.push_back(createContact(org, "Samtidig " + std::to_string(org) + "-" + std::to_string(i)));
  return out;
}

json allRegistrations(long long eventId) {
  auto list = getJson("officer", "/api/v1/events/" + std::to_string(eventId) + "/registrations?limit=200");
  REQUIRE(list.at("items").size() == list.at("total").get<std::size_t>());
  return list;
}

}  // namespace

TEST_CASE("200 simultaneous registrations from two processes for 50 seats: exactly 50 confirmed", "[concurrency]") {
  if (!onMariaDb()) {
    WARN("the concurrency proof runs on MariaDB (BROBYGGER_TEST_BACKEND=mariadb)");
    return;
  }
  ServerProcess second(world().data.database());
  const auto org = createOrganisation("Samtidighedsforeningen");
  const auto contacts = createContacts({org}, 200);
  const auto event = futureEvent({{"capacity", 50}});
  const auto eventId = event.at("id").get<long long>();

  const auto outcomes = registerInParallel(world().server.base(), second.base(), eventId, contacts);
  int confirmed = 0, waitlisted = 0, serverErrors = 0, other = 0;
  std::set<long long> registrationIds;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    if (o.status >= 500 || o.status < 0) {
      ++serverErrors;
      UNSCOPED_INFO("contact " << contacts[i] << ": " << o.status << " " << o.body);
      continue;
    }
    if (o.status != 201) {
      ++other;
      UNSCOPED_INFO("contact " << contacts[i] << ": " << o.status << " " << o.body);
      continue;
    }
    const auto body = json::parse(o.body);
    CHECK(body.at("contact_id") == contacts[i]);
    registrationIds.insert(body.at("id").get<long long>());
    if (body.at("status") == "confirmed") ++confirmed;
    else if (body.at("status") == "waitlisted") ++waitlisted;
  }
  CHECK(serverErrors == 0);
  CHECK(other == 0);
  CHECK(confirmed == 50);
  CHECK(waitlisted == 150);
  CHECK(registrationIds.size() == 200);

  // What is stored agrees: each person exactly once, 50 seats, 150 waiting, the counts match.
  const auto list = allRegistrations(eventId);
  CHECK(list.at("total") == 200);
  std::map<long long, int> perContact;
  int storedConfirmed = 0, storedWaitlisted = 0;
  for (const auto& r : list.at("items")) {
    ++perContact[r.at("contact_id").get<long long>()];
    if (r.at("status") == "confirmed") ++storedConfirmed;
    if (r.at("status") == "waitlisted") ++storedWaitlisted;
  }
  CHECK(perContact.size() == 200);
  for (const auto& [contact, count] : perContact) {
    INFO("contact " << contact);
    CHECK(count == 1);
  }
  CHECK(storedConfirmed == 50);
  CHECK(storedWaitlisted == 150);
  HttpClient viaSecond(second.base());
  for (auto* http : {&client(), &viaSecond}) {
    const auto e = http->get("/api/v1/events/" + std::to_string(eventId), {world().bearer("officer")}).json();
    CHECK(e.at("confirmed") == 50);
    CHECK(e.at("waitlisted") == 150);
  }
  // The waiting list is in arrival order: the confirmed ones registered no later than any waiting one.
  std::string lastConfirmed, firstWaiting = "9999";
  for (const auto& r : list.at("items")) {
    const std::string at = r.at("registered_at");
    if (r.at("status") == "confirmed") lastConfirmed = std::max(lastConfirmed, at);
    else firstWaiting = std::min(firstWaiting, at);
  }
  CHECK(lastConfirmed <= firstWaiting);

  // Everyone again, at once: all duplicates, nothing new, nothing 5xx.
  const auto again = registerInParallel(world().server.base(), second.base(), eventId, contacts);
  int conflicts = 0;
  for (std::size_t i = 0; i < again.size(); ++i) {
    INFO("contact " << contacts[i] << ": " << again[i].status << " " << again[i].body);
    CHECK(again[i].status == 409);
    if (again[i].status == 409) {
      ++conflicts;
      CHECK(registrationIds.count(json::parse(again[i].body).at("existing_id").get<long long>()) == 1);
    }
  }
  CHECK(conflicts == 200);
  CHECK(allRegistrations(eventId).at("total") == 200);

  // 20 seats freed at once from both processes: the first 20 on the waiting list (arrival order)
  // move up, nobody twice, and the counts stay true.
  std::vector<long long> toCancel;
  std::vector<long long> waitingInOrder;  // the list is in arrival order (registered_at, id)
  for (const auto& r : list.at("items")) {
    if (r.at("status") == "confirmed" && toCancel.size() < 20) toCancel.push_back(r.at("id"));
    if (r.at("status") == "waitlisted") waitingInOrder.push_back(r.at("id"));
  }
  REQUIRE(toCancel.size() == 20);
  for (const auto status : cancelInParallel(world().server.base(), second.base(), toCancel)) CHECK(status == 204);
  const auto afterCancel = allRegistrations(eventId);
  std::map<long long, std::string> statusOf;
  int confirmedNow = 0, waitlistedNow = 0, cancelledNow = 0;
  for (const auto& r : afterCancel.at("items")) {
    statusOf[r.at("id").get<long long>()] = r.at("status");
    if (r.at("status") == "confirmed") ++confirmedNow;
    if (r.at("status") == "waitlisted") ++waitlistedNow;
    if (r.at("status") == "cancelled") ++cancelledNow;
  }
  CHECK(cancelledNow == 20);
  CHECK(confirmedNow == 50);
  CHECK(waitlistedNow == 130);
  for (std::size_t i = 0; i < waitingInOrder.size(); ++i) {
    INFO("waiting place " << i << ", registration " << waitingInOrder[i]);
    CHECK(statusOf[waitingInOrder[i]] == (i < 20 ? "confirmed" : "waitlisted"));
  }
  int promotions = 0;
  for (std::size_t i = 0; i < 20; ++i) {
    const auto actions = historyActions(waitingInOrder[i]);
    promotions += static_cast<int>(std::count(actions.begin(), actions.end(), std::string("promoted")));
  }
  CHECK(promotions == 20);  // each promoted exactly once
  const auto counted = getJson("officer", "/api/v1/events/" + std::to_string(eventId));
  CHECK(counted.at("confirmed") == 50);
  CHECK(counted.at("waitlisted") == 130);
}

TEST_CASE("simultaneous registrations never exceed the per-organisation quota", "[concurrency]") {
  if (!onMariaDb()) {
    WARN("the concurrency proof runs on MariaDB (BROBYGGER_TEST_BACKEND=mariadb)");
    return;
  }
  ServerProcess second(world().data.database());
  std::vector<long long> organisations;
  for (int i = 0; i < 10; ++i) organisations.push_back(createOrganisation("Kvotesamtidighed"));
  auto contacts = createContacts(organisations, 20);
  // Interleave the organisations so they compete with each other too.
  std::vector<long long> mixed;
  for (int i = 0; i < 20; ++i)
    for (std::size_t o = 0; o < organisations.size(); ++o)
      mixed.push_back(contacts[o * 20 + static_cast<std::size_t>(i)]);
  const auto event = futureEvent({{"capacity", 50}, {"per_organisation_quota", 4}});
  const auto eventId = event.at("id").get<long long>();

  const auto outcomes = registerInParallel(world().server.base(), second.base(), eventId, mixed);
  int created = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    INFO("contact " << mixed[i] << ": " << outcomes[i].status << " " << outcomes[i].body);
    CHECK(outcomes[i].status == 201);
    if (outcomes[i].status == 201) ++created;
  }
  CHECK(created == 200);
  const auto list = allRegistrations(eventId);
  std::map<long long, int> seatsPerOrganisation;
  std::set<long long> people;
  int confirmed = 0, waitlisted = 0;
  for (const auto& r : list.at("items")) {
    people.insert(r.at("contact_id").get<long long>());
    if (r.at("status") == "confirmed") {
      ++confirmed;
      ++seatsPerOrganisation[r.at("organisation_id").get<long long>()];
    } else if (r.at("status") == "waitlisted") {
      ++waitlisted;
    }
  }
  CHECK(people.size() == 200);
  CHECK(confirmed == 40);
  CHECK(waitlisted == 160);
  CHECK(seatsPerOrganisation.size() == organisations.size());
  for (const auto& [organisation, seats] : seatsPerOrganisation) {
    INFO("organisation " << organisation);
    CHECK(seats == 4);
  }
  const auto e = getJson("officer", "/api/v1/events/" + std::to_string(eventId));
  CHECK(e.at("confirmed") == 40);
  CHECK(e.at("waitlisted") == 160);

  // Seats freed at once from both processes go to the waiting, within the quota: cancel two
  // confirmed per organisation in parallel, then every organisation is back at exactly 4.
  std::vector<long long> toCancel;
  std::map<long long, int> picked;
  for (const auto& r : list.at("items"))
    if (r.at("status") == "confirmed" && picked[r.at("organisation_id").get<long long>()]++ < 2)
      toCancel.push_back(r.at("id").get<long long>());
  REQUIRE(toCancel.size() == 20);
  for (const auto status : cancelInParallel(world().server.base(), second.base(), toCancel)) CHECK(status == 204);
  std::map<long long, int> seatsAfter;
  int confirmedAfter = 0;
  const auto listAfter = allRegistrations(eventId);
  for (const auto& r : listAfter.at("items")) {
    if (r.at("status") == "confirmed") {
      ++confirmedAfter;
      ++seatsAfter[r.at("organisation_id").get<long long>()];
    }
  }
  CHECK(confirmedAfter == 40);
  for (const auto& [organisation, seats] : seatsAfter) {
    INFO("organisation " << organisation);
    CHECK(seats == 4);
  }
  const auto after = getJson("officer", "/api/v1/events/" + std::to_string(eventId));
  CHECK(after.at("confirmed") == 40);
  CHECK(after.at("waitlisted") == 140);
}

TEST_CASE("registration writes honour If-Match; an ended series cannot be cancelled again", "[registrations][series]") {
  const auto event = futureEvent();
  const auto organisation = createOrganisation("IfMatch");
  const auto contact = createContact(organisation, "Ida Ifmatch");
  const auto registration = registered("officer", event, contact);
  const auto path = registrationPath(registration.at("id").get<long long>());
  checkProblem(as("officer", "DELETE", path, nullptr, {"If-Match: \"v99\""}), 412);
  CHECK(getJson("officer", path).at("status") == "confirmed");
  CHECK(as("officer", "DELETE", path, nullptr, {"If-Match: \"v1\""}).status == 204);
  CHECK(getJson("officer", path).at("status") == "cancelled");

  const auto start = localTime(today(), 10, 0) + std::chrono::days(40);
  const auto series = as("officer", "POST", "/api/v1/series",
                         json{{"title", unique("Afsluttet serie")},
                              {"kind", "network_meeting"},
                              {"rrule", "FREQ=WEEKLY;COUNT=3"},
                              {"starts_at", utc(start)},
                              {"ends_at", utc(start + std::chrono::hours(1))},
                              {"roster_organisation_ids", {organisation}}});
  REQUIRE(series.status == 201);
  const auto seriesPath = "/api/v1/series/" + std::to_string(series.json().at("id").get<long long>());
  CHECK(as("officer", "POST", seriesPath + "/cancel", json{{"reason", "Slut"}}).json().at("status") == "ended");
  checkProblem(as("officer", "POST", seriesPath + "/cancel", json{{"reason", "Igen"}}), 409);
}

// ---- A Galera cluster (issue 14): run by tests/api/galera_test.sh (CTest galera.cluster), which starts three
// nodes on loopback (scripts/galera.sh) and points the world at node 1 --------------------------------------

namespace {

// The world's database on another node of the cluster: the same database and account, that node's port.
std::string onNode(const char* nodeVariable) {
  const std::string node = std::getenv(nodeVariable);
  std::smatch port;
  REQUIRE(std::regex_search(node, port, std::regex(R"(port=(\d+))")));
  return std::regex_replace(world().data.database(), std::regex(R"(port=\d+)"), "port=" + port[1].str());
}

}  // namespace

TEST_CASE("Galera: servers on two nodes take 200 registrations for 50 seats without an error", "[galera]") {
  const char* control = std::getenv("BROBYGGER_GALERA_CTL");
  const char* clusterDir = std::getenv("BROBYGGER_GALERA_DIR");
  if (!control || !clusterDir || !std::getenv("BROBYGGER_GALERA_NODE_2") || !std::getenv("BROBYGGER_GALERA_NODE_3")) {
    WARN("the Galera test runs through tests/api/galera_test.sh (CTest galera.cluster)");
    return;
  }
  // The world's server (and its migration, as an account without SUPER on nodes with binary logging)
  // is on node 1; a second server on node 2. Both lock the event row only on their own node: the
  // cluster refuses one of two colliding commits (certification, error 1213), and the write runner
  // runs that registration again.
  ServerProcess second(onNode("BROBYGGER_GALERA_NODE_2"));
  const auto org = createOrganisation("Klyngeforeningen");
  const auto contacts = createContacts({org}, 200);
  const auto event = futureEvent({{"capacity", 50}});
  const auto eventId = event.at("id").get<long long>();

  const auto outcomes = registerInParallel(world().server.base(), second.base(), eventId, contacts);
  int confirmed = 0, waitlisted = 0, failed = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    if (o.status != 201) {
      ++failed;
      UNSCOPED_INFO("contact " << contacts[i] << ": " << o.status << " " << o.body);
      continue;
    }
    const auto body = json::parse(o.body);
    if (body.at("status") == "confirmed") ++confirmed;
    else if (body.at("status") == "waitlisted") ++waitlisted;
  }
  CHECK(failed == 0);  // no 503: every refused commit was run again
  CHECK(confirmed == 50);
  CHECK(waitlisted == 150);
  const auto list = allRegistrations(eventId);
  CHECK(list.at("total") == 200);
  std::set<long long> people;
  int storedConfirmed = 0;
  for (const auto& r : list.at("items")) {
    people.insert(r.at("contact_id").get<long long>());
    if (r.at("status") == "confirmed") ++storedConfirmed;
  }
  CHECK(people.size() == 200);
  CHECK(storedConfirmed == 50);
  HttpClient viaSecond(second.base());
  for (auto* http : {&client(), &viaSecond}) {
    const auto e = http->get("/api/v1/events/" + std::to_string(eventId), {world().bearer("officer")}).json();
    CHECK(e.at("confirmed") == 50);
    CHECK(e.at("waitlisted") == 150);
  }

  // Node 2 stops (under the second server). The two nodes left are the primary component: the server on
  // node 1 goes on taking registrations, and a server started on node 3 reads the same.
  REQUIRE(std::system((std::string(control) + " stop-node " + clusterDir + " 2").c_str()) == 0);
  const auto late = createContacts({org}, 1);
  const auto reply = client().request("POST", "/api/v1/events/" + std::to_string(eventId) + "/registrations",
                                      json{{"contact_id", late.at(0)}}.dump(), {world().bearer("officer")});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  CHECK(reply.json().at("status") == "waitlisted");
  ServerProcess third(onNode("BROBYGGER_GALERA_NODE_3"));
  HttpClient viaThird(third.base());
  const auto seen = viaThird.get("/api/v1/events/" + std::to_string(eventId), {world().bearer("officer")});
  REQUIRE(seen.status == 200);
  CHECK(seen.json().at("confirmed") == 50);
  CHECK(seen.json().at("waitlisted") == 151);
}

TEST_CASE("servers killed under registration load: no acknowledged registration is lost, the counts agree", "[crash]") {
  // Two servers on the test's database take registrations from eight clients; one is killed (SIGKILL)
  // a third of the way in and its clients move to the other, which is killed two thirds in. The
  // world's own server then reads what is stored.
  const auto org = createOrganisation("Nedbrudsforeningen");
  const auto contacts = createContacts({org}, 180);
  const auto event = futureEvent({{"capacity", 100}});
  const auto eventId = event.at("id").get<long long>();
  ServerProcess a(world().data.database());
  ServerProcess b(world().data.database());
  const std::vector<std::string> bases{a.base(), b.base()};

  std::mutex mutex;
  std::map<long long, long long> acknowledged;  // contact -> registration
  std::atomic<int> answered{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      std::size_t server = static_cast<std::size_t>(t % 2);
      auto http = std::make_unique<HttpClient>(bases[server]);
      for (auto i = static_cast<std::size_t>(t); i < contacts.size(); i += 8) {
        for (int attempt = 0; attempt < 2; ++attempt) {
          try {
            const auto reply = http->request("POST", "/api/v1/events/" + std::to_string(eventId) + "/registrations",
                                             json{{"contact_id", contacts[i]}}.dump(),
                                             {"Content-Type: application/json", world().bearer("officer")});
            ++answered;
            if (reply.status == 201) {
              const std::lock_guard lock(mutex);
              acknowledged[contacts[i]] = reply.json().at("id").get<long long>();
            }
            break;
          } catch (const std::exception&) {
            // This server is gone: the other one, once; after that both are.
            server = 1 - server;
            http = std::make_unique<HttpClient>(bases[server]);
          }
        }
      }
    });
  }
  const auto waitFor = [&](int count) {
    for (int i = 0; i < 3000 && answered < count; ++i) std::this_thread::sleep_for(5ms);
  };
  waitFor(60);
  a.kill();
  waitFor(120);
  b.kill();
  for (auto& c : clients) c.join();

  REQUIRE(!acknowledged.empty());
  const auto list = allRegistrations(eventId);
  std::map<long long, long long> stored;  // contact -> registration
  int confirmed = 0, waitlisted = 0;
  for (const auto& r : list.at("items")) {
    CHECK(stored.emplace(r.at("contact_id").get<long long>(), r.at("id").get<long long>()).second);  // once each
    if (r.at("status") == "confirmed") ++confirmed;
    if (r.at("status") == "waitlisted") ++waitlisted;
  }
  INFO("acknowledged " << acknowledged.size() << ", stored " << stored.size());
  for (const auto& [contact, registration] : acknowledged) {
    INFO("contact " << contact);
    REQUIRE(stored.count(contact) == 1);
    CHECK(stored.at(contact) == registration);
  }
  CHECK(confirmed <= 100);
  CHECK(confirmed == std::min<int>(100, static_cast<int>(stored.size())));
  const auto e = getJson("officer", "/api/v1/events/" + std::to_string(eventId));
  CHECK(e.at("confirmed") == confirmed);
  CHECK(e.at("waitlisted") == waitlisted);
}
