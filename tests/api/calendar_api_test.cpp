// Calendar files over real HTTP: event downloads (single and series), invitations through a
// registration's whole life, and the subscribed feeds. Every file served is also read by Debian's
// python3-icalendar (tests/calendar/parse_icalendar.py under /usr/bin/python3) and the decoded values,
// not only the text, are asserted. The rules are ../shared/CALENDAR-RULES.md.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "api_world.hpp"

using namespace brobygger::testing;
using namespace std::chrono_literals;
using nlohmann::json;
using Clock = std::chrono::system_clock;
using Seconds = std::chrono::sys_seconds;

#ifndef BROBYGGER_SOURCE_DIR
#error "BROBYGGER_SOURCE_DIR must name the source tree (for tests/calendar/parse_icalendar.py)"
#endif

namespace {

// No session at all: what a subscribed calendar client sends.
Reply anonymous(const std::string& path, const std::vector<std::string>& headers = {}) {
  return client().get(path, headers);
}

std::string unique(const std::string& stem) {
  static int counter = 0;
  return stem + " " + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::string uniqueEmail(const std::string& stem) {
  static int counter = 0;
  return stem + "." + std::to_string(getpid()) + "." + std::to_string(++counter) + "@example.dk";
}

// ---------------------------------------------------------------------------------------------
// Time: inputs in UTC (`Z`), the parser's answers in UTC too.

Seconds now() { return std::chrono::floor<std::chrono::seconds>(Clock::now()); }

std::string utc(Seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return text;
}

int copenhagenOffset(Seconds t) {
  using namespace std::chrono;
  const auto y = year_month_day{floor<days>(t)}.year();
  const auto start = sys_days{y / March / Sunday[last]} + 1h;
  const auto end = sys_days{y / October / Sunday[last]} + 1h;
  return t >= start && t < end ? 2 : 1;
}

// A Copenhagen wall-clock time (not near a DST switch) as an instant.
Seconds localTime(std::chrono::year_month_day date, int hour, int minute) {
  const auto wall = std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute);
  const Seconds guess = wall - 1h;
  return wall - std::chrono::hours(copenhagenOffset(guess));
}

// `YYYYMMDDTHHMMSS`, the local wall clock of an instant in Copenhagen, as a DTSTART;TZID= value.
std::string icsLocal(Seconds t) {
  const auto local = t + std::chrono::hours(copenhagenOffset(t));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char text[20];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return text;
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

// The second Tuesday of the month `monthsAhead` from now.
std::chrono::year_month_day secondTuesday(int monthsAhead) {
  using namespace std::chrono;
  const auto t = today();
  const year_month ym = year_month{t.year(), t.month()} + months(monthsAhead);
  return year_month_day{sys_days{ym / Tuesday[2]}};
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

long long createContact(long long organisation, const std::string& name, const std::optional<std::string>& email,
                        const std::string& role = "officer") {
  json body{{"organisation_id", organisation}, {"name", name}};
  if (email) body["email"] = *email;
  const auto reply = as(role, "POST", "/api/v1/contacts", body);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json().at("id");
}

long long otherOrganisation() {
  static const long long id = createOrganisation("Kalenderforeningen");
  return id;
}

json eventBody(const std::string& title, Seconds start, std::chrono::minutes length = 120min) {
  return {{"kind", "seminar"}, {"title", title}, {"starts_at", utc(start)}, {"ends_at", utc(start + length)}};
}

json createEvent(const json& body, bool publish = true) {
  const auto created = as("officer", "POST", "/api/v1/events", body);
  INFO(created.body);
  REQUIRE(created.status == 201);
  auto event = created.json();
  if (!publish) return event;
  const auto published =
      as("officer", "POST", "/api/v1/events/" + std::to_string(event.at("id").get<long long>()) + "/publish");
  INFO(published.body);
  REQUIRE(published.status == 200);
  return published.json();
}

// On a whole minute (a start with seconds is its own case below).
Seconds inAWeek() { return std::chrono::floor<std::chrono::minutes>(now() + 24h * 7); }

json futureEvent(const json& extra = json::object(), std::optional<Seconds> start = std::nullopt) {
  auto body = eventBody(unique("Kalenderarrangement"), start.value_or(inAWeek()));
  if (extra.is_object()) body.update(extra);
  return createEvent(body);
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }
std::string eventPath(const json& event) { return "/api/v1/events/" + std::to_string(idOf(event)); }
std::string registrationPath(long long id) { return "/api/v1/registrations/" + std::to_string(id); }
std::string invitationPath(long long id) { return registrationPath(id) + "/invitation.ics"; }

json registered(const std::string& role, const json& event, long long contact) {
  const auto reply = as(role, "POST", eventPath(event) + "/registrations", json{{"contact_id", contact}});
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

json seriesBody(const std::string& title, Seconds start, const std::vector<long long>& roster,
                const std::string& rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU") {
  return {{"title", title},          {"kind", "network_meeting"},  {"rrule", rrule},
          {"starts_at", utc(start)}, {"ends_at", utc(start + 2h)}, {"roster_organisation_ids", roster}};
}

std::vector<json> seriesOccurrences(long long series) {
  const auto list = getJson("officer", "/api/v1/events?series_id=" + std::to_string(series) + "&limit=200");
  return list.at("items").get<std::vector<json>>();
}

// ---------------------------------------------------------------------------------------------
// The calendar text and what python3-icalendar reads from it.

// Unfolds the content lines (CRLF + space/tab continues the line before).
std::string unfolded(const std::string& ics) {
  std::string out;
  out.reserve(ics.size());
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 2, "\r\n") == 0 && i + 2 < ics.size() && (ics[i + 2] == ' ' || ics[i + 2] == '\t')) {
      i += 2;
      continue;
    }
    out += ics[i];
  }
  return out;
}

std::vector<std::string> contentLines(const std::string& ics) {
  std::vector<std::string> lines;
  const auto text = unfolded(ics);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find("\r\n", pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

bool hasLine(const std::string& ics, const std::string& line) {
  const auto lines = contentLines(ics);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

bool hasLineStarting(const std::string& ics, const std::string& prefix) {
  for (const auto& l : contentLines(ics))
    if (l.rfind(prefix, 0) == 0) return true;
  return false;
}

std::vector<std::string> linesStarting(const std::string& ics, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : contentLines(ics))
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
}

// Rule 2 and 3 on the raw octets: CRLF only, no empty line, at most 75 octets per physical line, no BOM.
void checkShape(const std::string& ics) {
  REQUIRE_FALSE(ics.empty());
  CHECK(ics.rfind("\xEF\xBB\xBF", 0) != 0);
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(ics.size() >= 2);
  CHECK(ics.compare(ics.size() - 2, 2, "\r\n") == 0);
  std::size_t pos = 0;
  bool allCrlf = true, noEmpty = true, shortLines = true;
  while (pos < ics.size()) {
    const auto lf = ics.find('\n', pos);
    if (lf == std::string::npos) break;
    if (lf == 0 || ics[lf - 1] != '\r') allCrlf = false;
    const auto length = lf - pos - 1;  // without CR
    if (length == 0) noEmpty = false;
    if (length > 75) shortLines = false;
    pos = lf + 1;
  }
  CHECK(allCrlf);
  CHECK(noEmpty);
  CHECK(shortLines);
  CHECK(linesStarting(ics, "PRODID:").size() == 1);
  CHECK(hasLine(ics, "VERSION:2.0"));
}

// Runs tests/calendar/parse_icalendar.py with Debian's interpreter on the text; answers its reading.
json parseIcs(const std::string& ics) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() / ("brobygger-calapi-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const auto file = (dir / ("f" + std::to_string(++counter) + ".ics")).string();
  {
    std::ofstream out(file, std::ios::binary);
    out << ics;
  }
  const std::string command =
      "TZ=UTC /usr/bin/python3 " BROBYGGER_SOURCE_DIR "/tests/calendar/parse_icalendar.py '" + file + "' 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    pclose(pipe);
  }
  std::filesystem::remove_all(dir);
  INFO("python3-icalendar said: " << output << "\nfor:\n" << ics);
  const auto all = json::parse(output, nullptr, false);
  REQUIRE_FALSE(all.is_discarded());
  REQUIRE(all.contains(file));
  auto parsed = all.at(file);
  REQUIRE_FALSE(parsed.contains("error"));
  CHECK(parsed.at("problems").empty());
  CHECK(parsed.at("version") == "2.0");
  return parsed;
}

// A calendar response: shape, parse, and the parser's reading.
json readCalendar(const Reply& reply) {
  INFO(reply.status << " " << reply.header("content-type") << "\n" << reply.body);
  REQUIRE(reply.status == 200);
  checkShape(reply.body);
  return parseIcs(reply.body);
}

json download(const json& event, const std::string& role = "officer") {
  const auto reply = as(role, "GET", eventPath(event) + "/calendar.ics");
  CHECK(reply.header("content-type") == "text/calendar; charset=UTF-8");
  CHECK_FALSE(hasLineStarting(reply.body, "METHOD"));
  CHECK_FALSE(hasLineStarting(reply.body, "ATTENDEE"));
  CHECK_FALSE(hasLineStarting(reply.body, "ORGANIZER"));
  auto parsed = readCalendar(reply);
  CHECK(parsed.at("method").is_null());
  for (const auto& e : parsed.at("events")) CHECK(e.at("attendees").empty());
  return parsed;
}

struct Invitation {
  Reply reply;
  json parsed;
  json event;  // the one VEVENT
};

Invitation invitation(long long registration, const std::string& method, const std::string& role = "officer") {
  Invitation out{as(role, "GET", invitationPath(registration)), {}, {}};
  INFO(out.reply.body);
  CHECK(out.reply.header("content-type") == "text/calendar; method=" + method + "; charset=UTF-8");
  CHECK(hasLine(out.reply.body, "METHOD:" + method));
  out.parsed = readCalendar(out.reply);
  CHECK(out.parsed.at("method") == method);
  REQUIRE(out.parsed.at("events").size() == 1);
  out.event = out.parsed.at("events").at(0);
  // Rule 8/10: one organiser and the one attendee, both mailto:, and different.
  const auto& e = out.event;
  REQUIRE_FALSE(e.at("organizer").is_null());
  REQUIRE(e.at("attendees").size() == 1);
  const std::string organizer = e.at("organizer").at("value");
  const std::string attendee = e.at("attendees").at(0).at("value");
  CHECK(organizer.rfind("mailto:", 0) == 0);
  CHECK(attendee.rfind("mailto:", 0) == 0);
  CHECK(organizer != attendee);
  CHECK_FALSE(e.at("sequence").is_null());
  CHECK_FALSE(e.at("dtstamp").is_null());
  CHECK_FALSE(e.at("summary").is_null());
  return out;
}

// A feed URL's path (the server answers with its public URL in front).
std::string feedPath(const std::string& url) {
  const auto at = url.find("/calendar/");
  REQUIRE(at != std::string::npos);
  auto path = url.substr(at);
  CHECK(path.size() > std::string("/calendar/.ics").size() + 20);
  CHECK(path.compare(path.size() - 4, 4, ".ics") == 0);
  return path;
}

std::string eventUid(const json& event) { return "event-" + std::to_string(idOf(event)) + "@"; }

// The VEVENT of a single event in a feed, found by its UID prefix.
const json* inFeed(const json& parsed, const json& event) {
  for (const auto& e : parsed.at("events")) {
    const std::string uid = e.at("uid");
    if (uid.rfind(eventUid(event), 0) == 0) return &e;
  }
  return nullptr;
}

}  // namespace

// =============================================================================================
// Downloads

TEST_CASE("an event downloads as one VEVENT in Europe/Copenhagen, summer and winter, with a stable UID",
          "[calendar][download]") {
  using namespace std::chrono;
  const auto nextYear = today().year() + years(1);
  struct Case {
    const char* name;
    year_month_day date;
    const char* offset;
  };
  for (const auto& c : {Case{"summer", year_month_day{nextYear / July / 15}, "+0200"},
                        Case{"winter", year_month_day{nextYear / January / 15}, "+0100"}}) {
    INFO(c.name);
    const auto start = localTime(c.date, 10, 0);
    auto body = eventBody(unique(std::string("Kalender ") + c.name), start, 90min);
    const auto event = createEvent(body);
    CHECK(parseTime(event.at("starts_at")) == start);

    const auto reply = as("officer", "GET", eventPath(event) + "/calendar.ics");
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    CHECK(reply.header("content-type") == "text/calendar; charset=UTF-8");
    CHECK_FALSE(hasLineStarting(reply.body, "METHOD"));
    CHECK_FALSE(hasLineStarting(reply.body, "ATTENDEE"));
    // DTSTART in the zone with the local wall clock; the zone's definition in the same file, plain TZID.
    CHECK(hasLine(reply.body, "DTSTART;TZID=Europe/Copenhagen:" + icsLocal(start)));
    CHECK(hasLine(reply.body, "DTEND;TZID=Europe/Copenhagen:" + icsLocal(start + 90min)));
    CHECK(hasLine(reply.body, "BEGIN:VTIMEZONE"));
    CHECK(hasLine(reply.body, "TZID:Europe/Copenhagen"));
    CHECK(hasLine(reply.body, "TZOFFSETTO:" + std::string(c.offset)));
    CHECK(linesStarting(reply.body, "DTSTAMP:").size() == 1);
    CHECK(linesStarting(reply.body, "DTSTAMP:").at(0).back() == 'Z');

    const auto parsed = download(event);
    CHECK(parsed.at("timezones") == json::array({"Europe/Copenhagen"}));
    REQUIRE(parsed.at("events").size() == 1);
    const auto& e = parsed.at("events").at(0);
    const std::string uid = e.at("uid");
    CHECK(uid.rfind(eventUid(event), 0) == 0);
    CHECK(e.at("summary") == body.at("title"));
    CHECK(e.at("start") == utc(start));
    CHECK(e.at("start") == utc(parseTime(event.at("starts_at"))));
    CHECK(e.at("end") == utc(start + 90min));
    CHECK(e.at("status") == "CONFIRMED");
    CHECK(e.at("rrule").is_null());
    CHECK(e.at("recurrenceId").is_null());
    CHECK(e.at("organizer").is_null());

    // The UID never changes: again, and after the title changed.
    CHECK(download(event).at("events").at(0).at("uid") == uid);
    const auto patched = as("officer", "PATCH", eventPath(event), json{{"title", unique("Omdøbt")}});
    REQUIRE(patched.status == 200);
    const auto again = download(event);
    CHECK(again.at("events").at(0).at("uid") == uid);
    CHECK(again.at("events").at(0).at("summary") == patched.json().at("title"));
    CHECK(again.at("events").at(0).at("sequence").get<int>() > e.at("sequence").get<int>());
  }
  checkProblem(as("officer", "GET", "/api/v1/events/999999999/calendar.ics"), 404);
  checkProblem(
      as("partner", "GET", eventPath(createEvent(eventBody(unique("Kladde"), inAWeek()), false)) + "/calendar.ics"),
      404);  // a draft is not the partner's
  CHECK(anonymous("/api/v1/events/999999999/calendar.ics").status == 401);
}

TEST_CASE("an event whose start has seconds keeps the same absolute start in the file", "[calendar][download]") {
  // The API takes and answers times to the second; the file must not move the start (rule 1).
  const auto start = std::chrono::floor<std::chrono::minutes>(now() + 24h * 9) + 37s;
  const auto event = createEvent(eventBody(unique("Sekunder"), start, 60min));
  REQUIRE(parseTime(event.at("starts_at")) == start);
  const auto parsed = download(event);
  REQUIRE(parsed.at("events").size() == 1);
  CHECK(parsed.at("events").at(0).at("start") == utc(start));
  CHECK(parsed.at("events").at(0).at("end") == utc(start + 60min));
}

TEST_CASE(
    "a series occurrence downloads the whole series: RRULE, EXDATE for a cancelled, RECURRENCE-ID for a moved one",
    "[calendar][download][series]") {
  const auto member = createOrganisation("Kalenderserie");
  const auto start = localTime(secondTuesday(2), 10, 0);
  const auto created = as("officer", "POST", "/api/v1/series", seriesBody(unique("Seriens netværk"), start, {member}));
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto seriesId = idOf(created.json());
  const std::string title = created.json().at("title");
  const auto occurrences = seriesOccurrences(seriesId);
  REQUIRE(occurrences.size() >= 4);
  REQUIRE(parseTime(occurrences[0].at("starts_at")) == start);

  // Any occurrence gives the same one master.
  const auto first = download(occurrences[2]);
  REQUIRE(first.at("events").size() == 1);
  const auto& master = first.at("events").at(0);
  const std::string uid = master.at("uid");
  CHECK(master.at("recurrenceId").is_null());
  CHECK(master.at("summary") == title);
  CHECK(master.at("start") == utc(start));
  CHECK(master.at("end") == utc(start + 2h));
  REQUIRE_FALSE(master.at("rrule").is_null());
  const std::string rule = master.at("rrule");
  CHECK(rule.find("FREQ=MONTHLY") != std::string::npos);
  CHECK(rule.find("INTERVAL=3") != std::string::npos);
  CHECK(rule.find("BYDAY=2TU") != std::string::npos);
  CHECK(master.at("exdates").empty());
  CHECK(first.at("timezones") == json::array({"Europe/Copenhagen"}));
  CHECK(hasLine(as("officer", "GET", eventPath(occurrences[2]) + "/calendar.ics").body,
                "DTSTART;TZID=Europe/Copenhagen:" + icsLocal(start)));
  CHECK(download(occurrences[0]).at("events").at(0).at("uid") == uid);

  // Cancel the second occurrence: an EXDATE on its start.
  const auto cancelledStart = parseTime(occurrences[1].at("starts_at"));
  const auto cancel = as("officer", "POST", eventPath(occurrences[1]) + "/cancel", json{{"reason", "Ferie"}});
  INFO(cancel.body);
  REQUIRE(cancel.status == 200);
  const auto afterCancel = download(occurrences[0]);
  REQUIRE(afterCancel.at("events").size() == 1);
  CHECK(afterCancel.at("events").at(0).at("uid") == uid);
  CHECK(afterCancel.at("events").at(0).at("exdates") == json::array({utc(cancelledStart)}));
  CHECK(afterCancel.at("events").at(0).at("sequence").get<int>() >= master.at("sequence").get<int>());

  // Move the third by an hour: an override with RECURRENCE-ID on its original start.
  const auto movedFrom = parseTime(occurrences[2].at("starts_at"));
  const auto moved = as("officer", "PATCH", eventPath(occurrences[2]),
                        json{{"starts_at", utc(movedFrom + 1h)}, {"ends_at", utc(movedFrom + 3h)}});
  INFO(moved.body);
  REQUIRE(moved.status == 200);
  const auto afterMove = download(occurrences[3]);
  REQUIRE(afterMove.at("events").size() == 2);
  int masters = 0;
  for (const auto& e : afterMove.at("events")) {
    INFO(e.dump());
    CHECK(e.at("uid") == uid);
    if (e.at("recurrenceId").is_null()) {
      ++masters;
      CHECK(e.at("start") == utc(start));
      CHECK_FALSE(e.at("rrule").is_null());
      CHECK(e.at("exdates") == json::array({utc(cancelledStart)}));
    } else {
      CHECK(e.at("recurrenceId") == utc(movedFrom));
      CHECK(e.at("start") == utc(movedFrom + 1h));
      CHECK(e.at("end") == utc(movedFrom + 3h));
      CHECK(e.at("rrule").is_null());
      CHECK(e.at("summary") == title);
    }
  }
  CHECK(masters == 1);
  // RECURRENCE-ID and EXDATE take DTSTART's zone.
  const auto raw = as("officer", "GET", eventPath(occurrences[0]) + "/calendar.ics").body;
  CHECK(hasLine(raw, "RECURRENCE-ID;TZID=Europe/Copenhagen:" + icsLocal(movedFrom)));
  CHECK(hasLine(raw, "EXDATE;TZID=Europe/Copenhagen:" + icsLocal(cancelledStart)));
}

// =============================================================================================
// Invitations

TEST_CASE("one registration's invitation through its life: REQUEST, update, withdrawal; and an event cancelled",
          "[calendar][invitation]") {
  const auto org = createOrganisation("Invitationsforeningen");
  const auto event = futureEvent({{"capacity", 10}});
  const auto email = uniqueEmail("anne.jensen");
  const auto anne = createContact(org, "Anne Jensen", email);
  const auto registration = registered("officer", event, anne);
  REQUIRE(registration.at("status") == "confirmed");
  const auto regId = idOf(registration);

  // REQUEST
  const auto request = invitation(regId, "REQUEST");
  const auto& r1 = request.event;
  const std::string uid = r1.at("uid");
  CHECK(uid.rfind(eventUid(event), 0) == 0);
  CHECK(r1.at("organizer").at("value") == "mailto:officer@demo.brobygger.dk");
  CHECK(r1.at("attendees").at(0).at("value") == "mailto:" + email);
  const auto& params = r1.at("attendees").at(0).at("params");
  CHECK(params.value("CN", std::string()) == "Anne Jensen");
  CHECK(params.value("PARTSTAT", std::string()) == "ACCEPTED");
  CHECK(params.contains("RSVP"));
  CHECK(params.value("ROLE", std::string()) == "REQ-PARTICIPANT");
  CHECK(r1.at("status") == "CONFIRMED");
  CHECK(r1.at("start") == utc(parseTime(event.at("starts_at"))));
  CHECK(r1.at("summary") == event.at("title"));
  CHECK(hasLine(request.reply.body, "DTSTART;TZID=Europe/Copenhagen:" + icsLocal(parseTime(event.at("starts_at")))));
  const int n = r1.at("sequence");
  // Asking again changes nothing.
  CHECK(invitation(regId, "REQUEST").event.at("sequence") == n);

  // The title changes: the same UID, SEQUENCE n+1, a DTSTAMP not older.
  const auto newTitle = unique("Nyt navn");
  const auto patched = as("officer", "PATCH", eventPath(event), json{{"title", newTitle}});
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  const auto update = invitation(regId, "REQUEST");
  const auto& r2 = update.event;
  CHECK(r2.at("uid") == uid);
  CHECK(r2.at("sequence") == n + 1);
  CHECK(r2.at("summary") == newTitle);
  CHECK(r2.at("dtstamp").get<std::string>() >= r1.at("dtstamp").get<std::string>());
  CHECK(r2.at("status") == "CONFIRMED");

  // The registration is withdrawn: CANCEL for this attendee, no STATUS, SEQUENCE above the last.
  const auto withdrawn = as("officer", "DELETE", registrationPath(regId));
  INFO(withdrawn.body);
  REQUIRE(withdrawn.status == 204);
  const auto cancel = invitation(regId, "CANCEL");
  const auto& c1 = cancel.event;
  CHECK(c1.at("uid") == uid);
  CHECK(c1.at("status").is_null());
  CHECK_FALSE(hasLineStarting(cancel.reply.body, "STATUS"));
  CHECK(c1.at("sequence").get<int>() > r2.at("sequence").get<int>());
  CHECK(c1.at("attendees").at(0).at("value") == "mailto:" + email);
  CHECK(c1.at("dtstamp").get<std::string>() >= r2.at("dtstamp").get<std::string>());

  // A second person, then the whole event is cancelled: CANCEL with STATUS:CANCELLED.
  const auto email2 = uniqueEmail("bo.berg");
  const auto bo = createContact(org, "Bo Berg", email2);
  const auto second = idOf(registered("officer", event, bo));
  const auto boRequest = invitation(second, "REQUEST");
  CHECK(boRequest.event.at("uid") == uid);
  CHECK(boRequest.event.at("attendees").at(0).at("value") == "mailto:" + email2);
  const auto eventCancel = as("officer", "POST", eventPath(event) + "/cancel", json{{"reason", "Aflyst"}});
  INFO(eventCancel.body);
  REQUIRE(eventCancel.status == 200);
  const auto boCancel = invitation(second, "CANCEL");
  CHECK(boCancel.event.at("uid") == uid);
  CHECK(boCancel.event.at("status") == "CANCELLED");
  CHECK(boCancel.event.at("sequence").get<int>() > boRequest.event.at("sequence").get<int>());
  CHECK(boCancel.event.at("attendees").at(0).at("value") == "mailto:" + email2);
  CHECK(boCancel.event.at("dtstamp").get<std::string>() >= boRequest.event.at("dtstamp").get<std::string>());
}

TEST_CASE("no invitation for the waiting list, none for managers, partners only for their own people",
          "[calendar][invitation][partner]") {
  const auto org = createOrganisation("Venteforeningen");
  const auto event = futureEvent({{"capacity", 1}});
  const auto seated = idOf(registered("officer", event, createContact(org, "Siddende Person", uniqueEmail("sid"))));
  const auto waiting = registered("officer", event, createContact(org, "Ventende Person", uniqueEmail("vent")));
  REQUIRE(waiting.at("status") == "waitlisted");
  checkProblem(as("officer", "GET", invitationPath(idOf(waiting))), 404);
  invitation(seated, "REQUEST");

  // Managers see aggregates, not people.
  checkProblem(as("manager", "GET", invitationPath(seated)), 403);
  // No session: 401.
  CHECK(anonymous(invitationPath(seated)).status == 401);
  checkProblem(as("officer", "GET", invitationPath(999999999)), 404);

  // The partner's own person: 200; another organisation's: 404.
  const auto open = futureEvent({{"capacity", 20}});
  const auto ownEmail = uniqueEmail("partnerens.egen");
  const auto own = createContact(world().partner_organisation, "Partnerens Egen", ownEmail, "partner");
  const auto ownReg = idOf(registered("partner", open, own));
  const auto partnerView = invitation(ownReg, "REQUEST", "partner");
  CHECK(partnerView.event.at("attendees").at(0).at("value") == "mailto:" + ownEmail);
  const auto foreign =
      idOf(registered("officer", open, createContact(otherOrganisation(), "Fremmed Person", uniqueEmail("fremmed"))));
  invitation(foreign, "REQUEST");  // the officer may
  checkProblem(as("partner", "GET", invitationPath(foreign)), 404);
}

TEST_CASE("names in CN: a double quote becomes a single quote, a comma is quoted", "[calendar][invitation]") {
  const auto org = createOrganisation("Navneforeningen");
  const auto event = futureEvent({{"capacity", 10}});

  const auto quoted =
      idOf(registered("officer", event, createContact(org, "Anne \"Annie\" Hansen", uniqueEmail("annie"))));
  const auto q = invitation(quoted, "REQUEST");
  CHECK(q.event.at("attendees").at(0).at("params").value("CN", std::string()) == "Anne 'Annie' Hansen");
  CHECK(q.reply.body.find("Annie\"") == std::string::npos);

  const auto comma = idOf(registered("officer", event, createContact(org, "Jensen, Anne", uniqueEmail("jensen"))));
  const auto c = invitation(comma, "REQUEST");
  CHECK(c.event.at("attendees").at(0).at("params").value("CN", std::string()) == "Jensen, Anne");
  bool quotedCn = false;
  for (const auto& line : linesStarting(c.reply.body, "ATTENDEE"))
    quotedCn = quotedCn || line.find("CN=\"Jensen, Anne\"") != std::string::npos;
  CHECK(quotedCn);
}

// =============================================================================================
// Feeds

TEST_CASE("the officer's feed: URL on /me, no session needed, ETag revalidation, rotation", "[calendar][feed]") {
  const auto me = getJson("officer", "/api/v1/me");
  REQUIRE(me.contains("calendar_feed_url"));
  const std::string url = me.at("calendar_feed_url");
  const auto path = feedPath(url);
  CHECK(getJson("officer", "/api/v1/me").at("calendar_feed_url") == url);  // stable until rotated
  CHECK_FALSE(getJson("manager", "/api/v1/me").contains("calendar_feed_url"));
  checkProblem(as("manager", "POST", "/api/v1/me/calendar-feed/rotate"), 403);

  const auto organised = futureEvent();
  const auto feed = anonymous(path);
  INFO(feed.body);
  REQUIRE(feed.status == 200);
  CHECK(feed.header("content-type") == "text/calendar; charset=UTF-8");
  CHECK_FALSE(hasLineStarting(feed.body, "METHOD"));
  CHECK_FALSE(hasLineStarting(feed.body, "ATTENDEE"));
  const auto parsed = readCalendar(feed);
  CHECK(parsed.at("method").is_null());
  const auto* mine = inFeed(parsed, organised);
  REQUIRE(mine != nullptr);
  CHECK(mine->at("summary") == organised.at("title"));
  CHECK(mine->at("start") == utc(parseTime(organised.at("starts_at"))));
  CHECK(mine->at("status") == "CONFIRMED");
  std::set<std::string> uids;
  for (const auto& e : parsed.at("events")) {
    CHECK(e.at("attendees").empty());
    CHECK(e.at("recurrenceId").is_null());
    CHECK(uids.insert(e.at("uid").get<std::string>()).second);  // unique
  }

  // Cheap polling: the ETag answers 304 without a body.
  const auto etag = feed.header("etag");
  REQUIRE_FALSE(etag.empty());
  const auto notModified = anonymous(path, {"If-None-Match: " + etag});
  CHECK(notModified.status == 304);
  CHECK(notModified.body.empty());
  CHECK(notModified.header("etag") == etag);
  CHECK(anonymous(path, {"If-None-Match: \"something-else\""}).status == 200);

  // Rotation: the old URL is gone, the new one works and is what /me shows now.
  const auto rotated = as("officer", "POST", "/api/v1/me/calendar-feed/rotate");
  INFO(rotated.body);
  REQUIRE(rotated.status == 200);
  const std::string newUrl = rotated.json().at("calendar_feed_url");
  CHECK(newUrl != url);
  const auto newPath = feedPath(newUrl);
  CHECK(anonymous(path).status == 404);
  const auto fresh = anonymous(newPath);
  REQUIRE(fresh.status == 200);
  CHECK(inFeed(readCalendar(fresh), organised) != nullptr);
  CHECK(getJson("officer", "/api/v1/me").at("calendar_feed_url") == newUrl);
  CHECK(anonymous("/calendar/not-a-real-token-but-long-enough-to-look-up.ics").status == 404);
}

namespace {

// BLAKE2b with a 16-byte digest, as Python's hashlib computes it, over the feed without its DTSTAMP values
// (each line "DTSTAMP:" alone): an implementation the server does not share, so the tag is shown to be a
// function of the content alone, the same for every build.
std::string expectedFeedTag(const std::string& ics) {
  const auto file = std::filesystem::temp_directory_path() / ("brobygger-etag-" + std::to_string(getpid()) + ".ics");
  {
    std::ofstream out(file, std::ios::binary);
    out << ics;
  }
  const std::string command =
      "/usr/bin/python3 -c 'import hashlib,re,sys; d=open(sys.argv[1],\"rb\").read(); "
      "print(hashlib.blake2b(re.sub(rb\"(?m)^DTSTAMP:[^\\r]*\", b\"DTSTAMP:\", d), digest_size=16).hexdigest())' '" +
      file.string() + "' 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    pclose(pipe);
  }
  std::filesystem::remove(file);
  while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back()))) output.pop_back();
  return "\"" + output + "\"";
}

}  // namespace

