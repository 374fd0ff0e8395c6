#pragma once
// Dates and times, in one place. Instants are UTC (`Timestamp`); wall-clock values (`LocalDate`,
// `LocalDateTime`) are on the calendar of Europe/Copenhagen, and the zone's rules sit behind `TimeZone`,
// which the composition root injects (api/calendar/copenhagen_time_zone, Howard Hinnant's date/tz; GCC
// 12's <chrono> has the civil calendar but no zone database). Everything else here is calendar arithmetic
// and every text form the system reads or writes, standard library only:
//   "2026-03-10"                  ISO 8601 date (API filters, reports, --as-of)
//   "2026-03-10T09:00:00+01:00"   RFC 3339 instant with offset (API in and out; Z accepted on input)
//   "2026-03-10T08:00:00Z"        RFC 3339 in UTC (audit)
//   "2026-03-10T09:00"            wall clock to the minute (series, stored as text)
//   "09:00"                       a time of day
//   "2026-03-10 08:00:00"         UTC as both databases store DATETIME
//   "20260310T090000"             iCalendar's basic form of a wall-clock time (RRULE UNTIL)
//   "Tue, 10 Mar 2026 08:00:00 GMT" / "... +0000"   HTTP (RFC 9110) and mail (RFC 5322) dates
//   "10.3.2026 09:00"             the Danish reading in mails
// Parsers are strict: exactly the form, a real date (2026-02-30 refused), a real time (24:00 and 10:60
// refused), no text before or after. They answer nothing rather than throw; the caller names the field.
#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "domain/types.hpp"

namespace brobygger::domain {

// A calendar date in Europe/Copenhagen.
struct LocalDate {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;
  auto operator<=>(const LocalDate&) const = default;

  // "YYYY-MM-DD", a real date from the year 1900 on; nothing otherwise.
  static std::optional<LocalDate> parse(std::string_view text);
  std::string iso() const;
  LocalDate plusDays(int days) const;
  LocalDate minusMonths(int months) const;  // the same day number, clamped to the month's end
  // Days from this date to `other` (negative when `other` is earlier).
  int daysUntil(const LocalDate& other) const;
};

// A local date and time on the wall clock of Europe/Copenhagen (no zone, no offset).
struct LocalDateTime {
  int year = 1970;
  unsigned month = 1;   // 1..12
  unsigned day = 1;     // 1..31
  unsigned hour = 0;    // 0..23
  unsigned minute = 0;  // 0..59
  auto operator<=>(const LocalDateTime&) const = default;

  LocalDate date() const { return {year, month, day}; }
};

// A time of day on the wall clock, to the minute.
struct TimeOfDay {
  unsigned hour = 0;
  unsigned minute = 0;
  auto operator<=>(const TimeOfDay&) const = default;
};

class TimeZone {
 public:
  virtual ~TimeZone() = default;
  // A wall-clock time to UTC. In the autumn hour that occurs twice the earlier (summer time) instant
  // is taken; a spring-forward time that does not exist moves forward by the gap (02:30 -> 03:30).
  virtual Timestamp toUtc(const LocalDateTime& local) const = 0;
  // Seconds are dropped: LocalDateTime has minute resolution.
  virtual LocalDateTime toLocal(Timestamp utc) const = 0;
  // The zone's offset from UTC in force at `utc` (+01:00 in winter, +02:00 in summer in Copenhagen).
  virtual std::chrono::seconds offsetAt(Timestamp utc) const = 0;
};

// --- Calendar arithmetic (on the wall clock: no zone, every day has 24 hours) ----------------------

bool isValid(const LocalDate& date);
bool isValid(const LocalDateTime& time);  // a real date, hour 0..23, minute 0..59
std::chrono::local_days toLocalDays(const LocalDate& date);
LocalDate toLocalDate(std::chrono::local_days days);
std::chrono::local_seconds toLocalSeconds(const LocalDateTime& time);
LocalDateTime toLocalDateTime(std::chrono::local_seconds time);  // seconds dropped

// --- Text ----------------------------------------------------------------------------------------

// "YYYY-MM-DD", any four-digit year.
std::optional<LocalDate> parseIsoDate(std::string_view text);
std::string formatIsoDate(const LocalDate& date);

// RFC 3339 / ISO 8601 extended: "YYYY-MM-DDTHH:MM[:SS[.fraction]]" and then "Z" or an offset
// "+HH:MM"/"-HH:MM" within -12:00..+14:00 (the range real zones use). A fraction is cut off. A time
// without an offset is refused: it would be ambiguous. "T" and "Z" may be lower case (RFC 3339 5.6).
std::optional<Timestamp> parseIsoTimestamp(std::string_view text);
// "2026-03-10T09:00:00+01:00": `t` on the wall clock of a zone `offset` from UTC.
std::string formatIsoTimestamp(Timestamp t, std::chrono::seconds offset);
// The same with the zone's offset at `t`.
std::string formatIsoTimestamp(Timestamp t, const TimeZone& zone);
// "2026-03-10T08:00:00Z".
std::string formatIsoUtc(Timestamp t);

// "YYYY-MM-DDTHH:MM", a wall-clock time to the minute.
std::optional<LocalDateTime> parseIsoLocal(std::string_view text);
std::string formatIsoLocal(const LocalDateTime& time);

// "HH:MM".
std::optional<TimeOfDay> parseTimeOfDay(std::string_view text);
std::string formatTimeOfDay(TimeOfDay time);

// "YYYY-MM-DD HH:MM:SS" in UTC, how both databases store and compare DATETIME values.
std::string formatSqlUtc(Timestamp t);
// iCalendar's basic form of a wall-clock time, "YYYYMMDDTHHMMSS" (seconds always 00).
std::string formatBasicLocal(const LocalDateTime& time);
// iCalendar's basic forms (RFC 5545 3.3.4, 3.3.5): a date "YYYYMMDD", a floating wall-clock time
// "YYYYMMDDTHHMMSS", or a UTC time "YYYYMMDDTHHMMSSZ".
struct BasicTime {
  enum class Kind { date, floating, utc };
  Kind kind = Kind::date;
  LocalDateTime time;  // a date: at 00:00
  unsigned second = 0;
};
std::optional<BasicTime> parseBasicTime(std::string_view text);
// RFC 9110 IMF-fixdate, "Tue, 10 Mar 2026 08:00:00 GMT" (Last-Modified).
std::string formatHttpDate(Timestamp t);
// RFC 5322 date in UTC, "Tue, 10 Mar 2026 08:00:00 +0000" (a mail's Date header).
std::string formatMailDate(Timestamp t);
// "10.3.2026 09:00", how a Danish reader writes a date and time.
std::string formatDanishDateTime(const LocalDateTime& time);

}  // namespace brobygger::domain
