// The dialogue log and follow-ups as the domain decides them: the CPR refusal, Copenhagen dates for
// "overdue", need-to-know by police district, ownership, and nothing written when a rule is broken.
#include <catch2/catch.hpp>

#include <chrono>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "domain/outreach_service.hpp"
#include "domain/validation.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct OutreachFixture {
  TestStore store;
  FixedClock clock{startOfTests()};  // Tuesday 2026-03-10 10:00Z
  ReferenceCatalog catalog = ReferenceService(store).loadCatalog();
  calendar::CopenhagenTimeZone zone;
  OutreachService outreach{store, catalog, clock, zone};

  Id admin_id = addUser(store, Role::admin, "admin@example.dk");
  Id officer_id = addUser(store, Role::officer, "officer@example.dk");
  Id other_officer_id = addUser(store, Role::officer, "other@example.dk");
  Actor admin{admin_id, Role::admin, std::nullopt};
  Actor officer{officer_id, Role::officer, std::nullopt};
  Actor other_officer{other_officer_id, Role::officer, std::nullopt};
  Id copenhagen = addOrganisation(store, "Nørrebro Moské", 101);
  Id aarhus = addOrganisation(store, "Aarhus Boldklub", 751);
  Id person = addContact(store, copenhagen, "Amina Hansen");

  NewActivity visit(Id organisation) const {
    NewActivity input;
    input.kind = "visit";
    input.occurred_at = clock.now() - 1h;
    input.organisation_id = organisation;
    input.subject = "Besøg";
    return input;
  }

  NewFollowUp task(Id organisation, LocalDate due) const {
    NewFollowUp input;
    input.organisation_id = organisation;
    input.title = "Ring tilbage";
    input.due_on = due;
    return input;
  }

  // An officer limited to the police district of Aarhus.
  Actor aarhusOfficer() {
    const auto id = addUser(store, Role::officer, "aarhus@example.dk");
    return Actor{id, Role::officer, std::nullopt, {store.organisation(aarhus).police_district_id}};
  }
};

template <class F>
void refusedNaming(F&& call, const std::string& field) {
  try {
    call();
    FAIL("no error for " << field);
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::invalid);
    bool named = false;
    for (const auto& f : e.fields()) named = named || f.field == field;
    CHECK(named);
  }
}

}  // namespace

TEST_CASE("CPR numbers are recognised in the forms people write them, and nothing else is", "[outreach]") {
  for (const char* text : {"010203-1234", "cpr 010203 1234.", "0102031234", "(311299-0001)", "Født 150585-4321"})
    CHECK(containsCprNumber(text));
  for (const char* text :
       {"", "12 34 56 78", "+45 87654321", "2026-12-24", "320103-1234" /* day 32 */, "011303-1234" /* month 13 */,
        "10203-1234", "010203-12345", "1010203-1234", "Bestil 123456 stk"})
    CHECK_FALSE(containsCprNumber(text));
}

TEST_CASE_METHOD(OutreachFixture, "a note with a CPR number is refused and nothing is written", "[outreach]") {
  auto input = visit(copenhagen);
  input.notes = "Personen (010203-1234) kom ikke";
  refusedNaming([&] { outreach.createActivity(officer, input); }, "notes");
  auto task_ = task(copenhagen, {2026, 3, 20});
  task_.title = "Tjek 0102031234";
  refusedNaming([&] { outreach.createFollowUp(officer, task_); }, "title");
  CHECK(store.count("activities") == 0);
  CHECK(store.count("follow_ups") == 0);
  CHECK_FALSE(store.writeInProgress());
}

TEST_CASE_METHOD(OutreachFixture, "overdue and today are Copenhagen dates, also around midnight UTC", "[outreach]") {
  const auto f = outreach.createFollowUp(officer, task(copenhagen, {2026, 3, 10}));
  // 22:30Z on the 10th is 23:30 in Copenhagen: still the 10th, due today, not overdue.
  clock.set(std::chrono::sys_days{std::chrono::year{2026} / 3 / 10} + 22h + 30min);
  CHECK(outreach.today() == LocalDate{2026, 3, 10});
  CHECK_FALSE(outreach.getFollowUp(officer, f.id).overdue(outreach.today()));
  // 23:30Z is 00:30 on the 11th in Copenhagen: overdue, though it is still the 10th in UTC.
  clock.set(std::chrono::sys_days{std::chrono::year{2026} / 3 / 10} + 23h + 30min);
  CHECK(outreach.today() == LocalDate{2026, 3, 11});
  CHECK(outreach.getFollowUp(officer, f.id).overdue(outreach.today()));
  // In summer (CEST, +2) midnight comes at 22:00Z.
  clock.set(std::chrono::sys_days{std::chrono::year{2026} / 7 / 1} + 22h + 5min);
  CHECK(outreach.today() == LocalDate{2026, 7, 2});
  // Done ones are never overdue.
  outreach.completeFollowUp(officer, f.id, std::nullopt, std::nullopt);
  CHECK_FALSE(outreach.getFollowUp(officer, f.id).overdue(outreach.today()));
}