TEST_CASE("the feed's ETag is a hash of its content: the same from a second server process, new after a change",
          "[calendar][feed][processes]") {
  const auto path = feedPath(getJson("officer", "/api/v1/me").at("calendar_feed_url"));
  const auto event = futureEvent();
  const auto first = anonymous(path);
  REQUIRE(first.status == 200);
  const auto tag = first.header("etag");
  INFO(tag);
  CHECK(tag == expectedFeedTag(first.body));

  // Another process (its own hash seeds, if it had any) answers the same tag and honours it.
  ServerProcess second(world().data.database());
  HttpClient other(second.base());
  const auto there = other.get(path);
  REQUIRE(there.status == 200);
  CHECK(there.header("etag") == tag);
  const auto notModified = other.get(path, {"If-None-Match: " + tag});
  CHECK(notModified.status == 304);
  CHECK(notModified.body.empty());

  // A change to an event in the feed gives a new tag, on both processes; the old one no longer matches.
  const auto patched = as("officer", "PATCH", eventPath(event), json{{"title", unique("Omdøbt i feedet")}});
  REQUIRE(patched.status == 200);
  const auto changed = anonymous(path, {"If-None-Match: " + tag});
  REQUIRE(changed.status == 200);
  const auto newTag = changed.header("etag");
  CHECK(newTag != tag);
  CHECK(newTag == expectedFeedTag(changed.body));
  CHECK(other.get(path).header("etag") == newTag);
  CHECK(second.stop() == 0);
}

