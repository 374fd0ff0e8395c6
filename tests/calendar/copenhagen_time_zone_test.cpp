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

TEST_CASE("The offset changes at the instants of the DST changes", "[timezone][dst]") {
  using namespace std::chrono_literals;
  const CopenhagenTimeZone zone;
  CHECK(zone.offsetAt(utc(2026, 1, 15, 8, 0)) == 1h);
  CHECK(zone.offsetAt(utc(2026, 7, 10, 7, 0)) == 2h);
  // Spring: 01:00 UTC is 03:00 +02:00; a second earlier it is 01:59:59 +01:00.
  CHECK(zone.offsetAt(utc(2026, 3, 29, 1, 0) - 1s) == 1h);
  CHECK(zone.offsetAt(utc(2026, 3, 29, 1, 0)) == 2h);
  // Autumn: 01:00 UTC is 02:00 +01:00 (the second 02:00); a second earlier it is 02:59:59 +02:00.
  CHECK(zone.offsetAt(utc(2026, 10, 25, 1, 0) - 1s) == 2h);
  CHECK(zone.offsetAt(utc(2026, 10, 25, 1, 0)) == 1h);
  // Asked out of order (the offset is remembered per DST period and thread), the answers stay right.
  CHECK(zone.offsetAt(utc(2026, 7, 10, 7, 0)) == 2h);
  CHECK(zone.offsetAt(utc(2025, 12, 24, 12, 0)) == 1h);
  CHECK(zone.offsetAt(utc(2026, 3, 29, 1, 0) - 1s) == 1h);
}

TEST_CASE("Instants are written on the Copenhagen wall clock with the offset then in force", "[timezone][dst]") {
  using brobygger::domain::formatIsoTimestamp;
  using brobygger::domain::parseIsoTimestamp;
  const CopenhagenTimeZone zone;
  CHECK(formatIsoTimestamp(utc(2026, 3, 10, 8, 0), zone) == "2026-03-10T09:00:00+01:00");
  CHECK(formatIsoTimestamp(utc(2026, 7, 10, 7, 0), zone) == "2026-07-10T09:00:00+02:00");
  // Spring forward: 01:59 +01:00 is followed by 03:00 +02:00; no 02:30 is ever written.
  CHECK(formatIsoTimestamp(utc(2026, 3, 29, 0, 59), zone) == "2026-03-29T01:59:00+01:00");
  CHECK(formatIsoTimestamp(utc(2026, 3, 29, 1, 0), zone) == "2026-03-29T03:00:00+02:00");
  // The 02:30 that does not exist is read as 03:30 summer time, and written so.
  CHECK(formatIsoTimestamp(zone.toUtc(wall(2026, 3, 29, 2, 30)), zone) == "2026-03-29T03:30:00+02:00");
  // Fall back: both 02:30s are written, told apart by their offsets, and each reads back as itself.
  CHECK(formatIsoTimestamp(utc(2026, 10, 25, 0, 30), zone) == "2026-10-25T02:30:00+02:00");
  CHECK(formatIsoTimestamp(utc(2026, 10, 25, 1, 30), zone) == "2026-10-25T02:30:00+01:00");
  CHECK(parseIsoTimestamp("2026-10-25T02:30:00+02:00") == utc(2026, 10, 25, 0, 30));
  CHECK(parseIsoTimestamp("2026-10-25T02:30:00+01:00") == utc(2026, 10, 25, 1, 30));
  // The ambiguous wall-clock 02:30 without an offset is the earlier one (summer time).
  CHECK(formatIsoTimestamp(zone.toUtc(wall(2026, 10, 25, 2, 30)), zone) == "2026-10-25T02:30:00+02:00");
  // New Year in Copenhagen is still the old year in UTC.
  CHECK(formatIsoTimestamp(utc(2025, 12, 31, 23, 30), zone) == "2026-01-01T00:30:00+01:00");
}
