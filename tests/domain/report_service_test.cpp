// The engagement overviews' rules over the test store: dates, grouping, distinct counts, and the
// suppression of small numbers for managers (primary and secondary).
#include <catch2/catch.hpp>

#include <map>

#include "domain/report_service.hpp"
#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct ReportFixture : EventFixture {
  ReportService reports{store, catalog, clock, zone};
  std::map<int, Id> people;  // the tests' person numbers -> stored people
  int next_person = 1000;

  // A completed event at 10:00 Copenhagen on `date` (winter time in these tests: 09:00Z), stored past
  // the services (which would not create an event in the past).
  Id event(const LocalDate& date, const std::string& kind = "seminar", EventStatus status = EventStatus::completed) {
    Event e;
    e.details.kind = kind;
    e.details.title = "Rapport";
    e.starts_at = zone.toUtc({date.year, date.month, date.day, 10, 0});
    e.ends_at = e.starts_at + 2h;
    e.status = status;
    e.created_at = e.updated_at = e.starts_at - 24h * 30;
    auto uow = store.begin(Access::write);
    const auto id = uow->events().insert(e);
    uow->commit();
    return id;
  }

  // `count` new people of `organisation` at `eventId` with `status`.
  void seats(Id eventId, Id organisation, int count, RegistrationStatus status) {
    for (int i = 0; i < count; ++i) seat(eventId, organisation, next_person++, status);
  }
  // Person number `person` (the same number is the same person) of `organisation` at `eventId`.
  void seat(Id eventId, Id organisation, int person, RegistrationStatus status) {
    if (!people.count(person)) people[person] = addContact(store, organisation, "Person " + std::to_string(person));
    Registration r;
    r.event_id = eventId;
    r.organisation_id = organisation;
    r.contact_id = people.at(person);
    r.status = status;
    r.registered_at = r.updated_at = store.event(eventId).starts_at - 24h;
    auto uow = store.begin(Access::write);
    uow->registrations().insert(r);
    uow->commit();
  }

  EngagementQuery january(EngagementGrouping grouping = EngagementGrouping::police_district) const {
    return {{2026, 1, 1}, {2026, 1, 31}, grouping, {}};
  }

  const EngagementRow& row(const EngagementReport& report, const std::string& key) {
    for (const auto& r : report.rows)
      if (r.key == key) return r;
    FAIL("no row " << key);
    return report.rows.front();
  }
};

}  // namespace

TEST_CASE("report dates: parsing, day and month arithmetic", "[reports]") {
  CHECK(LocalDate::parse("2024-02-29") == LocalDate{2024, 2, 29});
  CHECK_FALSE(LocalDate::parse("2025-02-29"));
  CHECK_FALSE(LocalDate::parse("2025-1-01"));
  CHECK_FALSE(LocalDate::parse("2025-01-01T00:00"));
  CHECK_FALSE(LocalDate::parse("20x5-01-01"));
  CHECK(LocalDate{2025, 1, 1}.plusDays(-181).iso() == "2024-07-04");
  CHECK(LocalDate{2024, 12, 31}.plusDays(1).iso() == "2025-01-01");
  CHECK(LocalDate{2025, 3, 31}.minusMonths(1).iso() == "2025-02-28");
  CHECK(LocalDate{2025, 1, 15}.minusMonths(13).iso() == "2023-12-15");
  CHECK(LocalDate{2025, 1, 1}.daysUntil({2025, 6, 30}) == 180);
}

