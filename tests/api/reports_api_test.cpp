// Engagement overviews over real HTTP, on a small data set whose every figure is worked out by hand
// below. The period is January-June 2025 (181 days), the previous one 4 July-31 December 2024; the
// demo data of the test world has no events that far back, so these are the only ones in either.
//
//   organisations   A sports club, København     people A1..A6
//                   B housing association, Kbh.  people B1, B2
//                   C sports club, Aarhus        people C1, C2
//                   D religious assoc., Aarhus   person D1   (archived at the end)
//                   E sports club, Aalborg       person E1   (never attends; a name to escape in CSV)
//   events          E1 seminar  2025-01-15 10:00   A1-A6, B1 attend; C1 no-show; C2 cancelled
//                   E2 training 2025-03-10 10:00   capacity 4: A1, B1, C1 attend; B2 no-show;
//                                                  D1 waitlisted (reaches no one)
//                   E3 seminar  2025-06-30 23:30   A2 attends (the period's last day, Copenhagen time)
//                   E4 seminar  2025-07-01 00:30   A3 attends (the day after: outside)
//                   E5 seminar  2024-12-31 23:00   C2, D1 attend (previous period)
//                   E6 seminar  2025-02-01 10:00   A4 registered, then the event is cancelled
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>

#include "api_world.hpp"

using namespace brobygger::testing;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// "2025-01-15T09:00:00Z" from a Copenhagen wall-clock time with its offset (+1 winter, +2 summer).
std::string instant(int y, int mo, int d, int h, int mi, int offsetHours) {
  using namespace std::chrono;
  const auto local = sys_days{year{y} / month{static_cast<unsigned>(mo)} / day{static_cast<unsigned>(d)}} + hours{h} +
                     minutes{mi} - hours{offsetHours};
  const auto days = floor<std::chrono::days>(local);
  const year_month_day date{days};
  const hh_mm_ss<seconds> time{duration_cast<seconds>(local - days)};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:00Z", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()));
  return out;
}

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.json();
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }

long long organisation(const std::string& name, const std::string& kind, int municipality) {
  return idOf(ok(as("officer", "POST", "/api/v1/organisations",
                    json{{"name", name}, {"kind", kind}, {"municipality_id", municipality}}),
                 201));
}

