// Europe/Copenhagen wall clock <-> UTC against the system's tzdata, across both DST changes of 2026
// (last Sunday of March 02:00 +01:00 -> 03:00 +02:00; last Sunday of October 03:00 +02:00 -> 02:00 +01:00).
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "tests/calendar/calendar_test_support.hpp"

using brobygger::calendar::CopenhagenTimeZone;
using brobygger::testing::utc;
using brobygger::testing::wall;

TEST_CASE("Winter time is UTC+1 and summer time UTC+2", "[timezone]") {
  const CopenhagenTimeZone zone;
  CHECK(zone.toUtc(wall(2026, 1, 15, 9, 0)) == utc(2026, 1, 15, 8, 0));
  CHECK(zone.toUtc(wall(2026, 7, 10, 9, 0)) == utc(2026, 7, 10, 7, 0));
  CHECK(zone.toLocal(utc(2026, 1, 15, 8, 0)) == wall(2026, 1, 15, 9, 0));
  CHECK(zone.toLocal(utc(2026, 7, 10, 7, 0)) == wall(2026, 7, 10, 9, 0));
  // The date changes with the offset.
  CHECK(zone.toUtc(wall(2026, 1, 1, 0, 30)) == utc(2025, 12, 31, 23, 30));
  CHECK(zone.toLocal(utc(2026, 6, 30, 22, 15)) == wall(2026, 7, 1, 0, 15));
}

TEST_CASE("A spring-forward time that does not exist moves forward by the gap", "[timezone][dst]") {
  const CopenhagenTimeZone zone;
  // 2026-03-29 02:30 never shows on a Copenhagen clock: it is taken as 03:30 +02:00.
  CHECK(zone.toUtc(wall(2026, 3, 29, 2, 30)) == utc(2026, 3, 29, 1, 30));
  CHECK(zone.toLocal(utc(2026, 3, 29, 1, 30)) == wall(2026, 3, 29, 3, 30));
  // The edges of the gap.
  CHECK(zone.toUtc(wall(2026, 3, 29, 1, 59)) == utc(2026, 3, 29, 0, 59));
  CHECK(zone.toUtc(wall(2026, 3, 29, 2, 0)) == utc(2026, 3, 29, 1, 0));
  CHECK(zone.toUtc(wall(2026, 3, 29, 3, 0)) == utc(2026, 3, 29, 1, 0));
  CHECK(zone.toLocal(utc(2026, 3, 29, 0, 59)) == wall(2026, 3, 29, 1, 59));
  CHECK(zone.toLocal(utc(2026, 3, 29, 1, 0)) == wall(2026, 3, 29, 3, 0));
}

TEST_CASE("An autumn time that occurs twice is the earlier, summer-time instant", "[timezone][dst]") {
  const CopenhagenTimeZone zone;
  CHECK(zone.toUtc(wall(2026, 10, 25, 2, 30)) == utc(2026, 10, 25, 0, 30));
  // Both instants read 02:30 on the wall.
  CHECK(zone.toLocal(utc(2026, 10, 25, 0, 30)) == wall(2026, 10, 25, 2, 30));
  CHECK(zone.toLocal(utc(2026, 10, 25, 1, 30)) == wall(2026, 10, 25, 2, 30));
  // The edges of the repeated hour.
  CHECK(zone.toUtc(wall(2026, 10, 25, 1, 59)) == utc(2026, 10, 24, 23, 59));
  CHECK(zone.toUtc(wall(2026, 10, 25, 2, 0)) == utc(2026, 10, 25, 0, 0));
  CHECK(zone.toUtc(wall(2026, 10, 25, 3, 0)) == utc(2026, 10, 25, 2, 0));
}

TEST_CASE("Round trips hold everywhere except in the gap and the repeated hour", "[timezone][dst]") {
  const CopenhagenTimeZone zone;
  const auto springGapStart = utc(2026, 3, 29, 1, 0);
  const auto repeatedHourStart = utc(2026, 10, 25, 1, 0);  // the second 02:00..02:59
  const auto repeatedHourEnd = utc(2026, 10, 25, 2, 0);
  int checked = 0;
  for (auto instant = utc(2025, 12, 31); instant < utc(2027, 1, 2); instant += std::chrono::minutes{15}) {
    const auto local = zone.toLocal(instant);
    const auto back = zone.toUtc(local);
    if (instant >= repeatedHourStart && instant < repeatedHourEnd) {
      CHECK(back == instant - std::chrono::hours{1});  // the earlier reading of the same wall-clock time
    } else {
      CHECK(back == instant);
    }
    CHECK(zone.toLocal(back) == local);
    ++checked;
  }
  CHECK(checked > 35'000);
  // Wall clock -> UTC -> wall clock is the identity except for times that do not exist.
  CHECK(zone.toLocal(zone.toUtc(wall(2026, 3, 29, 2, 30))) == wall(2026, 3, 29, 3, 30));
  CHECK(zone.toLocal(springGapStart) == wall(2026, 3, 29, 3, 0));
  CHECK(zone.toLocal(zone.toUtc(wall(2026, 10, 25, 2, 30))) == wall(2026, 10, 25, 2, 30));
}

TEST_CASE("toLocal drops seconds", "[timezone]") {
  const CopenhagenTimeZone zone;
  CHECK(zone.toLocal(utc(2026, 1, 15, 8, 0) + std::chrono::seconds{59}) == wall(2026, 1, 15, 9, 0));
}

TEST_CASE("A time that is on no calendar is refused", "[timezone]") {
  const CopenhagenTimeZone zone;
  CHECK_THROWS_AS(zone.toUtc(wall(2026, 2, 30, 9, 0)), std::invalid_argument);
  CHECK_THROWS_AS(zone.toUtc(wall(2026, 13, 1, 9, 0)), std::invalid_argument);
  CHECK_THROWS_AS(zone.toUtc(wall(2026, 1, 1, 24, 0)), std::invalid_argument);
  CHECK_THROWS_AS(zone.toUtc(wall(2026, 1, 1, 9, 60)), std::invalid_argument);
}
