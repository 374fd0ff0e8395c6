// Likely duplicates' keys, the moves of a merge, the journal and moving back: the repository contract
// on both backends.
#include <algorithm>

#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;

namespace {

Series seriesWith(std::vector<Id> roster) {
  Series s;
  s.details.kind = "network_meeting";
  s.details.title = "Netværksmøde";
  s.rrule = "FREQ=MONTHLY;INTERVAL=3";
  s.first_start = LocalDateTime{2026, 1, 13, 10, 0};
  s.roster_organisation_ids = std::move(roster);
  s.materialised_until = LocalDateTime{2026, 1, 13, 10, 0};
  s.created_at = s.updated_at = at(2026, 1, 1);
  return s;
}

struct MergeWorld : World {
  Id officer = committed([](UnitOfWork& uow) { return uow.users().insert(user("o@example.dk", "Olga Officer")); });

  Activity activity(Id organisation, std::vector<Id> people) const {
    Activity a;
    a.kind = "visit";
    a.occurred_at = at(2026, 3, 1);
    a.organisation_id = organisation;
    a.police_district_id = organisation == org_a ? 11 : 2;
    a.contact_ids = std::move(people);
    a.user_id = a.created_by = officer;
    a.subject = "Besøg";
    a.created_at = a.updated_at = at(2026, 3, 1);
    return a;
  }
};

int countOf(const std::vector<MergeMove>& moves, const std::string& what) {
  return static_cast<int>(std::count_if(moves.begin(), moves.end(), [&](const auto& m) { return m.what == what; }));
}

}  // namespace

TEST_CASE_METHOD(MergeWorld, "an organisation's rows move to the kept one and back", "[contract][merge]") {
  const auto eventId = committed([&](UnitOfWork& uow) {
    auto e = event("Seminar", at(2026, 2, 1, 9));
    e.audience = Audience::invited;
    e.invited_organisation_ids = {org_a, org_b};
    return uow.events().insert(e);
  });
  const auto otherEvent = committed([&](UnitOfWork& uow) {
    auto e = event("Andet seminar", at(2026, 2, 8, 9));
    e.audience = Audience::invited;
    e.invited_organisation_ids = {org_b};
    return uow.events().insert(e);
  });
  const auto reg =
      committed([&](UnitOfWork& uow) { return uow.registrations().insert(registration(eventId, carl, org_b)); });
  committed([&](UnitOfWork& uow) {
    uow.activities().insert(activity(org_b, {carl}));
    uow.users().insert([&] {
      auto u = user("p@example.dk", "Pia Partner", Role::partner);
      u.organisation_id = org_b;
      return u;
    }());
  });
  const auto onlyOther = committed([&](UnitOfWork& uow) { return uow.series().insert(seriesWith({org_b})); });
  const auto bothRoster = committed([&](UnitOfWork& uow) { return uow.series().insert(seriesWith({org_a, org_b})); });
  const auto moves = committed([&](UnitOfWork& uow) { return uow.merges().moveOrganisation(org_b, org_a); });
  CHECK(countOf(moves, "roster") == 1);
  CHECK(countOf(moves, "roster_dropped") == 1);
  CHECK(read()->series().find(onlyOther)->roster_organisation_ids == std::vector<Id>{org_a});
  CHECK(read()->series().find(bothRoster)->roster_organisation_ids == std::vector<Id>{org_a});
  CHECK(countOf(moves, "contact") == 1);
  CHECK(countOf(moves, "registration") == 1);
  CHECK(countOf(moves, "activity") == 1);
  CHECK(countOf(moves, "invitation") == 1);          // the other event
  CHECK(countOf(moves, "invitation_dropped") == 1);  // both were invited to the first
  CHECK(countOf(moves, "user") == 1);
  {
    auto uow = read();
    CHECK(uow->contacts().find(carl)->organisation_id == org_a);
    CHECK(uow->registrations().find(reg)->organisation_id == org_a);
    CHECK(uow->organisations().find(org_a)->last_attended_at == at(2026, 2, 1, 9));
    CHECK(uow->organisations().find(org_a)->last_activity_at == at(2026, 3, 1));
    CHECK_FALSE(uow->organisations().find(org_b)->last_attended_at);
    CHECK(uow->events().find(otherEvent)->invited_organisation_ids == std::vector<Id>{org_a});
  }

  MergeRecord journal;
  journal.kind = MergeKind::organisation;
  journal.kept_id = org_a;
  journal.from_id = org_b;
  journal.police_district_id = 11;
  journal.from_district_id = 2;
  journal.from_status = "active";
  journal.created_by = officer;
  journal.created_at = at(2026, 3, 10);
  journal.undo_until = at(2026, 4, 9);
  journal.moves = moves;
  journal.moves.push_back({"field", 0, std::string("address")});
  const auto mergeId = committed([&](UnitOfWork& uow) { return uow.merges().record(journal); });
  const auto stored = read()->merges().find(mergeId);
  REQUIRE(stored);
  CHECK(stored->moves.size() == journal.moves.size());
  CHECK(stored->undo_until == at(2026, 4, 9));
  CHECK_FALSE(stored->undone_at);
  CHECK(read()->merges().list({}).total == 1);
  CHECK_FALSE(read()->merges().laterMergeInvolving(MergeKind::organisation, org_a, mergeId));

  committed([&](UnitOfWork& uow) {
    uow.merges().moveBack(MergeKind::organisation, org_b, org_a, stored->moves);
    uow.merges().markUndone(mergeId, officer, at(2026, 3, 11));
  });
  auto uow = read();
  CHECK(uow->contacts().find(carl)->organisation_id == org_b);
  CHECK(uow->registrations().find(reg)->organisation_id == org_b);
  CHECK(uow->organisations().find(org_b)->last_attended_at == at(2026, 2, 1, 9));
  CHECK_FALSE(uow->organisations().find(org_a)->last_attended_at);
  auto invited = uow->events().find(eventId)->invited_organisation_ids;
  std::sort(invited.begin(), invited.end());
  CHECK(invited == std::vector<Id>{org_a, org_b});
  CHECK(uow->merges().find(mergeId)->undone_at == at(2026, 3, 11));
  CHECK(uow->series().find(onlyOther)->roster_organisation_ids == std::vector<Id>{org_b});
  CHECK(uow->series().find(bothRoster)->roster_organisation_ids == std::vector<Id>{org_a, org_b});
}