TEST_CASE("engagement counts people and organisations distinct across groups and events", "[reports]") {
  ReportFixture f;
  const auto first = f.event({2026, 1, 5}), second = f.event({2026, 1, 20}, "network_meeting");
  f.seat(first, f.org_a, 1, RegistrationStatus::attended);
  f.seat(second, f.org_a, 1, RegistrationStatus::attended);  // the same person twice
  f.seat(second, f.org_a, 2, RegistrationStatus::no_show);
  f.seat(first, f.org_c, 3, RegistrationStatus::waitlisted);  // waiting reaches no one
  f.seat(first, f.org_c, 4, RegistrationStatus::cancelled);
  const auto outside = f.event({2026, 2, 1});
  f.seat(outside, f.org_c, 5, RegistrationStatus::attended);

  const auto report = f.reports.engagement(f.officer, f.january());
  const auto& aarhus = f.row(report, "2");  // Østjyllands Politi in the test reference data
  CHECK(aarhus.current.contacts_reached.value == 1);
  CHECK(aarhus.current.registrations.value == 3);
  CHECK(aarhus.current.organisations_reached == 1);
  CHECK(aarhus.current.repeat_organisations == 1);
  CHECK(aarhus.current.attendance_rate == Approx(2.0 / 3.0));
  const auto& aalborg = f.row(report, "1");
  CHECK(aalborg.current.organisations_engaged == 0);
  CHECK(aalborg.current.events_held == 0);
  CHECK(report.total.current.events_held == 2);
  CHECK(report.total.current.contacts_reached.value == 1);

  const auto byMonth = f.reports.engagement(f.officer, {{2026, 1, 1}, {2026, 2, 28}, EngagementGrouping::month, {}});
  REQUIRE(byMonth.rows.size() == 2);
  CHECK(byMonth.rows[0].current.contacts_reached.value == 1);
  CHECK(byMonth.rows[1].current.contacts_reached.value == 1);
  CHECK(byMonth.total.current.contacts_reached.value == 2);
  CHECK_FALSE(byMonth.rows[0].previous);
}

TEST_CASE("an organisation that moves is grouped where it is now, at once", "[reports]") {
  ReportFixture f;
  const auto e = f.event({2026, 1, 5});
  f.seats(e, f.org_a, 6, RegistrationStatus::attended);
  CHECK(f.row(f.reports.engagement(f.officer, f.january()), "2").current.contacts_reached.value == 6);
  OrganisationService organisations(f.store, f.catalog, f.clock);
  OrganisationChanges move;
  move.municipality_id = 851;  // to Aalborg: Nordjyllands Politi
  organisations.update(f.officer, f.org_a, move, std::nullopt);
  const auto after = f.reports.engagement(f.officer, f.january());
  CHECK(f.row(after, "2").current.contacts_reached.value == 0);
  CHECK(f.row(after, "1").current.contacts_reached.value == 6);
}

TEST_CASE("managers: small counts below five, and the one cell that would give one away withheld",
          "[reports][privacy]") {
  ReportFixture f;
  const auto e = f.event({2026, 1, 5});
  f.seats(e, f.org_a, 12, RegistrationStatus::attended);
  f.seats(e, f.org_c, 3, RegistrationStatus::attended);
  f.seats(e, f.org_c, 1, RegistrationStatus::no_show);

  const auto report = f.reports.engagement(f.manager, f.january());
  CHECK(report.small_numbers_suppressed);
  const auto& aalborg = f.row(report, "1");
  CHECK(aalborg.current.contacts_reached.disclosure == Disclosure::below_five);
  CHECK(aalborg.current.no_show.disclosure == Disclosure::below_five);
  CHECK_FALSE(aalborg.current.attendance_rate);
  const auto& aarhus = f.row(report, "2");
  CHECK(aarhus.current.contacts_reached.disclosure == Disclosure::withheld);  // 15 - 12 would be Aalborg's
  CHECK(aarhus.current.no_show.value == 0);                                   // zero is not a person
  CHECK(report.total.current.contacts_reached.disclosure == Disclosure::exact);
  CHECK(report.total.current.contacts_reached.value == 15);
  // no_show: Aalborg's 1 is the only non-zero cell, so the total (1) is itself below five.
  CHECK(report.total.current.no_show.disclosure == Disclosure::below_five);

  const auto exact = f.reports.engagement(f.officer, f.january());
  CHECK(f.row(exact, "1").current.contacts_reached.disclosure == Disclosure::exact);
  CHECK(f.row(exact, "1").current.contacts_reached.value == 3);
}

