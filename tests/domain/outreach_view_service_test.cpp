// The outreach views as the domain decides them: a timeline merges its sources newest first and pages
// them, partners see participation only, managers nothing, district-limited officers their districts;
// reading activities is audited; "My work" measures today, overdue and this week on the Copenhagen
// calendar (checked around midnight UTC).
#include <catch2/catch.hpp>

#include <chrono>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "domain/outreach_service.hpp"
#include "domain/outreach_view_service.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct ViewFixture {
  TestStore store;
  FixedClock clock{startOfTests()};  // Tuesday 2026-03-10 10:00Z
  ReferenceCatalog catalog = ReferenceService(store).loadCatalog();
  calendar::CopenhagenTimeZone zone;
  OutreachService outreach{store, catalog, clock, zone};
  OrganisationService organisations{store, catalog, clock};
  OutreachViewService views{store, clock, zone};

  Id admin_id = addUser(store, Role::admin, "admin@example.dk");
  Id officer_id = addUser(store, Role::officer, "officer@example.dk");
  Id manager_id = addUser(store, Role::manager, "manager@example.dk");
  Actor admin{admin_id, Role::admin, std::nullopt};
  Actor officer{officer_id, Role::officer, std::nullopt};
  Actor manager{manager_id, Role::manager, std::nullopt};
  Id copenhagen = addOrganisation(store, "Nørrebro Moské", 101);
  Id aarhus = addOrganisation(store, "Aarhus Boldklub", 751);
  Id amina = addContact(store, copenhagen, "Amina Hansen");
  Id bo = addContact(store, copenhagen, "Bo Berg");
  Actor partner{addUser(store, Role::partner, "partner@example.dk", copenhagen), Role::partner, copenhagen};
  // Limited to Østjylland (Aarhus); Copenhagen lies outside.
  Actor aarhus_officer{addUser(store, Role::officer, "aarhus@example.dk"), Role::officer, std::nullopt, {2}};

  Activity log(Id organisation, Timestamp when, std::vector<Id> people = {}, std::string subject = "Besøg") {
    NewActivity input;
    input.kind = "visit";
    input.occurred_at = when;
    input.organisation_id = organisation;
    input.contact_ids = std::move(people);
    input.subject = std::move(subject);
    return outreach.createActivity(officer, input);
  }

  FollowUp task(Id organisation, LocalDate due, std::string title = "Send materiale") {
    NewFollowUp input;
    input.organisation_id = organisation;
    input.title = std::move(title);
    input.due_on = due;
    return outreach.createFollowUp(officer, input);
  }

  Id event(Timestamp start, std::string title = "Dialogmøde", std::optional<int> district = 11) {
    Event e;
    e.details.kind = "seminar";
    e.details.title = std::move(title);
    e.details.police_district_id = district;
    e.starts_at = start;
    e.ends_at = start + 2h;
    e.status = EventStatus::published;
    e.created_at = e.updated_at = start - 24h * 30;
    auto uow = store.begin(Access::write);
    const auto id = uow->events().insert(e);
    uow->commit();
    return id;
  }

  Id registration(Id eventId, Id contact, RegistrationStatus status = RegistrationStatus::attended) {
    Registration r;
    r.event_id = eventId;
    r.contact_id = contact;
    r.organisation_id = copenhagen;
    r.status = status;
    r.registered_at = r.updated_at = clock.now();
    auto uow = store.begin(Access::write);
    const auto id = uow->registrations().insert(r);
    uow->commit();
    return id;
  }

  int auditReads(const std::string& resource) {
    AuditQuery query;
    query.resource = resource;
    query.action = AuditAction::read;
    auto uow = store.begin(Access::read);
    return static_cast<int>(uow->audit().search(query).total);
  }
};

TimelineQuery page(int limit, std::int64_t offset = 0, std::vector<TimelineType> types = {}) {
  TimelineQuery query;
  query.types = std::move(types);
  query.page = {limit, offset};
  return query;
}

}  // namespace

