// The dialogue log and follow-ups: the repository contract on both backends.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;

namespace {

struct OutreachWorld : World {
  Id officer = committed([](UnitOfWork& uow) { return uow.users().insert(user("o@example.dk", "Olga Officer")); });

  Activity activity(Id organisation, Timestamp when, std::vector<Id> people = {}, std::string subject = "Besøg") const {
    Activity a;
    a.kind = "visit";
    a.occurred_at = when;
    a.organisation_id = organisation;
    a.police_district_id = organisation == org_a ? 11 : 2;
    a.contact_ids = std::move(people);
    a.user_id = a.created_by = officer;
    a.subject = std::move(subject);
    a.notes = "Linje et\nlinje to: æøå";
    a.created_at = a.updated_at = at(2026, 3, 1);
    return a;
  }

  FollowUp followUp(Id organisation, LocalDate due, FollowUpStatus status = FollowUpStatus::open) const {
    FollowUp f;
    f.organisation_id = organisation;
    f.police_district_id = organisation == org_a ? 11 : 2;
    f.title = "Ring tilbage";
    f.due_on = due;
    f.assigned_user_id = f.created_by = officer;
    f.status = status;
    if (status != FollowUpStatus::open) f.done_at = at(2026, 3, 2);
    f.created_at = f.updated_at = at(2026, 3, 1);
    return f;
  }
};

}  // namespace

TEST_CASE("activities keep their people, text and times, newest first with every filter", "[outreach]") {
  OutreachWorld w;
  const auto first = w.committed([&](UnitOfWork& uow) {
    return uow.activities().insert(w.activity(w.org_a, at(2026, 2, 1, 9), {w.bo, w.anna}, "Møde med Bestyrelsen"));
  });
  const auto second =
      w.committed([&](UnitOfWork& uow) { return uow.activities().insert(w.activity(w.org_a, at(2026, 2, 3, 9))); });
  const auto third = w.committed(
      [&](UnitOfWork& uow) { return uow.activities().insert(w.activity(w.org_b, at(2026, 2, 2, 9), {w.carl})); });

  auto uow = w.read();
  const auto found = uow->activities().find(first);
  REQUIRE(found);
  CHECK(found->contact_ids == std::vector<Id>{std::min(w.anna, w.bo), std::max(w.anna, w.bo)});
  CHECK(found->notes == "Linje et\nlinje to: æøå");
  CHECK(found->occurred_at == at(2026, 2, 1, 9));
  CHECK(found->police_district_id == 11);
  CHECK_FALSE(found->event_id);
  CHECK(found->version == 1);

  const auto ids = [&](const ActivityQuery& q) {
    std::vector<Id> out;
    for (const auto& a : uow->activities().list(q).items) out.push_back(a.id);
    return out;
  };
  CHECK(ids({}) == std::vector<Id>{second, third, first});
  ActivityQuery q;
  q.organisation_id = w.org_a;
  CHECK(ids(q) == std::vector<Id>{second, first});
  q = {};
  q.contact_id = w.carl;
  CHECK(ids(q) == std::vector<Id>{third});
  q = {};
  q.within_districts = {2};
  CHECK(ids(q) == std::vector<Id>{third});
  q = {};
  q.from = at(2026, 2, 2);
  q.to = at(2026, 2, 3);
  CHECK(ids(q) == std::vector<Id>{third});
  q = {};
  q.q = "bestyrelsen";
  CHECK(ids(q) == std::vector<Id>{first});
  q = {};
  q.page.limit = 1;
  q.page.offset = 1;
  const auto page = uow->activities().list(q);
  CHECK(page.total == 3);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items.front().id == third);
  CHECK(page.items.front().contact_ids == std::vector<Id>{w.carl});
}

TEST_CASE("an activity update checks the version and rewrites its people, a removal unlinks follow-ups", "[outreach]") {
  OutreachWorld w;
  const auto id = w.committed(
      [&](UnitOfWork& uow) { return uow.activities().insert(w.activity(w.org_a, at(2026, 2, 1), {w.anna})); });
  auto a = *w.read()->activities().find(id);
  a.contact_ids = {w.bo};
  a.subject = "Ændret";
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.activities().update(a, 1); }));
  CHECK_FALSE(w.committed([&](UnitOfWork& uow) { return uow.activities().update(a, 1); }));  // stale
  const auto changed = *w.read()->activities().find(id);
  CHECK(changed.contact_ids == std::vector<Id>{w.bo});
  CHECK(changed.subject == "Ændret");
  CHECK(changed.version == 2);

  auto f = w.followUp(w.org_a, {2026, 3, 20});
  f.activity_id = id;
  const auto followUpId = w.committed([&](UnitOfWork& uow) { return uow.followUps().insert(f); });
  w.committed([&](UnitOfWork& uow) { uow.activities().remove(id); });
  CHECK_FALSE(w.read()->activities().find(id));
  const auto kept = w.read()->followUps().find(followUpId);
  REQUIRE(kept);
  CHECK_FALSE(kept->activity_id);
}

TEST_CASE("follow-ups: open first by due date, filters, versions and the done time", "[outreach]") {
  OutreachWorld w;
  const auto later = w.committed([&](UnitOfWork& uow) {
    return uow.followUps().insert(w.followUp(w.org_a, {2026, 4, 1}));
  });
  const auto sooner = w.committed([&](UnitOfWork& uow) {
    return uow.followUps().insert(w.followUp(w.org_b, {2026, 3, 15}));
  });
  const auto done = w.committed([&](UnitOfWork& uow) {
    return uow.followUps().insert(w.followUp(w.org_a, {2026, 1, 1}, FollowUpStatus::done));
  });
  auto uow = w.read();
  const auto ids = [&](const FollowUpQuery& q) {
    std::vector<Id> out;
    for (const auto& f : uow->followUps().list(q).items) out.push_back(f.id);
    return out;
  };
  CHECK(ids({}) == std::vector<Id>{sooner, later, done});
  FollowUpQuery q;
  q.status = FollowUpStatus::open;
  q.due_before = LocalDate{2026, 3, 16};
  CHECK(ids(q) == std::vector<Id>{sooner});
  q = {};
  q.organisation_id = w.org_a;
  CHECK(ids(q) == std::vector<Id>{later, done});
  q = {};
  q.within_districts = {11};
  q.assigned_user_id = w.officer;
  CHECK(ids(q) == std::vector<Id>{later, done});
  const auto found = uow->followUps().find(done);
  REQUIRE(found);
  CHECK(found->due_on == LocalDate{2026, 1, 1});
  CHECK(found->status == FollowUpStatus::done);
  CHECK(found->done_at == at(2026, 3, 2));
  auto f = *found;
  f.status = FollowUpStatus::open;
  f.done_at.reset();
  CHECK(w.committed([&](UnitOfWork& u) { return u.followUps().update(f, 1); }));
  CHECK_FALSE(w.committed([&](UnitOfWork& u) { return u.followUps().update(f, 1); }));
  CHECK_FALSE(w.read()->followUps().find(done)->done_at);
}
