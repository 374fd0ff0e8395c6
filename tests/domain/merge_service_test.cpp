// Merges and their undo: the 30-day window on a clock the test moves, the order of undo, and who may.
#include <catch2/catch.hpp>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "domain/merge_service.hpp"
#include "domain/retention.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct MergeFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  MergeService service{store, clock};
  Id a = addOrganisation(store, "Fletteforeningen");
  Id b = addOrganisation(store, "FLETTE-FORENINGEN");
  Id c = addOrganisation(store, "Flette Foreningen");
  Actor officer{addUser(store, Role::officer, "officer@example.dk"), Role::officer, std::nullopt};
  Actor manager{addUser(store, Role::manager, "manager@example.dk"), Role::manager, std::nullopt};
  // An officer limited to a district none of the organisations lie in (København is district 11).
  Actor local{addUser(store, Role::officer, "local@example.dk"), Role::officer, std::nullopt, {2}};

  Id latestMerge() { return service.list(officer, {}).items.at(0).id; }
};

}  // namespace

TEST_CASE_METHOD(MergeFixture, "likely duplicates: folded names pair up, and a dismissed pair is gone", "[merge]") {
  DuplicateQuery query;
  const auto page = service.duplicates(officer, query);
  REQUIRE(page.total == 3);  // a-b, a-c, b-c
  CHECK(page.items.at(0).reasons == std::vector<std::string>{"same_name"});
  CHECK(page.items.at(0).score == Approx(0.8));
  service.dismiss(officer, MergeKind::organisation, c, a);
  CHECK(service.duplicates(officer, query).total == 2);
  CHECK(service.duplicates(local, query).total == 0);
  CHECK(errorOf([&] { service.duplicates(manager, query); }).code() == ErrorCode::forbidden);
}

TEST_CASE_METHOD(MergeFixture, "a merge can be undone for 30 days, not after", "[merge]") {
  service.mergeOrganisations(officer, a, b);
  CHECK(store.organisation(b).status == RecordStatus::merged);
  const auto first = latestMerge();
  clock.advance(24h * 30);
  service.mergeOrganisations(officer, a, c);
  const auto second = latestMerge();
  // A later merge of the same records is undone first.
  const auto blocked = errorOf([&] { service.undo(officer, first); });
  CHECK(blocked.code() == ErrorCode::conflict);
  CHECK(std::string(blocked.what()).find("later merge") != std::string::npos);
  service.undo(officer, second);
  CHECK(store.organisation(c).status == RecordStatus::active);
  clock.advance(1s);  // 30 days and a second after the first merge
  const auto late = errorOf([&] { service.undo(officer, first); });
  CHECK(late.code() == ErrorCode::conflict);
  CHECK(std::string(late.what()).find("30 days") != std::string::npos);
  CHECK(store.organisation(b).status == RecordStatus::merged);
  CHECK(service.list(officer, {}).items.at(1).undoable == false);
  // Retention removes the journals past the window.
  brobygger::calendar::CopenhagenTimeZone zone;
  RetentionService retention{store, clock, zone};
  CHECK(retention.run(false).merge_journals_removed == 1);
  CHECK(service.list(officer, {}).total == 1);
}

TEST_CASE_METHOD(MergeFixture, "refusals: the same one, outside the districts, a manager", "[merge]") {
  const auto self = errorOf([&] { service.mergeOrganisations(officer, a, a); });
  CHECK(self.code() == ErrorCode::invalid);
  CHECK(fieldNames(self) == std::vector<std::string>{"from_id"});
  CHECK(errorOf([&] { service.mergeOrganisations(local, a, b); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.mergeOrganisations(manager, a, b); }).code() == ErrorCode::forbidden);
  CHECK(store.organisation(b).status == RecordStatus::active);
}
