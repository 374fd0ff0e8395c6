// The one module for dates and times (domain/date_time.hpp): strict parsing of every text form the
// system reads, exact formatting of every one it writes, and the calendar arithmetic. No zone here: the
// Copenhagen rules (and the DST edges through formatIsoTimestamp) are tested in tests/calendar/.
#include <catch2/catch.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "domain/date_time.hpp"

using namespace brobygger::domain;
using namespace std::chrono_literals;

namespace {

Timestamp utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{mo} / std::chrono::day{d}} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s};
}

}  // namespace

TEST_CASE("ISO dates are real dates written exactly as YYYY-MM-DD", "[date_time][date]") {
  CHECK(parseIsoDate("2026-03-10") == LocalDate{2026, 3, 10});
  CHECK(parseIsoDate("2028-02-29") == LocalDate{2028, 2, 29});  // a leap year
  CHECK(parseIsoDate("2000-02-29") == LocalDate{2000, 2, 29});  // divisible by 400: a leap year
  CHECK_FALSE(parseIsoDate("2026-02-29"));                      // not a leap year
  CHECK_FALSE(parseIsoDate("2100-02-29"));                      // divisible by 100 only: not one
  CHECK_FALSE(parseIsoDate("2026-02-30"));
  CHECK_FALSE(parseIsoDate("2026-04-31"));
  CHECK_FALSE(parseIsoDate("2026-13-01"));
  CHECK_FALSE(parseIsoDate("2026-00-10"));
  CHECK_FALSE(parseIsoDate("2026-03-00"));
  for (const char* malformed : {"", "2026-3-10", "2026-03-1", "26-03-10", "2026/03/10", "2026-03-10 ", " 2026-03-10",
                                "2026-03-10x", "2026-03-10T09:00", "+2026-03-10", "2026-0a-10", "20260310"})
    CHECK_FALSE(parseIsoDate(malformed));
  CHECK(formatIsoDate({2026, 3, 10}) == "2026-03-10");
  CHECK(formatIsoDate({987, 1, 2}) == "0987-01-02");
  // LocalDate's own reading keeps its floor of 1900 (reports).
  CHECK(LocalDate::parse("1900-01-01") == LocalDate{1900, 1, 1});
  CHECK_FALSE(LocalDate::parse("1899-12-31"));
  CHECK(LocalDate{2026, 3, 10}.iso() == "2026-03-10");
}

TEST_CASE("Calendar arithmetic: days across months, leap days and years, and months clamp", "[date_time][date]") {
  CHECK(LocalDate{2028, 2, 28}.plusDays(1) == LocalDate{2028, 2, 29});
  CHECK(LocalDate{2026, 2, 28}.plusDays(1) == LocalDate{2026, 3, 1});
  CHECK(LocalDate{2026, 12, 31}.plusDays(1) == LocalDate{2027, 1, 1});
  CHECK(LocalDate{2026, 3, 1}.plusDays(-1) == LocalDate{2026, 2, 28});
  CHECK(LocalDate{2026, 1, 1}.daysUntil({2027, 1, 1}) == 365);
  CHECK(LocalDate{2028, 1, 1}.daysUntil({2029, 1, 1}) == 366);
  CHECK(LocalDate{2026, 3, 10}.daysUntil({2026, 3, 1}) == -9);
  CHECK(LocalDate{2026, 3, 31}.minusMonths(1) == LocalDate{2026, 2, 28});
  CHECK(LocalDate{2028, 3, 31}.minusMonths(1) == LocalDate{2028, 2, 29});
  CHECK(LocalDate{2026, 1, 15}.minusMonths(13) == LocalDate{2024, 12, 15});
  // The wall clock is a uniform line: 29 March 2026 has 24 hours here, whatever Copenhagen's clocks do.
  const LocalDateTime before{2026, 3, 29, 1, 30}, after{2026, 3, 30, 1, 30};
  CHECK(toLocalSeconds(after) - toLocalSeconds(before) == 24h);
  CHECK(toLocalDateTime(toLocalSeconds(before) + 90min) == LocalDateTime{2026, 3, 29, 3, 0});
  CHECK(toLocalDateTime(toLocalSeconds(before) + 59s) == before);  // seconds dropped
  CHECK(toLocalDate(toLocalDays({2028, 2, 29}) + std::chrono::days{366}) == LocalDate{2029, 3, 1});
  CHECK(isValid(LocalDateTime{2026, 1, 1, 23, 59}));
  CHECK_FALSE(isValid(LocalDateTime{2026, 1, 1, 24, 0}));
  CHECK_FALSE(isValid(LocalDateTime{2026, 1, 1, 9, 60}));
  CHECK_FALSE(isValid(LocalDateTime{2026, 2, 29, 9, 0}));
}