TEST_CASE("a contact's feed lists the confirmed event and, once withdrawn, keeps it as CANCELLED", "[calendar][feed]") {
  const auto org = createOrganisation("Feedforeningen");
  const auto contact = createContact(org, "Feed Person", uniqueEmail("feed"));
  const auto event = futureEvent({{"capacity", 10}});
  const auto other = futureEvent({{"capacity", 10}});  // the contact is not registered here
  const auto registration = idOf(registered("officer", event, contact));

  const auto reply = as("officer", "GET", "/api/v1/contacts/" + std::to_string(contact) + "/calendar-feed");
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  const auto path = feedPath(reply.json().at("calendar_feed_url"));
  checkProblem(as("manager", "GET", "/api/v1/contacts/" + std::to_string(contact) + "/calendar-feed"), 403);
  checkProblem(as("partner", "GET", "/api/v1/contacts/" + std::to_string(contact) + "/calendar-feed"), 404);

  const auto before = readCalendar(anonymous(path));
  const auto* listed = inFeed(before, event);
  REQUIRE(listed != nullptr);
  CHECK(listed->at("status") == "CONFIRMED");
  CHECK(listed->at("start") == utc(parseTime(event.at("starts_at"))));
  CHECK(listed->at("summary") == event.at("title"));
  CHECK(inFeed(before, other) == nullptr);
  CHECK(before.at("events").size() == 1);

  REQUIRE(as("officer", "DELETE", registrationPath(registration)).status == 204);
  const auto after = readCalendar(anonymous(path));
  const auto* dropped = inFeed(after, event);
  REQUIRE(dropped != nullptr);
  CHECK(dropped->at("uid") == listed->at("uid"));
  CHECK(dropped->at("status") == "CANCELLED");
  CHECK(dropped->at("sequence").get<int>() > listed->at("sequence").get<int>());
}