TEST_CASE("managers: a lone small cell beside zeros withholds the total", "[reports][privacy]") {
  ReportFixture f;
  const auto e = f.event({2026, 1, 5});
  f.seats(e, f.org_c, 7, RegistrationStatus::attended);
  f.seats(e, f.org_a, 2, RegistrationStatus::attended);
  // By kind: sports clubs (all three test organisations are sports clubs) hold everything; the
  // religious association row is zero: nothing to protect. By district: Aarhus 2 (<5), Aalborg 7.
  const auto report = f.reports.engagement(f.manager, f.january());
  CHECK(f.row(report, "2").current.attended.disclosure == Disclosure::below_five);
  CHECK(f.row(report, "1").current.attended.disclosure == Disclosure::withheld);
  CHECK(report.total.current.attended.value == 9);

  ReportFixture g;
  const auto only = g.event({2026, 1, 5});
  g.seats(only, g.org_a, 2, RegistrationStatus::attended);
  g.seats(only, g.org_a, 6, RegistrationStatus::no_show);  // total no-shows 6, the only cell 6: fine
  const auto lone = g.reports.engagement(g.manager, g.january(EngagementGrouping::organisation_kind));
  CHECK(g.row(lone, "sports_club").current.attended.disclosure == Disclosure::below_five);
  CHECK(lone.total.current.attended.disclosure == Disclosure::below_five);
}