TEST_CASE_METHOD(OutreachFixture, "an officer limited to a police district sees only its district's activities",
                 "[outreach]") {
  const auto inCopenhagen = outreach.createActivity(officer, visit(copenhagen));
  const auto inAarhus = outreach.createActivity(officer, visit(aarhus));
  const auto local = aarhusOfficer();
  const auto page = outreach.listActivities(local, {});
  REQUIRE(page.total == 1);
  CHECK(page.items.front().id == inAarhus.id);
  CHECK(outreach.getActivity(local, inAarhus.id).organisation_id == aarhus);
  try {
    outreach.getActivity(local, inCopenhagen.id);
    FAIL("seen outside the district");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::not_found);
  }
  refusedNaming([&] { outreach.createActivity(local, visit(copenhagen)); }, "organisation_id");
  refusedNaming([&] { outreach.createFollowUp(local, task(copenhagen, {2026, 4, 1})); }, "organisation_id");
  CHECK(outreach.listActivities(officer, {}).total == 2);
}

TEST_CASE_METHOD(OutreachFixture, "only the officer who logged an activity, or an admin, changes it", "[outreach]") {
  const auto mine = outreach.createActivity(officer, visit(copenhagen));
  ActivityChanges changes;
  changes.notes = "Opdateret";
  try {
    outreach.updateActivity(other_officer, mine.id, changes, std::nullopt);
    FAIL("another officer changed it");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::forbidden);
  }
  // Logged on behalf of another officer: that officer may change it too.
  auto onBehalf = visit(copenhagen);
  onBehalf.user_id = other_officer_id;
  const auto theirs = outreach.createActivity(officer, onBehalf);
  CHECK(outreach.updateActivity(other_officer, theirs.id, changes, std::nullopt).notes == "Opdateret");
  CHECK(outreach.updateActivity(admin, mine.id, changes, std::nullopt).version == 2);
  outreach.deleteActivity(officer, mine.id, std::nullopt);
  CHECK(store.count("activities") == 1);
}

TEST_CASE_METHOD(OutreachFixture, "people named must belong to the organisation, also after a move", "[outreach]") {
  auto input = visit(copenhagen);
  input.contact_ids = {person};
  const auto a = outreach.createActivity(officer, input);
  ActivityChanges move;
  move.organisation_id = aarhus;
  refusedNaming([&] { outreach.updateActivity(officer, a.id, move, std::nullopt); }, "contact_ids");
  move.contact_ids = std::vector<Id>{};
  const auto moved = outreach.updateActivity(officer, a.id, move, std::nullopt);
  CHECK(moved.organisation_id == aarhus);
  CHECK(moved.police_district_id == store.organisation(aarhus).police_district_id);
  CHECK(outreach.getActivity(officer, a.id).contact_ids.empty());
}

TEST_CASE_METHOD(OutreachFixture, "the assignee of a follow-up is an active officer or admin", "[outreach]") {
  const auto manager = addUser(store, Role::manager, "manager@example.dk");
  const auto disabled = addUser(store, Role::officer, "gone@example.dk", std::nullopt, UserStatus::disabled);
  for (const auto who : {manager, disabled}) {
    auto input = task(copenhagen, {2026, 3, 20});
    input.assigned_user_id = who;
    refusedNaming([&] { outreach.createFollowUp(officer, input); }, "assigned_user_id");
  }
  auto input = task(copenhagen, {2026, 3, 20});
  input.assigned_user_id = other_officer_id;
  CHECK(outreach.createFollowUp(officer, input).assigned_user_id == other_officer_id);
  CHECK(store.count("follow_ups") == 1);
}