TEST_CASE("a partner's organisation feed: on /me, lists its people's events, and others' feeds are 404",
          "[calendar][feed][partner]") {
  const auto partnerOrg = world().partner_organisation;
  const auto me = getJson("partner", "/api/v1/me");
  REQUIRE(me.contains("calendar_feed_url"));
  const auto reply = as("partner", "GET", "/api/v1/organisations/" + std::to_string(partnerOrg) + "/calendar-feed");
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  CHECK(reply.json().at("calendar_feed_url") == me.at("calendar_feed_url"));
  const auto path = feedPath(reply.json().at("calendar_feed_url"));

  const auto event = futureEvent({{"capacity", 10}});
  registered("partner", event, createContact(partnerOrg, "Partnerfeed Person", uniqueEmail("pfeed"), "partner"));
  const auto feed = readCalendar(anonymous(path));
  const auto* listed = inFeed(feed, event);
  REQUIRE(listed != nullptr);
  CHECK(listed->at("status") == "CONFIRMED");
  CHECK(listed->at("start") == utc(parseTime(event.at("starts_at"))));
  for (const auto& e : feed.at("events")) CHECK(e.at("attendees").empty());

  // Another organisation's feed is not the partner's business.
  const auto other = std::to_string(otherOrganisation());
  checkProblem(as("partner", "GET", "/api/v1/organisations/" + other + "/calendar-feed"), 404);
  checkProblem(as("partner", "POST", "/api/v1/organisations/" + other + "/calendar-feed/rotate"), 404);
  CHECK(as("officer", "GET", "/api/v1/organisations/" + other + "/calendar-feed").status == 200);

  // Its own rotates, and the old URL stops working.
  const auto rotated = as("partner", "POST", "/api/v1/me/calendar-feed/rotate");
  INFO(rotated.body);
  REQUIRE(rotated.status == 200);
  const auto newPath = feedPath(rotated.json().at("calendar_feed_url"));
  CHECK(newPath != path);
  CHECK(anonymous(path).status == 404);
  CHECK(inFeed(readCalendar(anonymous(newPath)), event) != nullptr);
}