long long person(long long organisationId, const std::string& name) {
  return idOf(
      ok(as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", organisationId}, {"name", name}}), 201));
}

long long event(const std::string& title, const std::string& kind, const std::string& start,
                const json& extra = json::object()) {
  json body{{"kind", kind}, {"title", title}, {"starts_at", start}};
  body.update(extra);
  const auto created = ok(as("officer", "POST", "/api/v1/events", body), 201);
  ok(as("officer", "POST", "/api/v1/events/" + std::to_string(idOf(created)) + "/publish"));
  return idOf(created);
}

long long registration(long long eventId, long long contact) {
  return idOf(ok(as("officer", "POST", "/api/v1/events/" + std::to_string(eventId) + "/registrations",
                    json{{"contact_id", contact}}),
                 201));
}

void checkIn(long long registrationId) {
  ok(as("officer", "POST", "/api/v1/registrations/" + std::to_string(registrationId) + "/check-in"));
}

void close(long long eventId) { ok(as("officer", "POST", "/api/v1/events/" + std::to_string(eventId) + "/close")); }

struct DataSet {
  int district_kbh = 0, district_aarhus = 0, district_aalborg = 0;
  long long a = 0, b = 0, c = 0, d = 0, e = 0;
  long long e1 = 0, e2 = 0;
};

int districtOf(int municipality) {
  for (const auto& m : ok(as("officer", "GET", "/api/v1/reference/municipalities")))
    if (m.at("id") == municipality) return m.at("police_district_id");
  FAIL("no municipality " << municipality);
  return 0;
}

json event2h(const std::string& start) {
  // ends two hours after `start` (given in UTC)
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  std::sscanf(start.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi);
  return json{{"ends_at", instant(y, mo, d, h + 2, mi, 0)}};
}

const DataSet& dataSet() {
  static const DataSet data = [] {
    DataSet s;
    s.district_kbh = districtOf(101);
    s.district_aarhus = districtOf(751);
    s.district_aalborg = districtOf(851);
    s.a = organisation("Rapport Boldklub A", "sports_club", 101);
    s.b = organisation("Rapport Boligforening B", "housing_association", 101);
    s.c = organisation("Rapport Idrætsforening C", "sports_club", 751);
    s.d = organisation("Rapport Trossamfund D", "religious_association", 751);
    s.e = organisation("=Klub \"Nord\", Aalborg", "sports_club", 851);
    std::vector<long long> a;
    for (int i = 1; i <= 6; ++i) a.push_back(person(s.a, "A" + std::to_string(i)));
    const auto b1 = person(s.b, "B1"), b2 = person(s.b, "B2");
    const auto c1 = person(s.c, "C1"), c2 = person(s.c, "C2");
    const auto d1 = person(s.d, "D1");
    person(s.e, "E1");

    auto start = instant(2025, 1, 15, 10, 0, 1);
    s.e1 = event("Rapport E1", "seminar", start, event2h(start));
    for (const auto p : a) checkIn(registration(s.e1, p));
    checkIn(registration(s.e1, b1));
    registration(s.e1, c1);
    close(s.e1);

    start = instant(2025, 3, 10, 10, 0, 1);
    auto extra = event2h(start);
    extra["capacity"] = 4;
    s.e2 = event("Rapport E2", "training", start, extra);
    const auto a1 = registration(s.e2, a[0]), rb1 = registration(s.e2, b1);
    registration(s.e2, b2);
    const auto rc1 = registration(s.e2, c1);
    const auto waiting =
        ok(as("officer", "POST", "/api/v1/events/" + std::to_string(s.e2) + "/registrations", json{{"contact_id", d1}}),
           201);
    REQUIRE(waiting.at("status") == "waitlisted");
    for (const auto r : {a1, rb1, rc1}) checkIn(r);
    close(s.e2);

    start = instant(2025, 6, 30, 23, 30, 2);
    const auto e3 = event("Rapport E3", "seminar", start, event2h(start));
    checkIn(registration(e3, a[1]));
    close(e3);

    start = instant(2025, 7, 1, 0, 30, 2);
    const auto e4 = event("Rapport E4", "seminar", start, event2h(start));
    checkIn(registration(e4, a[2]));
    close(e4);

    start = instant(2024, 12, 31, 23, 0, 1);
    const auto e5 = event("Rapport E5", "seminar", start, event2h(start));
    checkIn(registration(e5, c2));
    checkIn(registration(e5, d1));
    close(e5);

    start = instant(2025, 2, 1, 10, 0, 1);
    const auto e6 = event("Rapport E6", "seminar", start, event2h(start));
    registration(e6, a[3]);
    ok(as("officer", "POST", "/api/v1/events/" + std::to_string(e6) + "/cancel", json{{"reason", "Aflyst"}}));

    ok(as("officer", "PATCH", "/api/v1/organisations/" + std::to_string(s.d), json{{"status", "archived"}}));
    return s;
  }();
  return data;
}

const std::string kPeriod = "from=2025-01-01&to=2025-06-30";

json report(const std::string& role, const std::string& query) {
  return ok(as(role, "GET", "/api/v1/reports/engagement?" + query));
}

const json& row(const json& report, const std::string& key) {
  for (const auto& r : report.at("rows"))
    if (r.at("key") == key) return r;
  FAIL("no row " << key << " in " << report.dump());
  static const json none;
  return none;
}

int activeIn(const std::string& filter) {
  return ok(as("officer", "GET", "/api/v1/organisations?limit=1&" + filter)).at("total");
}

void checkRate(const json& value, double expected) {
  REQUIRE(value.is_number());
  CHECK(value.get<double>() == Approx(expected).epsilon(1e-3));
}

}  // namespace

TEST_CASE("engagement by police district: every figure, the period's edges and the previous period", "[reports]") {
  const auto& s = dataSet();
  const auto r = report("officer", kPeriod + "&group_by=police_district");
  CHECK(r.at("from") == "2025-01-01");
  CHECK(r.at("to") == "2025-06-30");
  CHECK(r.at("previous_from") == "2024-07-04");
  CHECK(r.at("previous_to") == "2024-12-31");
  CHECK(r.at("small_numbers_suppressed") == false);
  CHECK(r.at("rows").size() == 12);  // every district, reached or not

  const auto& kbh = row(r, std::to_string(s.district_kbh));
  CHECK(kbh.at("organisations_reached") == 2);  // A, B
  CHECK(kbh.at("organisations_engaged") == 2);
  CHECK(kbh.at("contacts_reached") == 7);  // A1-A6, B1
  CHECK(kbh.at("events_held") == 3);       // E1, E2, E3 (not E4, not the cancelled E6)
  CHECK(kbh.at("registrations") == 11);    // A: 6 + 1 + 1, B: 1 + 2
  CHECK(kbh.at("attended") == 10);
  CHECK(kbh.at("no_show") == 1);  // B2 at E2
  checkRate(kbh.at("attendance_rate"), 10.0 / 11.0);
  CHECK(kbh.at("repeat_organisations") == 2);  // A at E1, E2, E3; B at E1, E2
  const int activeKbh = activeIn("police_district_id=" + std::to_string(s.district_kbh));
  CHECK(kbh.at("active_organisations") == activeKbh);
  checkRate(kbh.at("coverage"), 2.0 / activeKbh);
  CHECK(kbh.at("previous").at("organisations_reached") == 0);
  CHECK(kbh.at("previous").at("attendance_rate").is_null());

  const auto& aarhus = row(r, std::to_string(s.district_aarhus));
  CHECK(aarhus.at("organisations_reached") == 1);  // C; D only waited
  CHECK(aarhus.at("organisations_engaged") == 1);
  CHECK(aarhus.at("contacts_reached") == 1);
  CHECK(aarhus.at("events_held") == 2);
  CHECK(aarhus.at("registrations") == 2);  // C1 at E1 (no-show) and E2
  CHECK(aarhus.at("attended") == 1);
  CHECK(aarhus.at("no_show") == 1);
  checkRate(aarhus.at("attendance_rate"), 0.5);
  CHECK(aarhus.at("repeat_organisations") == 0);
  // Previous period: C2 and D1 at E5 on New Year's Eve; D is archived now, so reached but not covered.
  const auto& before = aarhus.at("previous");
  CHECK(before.at("organisations_reached") == 2);
  CHECK(before.at("contacts_reached") == 2);
  CHECK(before.at("events_held") == 1);
  CHECK(before.at("attended") == 2);
  checkRate(before.at("attendance_rate"), 1.0);
  const int activeAarhus = activeIn("police_district_id=" + std::to_string(s.district_aarhus));
  checkRate(before.at("coverage"), 1.0 / activeAarhus);

  const auto& aalborg = row(r, std::to_string(s.district_aalborg));
  CHECK(aalborg.at("organisations_reached") == 0);
  CHECK(aalborg.at("coverage") == 0.0);

  const auto& total = r.at("total");
  CHECK(total.at("organisations_reached") == 3);
  CHECK(total.at("organisations_engaged") == 3);
  CHECK(total.at("contacts_reached") == 8);
  CHECK(total.at("events_held") == 3);
  CHECK(total.at("registrations") == 13);
  CHECK(total.at("attended") == 11);
  CHECK(total.at("no_show") == 2);
  checkRate(total.at("attendance_rate"), 11.0 / 13.0);
  CHECK(total.at("repeat_organisations") == 2);
  CHECK(total.at("active_organisations") == activeIn("status=active"));
  CHECK(total.at("previous").at("organisations_reached") == 2);
  CHECK(total.at("previous").at("contacts_reached") == 2);
}

TEST_CASE("engagement by kind, month and quarter, and with filters", "[reports]") {
  const auto& s = dataSet();
  const auto byKind = report("officer", kPeriod + "&group_by=organisation_kind");
  CHECK(row(byKind, "sports_club").at("organisations_reached") == 2);  // A, C
  CHECK(row(byKind, "sports_club").at("contacts_reached") == 7);       // A1-A6, C1
  CHECK(row(byKind, "housing_association").at("contacts_reached") == 1);
  CHECK(row(byKind, "religious_association").at("organisations_engaged") == 0);

  const auto byEvent = report("officer", kPeriod + "&group_by=event_kind");
  CHECK(row(byEvent, "seminar").at("events_held") == 2);  // E1, E3
  CHECK(row(byEvent, "seminar").at("attended") == 8);
  CHECK(row(byEvent, "training").at("events_held") == 1);
  CHECK(row(byEvent, "training").at("registrations") == 4);
  CHECK(row(byEvent, "training").at("previous").is_null());

  const auto byMonth = report("officer", kPeriod + "&group_by=month");
  REQUIRE(byMonth.at("rows").size() == 6);
  CHECK(row(byMonth, "2025-01").at("label") == "januar 2025");
  CHECK(row(byMonth, "2025-01").at("contacts_reached") == 7);
  CHECK(row(byMonth, "2025-02").at("events_held") == 0);   // E6 was cancelled
  CHECK(row(byMonth, "2025-06").at("attended") == 1);      // E3 at 23:30 on 30 June
  CHECK(byMonth.at("total").at("contacts_reached") == 8);  // distinct over the months, not their sum
  CHECK(report("officer", kPeriod + "&group_by=month&lang=en").at("rows")[0].at("label") == "January 2025");

  const auto byQuarter = report("officer", "from=2024-10-01&to=2025-06-30&group_by=quarter");
  REQUIRE(byQuarter.at("rows").size() == 3);
  CHECK(row(byQuarter, "2024-Q4").at("contacts_reached") == 2);
  CHECK(row(byQuarter, "2025-Q1").at("organisations_reached") == 3);
  CHECK(row(byQuarter, "2025-Q2").at("organisations_reached") == 1);

  const auto sports = report("officer", kPeriod + "&organisation_kind=sports_club");
  CHECK(sports.at("total").at("organisations_reached") == 2);
  CHECK(sports.at("total").at("events_held") == 3);  // A at E1-E3, C at E1-E2
  CHECK(sports.at("total").at("active_organisations") == activeIn("kind=sports_club"));
  const auto trainings = report("officer", kPeriod + "&event_kind=training");
  CHECK(trainings.at("total").at("registrations") == 4);
  CHECK(trainings.at("total").at("organisations_reached") == 3);
  const auto aarhus = report(
      "officer", kPeriod + "&police_district_id=" + std::to_string(s.district_aarhus) + "&group_by=municipality");
  CHECK(row(aarhus, "751").at("contacts_reached") == 1);
  CHECK(aarhus.at("total").at("contacts_reached") == 1);
}

TEST_CASE("managers get small counts of people as <5 and no figure that gives them away", "[reports][privacy]") {
  const auto& s = dataSet();
  const auto r = report("manager", kPeriod);
  CHECK(r.at("small_numbers_suppressed") == true);
  const auto& aarhus = row(r, std::to_string(s.district_aarhus));
  CHECK(aarhus.at("contacts_reached") == "<5");
  CHECK(aarhus.at("registrations") == "<5");
  CHECK(aarhus.at("attended") == "<5");
  CHECK(aarhus.at("no_show") == "<5");
  CHECK(aarhus.at("attendance_rate").is_null());
  CHECK(aarhus.at("organisations_reached") == 1);  // organisations are not people
  // København's counts are 5 or more, but with the total they would give Aarhus' away: withheld.
  const auto& kbh = row(r, std::to_string(s.district_kbh));
  CHECK(kbh.at("contacts_reached").is_null());
  CHECK(kbh.at("registrations").is_null());
  CHECK(kbh.at("attended").is_null());
  CHECK(kbh.at("attendance_rate").is_null());
  CHECK(kbh.at("no_show") == "<5");  // two suppressed cells in the column protect each other
  CHECK(r.at("total").at("contacts_reached") == 8);
  CHECK(r.at("total").at("no_show") == "<5");
  CHECK(r.at("total").at("attendance_rate").is_null());
  // The officer sees the exact figures of the same report.
  CHECK(row(report("officer", kPeriod), std::to_string(s.district_kbh)).at("contacts_reached") == 7);

  const auto summary = ok(as("manager", "GET", "/api/v1/reports/events/" + std::to_string(s.e2)));
  CHECK(summary.at("small_numbers_suppressed") == true);
  CHECK(summary.at("total").at("registered") == "<5");
  CHECK(summary.at("total").at("waitlisted") == "<5");
  const auto exact = ok(as("officer", "GET", "/api/v1/reports/events/" + std::to_string(s.e2)));
  CHECK(exact.at("total").at("registered") == 4);
  CHECK(exact.at("total").at("waitlisted") == 1);
  CHECK(exact.at("total").at("attended") == 3);
  CHECK(exact.at("total").at("no_show") == 1);
  checkRate(exact.at("total").at("attendance_rate"), 0.75);
  const auto& kinds = exact.at("by_organisation_kind");
  REQUIRE(kinds.size() == 3);  // sports clubs, housing associations, religious associations (waiting)
  CHECK(kinds[0].at("organisation_kind") == "sports_club");
  CHECK(kinds[0].at("attended") == 2);  // A1, C1

  // No names for managers anywhere in the overviews (dormant lists name organisations, not people).
  const auto body = as("manager", "GET", "/api/v1/reports/engagement?" + kPeriod + "&group_by=organisation_kind").body;
  CHECK(body.find("A1") == std::string::npos);
}

TEST_CASE("overviews: partners are refused, bad input is named", "[reports][validation]") {
  dataSet();
  for (const std::string path : {"/api/v1/reports/engagement", "/api/v1/reports/dormant-organisations",
                                 "/api/v1/reports/events/1", "/api/v1/reports/series/1"})
    checkProblem(as("partner", "GET", path), 403);
  const auto field = [](const std::string& query, const std::string& name) {
    const auto reply = as("officer", "GET", "/api/v1/reports/engagement?" + query);
    checkProblem(reply, 422);
    INFO(query << " -> " << reply.body);
    CHECK(hasFieldError(reply, name));
  };
  field("from=2025-02-30", "from");
  field("to=yesterday", "to");
  field("from=2025-06-01&to=2025-01-01", "to");
  field("from=2000-01-01&to=2025-01-01", "from");  // over ten years
  field("group_by=planet", "group_by");
  field("organisation_kind=circus", "organisation_kind");
  field("police_district_id=99", "police_district_id");
  field("format=xml", "format");
  checkProblem(as("officer", "GET", "/api/v1/reports/engagement?colour=red"), 400);
  const auto months = as("officer", "GET", "/api/v1/reports/dormant-organisations?months=0");
  checkProblem(months, 422);
  CHECK(hasFieldError(months, "months"));
  checkProblem(as("officer", "GET", "/api/v1/reports/events/999999"), 404);
}

TEST_CASE("dormant organisations: never first, with filters, paging and CSV", "[reports]") {
  const auto& s = dataSet();
  // 24 months back from today reaches into 2024: A, B and C attended since, D is archived, E never came.
  const auto aalborg =
      ok(as("manager", "GET", "/api/v1/reports/dormant-organisations?months=24&municipality_id=851&limit=200"));
  bool foundE = false;
  for (const auto& item : aalborg.at("items")) {
    if (item.at("organisation_id") == s.e) {
      foundE = true;
      CHECK(item.at("last_attended_at").is_null());
    }
    CHECK(item.at("municipality_id") == 851);
  }
  CHECK(foundE);
  const auto kbh =
      ok(as("officer", "GET", "/api/v1/reports/dormant-organisations?months=1&municipality_id=101&limit=200"));
  bool foundA = false;
  std::string previous;  // attendance dates ascend after the never-attended ones
  for (const auto& item : kbh.at("items")) {
    CHECK(item.at("organisation_id") != s.d);
    if (item.at("organisation_id") == s.a) {
      foundA = true;
      CHECK(item.at("last_attended_at") == "2025-07-01T00:30:00+02:00");  // E4, outside the report period
    }
    if (!item.at("last_attended_at").is_null()) {
      const auto at = item.at("last_attended_at").get<std::string>();
      CHECK(at >= previous);
      previous = at;
    }
  }
  CHECK(foundA);
  const auto twoYears =
      ok(as("officer", "GET", "/api/v1/reports/dormant-organisations?months=24&municipality_id=101&limit=200"));
  for (const auto& item : twoYears.at("items")) CHECK(item.at("organisation_id") != s.a);
  const auto page = ok(as("officer", "GET", "/api/v1/reports/dormant-organisations?months=24&limit=2&offset=1"));
  CHECK(page.at("items").size() == 2);
  CHECK(page.at("limit") == 2);
  CHECK(page.at("offset") == 1);
  CHECK(page.at("total").get<int>() >= 3);

  const auto csv =
      as("officer", "GET", "/api/v1/reports/dormant-organisations?months=24&municipality_id=851&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.header("content-type").find("text/csv") == 0);
  // Headers in the caller's language (Danish by default), as every export.
  CHECK(csv.body.rfind("\xEF\xBB\xBF"
                       "Organisation-ID,Navn,Type,",
                       0) == 0);
  // RFC 4180: quoted because of the comma and quotes; quotes doubled; the leading = defused.
  CHECK(csv.body.find(",\"'=Klub \"\"Nord\"\", Aalborg\",sports_club,") != std::string::npos);
  CHECK(csv.body.find("\r\n") != std::string::npos);
}

TEST_CASE("engagement as CSV: a header, one line per group and the total, UTF-8 with BOM", "[reports]") {
  const auto& s = dataSet();
  const auto csv = as("officer", "GET", "/api/v1/reports/engagement?" + kPeriod, nullptr, {"Accept: text/csv"});
  REQUIRE(csv.status == 200);
  CHECK(csv.header("content-type").find("text/csv") == 0);
  CHECK(csv.header("content-disposition").find("engagement-police_district-2025-01-01-2025-06-30.csv") !=
        std::string::npos);
  REQUIRE(csv.body.rfind("\xEF\xBB\xBF"
                         "Nøgle,Gruppe,Organisationer nået,",
                         0) == 0);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < csv.body.size();) {
    const auto end = csv.body.find("\r\n", at);
    REQUIRE(end != std::string::npos);
    lines.push_back(csv.body.substr(at, end - at));
    at = end + 2;
  }
  REQUIRE(lines.size() == 1 + 12 + 1);
  CHECK(lines.back().rfind("total,I alt,3,3,8,3,13,11,2,0.8462,2,", 0) == 0);
  bool found = false;
  for (const auto& line : lines)
    if (line.rfind(std::to_string(s.district_kbh) + ",", 0) == 0) {
      found = true;
      CHECK(line.find(",2,2,7,3,11,10,1,0.9091,2,") != std::string::npos);
    }
  CHECK(found);
  const auto managers = as("manager", "GET", "/api/v1/reports/engagement?" + kPeriod + "&format=csv");
  CHECK(managers.body.find(",<5,") != std::string::npos);
}

TEST_CASE("series continuity: the share of held occurrences each roster member attended", "[reports]") {
  dataSet();
  const auto series = ok(as("officer", "GET", "/api/v1/series?limit=1")).at("items");
  REQUIRE(!series.empty());
  const auto id = std::to_string(series[0].at("id").get<long long>());
  const auto continuity = ok(as("manager", "GET", "/api/v1/reports/series/" + id));
  const auto attendance = ok(as("officer", "GET", "/api/v1/series/" + id + "/attendance"));
  const int held = continuity.at("occurrences_held");
  REQUIRE(continuity.at("members").size() == attendance.at("items").size());
  double sum = 0;
  int counted = 0;
  for (std::size_t i = 0; i < continuity.at("members").size(); ++i) {
    const auto& member = continuity.at("members")[i];
    const auto& raw = attendance.at("items")[i];
    CHECK(member.at("organisation_id") == raw.at("organisation_id"));
    CHECK(member.at("occurrences_attended") == raw.at("occurrences_attended"));
    CHECK(!member.at("name").get<std::string>().empty());
    if (held > 0) {
      const double share = member.at("occurrences_attended").get<double>() / held;
      checkRate(member.at("share"), share);
      sum += share;
      ++counted;
    }
  }
  if (counted > 0) checkRate(continuity.at("average_share"), sum / counted);
  checkProblem(as("officer", "GET", "/api/v1/reports/series/999999"), 404);
}
