// The reads behind the worklist, the timelines and "My work" (docs/outreach.md), on both backends.
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

}  // namespace brobygger::testing::contract