TEST_CASE("a kept feed is never stale: a seat passed on, a change through another process, the owner's new name",
          "[calendar][feed][cache][processes]") {
  const auto org = createOrganisation("Feedcacheforeningen");
  const auto anna = createContact(org, "Anna Feedcache", uniqueEmail("fca"));
  const auto bo = createContact(org, "Bo Feedcache", uniqueEmail("fcb"));
  const auto event = futureEvent({{"capacity", 10}});
  const auto registration = idOf(registered("officer", event, anna));
  const auto feedOf = [](long long contact) {
    const auto reply = as("officer", "GET", "/api/v1/contacts/" + std::to_string(contact) + "/calendar-feed");
    REQUIRE(reply.status == 200);
    return feedPath(reply.json().at("calendar_feed_url"));
  };
  const auto annas = feedOf(anna);
  const auto bos = feedOf(bo);
  const auto first = anonymous(annas);
  REQUIRE(first.status == 200);
  REQUIRE(inFeed(readCalendar(first), event) != nullptr);
  REQUIRE(anonymous(bos).status == 200);

  // Fetched again with nothing changed: the kept file, with this answer's DTSTAMP and the same tag.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto kept = anonymous(annas);
  REQUIRE(kept.status == 200);
  CHECK(kept.header("etag") == first.header("etag"));
  REQUIRE(linesStarting(kept.body, "DTSTAMP:").size() == 1);
  CHECK(linesStarting(kept.body, "DTSTAMP:").at(0) > linesStarting(first.body, "DTSTAMP:").at(0));
  CHECK(anonymous(annas, {"If-None-Match: " + first.header("etag")}).status == 304);

  // The seat passes to a colleague: no count changes, but both feeds do.
  const auto passed = as("officer", "POST", registrationPath(registration) + "/substitute", json{{"contact_id", bo}});
  INFO(passed.body);
  REQUIRE(passed.status == 200);
  CHECK(inFeed(readCalendar(anonymous(annas)), event) == nullptr);
  CHECK(anonymous(annas, {"If-None-Match: " + first.header("etag")}).status == 200);
  const auto bosFeed = readCalendar(anonymous(bos));
  const auto* held = inFeed(bosFeed, event);
  REQUIRE(held != nullptr);
  CHECK(held->at("summary") == event.at("title"));

  // A change made through another server process is in the next answer of this one.
  ServerProcess second(world().data.database());
  HttpClient other(second.base());
  const auto title = unique("Omdøbt i en anden proces");
  const auto changed =
      other.request("PATCH", eventPath(event), json{{"title", title}}.dump(), {world().bearer("officer")});
  INFO(changed.body);
  REQUIRE(changed.status == 200);
  const auto afterChange = readCalendar(anonymous(bos));
  const auto* renamed = inFeed(afterChange, event);
  REQUIRE(renamed != nullptr);
  CHECK(renamed->at("summary") == title);
  const auto there = readCalendar(other.get(bos));
  const auto* renamedThere = inFeed(there, event);
  REQUIRE(renamedThere != nullptr);
  CHECK(renamedThere->at("summary") == title);

  // The owner's new name is the calendar's.
  REQUIRE(as("officer", "PATCH", "/api/v1/contacts/" + std::to_string(bo), json{{"name", "Bo Omdøbt"}}).status == 200);
  CHECK(hasLineStarting(anonymous(bos).body, "X-WR-CALNAME:Brobygger: Bo Omdøbt"));
  CHECK(second.stop() == 0);
}

