// RRULE validation and expansion through libical, in Copenhagen wall-clock time.
#include <catch2/catch.hpp>
#include <chrono>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "adapters/calendar/libical_recurrence.hpp"
#include "tests/calendar/calendar_test_support.hpp"

using brobygger::calendar::CopenhagenTimeZone;
using brobygger::calendar::LibicalRecurrence;
using brobygger::domain::LocalDateTime;
using brobygger::testing::utc;
using brobygger::testing::wall;

namespace {

const LocalDateTime kFarAway = wall(2100, 12, 31, 23, 59);
constexpr std::size_t kMany = 1000;

struct Fixture {
  CopenhagenTimeZone zone;
  LibicalRecurrence recurrence{zone};

  std::vector<LocalDateTime> expand(const std::string& rrule, const LocalDateTime& first,
                                    const LocalDateTime& until = kFarAway, std::size_t max = kMany) const {
    return recurrence.expand(rrule, first, until, max);
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "Quarterly on the second Tuesday keeps 10:00 on the wall across DST", "[recurrence][dst]") {
  const auto occurrences =
      expand("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU", wall(2026, 1, 13, 10, 0), wall(2026, 12, 31, 23, 59));
  const std::vector<LocalDateTime> expected{wall(2026, 1, 13, 10, 0), wall(2026, 4, 14, 10, 0),
                                            wall(2026, 7, 14, 10, 0), wall(2026, 10, 13, 10, 0)};
  CHECK(occurrences == expected);
  REQUIRE(occurrences.size() == 4);
  CHECK(zone.toUtc(occurrences[0]) == utc(2026, 1, 13, 9, 0));  // winter, +01:00
  CHECK(zone.toUtc(occurrences[1]) == utc(2026, 4, 14, 8, 0));  // summer, +02:00
  CHECK(zone.toUtc(occurrences[2]) == utc(2026, 7, 14, 8, 0));
  CHECK(zone.toUtc(occurrences[3]) == utc(2026, 10, 13, 8, 0));  // still summer time until 25 October
  // The next year goes on in the same rhythm and is back on winter time in January.
  const auto twoYears = expand("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU", wall(2026, 1, 13, 10, 0), wall(2027, 1, 31));
  REQUIRE(twoYears.size() == 5);
  CHECK(twoYears[4] == wall(2027, 1, 12, 10, 0));
  CHECK(zone.toUtc(twoYears[4]) == utc(2027, 1, 12, 9, 0));
}

TEST_CASE_METHOD(Fixture, "A daily time in the spring gap stays on the wall and moves by the gap in UTC",
                 "[recurrence][dst]") {
  const auto occurrences = expand("FREQ=DAILY;COUNT=3", wall(2026, 3, 28, 2, 30));
  const std::vector<LocalDateTime> expected{wall(2026, 3, 28, 2, 30), wall(2026, 3, 29, 2, 30),
                                            wall(2026, 3, 30, 2, 30)};
  CHECK(occurrences == expected);
  CHECK(zone.toUtc(occurrences[1]) == utc(2026, 3, 29, 1, 30));
}

TEST_CASE_METHOD(Fixture, "COUNT ends the series however far the bound is", "[recurrence]") {
  const std::vector<LocalDateTime> expected{wall(2026, 1, 13, 18, 30), wall(2026, 1, 20, 18, 30),
                                            wall(2026, 1, 27, 18, 30)};
  CHECK(expand("FREQ=WEEKLY;COUNT=3", wall(2026, 1, 13, 18, 30)) == expected);
}

TEST_CASE_METHOD(Fixture, "UNTIL in UTC is an instant, compared with each occurrence's instant",
                 "[recurrence][until]") {
  const std::vector<LocalDateTime> fiveDays{wall(2026, 1, 1, 10, 0), wall(2026, 1, 2, 10, 0), wall(2026, 1, 3, 10, 0),
                                            wall(2026, 1, 4, 10, 0), wall(2026, 1, 5, 10, 0)};
  CHECK(expand("FREQ=DAILY;UNTIL=20260105T235959Z", wall(2026, 1, 1, 10, 0)) == fiveDays);
  // Inclusive: 10:00 in Copenhagen in January is 09:00Z.
  CHECK(expand("FREQ=DAILY;UNTIL=20260105T090000Z", wall(2026, 1, 1, 10, 0)) == fiveDays);
  CHECK(expand("FREQ=DAILY;UNTIL=20260105T085959Z", wall(2026, 1, 1, 10, 0)).size() == 4);
  // 00:30 on 6 January in Copenhagen is 23:30Z on the 5th: inside the bound, although libical on its
  // own would compare the wall-clock 00:30 on the 6th with 23:30Z and stop.
  const auto lateNight = expand("FREQ=DAILY;UNTIL=20260105T233000Z", wall(2026, 1, 1, 0, 30));
  REQUIRE(lateNight.size() == 6);
  CHECK(lateNight.back() == wall(2026, 1, 6, 0, 30));
  // UNTIL before the first occurrence: nothing.
  CHECK(expand("FREQ=DAILY;UNTIL=20251231T235959Z", wall(2026, 1, 1, 10, 0)).empty());
}

TEST_CASE_METHOD(Fixture, "UNTIL in UTC around the spring gap", "[recurrence][until][dst]") {
  // 02:30 does not exist on 29 March and counts as 01:30Z; 03:00 is 01:00Z. With UNTIL 01:15Z the
  // 02:30 occurrence is past the bound but the later wall-clock 03:00 is not.
  const auto occurrences =
      expand("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0,30;UNTIL=20260329T011500Z", wall(2026, 3, 29, 2, 0));
  const std::vector<LocalDateTime> expected{wall(2026, 3, 29, 2, 0), wall(2026, 3, 29, 3, 0)};
  CHECK(occurrences == expected);
}

TEST_CASE_METHOD(Fixture, "UNTIL as a date counts the whole day, as a floating date-time the wall clock",
                 "[recurrence][until]") {
  // libical alone leaves out the occurrence on a date UNTIL.
  CHECK(expand("FREQ=DAILY;UNTIL=20260105", wall(2026, 1, 1, 10, 0)).back() == wall(2026, 1, 5, 10, 0));
  CHECK(expand("FREQ=DAILY;UNTIL=20260105", wall(2026, 1, 1, 23, 59)).back() == wall(2026, 1, 5, 23, 59));
  CHECK(expand("FREQ=DAILY;UNTIL=20260105T100000", wall(2026, 1, 1, 10, 0)).back() == wall(2026, 1, 5, 10, 0));
  CHECK(expand("FREQ=DAILY;UNTIL=20260105T095959", wall(2026, 1, 1, 10, 0)).back() == wall(2026, 1, 4, 10, 0));
}

TEST_CASE_METHOD(Fixture, "The caller's bound is inclusive", "[recurrence][until]") {
  CHECK(expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), wall(2026, 1, 5, 10, 0)).size() == 5);
  CHECK(expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), wall(2026, 1, 5, 9, 59)).size() == 4);
  CHECK(expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), wall(2026, 1, 1, 10, 0)).size() == 1);
  CHECK(expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), wall(2025, 12, 31, 10, 0)).empty());
  // The earlier of the rule's UNTIL and the caller's bound wins.
  CHECK(expand("FREQ=DAILY;UNTIL=20260110T235959Z", wall(2026, 1, 1, 10, 0), wall(2026, 1, 3, 23, 59)).size() == 3);
}