TEST_CASE("RFC 3339 instants: Z or an offset, seconds and a fraction optional", "[date_time][timestamp]") {
  CHECK(parseIsoTimestamp("2026-03-10T09:00:00+01:00") == utc(2026, 3, 10, 8));
  CHECK(parseIsoTimestamp("2026-03-10T08:00Z") == utc(2026, 3, 10, 8));
  CHECK(parseIsoTimestamp("2026-03-10t08:00:00z") == utc(2026, 3, 10, 8));         // RFC 3339 5.6: case-insensitive
  CHECK(parseIsoTimestamp("2026-03-10T08:00:00.999999Z") == utc(2026, 3, 10, 8));  // the fraction is cut off
  CHECK(parseIsoTimestamp("2026-07-10T09:00:00+02:00") == utc(2026, 7, 10, 7));
  CHECK(parseIsoTimestamp("2026-03-10T09:00:00-00:00") == utc(2026, 3, 10, 9));
  CHECK(parseIsoTimestamp("2026-03-10T05:30:00+05:30") == utc(2026, 3, 10, 0, 0));
  // The date follows the offset.
  CHECK(parseIsoTimestamp("2026-01-01T00:30:00+01:00") == utc(2025, 12, 31, 23, 30));
  CHECK(parseIsoTimestamp("2028-02-29T23:00:00-01:00") == utc(2028, 3, 1, 0, 0));
  // The extremes of real zones, and one minute beyond each.
  CHECK(parseIsoTimestamp("2026-03-10T14:00:00+14:00") == utc(2026, 3, 10, 0));
  CHECK(parseIsoTimestamp("2026-03-10T00:00:00-12:00") == utc(2026, 3, 10, 12));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T14:00:00+14:01"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T00:00:00-12:01"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T00:00:00+18:00"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T00:00:00+01:60"));
  // Not a real date or time.
  CHECK_FALSE(parseIsoTimestamp("2026-02-30T09:00:00Z"));
  CHECK_FALSE(parseIsoTimestamp("2026-02-29T09:00:00Z"));
  CHECK(parseIsoTimestamp("2028-02-29T09:00:00Z"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T24:00:00Z"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T24:61Z"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T09:60:00Z"));
  CHECK_FALSE(parseIsoTimestamp("2026-03-10T09:00:60Z"));
  // Not the form.
  for (const char* malformed :
       {"2026-03-10", "2026-03-10T09:00:00", "2026-03-10T09:00:00+0100", "2026-03-10T09:00:00+01",
        "2026-03-10 09:00:00Z", "2026-03-10T9:00:00Z", "2026-03-10T09:00:00.Z", "2026-03-10T09:00:00Zjunk",
        "2026-03-10T09:00:00+01:00 ", " 2026-03-10T09:00:00Z", "2026-03-10T09:00:00ZZ", "2026-03-10T09Z",
        "2026-03-10T09:00:00+01:00:00", "2026-03-10T09:00:00.123456789012345678901234567Z"})
    CHECK_FALSE(parseIsoTimestamp(malformed));
}

TEST_CASE("Instants are written with the offset given, or in UTC", "[date_time][timestamp]") {
  CHECK(formatIsoTimestamp(utc(2026, 3, 10, 8), 1h) == "2026-03-10T09:00:00+01:00");
  CHECK(formatIsoTimestamp(utc(2026, 7, 10, 7, 5, 9), 2h) == "2026-07-10T09:05:09+02:00");
  CHECK(formatIsoTimestamp(utc(2025, 12, 31, 23, 30), 1h) == "2026-01-01T00:30:00+01:00");
  CHECK(formatIsoTimestamp(utc(2026, 3, 10, 12), -12h) == "2026-03-10T00:00:00-12:00");
  CHECK(formatIsoTimestamp(utc(2026, 3, 10, 0), 14h) == "2026-03-10T14:00:00+14:00");
  CHECK(formatIsoTimestamp(utc(2026, 3, 10, 0), -150min) == "2026-03-09T21:30:00-02:30");
  CHECK(formatIsoTimestamp(utc(2026, 3, 10, 0), 0s) == "2026-03-10T00:00:00+00:00");
  CHECK(formatIsoUtc(utc(2028, 2, 29, 23, 59, 59)) == "2028-02-29T23:59:59Z");
  // What is written is read back as the same instant.
  for (const auto offset : {-12h, -1h, 0h, 1h, 2h, 14h}) {
    const auto t = utc(2026, 10, 25, 1, 30, 15);
    CHECK(parseIsoTimestamp(formatIsoTimestamp(t, offset)) == t);
  }
}

TEST_CASE("Wall-clock times to the minute and times of day", "[date_time][local]") {
  CHECK(parseIsoLocal("2026-03-29T02:30") == LocalDateTime{2026, 3, 29, 2, 30});
  CHECK(formatIsoLocal({2026, 3, 9, 7, 5}) == "2026-03-09T07:05");
  for (const char* malformed : {"2026-03-29T02:30:00", "2026-03-29 02:30", "2026-03-29T2:30", "2026-02-30T09:00",
                                "2026-03-29T24:00", "2026-03-29T09:60", "2026-03-29T09:00Z", ""})
    CHECK_FALSE(parseIsoLocal(malformed));
  CHECK(parseTimeOfDay("00:00") == TimeOfDay{0, 0});
  CHECK(parseTimeOfDay("23:59") == TimeOfDay{23, 59});
  for (const char* malformed : {"24:00", "24:61", "12:60", "9:30", "09:3", "09:30:00", "09.30", "0930", " 09:30", ""})
    CHECK_FALSE(parseTimeOfDay(malformed));
  CHECK(formatTimeOfDay({9, 5}) == "09:05");
}

TEST_CASE("The fixed text forms of SQL, iCalendar, HTTP and mail", "[date_time][formats]") {
  CHECK(formatSqlUtc(utc(2026, 3, 10, 8, 0, 5)) == "2026-03-10 08:00:05");
  CHECK(formatBasicLocal({2026, 12, 1, 9, 30}) == "20261201T093000");
  const auto date = parseBasicTime("20261201");
  REQUIRE(date);
  CHECK(date->kind == BasicTime::Kind::date);
  CHECK(date->time == LocalDateTime{2026, 12, 1, 0, 0});
  const auto floating = parseBasicTime("20261201T093015");
  REQUIRE(floating);
  CHECK(floating->kind == BasicTime::Kind::floating);
  CHECK(floating->time == LocalDateTime{2026, 12, 1, 9, 30});
  CHECK(floating->second == 15);
  const auto inUtc = parseBasicTime("20280229T235959Z");
  REQUIRE(inUtc);
  CHECK(inUtc->kind == BasicTime::Kind::utc);
  CHECK(inUtc->time == LocalDateTime{2028, 2, 29, 23, 59});
  for (const char* malformed :
       {"20260229", "20261301", "20261201T240000", "20261201T096000", "20261201T093060", "20261201T0930",
        "20261201t093000", "20261201T093000z", "20261201T093000ZZ", "2026-12-01", "2026120", "20261201T"})
    CHECK_FALSE(parseBasicTime(malformed));
  // RFC 9110's own example, and the weekday and month names in English whatever the locale.
  CHECK(formatHttpDate(utc(1994, 11, 6, 8, 49, 37)) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(formatHttpDate(utc(2028, 2, 29, 0, 0, 0)) == "Tue, 29 Feb 2028 00:00:00 GMT");
  CHECK(formatMailDate(utc(2026, 3, 10, 8)) == "Tue, 10 Mar 2026 08:00:00 +0000");
  CHECK(formatDanishDateTime({2026, 3, 6, 9, 5}) == "6.3.2026 09:05");
}