namespace {

// The feed without its DTSTAMP values (they change with every answer).
std::string withoutStamps(const std::string& ics) {
  std::string out;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    auto end = ics.find("\r\n", pos);
    end = end == std::string::npos ? ics.size() : end + 2;
    const auto line = ics.substr(pos, end - pos);
    out += line.rfind("DTSTAMP:", 0) == 0 ? std::string("DTSTAMP:\r\n") : line;
    pos = end;
  }
  return out;
}

// The feed path a calendar-feed answer names (GET .../calendar-feed or POST .../calendar-feed/rotate).
std::string feedPathFrom(const Reply& reply) {
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return feedPath(reply.json().at("calendar_feed_url"));
}

// The event's entry in a parsed feed has `field` = `value`.
void showsWith(const json& feed, const json& event, const std::string& field, const std::string& value) {
  const auto* listed = inFeed(feed, event);
  REQUIRE(listed != nullptr);
  CHECK(listed->at(field) == value);
}

}  // namespace

TEST_CASE("a feed read from its kept document after changes is the feed read whole, byte for byte",
          "[calendar][feed][cache]") {
  // An organisation's feed: the open events, the invited-only events it is invited to, and the events
  // its people are registered for. After each change the kept document gives the next answer (only the
  // changed events are read); a rotated token, never fetched before, is read whole. They must agree.
  const auto org = createOrganisation("Deltaforeningen");
  const auto orgPath = "/api/v1/organisations/" + std::to_string(org);
  auto path = feedPathFrom(as("officer", "GET", orgPath + "/calendar-feed"));
  const auto renamed = futureEvent({{"capacity", 10}});
  const auto cancelled = futureEvent({{"capacity", 10}});
  auto closed = eventBody(unique("Kun for inviterede"), inAWeek());
  closed["audience"] = "invited";
  closed["invited_organisation_ids"] = json::array();
  const auto invitedLater = createEvent(closed);
  auto onlyForOthers = closed;
  onlyForOthers["title"] = unique("Kun for andre");
  const auto foreign = createEvent(onlyForOthers);
  const auto person = createContact(org, "Delta Person", uniqueEmail("delta"));
  REQUIRE(anonymous(path).status == 200);  // kept from here on

  const auto step = [&](const std::string& what, const std::function<void()>& change,
                        const std::function<void(const json&)>& check) {
    INFO(what);
    change();
    const auto fromKept = anonymous(path);
    REQUIRE(fromKept.status == 200);
    check(readCalendar(fromKept));
    path = feedPathFrom(as("officer", "POST", orgPath + "/calendar-feed/rotate"));
    const auto whole = anonymous(path);
    REQUIRE(whole.status == 200);
    CHECK(withoutStamps(fromKept.body) == withoutStamps(whole.body));
    CHECK(fromKept.header("etag") == whole.header("etag"));
    CHECK(fromKept.header("last-modified") == whole.header("last-modified"));
  };
  step(
      "an event renamed",
      [&] {
        REQUIRE(as("officer", "PATCH", eventPath(renamed), json{{"title", "Delta: nyt navn"}}).status == 200);
      },
      [&](const json& feed) { showsWith(feed, renamed, "summary", "Delta: nyt navn"); });
  step(
      "an event cancelled",
      [&] {
        REQUIRE(as("officer", "POST", eventPath(cancelled) + "/cancel", json{{"reason", "Aflyst"}}).status == 200);
      },
      [&](const json& feed) { showsWith(feed, cancelled, "status", "CANCELLED"); });
  json added;
  step(
      "an event published", [&] { added = futureEvent(); },
      [&](const json& feed) { CHECK(inFeed(feed, added) != nullptr); });
  step(
      "the organisation invited to a closed event",
      [&] {
        REQUIRE(inFeed(readCalendar(anonymous(path)), invitedLater) == nullptr);
        const auto invited = as("officer", "PATCH", eventPath(invitedLater), json{{"invited_organisation_ids", {org}}});
        INFO(invited.body);
        REQUIRE(invited.status == 200);
      },
      [&](const json& feed) { CHECK(inFeed(feed, invitedLater) != nullptr); });
  step(
      "one of its people registered for an event only others are invited to",
      [&] { registered("officer", foreign, person); },
      [&](const json& feed) { CHECK(inFeed(feed, foreign) != nullptr); });
  json draft;
  step(
      "a new event left as a draft, and the first renamed back",
      [&] {
        draft = createEvent(eventBody(unique("Kladde i feedet"), inAWeek()), false);
        REQUIRE(as("officer", "PATCH", eventPath(renamed), json{{"title", "Delta: tilbage"}}).status == 200);
      },
      [&](const json& feed) {
        CHECK(inFeed(feed, draft) == nullptr);
        showsWith(feed, renamed, "summary", "Delta: tilbage");
      });
  step(
      "the organisation no longer invited",
      [&] {
        REQUIRE(
            as("officer", "PATCH", eventPath(invitedLater), json{{"invited_organisation_ids", json::array()}}).status ==
            200);
      },
      [&](const json& feed) { CHECK(inFeed(feed, invitedLater) == nullptr); });
}

