// The reads behind the worklist, the timelines and "My work" (docs/outreach.md), on both backends.
#include <algorithm>
#include <tuple>

#include "tests/storage/contract/contract_support.hpp"

namespace brobygger::testing::contract {

using namespace brobygger::domain;

namespace {

Activity activity(Id organisationId, Id userId, Timestamp when, std::vector<Id> people = {},
                  std::string subject = "Besøg") {
  Activity a;
  a.kind = "visit";
  a.occurred_at = when;
  a.organisation_id = organisationId;
  a.police_district_id = 11;
  a.contact_ids = std::move(people);
  a.user_id = userId;
  a.subject = std::move(subject);
  a.created_by = userId;
  a.created_at = a.updated_at = when;
  return a;
}

FollowUp followUp(Id organisationId, Id assignee, LocalDate due, std::string title = "Send materiale") {
  FollowUp f;
  f.organisation_id = organisationId;
  f.police_district_id = 11;
  f.title = std::move(title);
  f.due_on = due;
  f.assigned_user_id = assignee;
  f.created_by = assignee;
  f.created_at = f.updated_at = at(2026, 1, 1);
  return f;
}

}  // namespace

TEST_CASE("organisations carry their latest activity, latest attendance and open follow-ups", "[contract][outreach]") {
  World w;
  const auto officer = w.committed([](UnitOfWork& uow) { return uow.users().insert(user("o@x.dk", "Olga")); });
  auto before = *w.read()->organisations().find(w.org_a);
  CHECK_FALSE(before.last_activity_at);
  CHECK_FALSE(before.last_attended_at);
  CHECK(before.open_follow_ups == 0);

  w.committed([&](UnitOfWork& uow) {
    uow.activities().insert(activity(w.org_a, officer, at(2026, 3, 1, 10)));
    uow.activities().insert(activity(w.org_a, officer, at(2026, 5, 2, 10)));
    uow.followUps().insert(followUp(w.org_a, officer, LocalDate{2026, 6, 1}));
    uow.followUps().insert(followUp(w.org_a, officer, LocalDate{2026, 6, 2}));
  });
  const auto after = *w.read()->organisations().find(w.org_a);
  REQUIRE(after.last_activity_at);
  CHECK(*after.last_activity_at == at(2026, 5, 2, 10));
  CHECK(after.open_follow_ups == 2);

  // The list carries the same, filters by the responsible officer and sorts by the latest activity.
  w.committed([&](UnitOfWork& uow) {
    auto o = *uow.organisations().find(w.org_b);
    o.responsible_user_id = officer;
    REQUIRE(uow.organisations().update(o, o.version));
  });
  OrganisationQuery mine;
  mine.responsible_user_id = officer;
  const auto page = w.read()->organisations().list(mine);
  REQUIRE(page.total == 1);
  CHECK(page.items[0].id == w.org_b);
  OrganisationQuery byActivity;
  byActivity.sort = OrganisationSort::last_activity_at;
  auto sorted = w.read()->organisations().list(byActivity);
  REQUIRE(sorted.items.size() == 2);
  CHECK(sorted.items[0].id == w.org_b);  // never reached first
  CHECK(sorted.items[1].open_follow_ups == 2);
  byActivity.sort = OrganisationSort::last_activity_at_desc;
  sorted = w.read()->organisations().list(byActivity);
  CHECK(sorted.items[0].id == w.org_a);
}

TEST_CASE("the register revision moves when an organisation's latest attendance moves", "[contract][outreach]") {
  World w;
  const auto e =
      w.committed([](UnitOfWork& uow) { return uow.events().insert(event("Dialogmøde", at(2026, 2, 1, 9))); });
  const auto revision0 = w.read()->organisations().revision();
  const auto id = w.committed([&](UnitOfWork& uow) {
    return uow.registrations().insert(registration(e, w.anna, w.org_a, RegistrationStatus::confirmed));
  });
  const auto revision1 = w.read()->organisations().revision();
  CHECK(revision1 == revision0);  // nothing an organisation page shows moved
  w.committed([&](UnitOfWork& uow) {
    auto r = *uow.registrations().find(id);
    r.status = RegistrationStatus::attended;
    uow.registrations().update(r);
  });
  CHECK(w.read()->organisations().revision() > revision1);
  CHECK(w.read()->organisations().find(w.org_a)->last_attended_at == at(2026, 2, 1, 9));
}

TEST_CASE("dormant rows carry the latest activity and open follow-ups, with the worklist filters",
          "[contract][outreach]") {
  World w;
  const auto officer = w.committed([](UnitOfWork& uow) { return uow.users().insert(user("o@x.dk", "Olga")); });
  w.committed([&](UnitOfWork& uow) {
    uow.activities().insert(activity(w.org_a, officer, at(2026, 4, 1, 10)));
    uow.followUps().insert(followUp(w.org_a, officer, LocalDate{2026, 6, 1}));
    auto o = *uow.organisations().find(w.org_a);
    o.responsible_user_id = officer;
    REQUIRE(uow.organisations().update(o, o.version));
  });
  auto uow = w.read();
  const auto all = uow->reports().dormant({at(2026, 6, 1), {}, {50, 0}});
  REQUIRE(all.total == 2);
  const auto& a = all.items[0].organisation_id == w.org_a ? all.items[0] : all.items[1];
  REQUIRE(a.last_activity_at);
  CHECK(*a.last_activity_at == at(2026, 4, 1, 10));
  CHECK(a.open_follow_ups == 1);
  CHECK(a.responsible_user_id == officer);

  DormantWorklistFilter mine;
  mine.responsible_user_id = officer;
  const auto responsible = uow->reports().dormant({at(2026, 6, 1), {}, {50, 0}, mine});
  REQUIRE(responsible.total == 1);
  CHECK(responsible.items[0].organisation_id == w.org_a);

  DormantWorklistFilter without;
  without.without_open_follow_up = true;
  const auto withoutFollowUp = uow->reports().dormant({at(2026, 6, 1), {}, {50, 0}, without});
  REQUIRE(withoutFollowUp.total == 1);
  CHECK(withoutFollowUp.items[0].organisation_id == w.org_b);
  CHECK_FALSE(withoutFollowUp.items[0].last_activity_at);
  mine.without_open_follow_up = true;
  CHECK(uow->reports().dormant({at(2026, 6, 1), {}, {50, 0}, mine}).total == 0);
}

TEST_CASE("dialogue: a period's activities counted per organisation, time bucket and event kind",
          "[contract][outreach]") {
  World w;
  const auto officer = w.committed([](UnitOfWork& uow) { return uow.users().insert(user("o@x.dk", "Olga")); });
  const auto seminar =
      w.committed([](UnitOfWork& uow) { return uow.events().insert(event("Seminar", at(2026, 2, 1, 9))); });
  w.committed([&](UnitOfWork& uow) {
    auto withEvent = activity(w.org_a, officer, at(2026, 1, 10, 10));
    withEvent.event_id = seminar;
    uow.activities().insert(withEvent);
    uow.activities().insert(activity(w.org_a, officer, at(2026, 1, 11, 10)));
    uow.activities().insert(activity(w.org_a, officer, at(2026, 2, 11, 10)));
    uow.activities().insert(activity(w.org_b, officer, at(2026, 2, 28, 23, 59)));
    uow.activities().insert(activity(w.org_b, officer, at(2026, 3, 1)));  // the end is not included
  });
  auto uow = w.read();
  auto counts = uow->reports().dialogue({at(2026, 1, 1), at(2026, 2, 1), at(2026, 3, 1)});
  std::sort(counts.begin(), counts.end(), [](const ReportDialogue& a, const ReportDialogue& b) {
    return std::tie(a.organisation_id, a.bucket, a.event_kind) < std::tie(b.organisation_id, b.bucket, b.event_kind);
  });
  REQUIRE(counts.size() == 4);
  CHECK((counts[0].organisation_id == w.org_a && counts[0].bucket == 0 && counts[0].event_kind.empty() &&
         counts[0].activities == 1));
  CHECK((counts[1].organisation_id == w.org_a && counts[1].bucket == 0 && counts[1].event_kind == "seminar" &&
         counts[1].activities == 1));
  CHECK((counts[2].organisation_id == w.org_a && counts[2].bucket == 1 && counts[2].activities == 1));
  CHECK((counts[3].organisation_id == w.org_b && counts[3].bucket == 1 && counts[3].activities == 1));
  const auto whole = uow->reports().dialogue({at(2026, 1, 1), at(2026, 3, 1)});
  int total = 0;
  for (const auto& c : whole) {
    CHECK(c.bucket == 0);
    total += c.activities;
  }
  CHECK(total == 4);
}

TEST_CASE("timeline sources: registrations and follow-ups of an organisation or a person, newest first",
          "[contract][outreach]") {
  World w;
  const auto officer = w.committed([](UnitOfWork& uow) { return uow.users().insert(user("o@x.dk", "Olga")); });
  const auto early =
      w.committed([](UnitOfWork& uow) { return uow.events().insert(event("Tidlig", at(2026, 1, 5, 9))); });
  const auto late = w.committed([](UnitOfWork& uow) { return uow.events().insert(event("Sen", at(2026, 3, 5, 9))); });
  w.committed([&](UnitOfWork& uow) {
    uow.registrations().insert(registration(early, w.anna, w.org_a));
    uow.registrations().insert(registration(late, w.anna, w.org_a, RegistrationStatus::no_show));
    uow.registrations().insert(registration(late, w.bo, w.org_a));
    uow.registrations().insert(registration(late, w.carl, w.org_b));
    auto first = followUp(w.org_a, officer, LocalDate{2026, 4, 1}, "Først");
    first.created_at = at(2026, 1, 1);
    uow.followUps().insert(first);
    auto second = followUp(w.org_a, officer, LocalDate{2026, 4, 2}, "Sidst");
    second.created_at = at(2026, 2, 1);
    second.contact_id = w.anna;
    uow.followUps().insert(second);
  });
  auto uow = w.read();
  auto& views = uow->outreachViews();
  const auto ofA = views.registrations(TimelineSubject::organisation, w.org_a, 2);
  CHECK(ofA.total == 3);
  REQUIRE(ofA.items.size() == 2);
  CHECK(ofA.items[0].event_title == "Sen");
  CHECK(ofA.items[0].at == at(2026, 3, 5, 9));
  CHECK(ofA.items[1].event_title == "Sen");
  const auto anna = views.registrations(TimelineSubject::contact, w.anna, 10);
  REQUIRE(anna.total == 2);
  CHECK(anna.items[0].registration_status == RegistrationStatus::no_show);
  CHECK(anna.items[0].contact_name == "Anna Ærø");
  CHECK(anna.items[1].event_title == "Tidlig");
  const auto tasks = views.followUps(TimelineSubject::organisation, w.org_a, 10);
  REQUIRE(tasks.total == 2);
  CHECK(tasks.items[0].title == "Sidst");
  CHECK(tasks.items[0].follow_up_contact_id == w.anna);
  CHECK(tasks.items[1].due_on == LocalDate{2026, 4, 1});
  CHECK(views.followUps(TimelineSubject::contact, w.anna, 10).total == 1);
  CHECK(views.followUps(TimelineSubject::organisation, w.org_b, 10).total == 0);
}

TEST_CASE("my work reads: assigned follow-ups, unreached organisations, a week's activities and events",
          "[contract][outreach]") {
  World w;
  const auto officer = w.committed([](UnitOfWork& uow) { return uow.users().insert(user("o@x.dk", "Olga")); });
  const auto other = w.committed([](UnitOfWork& uow) { return uow.users().insert(user("p@x.dk", "Per")); });
  w.committed([&](UnitOfWork& uow) {
    uow.followUps().insert(followUp(w.org_a, officer, LocalDate{2026, 3, 1}, "Forfalden"));
    uow.followUps().insert(followUp(w.org_b, officer, LocalDate{2026, 3, 9}, "I dag"));
    uow.followUps().insert(followUp(w.org_a, officer, LocalDate{2026, 3, 20}, "Senere"));
    uow.followUps().insert(followUp(w.org_a, other, LocalDate{2026, 3, 1}, "Andens"));
    auto done = followUp(w.org_a, officer, LocalDate{2026, 2, 1}, "Klaret");
    done.status = FollowUpStatus::done;
    uow.followUps().insert(done);
    uow.activities().insert(activity(w.org_a, officer, at(2026, 3, 10, 9), {}, "Denne uge"));
    uow.activities().insert(activity(w.org_b, officer, at(2026, 1, 10, 9), {}, "Længe siden"));
    for (const auto id : {w.org_a, w.org_b}) {
      auto o = *uow.organisations().find(id);
      o.responsible_user_id = officer;
      REQUIRE(uow.organisations().update(o, o.version));
    }
    uow.events().insert(event("Ugens møde", at(2026, 3, 11, 17)));
    uow.events().insert(event("Næste uges møde", at(2026, 3, 17, 17)));
  });
  auto uow = w.read();
  auto& views = uow->outreachViews();
  const auto overdue = views.assignedFollowUps(officer, {2026, 3, 9}, true, 10);
  REQUIRE(overdue.total == 1);
  CHECK(overdue.items[0].title == "Forfalden");
  CHECK(overdue.items[0].organisation_name == "Forening A");
  const auto open = views.assignedFollowUps(officer, {2026, 3, 9}, false, 1);
  CHECK(open.total == 2);
  REQUIRE(open.items.size() == 1);
  CHECK(open.items[0].title == "I dag");

  // Since 1 March: A had an activity on the 10th; B's last was in January (and no attendance).
  const auto unreached = views.notReached(officer, at(2026, 3, 1), 10);
  REQUIRE(unreached.total == 1);
  CHECK(unreached.items[0].id == w.org_b);
  REQUIRE(unreached.items[0].last_activity_at);
  CHECK(views.notReached(other, at(2026, 3, 1), 10).total == 0);

  const auto week = views.activitiesBetween(at(2026, 3, 9), at(2026, 3, 16), {}, 10);
  REQUIRE(week.total == 1);
  CHECK(week.items[0].subject == "Denne uge");
  CHECK(week.items[0].organisation_name == "Forening A");
  CHECK(views.activitiesBetween(at(2026, 3, 9), at(2026, 3, 16), {2}, 10).total == 0);
  CHECK(views.activitiesBetween(at(2026, 3, 9), at(2026, 3, 16), {11}, 10).total == 1);
  const auto events = views.eventsStarting(at(2026, 3, 9), at(2026, 3, 16), {11}, 10);
  REQUIRE(events.total == 1);
  CHECK(events.items[0].title == "Ugens møde");
  CHECK(events.items[0].registered == 0);
  CHECK(views.eventsStarting(at(2026, 3, 9), at(2026, 3, 16), {2}, 10).total == 0);
}

}  // namespace brobygger::testing::contract
