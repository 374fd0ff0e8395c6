// The reads behind the trainings overview and a person's training record (issue 16), on both backends.
#include <tuple>

#include "tests/storage/contract/contract_support.hpp"

namespace brobygger::testing::contract {

using namespace brobygger::domain;

namespace {

Event training(std::string title, Timestamp start, EventStatus status = EventStatus::completed) {
  auto e = event(std::move(title), start, std::chrono::hours(7));
  e.details.kind = "training";
  e.status = status;
  return e;
}

}  // namespace

TEST_CASE("training attendance: attended registrations at completed trainings in the period", "[contract][trainings]") {
  World w;
  const auto [first, second, open, seminar, later] = w.committed([](UnitOfWork& uow) {
    return std::make_tuple(uow.events().insert(training("Kursus 1", at(2026, 1, 5, 8))),
                           uow.events().insert(training("Kursus 2", at(2026, 1, 20, 8))),
                           uow.events().insert(training("Kursus 3", at(2026, 1, 21, 8), EventStatus::published)),
                           uow.events().insert(event("Seminar", at(2026, 1, 6, 8))),
                           uow.events().insert(training("Kursus 4", at(2026, 2, 1, 8))));
  });
  w.committed([&](UnitOfWork& uow) {
    uow.registrations().insert(registration(first, w.anna, w.org_a));
    uow.registrations().insert(registration(second, w.anna, w.org_a));
    uow.registrations().insert(registration(first, w.bo, w.org_a, RegistrationStatus::no_show));
    uow.registrations().insert(registration(second, w.carl, w.org_b));
    uow.registrations().insert(registration(open, w.bo, w.org_a));
    uow.registrations().insert(registration(seminar, w.bo, w.org_a));
    uow.registrations().insert(registration(later, w.bo, w.org_a));
  });
  const auto rows = w.read()->reports().trainingAttendance(at(2026, 1, 1), at(2026, 2, 1));
  REQUIRE(rows.size() == 3);
  for (const auto& row : rows) {
    CHECK(row.contact_id != w.bo);
    CHECK((row.event_id == first || row.event_id == second));
    CHECK(row.organisation_name == (row.organisation_id == w.org_a ? "Forening A" : "Forening B"));
  }
  // [from, to): the edge at 1 February excludes the training starting then.
  CHECK(w.read()->reports().trainingAttendance(at(2026, 2, 1, 8), at(2026, 2, 2)).size() == 1);
  CHECK(w.read()->reports().trainingAttendance(at(2026, 2, 1, 9), at(2026, 2, 2)).empty());

  // Bo's record: attended trainings not cancelled, newest first (the published one counts, the seminar not).
  const auto record = w.read()->reports().trainingsOf(w.bo);
  REQUIRE(record.size() == 2);
  CHECK(record[0].event_id == later);
  CHECK(record[0].title == "Kursus 4");
  CHECK(record[0].event_status == EventStatus::completed);
  CHECK(record[1].event_id == open);
  CHECK(record[1].ends_at - record[1].starts_at == std::chrono::hours(7));
  CHECK(w.read()->reports().trainingsOf(w.anna).size() == 2);
}

}  // namespace brobygger::testing::contract