TEST_CASE("a check-in and its undo leave the feeds as they were: a polling client keeps getting 304",
          "[calendar][feed][cache]") {
  const auto org = createOrganisation("Indtjekforeningen");
  const auto person = createContact(org, "Indtjek Person", uniqueEmail("indtjek"));
  // Check-in opens two hours before the start.
  const auto event = futureEvent({{"capacity", 10}}, std::chrono::floor<std::chrono::minutes>(now() + 1h));
  const auto seat = idOf(registered("officer", event, person));
  const auto personal =
      feedPathFrom(as("officer", "GET", "/api/v1/contacts/" + std::to_string(person) + "/calendar-feed"));
  const auto organisational =
      feedPathFrom(as("officer", "GET", "/api/v1/organisations/" + std::to_string(org) + "/calendar-feed"));
  const auto personalTag = anonymous(personal).header("etag");
  const auto organisationalTag = anonymous(organisational).header("etag");
  REQUIRE_FALSE(personalTag.empty());
  REQUIRE_FALSE(organisationalTag.empty());
  const auto unchanged = [&] {
    CHECK(anonymous(personal, {"If-None-Match: " + personalTag}).status == 304);
    CHECK(anonymous(organisational, {"If-None-Match: " + organisationalTag}).status == 304);
  };

  const auto checkedIn = as("officer", "POST", registrationPath(seat) + "/check-in");
  INFO(checkedIn.body);
  REQUIRE(checkedIn.status == 200);
  REQUIRE(checkedIn.json().at("status") == "attended");
  unchanged();
  const auto undone = as("officer", "DELETE", registrationPath(seat) + "/check-in");
  INFO(undone.body);
  REQUIRE(undone.status == 200);
  REQUIRE(undone.json().at("status") == "confirmed");
  unchanged();

  // A withdrawal does change the person's feed (the event stays, CANCELLED).
  REQUIRE(as("officer", "DELETE", registrationPath(seat)).status == 204);
  const auto withdrawn = anonymous(personal, {"If-None-Match: " + personalTag});
  REQUIRE(withdrawn.status == 200);
  showsWith(readCalendar(withdrawn), event, "status", "CANCELLED");
}