TEST_CASE_METHOD(MergeWorld, "a person's registrations move, the lesser one of a shared event is cancelled, and back",
                 "[contract][merge]") {
  const auto shared =
      committed([&](UnitOfWork& uow) { return uow.events().insert(event("Fælles", at(2026, 2, 1, 9))); });
  const auto own = committed([&](UnitOfWork& uow) { return uow.events().insert(event("Eget", at(2026, 2, 8, 9))); });
  const auto annaShared = committed([&](UnitOfWork& uow) {
    return uow.registrations().insert(registration(shared, anna, org_a, RegistrationStatus::confirmed));
  });
  const auto boShared = committed([&](UnitOfWork& uow) {
    return uow.registrations().insert(registration(shared, bo, org_a, RegistrationStatus::attended));
  });
  const auto boOwn =
      committed([&](UnitOfWork& uow) { return uow.registrations().insert(registration(own, bo, org_a)); });
  committed([&](UnitOfWork& uow) { uow.activities().insert(activity(org_a, {anna, bo})); });

  // Bo goes into Anna; Bo's attended registration wins, so Anna's confirmed one is cancelled.
  const auto moves = committed([&](UnitOfWork& uow) { return uow.merges().moveContact(bo, anna, {annaShared}); });
  CHECK(countOf(moves, "registration") == 2);
  CHECK(countOf(moves, "registration_cancelled") == 1);
  CHECK(countOf(moves, "registration_given") == 1);
  CHECK(countOf(moves, "activity_link_dropped") == 1);
  {
    auto uow = read();
    CHECK(uow->registrations().find(boShared)->contact_id == anna);
    CHECK(uow->registrations().find(boOwn)->contact_id == anna);
    const auto cancelled = uow->registrations().find(annaShared);
    CHECK(cancelled->contact_id == bo);
    CHECK(cancelled->status == RegistrationStatus::cancelled);
    CHECK(uow->activities().naming(bo).empty());
  }
  committed([&](UnitOfWork& uow) { uow.merges().moveBack(MergeKind::contact, bo, anna, moves); });
  auto uow = read();
  CHECK(uow->registrations().find(boShared)->contact_id == bo);
  CHECK(uow->registrations().find(boOwn)->contact_id == bo);
  CHECK(uow->registrations().find(annaShared)->contact_id == anna);
  CHECK(uow->registrations().find(annaShared)->status == RegistrationStatus::confirmed);
  CHECK(uow->activities().naming(bo).size() == 1);
}

TEST_CASE_METHOD(MergeWorld, "names folded alike share a key, within the municipality", "[contract][merge]") {
  const auto twin =
      committed([](UnitOfWork& uow) { return uow.organisations().insert(organisation(" forening   a.")); });
  committed([](UnitOfWork& uow) { uow.organisations().insert(organisation("Forening A", 751)); });  // elsewhere
  CHECK(committed([](UnitOfWork& uow) { return uow.merges().fillNameKeys(MergeKind::organisation); }) == 0);
  const auto rows = read()->merges().sharedKeys(MergeKind::organisation, kSameName, {}, 100);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].key == rows[1].key);
  std::vector<Id> ids{rows[0].id, rows[1].id};
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<Id>{org_a, twin});
  CHECK(read()->merges().sharedKeys(MergeKind::organisation, kSameName, {2}, 100).empty());  // district 2 only

  committed(
      [&](UnitOfWork& uow) { uow.merges().dismiss(MergeKind::organisation, org_a, twin, officer, at(2026, 3, 1)); });
  committed(
      [&](UnitOfWork& uow) { uow.merges().dismiss(MergeKind::organisation, org_a, twin, officer, at(2026, 3, 2)); });
  CHECK(read()->merges().dismissals(MergeKind::organisation) == std::vector<std::pair<Id, Id>>{{org_a, twin}});
}

TEST_CASE_METHOD(MergeWorld, "retention removes journals older than the cutoff", "[contract][merge]") {
  MergeRecord journal;
  journal.kind = MergeKind::contact;
  journal.kept_id = anna;
  journal.from_id = bo;
  journal.from_status = "active";
  journal.created_at = at(2026, 1, 1);
  journal.undo_until = at(2026, 1, 31);
  journal.moves = {{"registration", 1, std::nullopt}};
  committed([&](UnitOfWork& uow) { uow.merges().record(journal); });
  journal.created_at = at(2026, 3, 1);
  journal.undo_until = at(2026, 3, 31);
  const auto recent = committed([&](UnitOfWork& uow) { return uow.merges().record(journal); });
  CHECK(committed([](UnitOfWork& uow) { return uow.merges().purgeBefore(at(2026, 2, 1)); }) == 1);
  const auto left = read()->merges().list({});
  REQUIRE(left.total == 1);
  CHECK(left.items.front().id == recent);
  CHECK(left.items.front().moves.size() == 1);
}