TEST_CASE_METHOD(Fixture, "max caps the occurrences", "[recurrence][cap]") {
  const auto ten = expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), kFarAway, 10);
  REQUIRE(ten.size() == 10);
  CHECK(ten.back() == wall(2026, 1, 10, 10, 0));
  CHECK(expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), kFarAway, 0).empty());
}

TEST_CASE_METHOD(Fixture, "The iterator takes at most kMaxIterations steps", "[recurrence][cap]") {
  // Every day for ~270 years, with no bound the caller would set: the adapter stops by itself.
  const auto daily = expand("FREQ=DAILY", wall(2026, 1, 1, 10, 0), wall(9999, 12, 31, 23, 59),
                            std::numeric_limits<std::size_t>::max());
  CHECK(daily.size() == LibicalRecurrence::kMaxIterations);
  // A rule that never occurs (no 31 April) ends with nothing rather than spinning.
  CHECK(expand("FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31", wall(2026, 1, 1, 10, 0)).empty());
}

TEST_CASE_METHOD(Fixture, "A first that does not match the rule is not an occurrence", "[recurrence][dtstart]") {
  // RFC 5545 calls such a recurrence set undefined; libical leaves DTSTART out and counts INTERVAL in
  // months from it (January, April, ...). The domain always passes the series' first occurrence.
  const auto fromWednesday =
      expand("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU", wall(2026, 1, 14, 10, 0), wall(2026, 12, 31, 23, 59));
  const std::vector<LocalDateTime> expected{wall(2026, 4, 14, 10, 0), wall(2026, 7, 14, 10, 0),
                                            wall(2026, 10, 13, 10, 0)};
  CHECK(fromWednesday == expected);
  // COUNT counts the occurrences that match, not the first that does not.
  const std::vector<LocalDateTime> counted{wall(2026, 2, 10, 10, 0), wall(2026, 3, 10, 10, 0)};
  CHECK(expand("FREQ=MONTHLY;BYDAY=2TU;COUNT=2", wall(2026, 1, 14, 10, 0)) == counted);
}