TEST_CASE("an organisation's timeline merges activities, registrations, follow-ups and changes newest first",
          "[outreach][timeline]") {
  ViewFixture f;
  const auto now = f.clock.now();
  const auto early = f.log(f.copenhagen, now - 72h, {f.amina}, "Første besøg");
  const auto seminar = f.event(now - 48h);
  const auto attended = f.registration(seminar, f.bo);
  const auto followUp = f.task(f.copenhagen, {2026, 3, 9});  // made now, due yesterday: overdue
  OrganisationChanges responsible;
  responsible.responsible_user_id = std::optional<Id>(f.officer_id);
  f.clock.advance(1min);
  f.organisations.update(f.admin, f.copenhagen, responsible, std::nullopt);
  f.log(f.aarhus, now - 1h);  // another organisation's

  const auto timeline = f.views.organisationTimeline(f.officer, f.copenhagen, page(50));
  REQUIRE(timeline.page.total == 4);
  REQUIRE(timeline.page.items.size() == 4);
  CHECK(timeline.today == LocalDate{2026, 3, 10});
  const auto& items = timeline.page.items;
  CHECK(items[0].type == TimelineType::change);
  CHECK(items[0].what == "responsible_changed");
  CHECK(items[0].changed_by == f.admin_id);
  CHECK(items[1].type == TimelineType::follow_up);
  CHECK(items[1].id == followUp.id);
  CHECK(items[1].due_on < timeline.today);
  CHECK(items[2].type == TimelineType::registration);
  CHECK(items[2].id == attended);
  CHECK(items[2].contact_name == "Bo Berg");
  CHECK(items[2].event_title == "Dialogmøde");
  CHECK(items[2].registration_status == RegistrationStatus::attended);
  CHECK(items[3].type == TimelineType::activity);
  CHECK(items[3].id == early.id);
  CHECK(items[3].contact_ids == std::vector<Id>{f.amina});
  CHECK(timelineSummary(items[3]) == "Første besøg");

  // Paged: the second page of two holds the two oldest; a type filter keeps only those types.
  const auto second = f.views.organisationTimeline(f.officer, f.copenhagen, page(2, 2));
  REQUIRE(second.page.items.size() == 2);
  CHECK(second.page.items[0].id == attended);
  CHECK(second.page.total == 4);
  const auto onlyActivities =
      f.views.organisationTimeline(f.officer, f.copenhagen, page(50, 0, {TimelineType::activity}));
  CHECK(onlyActivities.page.total == 1);
  CHECK(f.views.organisationTimeline(f.officer, f.copenhagen, page(50, 0, {TimelineType::change})).page.total == 1);

  try {
    f.views.organisationTimeline(f.officer, f.copenhagen, page(50, 20000));
    FAIL("an offset beyond the limit was taken");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::invalid);
  }
}

TEST_CASE("reading activities through a timeline is audited, naming the people", "[outreach][timeline][privacy]") {
  ViewFixture f;
  f.log(f.copenhagen, f.clock.now() - 1h, {f.amina, f.bo});
  const auto before = f.auditReads("activity");
  f.views.organisationTimeline(f.officer, f.copenhagen, page(50));
  CHECK(f.auditReads("activity") == before + 1);
  AuditQuery aboutAmina;
  aboutAmina.subject = f.amina;
  aboutAmina.action = AuditAction::read;
  CHECK(f.store.begin(Access::read)->audit().search(aboutAmina).total >= 1);
  // A page without activities reads none.
  f.views.organisationTimeline(f.officer, f.copenhagen, page(50, 0, {TimelineType::follow_up}));
  CHECK(f.auditReads("activity") == before + 1);
}

TEST_CASE("a timeline: partners see their own participation only, managers nothing, limited officers their districts",
          "[outreach][timeline]") {
  ViewFixture f;
  f.log(f.copenhagen, f.clock.now() - 1h, {f.amina});
  f.task(f.copenhagen, {2026, 4, 1});
  const auto seminar = f.event(f.clock.now() - 48h);
  f.registration(seminar, f.amina);

  const auto own = f.views.organisationTimeline(f.partner, f.copenhagen, page(50));
  REQUIRE(own.page.total == 1);
  CHECK(own.page.items[0].type == TimelineType::registration);
  // Asking for activities gives nothing rather than the dialogue log.
  CHECK(f.views.organisationTimeline(f.partner, f.copenhagen, page(50, 0, {TimelineType::activity})).page.total == 0);
  const auto person = f.views.contactTimeline(f.partner, f.amina, page(50));
  REQUIRE(person.page.total == 1);
  CHECK(person.page.items[0].type == TimelineType::registration);

  const auto code = [](auto&& call) {
    try {
      call();
    } catch (const DomainError& e) {
      return e.code();
    }
    return ErrorCode::bad_request;  // nothing thrown
  };
  CHECK(code([&] { f.views.organisationTimeline(f.partner, f.aarhus, page(50)); }) == ErrorCode::not_found);
  CHECK(code([&] { f.views.organisationTimeline(f.manager, f.copenhagen, page(50)); }) == ErrorCode::forbidden);
  CHECK(code([&] { f.views.contactTimeline(f.manager, f.amina, page(50)); }) == ErrorCode::forbidden);
  CHECK(code([&] { f.views.organisationTimeline(f.aarhus_officer, f.copenhagen, page(50)); }) == ErrorCode::not_found);
  CHECK(code([&] { f.views.contactTimeline(f.aarhus_officer, f.amina, page(50)); }) == ErrorCode::not_found);
  CHECK(code([&] { f.views.organisationTimeline(f.officer, 999999, page(50)); }) == ErrorCode::not_found);
  CHECK(f.views.organisationTimeline(f.aarhus_officer, f.aarhus, page(50)).page.total == 0);
}