TEST_CASE("overviews: partners are refused, periods and filters are checked", "[reports][validation]") {
  ReportFixture f;
  CHECK(errorOf([&] { f.reports.engagement(f.partner_a, f.january()); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { f.reports.dormant(f.partner_a, {}); }).code() == ErrorCode::forbidden);
  auto backwards = f.january();
  backwards.to = {2025, 12, 31};
  CHECK(fieldNames(errorOf([&] { f.reports.engagement(f.officer, backwards); })) == std::vector<std::string>{"to"});
  auto tooLong = f.january();
  tooLong.from = {2010, 1, 1};
  CHECK(fieldNames(errorOf([&] { f.reports.engagement(f.officer, tooLong); })) == std::vector<std::string>{"from"});
  auto unknown = f.january();
  unknown.filter.organisation_kind = "circus";
  unknown.filter.police_district_id = 99;
  unknown.filter.event_kind = "party";
  CHECK(fieldNames(errorOf([&] { f.reports.engagement(f.officer, unknown); })) ==
        std::vector<std::string>{"organisation_kind", "police_district_id", "event_kind"});
  DormantQuery dormant;
  dormant.months = 0;
  CHECK(fieldNames(errorOf([&] { f.reports.dormant(f.officer, dormant); })) == std::vector<std::string>{"months"});
}

TEST_CASE("dormant: since N months back in Copenhagen, never attended first", "[reports]") {
  ReportFixture f;  // the clock: 2026-03-10
  const auto old = f.event({2025, 6, 1});
  f.seat(old, f.org_a, 1, RegistrationStatus::attended);
  const auto recent = f.event({2026, 1, 5});
  f.seat(recent, f.org_b, 2, RegistrationStatus::attended);
  const auto report = f.reports.dormant(f.officer, {6, {}, {}});
  CHECK(report.since.iso() == "2025-09-10");
  REQUIRE(report.page.items.size() == 2);
  CHECK(report.page.items[0].organisation_id == f.org_c);  // never
  CHECK_FALSE(report.page.items[0].last_attended_at);
  CHECK(report.page.items[1].organisation_id == f.org_a);
  CHECK(report.page.total == 2);
}

namespace {

Id logActivity(ReportFixture& f, Id organisation, Timestamp when, std::optional<Id> eventId = std::nullopt) {
  Activity a;
  a.kind = "visit";
  a.occurred_at = when;
  a.organisation_id = organisation;
  a.police_district_id = f.store.organisation(organisation).police_district_id;
  a.event_id = eventId;
  a.user_id = a.created_by = f.officer_id;
  a.subject = "Dialog";
  a.created_at = a.updated_at = when;
  auto uow = f.store.begin(Access::write);
  const auto id = uow->activities().insert(a);
  uow->commit();
  return id;
}

}  // namespace

TEST_CASE("engagement counts dialogue: activities and organisations in dialogue per group", "[reports][outreach]") {
  ReportFixture f;
  const auto seminar = f.event({2026, 1, 5}), meeting = f.event({2026, 1, 20}, "network_meeting");
  logActivity(f, f.org_a, f.zone.toUtc({2026, 1, 6, 10, 0}), seminar);
  logActivity(f, f.org_a, f.zone.toUtc({2026, 1, 7, 10, 0}));
  logActivity(f, f.org_b, f.zone.toUtc({2026, 1, 21, 10, 0}), meeting);
  logActivity(f, f.org_c, f.zone.toUtc({2026, 1, 8, 10, 0}));
  // 23:30Z on 31 January is 00:30 on 1 February in Copenhagen: February, outside January.
  logActivity(f, f.org_c, f.zone.toUtc({2026, 2, 1, 0, 30}));
  logActivity(f, f.org_c, f.zone.toUtc({2025, 12, 20, 10, 0}));  // the previous period

  const auto report = f.reports.engagement(f.officer, f.january());
  const auto& aarhus = f.row(report, "2");
  CHECK(aarhus.current.activities == 3);
  CHECK(aarhus.current.organisations_in_dialogue == 2);
  const auto& aalborg = f.row(report, "1");
  CHECK(aalborg.current.activities == 1);
  CHECK(aalborg.current.organisations_in_dialogue == 1);
  REQUIRE(aalborg.previous);
  CHECK(aalborg.previous->activities == 1);
  CHECK(report.total.current.activities == 4);
  CHECK(report.total.current.organisations_in_dialogue == 3);
  REQUIRE(report.total.previous);
  CHECK(report.total.previous->organisations_in_dialogue == 1);

  const auto byMonth = f.reports.engagement(f.officer, {{2026, 1, 1}, {2026, 2, 28}, EngagementGrouping::month, {}});
  REQUIRE(byMonth.rows.size() == 2);
  CHECK(byMonth.rows[0].current.activities == 4);
  CHECK(byMonth.rows[0].current.organisations_in_dialogue == 3);
  CHECK(byMonth.rows[1].current.activities == 1);
  CHECK(byMonth.rows[1].current.organisations_in_dialogue == 1);
  CHECK(byMonth.total.current.organisations_in_dialogue == 3);

  const auto byQuarter =
      f.reports.engagement(f.officer, {{2025, 12, 15}, {2026, 2, 28}, EngagementGrouping::quarter, {}});
  REQUIRE(byQuarter.rows.size() == 2);
  CHECK(byQuarter.rows[0].current.activities == 1);  // 2025-Q4
  CHECK(byQuarter.rows[1].current.activities == 5);

  // By the kind of the activity's event: one without an event is in the total only.
  const auto byKind = f.reports.engagement(f.officer, f.january(EngagementGrouping::event_kind));
  CHECK(f.row(byKind, "seminar").current.activities == 1);
  CHECK(f.row(byKind, "network_meeting").current.organisations_in_dialogue == 1);
  CHECK(byKind.total.current.activities == 4);

  auto onlyMeetings = f.january();
  onlyMeetings.filter.event_kind = "network_meeting";
  CHECK(f.reports.engagement(f.officer, onlyMeetings).total.current.activities == 1);
  auto onlyAalborg = f.january(EngagementGrouping::organisation_kind);
  onlyAalborg.filter.police_district_id = 1;
  CHECK(f.reports.engagement(f.officer, onlyAalborg).total.current.activities == 1);
}