TEST_CASE_METHOD(Fixture, "More rules the domain may meet expand as RFC 5545 says", "[recurrence]") {
  const std::vector<LocalDateTime> lastWeekday{wall(2026, 1, 30, 9, 0), wall(2026, 2, 27, 9, 0),
                                               wall(2026, 3, 31, 9, 0)};
  CHECK(expand("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR;COUNT=3", wall(2026, 1, 30, 9, 0)) == lastWeekday);
  const std::vector<LocalDateTime> fortnightly{wall(2026, 1, 13, 10, 0), wall(2026, 1, 15, 10, 0),
                                               wall(2026, 1, 27, 10, 0), wall(2026, 1, 29, 10, 0)};
  CHECK(expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4", wall(2026, 1, 13, 10, 0)) == fortnightly);
  const std::vector<LocalDateTime> lastDay{wall(2026, 1, 31, 12, 0), wall(2026, 2, 28, 12, 0),
                                           wall(2026, 3, 31, 12, 0)};
  CHECK(expand("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", wall(2026, 1, 31, 12, 0)) == lastDay);
  const std::vector<LocalDateTime> yearly{wall(2026, 3, 29, 10, 0), wall(2027, 3, 28, 10, 0)};
  CHECK(expand("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=2", wall(2026, 3, 29, 10, 0)) == yearly);
}

TEST_CASE_METHOD(Fixture, "An invalid rule or first is refused by expand", "[recurrence]") {
  CHECK_THROWS_AS(expand("FREQ=SECONDLY", wall(2026, 1, 1, 10, 0)), std::invalid_argument);
  CHECK_THROWS_AS(expand("nonsense", wall(2026, 1, 1, 10, 0)), std::invalid_argument);
  CHECK_THROWS_AS(expand("FREQ=DAILY", wall(2026, 2, 30, 10, 0)), std::invalid_argument);
}

TEST_CASE_METHOD(Fixture, "Valid rules have no problem", "[recurrence][problem]") {
  // Every day of the year by number, the first three written with a "+": exactly 500 characters.
  std::string padded = "FREQ=YEARLY;BYYEARDAY=+1,+2,+3";
  for (int day = 4; day <= 146; ++day) padded += "," + std::to_string(day);
  REQUIRE(padded.size() == LibicalRecurrence::kMaxLength);
  for (const std::string& rule :
       {std::string("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"), std::string("FREQ=WEEKLY;COUNT=3"),
        std::string("FREQ=DAILY;UNTIL=20260105T235959Z"), std::string("FREQ=DAILY;UNTIL=20260105"),
        std::string("FREQ=DAILY;UNTIL=20260105T100000"), std::string("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU"),
        std::string("FREQ=MONTHLY;BYDAY=-1FR"), std::string("FREQ=MONTHLY;BYDAY=+1MO"),
        std::string("FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR"), std::string("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
        std::string("FREQ=YEARLY;BYDAY=20MO"), std::string("FREQ=MONTHLY;BYMONTHDAY=1,-1"),
        std::string("FREQ=DAILY;BYHOUR=9,14;BYMINUTE=0,30"), std::string("FREQ=YEARLY;BYYEARDAY=-1"),
        std::string("COUNT=3;FREQ=DAILY"), std::string("FREQ=DAILY;COUNT=10000"),
        std::string("FREQ=DAILY;INTERVAL=1000"), padded}) {
    INFO(rule);
    CHECK_FALSE(recurrence.problem(rule));
  }
}

TEST_CASE_METHOD(Fixture, "Rules outside what series support have a problem", "[recurrence][problem]") {
  for (const std::string& rule : {std::string("FREQ=SECONDLY"), std::string("FREQ=MINUTELY"),
                                  std::string("FREQ=HOURLY"), std::string("FREQ=WEEKLY;COUNT=2;UNTIL=20260101"),
                                  std::string("RRULE:FREQ=DAILY"), std::string("rrule:FREQ=DAILY"), std::string(""),
                                  std::string("FREQ=MONTHLY;BYDAY=XX"), std::string("nonsense")}) {
    INFO(rule);
    CHECK(recurrence.problem(rule));
  }
  std::string tooLong = "FREQ=YEARLY;BYYEARDAY=1";
  for (int day = 2; day <= 147; ++day) tooLong += "," + std::to_string(day);
  REQUIRE(tooLong.size() == LibicalRecurrence::kMaxLength + 1);
  CHECK_THAT(recurrence.problem(tooLong).value_or(""), Catch::Matchers::Contains("at most 500"));
}

TEST_CASE_METHOD(Fixture, "Garbage libical accepts has a problem here", "[recurrence][problem]") {
  for (const std::string& rule : {
           std::string("COUNT=3"),                              // no FREQ
           std::string("FREQ=DAILY;;"),                         // empty parts
           std::string("FREQ=DAILY;"),                          //
           std::string("freq=daily"),                           // lower case, which other parsers may refuse
           std::string("FREQ=DAILY;COUNT=3x"),                  // libical reads 3
           std::string("FREQ=DAILY;COUNT=99999999999"),         // libical wraps it
           std::string("FREQ=DAILY;COUNT=0"),                   //
           std::string("FREQ=DAILY;COUNT=10001"),               // beyond kMaxCount
           std::string("FREQ=DAILY;INTERVAL=70000"),            // libical wraps it to 4464
           std::string("FREQ=DAILY;INTERVAL=0"),                //
           std::string("FREQ=DAILY;UNTIL=2026-01-05"),          // libical: no occurrences at all
           std::string("FREQ=DAILY;UNTIL=20261305"),            // month 13
           std::string("FREQ=DAILY;UNTIL=20260230"),            // 30 February
           std::string("FREQ=DAILY;UNTIL=20260105T240000Z"),    //
           std::string("FREQ=MONTHLY;BYDAY=0FR"),               // libical: every Friday
           std::string("FREQ=MONTHLY;BYDAY=6FR"),               //
           std::string("FREQ=WEEKLY;BYDAY=2TU"),                // libical: Thursdays and Tuesdays
           std::string("FREQ=DAILY;BYDAY=+1MO"),                // libical: spins, then nothing
           std::string("FREQ=DAILY;BYSETPOS=1"),                // BYSETPOS alone
           std::string("FREQ=DAILY;BYMONTH=2L"),                // RFC 7529 leap month
           std::string("FREQ=DAILY;RSCALE=GREGORIAN"),          // RFC 7529; libical leaks the string
           std::string("FREQ=DAILY;SKIP=BACKWARD"),             //
           std::string("FREQ=YEARLY;BYWEEKNO=20"),              // libical: 2030-01-26
           std::string("FREQ=DAILY;BYMONTHDAY=-1"),             // libical: nothing at all
           std::string("FREQ=WEEKLY;BYMONTHDAY=1"),             //
           std::string("FREQ=MONTHLY;BYYEARDAY=1"),             //
           std::string("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"),  // never occurs; libical's iterator refuses it
           std::string("FREQ=DAILY;BYSECOND=0"),                // minute resolution
           std::string("FREQ=DAILY;BYHOUR=24"),                 //
           std::string("FREQ=DAILY;X-FOO=1"),                   //
           std::string("FREQ=DAILY;COUNT=3;COUNT=4"),           //
           std::string("FREQ=DAILY;FREQ=WEEKLY"),               //
           std::string("FREQ=DAILY;WKST=XX"),                   //
           std::string("FREQ=WEEKLY;BYDAY=MO,MO"),              // libical: every Monday twice
           std::string("FREQ=MONTHLY;BYDAY=1MO,+1MO"),          //
           std::string("FREQ=DAILY;BYHOUR=9,9"),                //
           std::string("FREQ=MONTHLY;BYMONTHDAY=1,+1"),         //
           std::string(" FREQ=DAILY"),                          //
           std::string("FREQ=DAILY\r\n"),                       //
       }) {
    INFO(rule);
    CHECK(recurrence.problem(rule));
  }
}

TEST_CASE_METHOD(Fixture, "Problems say what is wrong", "[recurrence][problem]") {
  using Catch::Matchers::Contains;
  CHECK_THAT(recurrence.problem("FREQ=SECONDLY").value_or(""), Contains("DAILY, WEEKLY, MONTHLY or YEARLY"));
  CHECK_THAT(recurrence.problem("FREQ=WEEKLY;COUNT=2;UNTIL=20260101").value_or(""), Contains("both COUNT and UNTIL"));
  CHECK_THAT(recurrence.problem("RRULE:FREQ=DAILY").value_or(""), Contains("RRULE:"));
  CHECK_THAT(recurrence.problem("").value_or(""), Contains("empty"));
  CHECK_THAT(recurrence.problem("FREQ=MONTHLY;BYDAY=XX").value_or(""), Contains("BYDAY"));
  CHECK_THAT(recurrence.problem("nonsense").value_or(""), Contains("upper case"));
  CHECK_THAT(recurrence.problem("NONSENSE").value_or(""), Contains("NAME=VALUE"));
  CHECK_THAT(recurrence.problem("COUNT=3").value_or(""), Contains("must have a FREQ"));
}