TEST_CASE("a person's timeline: their registrations and the activities that name them", "[outreach][timeline]") {
  ViewFixture f;
  const auto named = f.log(f.copenhagen, f.clock.now() - 2h, {f.amina});
  f.log(f.copenhagen, f.clock.now() - 1h, {f.bo});  // names someone else
  const auto seminar = f.event(f.clock.now() - 48h);
  f.registration(seminar, f.amina, RegistrationStatus::no_show);
  f.registration(seminar, f.bo);
  const auto timeline = f.views.contactTimeline(f.officer, f.amina, page(50));
  REQUIRE(timeline.page.total == 2);
  CHECK(timeline.page.items[0].type == TimelineType::activity);
  CHECK(timeline.page.items[0].id == named.id);
  CHECK(timeline.page.items[1].registration_status == RegistrationStatus::no_show);
}

TEST_CASE("my work: today, overdue and this week are Copenhagen dates around midnight UTC", "[outreach][my_work]") {
  ViewFixture f;
  // Sunday 2026-03-15 23:30Z is Monday 00:30 in Copenhagen (CET): a new day and a new week there.
  f.clock.set(f.zone.toUtc({2026, 3, 16, 0, 30}));
  f.task(f.copenhagen, {2026, 3, 15}, "Ring tilbage");  // due yesterday in Copenhagen: overdue
  f.task(f.copenhagen, {2026, 3, 16}, "I dag");         // due today: open, not overdue
  f.task(f.aarhus, {2026, 3, 20}, "Senere");
  {
    NewFollowUp others;
    others.organisation_id = f.copenhagen;
    others.title = "Not mine";
    others.due_on = {2026, 3, 1};
    others.assigned_user_id = f.admin_id;
    f.outreach.createFollowUp(f.admin, others);
  }
  f.log(f.aarhus, f.zone.toUtc({2026, 3, 16, 0, 10}), {}, "Mandag");   // 23:10Z Sunday: this week
  f.log(f.aarhus, f.zone.toUtc({2026, 3, 15, 23, 50}), {}, "Søndag");  // last week
  f.event(f.zone.toUtc({2026, 3, 18, 17, 0}), "Netværk", 2);           // this week, Aarhus
  f.event(f.zone.toUtc({2026, 3, 23, 17, 0}), "Næste uge", 2);         // next week

  // The officer is responsible for Copenhagen (never reached) and for Aarhus (an activity this
  // week): only Copenhagen is "not reached".
  OrganisationChanges mine;
  mine.responsible_user_id = std::optional<Id>(f.officer_id);
  f.organisations.update(f.admin, f.copenhagen, mine, std::nullopt);
  f.organisations.update(f.admin, f.aarhus, mine, std::nullopt);

  const auto work = f.views.myWork(f.officer, {});
  CHECK(work.today == LocalDate{2026, 3, 16});
  CHECK(work.week_starts_on == LocalDate{2026, 3, 16});
  REQUIRE(work.overdue.total == 1);
  CHECK(work.overdue.items[0].title == "Ring tilbage");
  CHECK(work.overdue.items[0].organisation_name == "Nørrebro Moské");
  REQUIRE(work.open.total == 2);
  CHECK(work.open.items[0].title == "I dag");
  CHECK(work.open.items[1].title == "Senere");
  REQUIRE(work.dormant.total == 1);
  CHECK(work.dormant.items[0].id == f.copenhagen);
  CHECK(work.dormant.items[0].open_follow_ups == 3);
  REQUIRE(work.activities.total == 1);
  CHECK(work.activities.items[0].subject == "Mandag");
  CHECK(work.activities.items[0].organisation_name == "Aarhus Boldklub");
  REQUIRE(work.events.total == 1);
  CHECK(work.events.items[0].title == "Netværk");
  CHECK(work.not_reached_since == LocalDate{2025, 9, 16});
  CHECK(work.national);

  // A minute before midnight in Copenhagen it is still Sunday: the week began on the 9th.
  f.clock.set(f.zone.toUtc({2026, 3, 15, 23, 59}));
  const auto sunday = f.views.myWork(f.officer, {});
  CHECK(sunday.today == LocalDate{2026, 3, 15});
  CHECK(sunday.week_starts_on == LocalDate{2026, 3, 9});
  CHECK(sunday.overdue.total == 0);
  CHECK(sunday.activities.total == 1);
  CHECK(sunday.activities.items[0].subject == "Søndag");

  // Capped lists keep their totals; a limited officer sees this week in its districts only.
  MyWorkQuery one;
  one.limit = 1;
  f.clock.set(f.zone.toUtc({2026, 3, 16, 0, 30}));
  const auto capped = f.views.myWork(f.officer, one);
  CHECK(capped.open.items.size() == 1);
  CHECK(capped.open.total == 2);
  const auto limited = f.views.myWork(f.aarhus_officer, {});
  CHECK_FALSE(limited.national);
  CHECK(limited.activities.total == 1);
  CHECK(limited.events.total == 1);
  CHECK(limited.overdue.total == 0);

  CHECK_THROWS_AS(f.views.myWork(f.manager, {}), DomainError);
  CHECK_THROWS_AS(f.views.myWork(f.partner, {}), DomainError);
  MyWorkQuery bad;
  bad.months = 0;
  CHECK_THROWS_AS(f.views.myWork(f.officer, bad), DomainError);
}
