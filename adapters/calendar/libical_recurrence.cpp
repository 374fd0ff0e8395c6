#include "adapters/calendar/libical_recurrence.hpp"

#include <libical/ical.h>

#include "adapters/calendar/ical_time.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <utility>

// What libical 3.0.16 does with rule text, found by trying it (tests/calendar/ pins what matters):
// - Errors go to icalerrno (per thread) AND show in the result: from_string answers freq ICAL_NO_RECURRENCE
//   with ICAL_MALFORMEDDATA_ERROR; icalrecur_iterator_new answers NULL. icalerrno is never cleared by a
//   successful call, so it is cleared before each call here.
// - Accepted without an error: "" and "COUNT=3" (no FREQ; freq comes back ICAL_NO_RECURRENCE),
//   FREQ=SECONDLY/MINUTELY/HOURLY, "FREQ=DAILY;;", lower case ("freq=daily"), "COUNT=3x" (read as 3),
//   "COUNT=99999999999" (wraps to 1215752191), "INTERVAL=70000" (wraps to 4464, a short), UNTIL=2026-01-05
//   and UNTIL=20261305 (garbage dates), BYDAY=0FR and -0FR (read as every Friday), BYDAY=2TU with
//   FREQ=WEEKLY (expands to a Thursday), BYSETPOS without another BY part, BYMONTH=2L (RFC 7529 leap
//   month), RSCALE (allocates a string nobody frees) and SKIP.
// - Expanded wrongly: BYWEEKNO (FREQ=YEARLY;BYWEEKNO=20 gives 2030-01-26; with BYDAY=MO from 2025-12-29
//   it answers 2025-12-30, then 2025-12-29), FREQ=DAILY;BYMONTHDAY=-1 (nothing at all), duplicates in a
//   list (BYDAY=MO,MO gives every Monday twice), a date UNTIL (the occurrence on that date is left out).
// - A list longer than libical's fixed array for it (61 for BYMINUTE) is refused, not truncated.
// - A rule whose occurrences never come (FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31) spins inside one
//   icalrecur_iterator_next call for ~0.4 s and then answers a null time; the iterator also ends by
//   itself in year 2582.
// - A non-matching DTSTART is not an occurrence and COUNT counts from the first matching one.
// - Errors are fatal (assert) only if icalerror_set_errors_are_fatal(1); Debian's build says 0.

namespace brobygger::calendar {

namespace {

using domain::LocalDateTime;

constexpr std::array<std::string_view, 4> kFrequencies{"DAILY", "WEEKLY", "MONTHLY", "YEARLY"};
constexpr std::array<std::string_view, 7> kWeekdays{"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr long kMaxCount = 10'000;
constexpr long kMaxInterval = 1'000;
// No zone is more than 14 hours from UTC: a wall-clock time that far past a UTC UNTIL is past it everywhere.
constexpr std::chrono::hours kMaxUtcOffset{14};

struct UntilBound {
  enum class Kind { date, wall_clock, utc };
  Kind kind = Kind::date;
  LocalDateTime wall;         // date: that day at 23:59; wall_clock: as written, seconds dropped
  domain::Timestamp instant;  // utc only
};

// What the rule text says that libical must not decide for us.
struct Reading {
  std::optional<std::string> problem;
  std::optional<UntilBound> until;
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number of at most 9 digits, optionally signed, or nothing.
std::optional<long> number(std::string_view text, bool signedAllowed) {
  long sign = 1;
  if (signedAllowed && !text.empty() && (text.front() == '+' || text.front() == '-')) {
    if (text.front() == '-') sign = -1;
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), isDigit)) return std::nullopt;
  long value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return sign * value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    pieces.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return pieces;
    start = end + 1;
  }
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// A comma-separated list of distinct whole numbers in [low, high], or also [-high, -low] if allowed.
// Distinct because libical answers an occurrence once per listing, and so that no list can outgrow the
// fixed arrays libical reads it into.
std::optional<std::string> checkNumbers(std::string_view name, std::string_view value, long low, long high,
                                        bool negativeAllowed) {
  std::vector<long> seen;
  for (std::string_view item : split(value, ',')) {
    const std::optional<long> n = number(item, negativeAllowed);
    const long magnitude = n ? (*n < 0 ? -*n : *n) : 0;
    if (!n || magnitude < low || magnitude > high) {
      std::string range = std::to_string(low) + " to " + std::to_string(high);
      if (negativeAllowed) range += " or -" + std::to_string(high) + " to -" + std::to_string(low);
      return std::string(name) + " must list whole numbers from " + range + ", not " + quoted(item);
    }
    if (std::find(seen.begin(), seen.end(), *n) != seen.end())
      return std::string(name) + " must not list " + std::to_string(*n) + " twice";
    seen.push_back(*n);
  }
  return std::nullopt;
}

std::optional<UntilBound> readUntil(std::string_view text) {
  const auto parsed = domain::parseBasicTime(text);
  if (!parsed) return std::nullopt;
  UntilBound bound;
  bound.wall = parsed->time;
  switch (parsed->kind) {
    case domain::BasicTime::Kind::date:
      bound.kind = UntilBound::Kind::date;
      bound.wall.hour = 23;
      bound.wall.minute = 59;
      break;
    case domain::BasicTime::Kind::floating: bound.kind = UntilBound::Kind::wall_clock; break;
    case domain::BasicTime::Kind::utc:
      bound.kind = UntilBound::Kind::utc;
      bound.instant = domain::Timestamp{domain::toLocalSeconds(parsed->time).time_since_epoch() +
                                        std::chrono::seconds{parsed->second}};
      break;
  }
  return bound;
}

// The rule text against RFC 5545 and what we support, before libical gets to read it leniently.
Reading read(std::string_view rrule) {
  Reading reading;
  const auto fail = [&](std::string why) {
    reading.problem = std::move(why);
    return reading;
  };
  if (rrule.empty()) return fail("must not be empty");
  if (rrule.size() > LibicalRecurrence::kMaxLength)
    return fail("must be at most " + std::to_string(LibicalRecurrence::kMaxLength) + " characters");
  if (rrule.size() >= 6) {
    std::string head(rrule.substr(0, 6));
    std::transform(head.begin(), head.end(), head.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
    if (head == "RRULE:") return fail("must be the rule alone, without \"RRULE:\"");
  }
  for (char c : rrule) {
    if (c >= 'a' && c <= 'z') return fail("must be in upper case (FREQ=WEEKLY)");
    if (!(c >= 'A' && c <= 'Z') && !isDigit(c) && c != '=' && c != ';' && c != ',' && c != '+' && c != '-')
      return fail("must consist of NAME=VALUE parts separated by \";\" (FREQ=WEEKLY;COUNT=10)");
  }

  std::optional<std::string_view> freq, count, byday, bymonthday, byyearday, bysetpos;
  bool anyOtherBy = false;
  std::vector<std::string_view> seen;
  for (std::string_view part : split(rrule, ';')) {
    const std::size_t eq = part.find('=');
    if (part.empty() || eq == 0 || eq == std::string_view::npos || eq + 1 == part.size())
      return fail("must consist of NAME=VALUE parts separated by \";\", not " + quoted(part));
    const std::string_view name = part.substr(0, eq);
    const std::string_view value = part.substr(eq + 1);
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      return fail(std::string(name) + " must be given only once");
    seen.push_back(name);

    std::optional<std::string> why;
    if (name == "FREQ") {
      if (std::find(kFrequencies.begin(), kFrequencies.end(), value) == kFrequencies.end())
        why = "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not " + quoted(value);
      freq = value;
    } else if (name == "COUNT") {
      const std::optional<long> n = number(value, false);
      if (!n || *n < 1 || *n > kMaxCount) why = "COUNT must be a whole number from 1 to " + std::to_string(kMaxCount);
      count = value;
    } else if (name == "INTERVAL") {
      const std::optional<long> n = number(value, false);
      if (!n || *n < 1 || *n > kMaxInterval)
        why = "INTERVAL must be a whole number from 1 to " + std::to_string(kMaxInterval);
    } else if (name == "UNTIL") {
      reading.until = readUntil(value);
      if (!reading.until)
        why = "UNTIL must be a date (20261231) or a date-time (20261231T235959Z or 20261231T235959), not " +
              quoted(value);
    } else if (name == "WKST") {
      if (std::find(kWeekdays.begin(), kWeekdays.end(), value) == kWeekdays.end())
        why = "WKST must be a weekday (MO, TU, WE, TH, FR, SA or SU)";
    } else if (name == "BYDAY") {
      byday = value;
    } else if (name == "BYMONTHDAY") {
      why = checkNumbers(name, value, 1, 31, true);
      bymonthday = value;
    } else if (name == "BYYEARDAY") {
      why = checkNumbers(name, value, 1, 366, true);
      byyearday = value;
    } else if (name == "BYSETPOS") {
      why = checkNumbers(name, value, 1, 366, true);
      bysetpos = value;
    } else if (name == "BYMONTH") {
      why = checkNumbers(name, value, 1, 12, false);
      anyOtherBy = true;
    } else if (name == "BYHOUR") {
      why = checkNumbers(name, value, 0, 23, false);
      anyOtherBy = true;
    } else if (name == "BYMINUTE") {
      why = checkNumbers(name, value, 0, 59, false);
      anyOtherBy = true;
    } else if (name == "BYSECOND") {
      why = "BYSECOND is not supported: occurrences are at whole minutes";
    } else if (name == "BYWEEKNO") {
      why = "BYWEEKNO is not supported";
    } else if (name == "RSCALE" || name == "SKIP") {
      why = std::string(name) + " is not supported (Gregorian calendar only)";
    } else {
      why = "has an unknown rule part " + quoted(name);
    }
    if (why) return fail(std::move(*why));
  }

  if (!freq) return fail("must have a FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)");
  if (count && reading.until) return fail("must not have both COUNT and UNTIL");
  const bool monthly = *freq == "MONTHLY", yearly = *freq == "YEARLY";
  if (byday) {
    std::vector<std::pair<long, std::string_view>> seenDays;
    for (std::string_view item : split(*byday, ',')) {
      const std::string_view weekday = item.size() >= 2 ? item.substr(item.size() - 2) : item;
      const std::string_view ordinal = item.substr(0, item.size() - weekday.size());
      // A plain long and a flag, not std::optional: GCC 12 at -O3 misreads the optional as uninitialised.
      long ordinalValue = 0;
      const bool numbered = !ordinal.empty();
      if (numbered) {
        const auto parsed = number(ordinal, true);
        if (!parsed) return fail("BYDAY must list weekdays such as MO or 2TU, not " + quoted(item));
        ordinalValue = *parsed;
      }
      if (std::find(kWeekdays.begin(), kWeekdays.end(), weekday) == kWeekdays.end())
        return fail("BYDAY must list weekdays such as MO or 2TU, not " + quoted(item));
      const std::pair<long, std::string_view> day{ordinalValue, weekday};
      if (std::find(seenDays.begin(), seenDays.end(), day) != seenDays.end())
        return fail("BYDAY must not list " + quoted(item) + " twice");
      seenDays.push_back(day);
      if (!numbered) continue;
      if (!monthly && !yearly)
        return fail("BYDAY may number a weekday (" + std::string(item) + ") only with FREQ=MONTHLY or YEARLY");
      const long limit = monthly ? 5 : 53;
      if (ordinalValue == 0 || ordinalValue > limit || ordinalValue < -limit)
        return fail("BYDAY must number a weekday from 1 to " + std::to_string(limit) + " or -" + std::to_string(limit) +
                    " to -1, not " + quoted(item));
    }
  }
  if (bymonthday && *freq == "WEEKLY") return fail("BYMONTHDAY cannot be used with FREQ=WEEKLY");
  if (bymonthday && *freq == "DAILY" && bymonthday->find('-') != std::string_view::npos)
    return fail("BYMONTHDAY counted from the end of the month needs FREQ=MONTHLY or YEARLY");
  if (byyearday && !yearly) return fail("BYYEARDAY needs FREQ=YEARLY");
  if (bysetpos && !byday && !bymonthday && !byyearday && !anyOtherBy)
    return fail("BYSETPOS needs another BY rule part to pick from");
  return reading;
}

struct IteratorFree {
  void operator()(icalrecur_iterator* iterator) const noexcept { icalrecur_iterator_free(iterator); }
};
using Iterator = std::unique_ptr<icalrecur_iterator, IteratorFree>;

bool isExpandedFrequency(icalrecurrencetype_frequency freq) {
  return freq == ICAL_DAILY_RECURRENCE || freq == ICAL_WEEKLY_RECURRENCE || freq == ICAL_MONTHLY_RECURRENCE ||
         freq == ICAL_YEARLY_RECURRENCE;
}

// libical's reading of a rule that read() has passed, or nothing if libical still objects.
std::optional<icalrecurrencetype> libicalRule(const std::string& rrule) {
  icalerror_clear_errno();
  const icalrecurrencetype rule = icalrecurrencetype_from_string(rrule.c_str());
  const bool failed = icalerrno != ICAL_NO_ERROR || !isExpandedFrequency(rule.freq);
  icalerror_clear_errno();
  if (failed) return std::nullopt;
  return rule;
}

LocalDateTime wallClock(const icaltimetype& time) {
  return LocalDateTime{.year = time.year,
                       .month = static_cast<unsigned>(time.month),
                       .day = static_cast<unsigned>(time.day),
                       .hour = static_cast<unsigned>(time.hour),
                       .minute = static_cast<unsigned>(time.minute)};
}

// Nothing when libical rejects the combination (FREQ=MONTHLY;BYYEARDAY=1, FREQ=YEARLY;BYMONTH=2;
// BYMONTHDAY=30) or cannot start from `first`.
Iterator libicalIterator(const icalrecurrencetype& rule, const LocalDateTime& first) {
  icalerror_clear_errno();
  Iterator iterator{icalrecur_iterator_new(rule, floatingTime(first))};
  icalerror_clear_errno();
  return iterator;
}

// The wall-clock reading as if it were UTC, to compare with a UTC bound.
domain::Timestamp asIfUtc(const LocalDateTime& local) {
  return domain::Timestamp{domain::toLocalSeconds(local).time_since_epoch()};
}

}  // namespace

LibicalRecurrence::LibicalRecurrence(const domain::TimeZone& zone) : zone_(zone) {
  // A libical built with ICAL_ERRORS_ARE_FATAL would abort the process on a malformed rule from a request.
  // Debian's is not, but the setting is global and cheap to pin; once, since setting it is not thread-safe.
  static std::once_flag nonFatal;
  std::call_once(nonFatal, [] { icalerror_set_errors_are_fatal(0); });
}

std::optional<std::string> LibicalRecurrence::problem(const std::string& rrule) const {
  Reading reading = read(rrule);
  if (reading.problem) return std::move(reading.problem);
  std::optional<icalrecurrencetype> rule = libicalRule(rrule);
  if (!rule) return "is not a recurrence rule libical can read";
  // The iterator is where libical checks that the parts fit together and can ever occur; the start
  // only has to be a date libical can count from.
  rule->until = icaltime_null_time();
  if (!libicalIterator(*rule, LocalDateTime{.year = 2026, .month = 1, .day = 1}))
    return "combines rule parts that cannot go together or never occur";
  return std::nullopt;
}

std::vector<LocalDateTime> LibicalRecurrence::expand(const std::string& rrule, const LocalDateTime& first,
                                                     const LocalDateTime& until, std::size_t max) const {
  const Reading reading = read(rrule);
  if (reading.problem) throw std::invalid_argument("recurrence rule " + rrule + " " + *reading.problem);
  if (!domain::isValid(first)) throw std::invalid_argument("the first occurrence is not a wall-clock time");
  std::optional<icalrecurrencetype> rule = libicalRule(rrule);
  if (!rule) throw std::invalid_argument("libical cannot read the recurrence rule " + rrule);
  // UNTIL is applied below, in the zone; libical would compare it with floating times as if they were UTC.
  rule->until = icaltime_null_time();
  const Iterator iterator = libicalIterator(*rule, first);
  if (!iterator) throw std::invalid_argument("libical cannot expand the recurrence rule " + rrule);

  std::vector<LocalDateTime> occurrences;
  for (std::size_t step = 0; step < kMaxIterations && occurrences.size() < max; ++step) {
    const icaltimetype next = icalrecur_iterator_next(iterator.get());
    if (icaltime_is_null_time(next)) break;
    const LocalDateTime occurrence = wallClock(next);
    if (occurrence > until) break;
    if (reading.until) {
      const UntilBound& bound = *reading.until;
      if (bound.kind != UntilBound::Kind::utc && occurrence > bound.wall) break;
      if (bound.kind == UntilBound::Kind::utc) {
        // Not a break at the first occurrence past the bound: around a DST change a later wall-clock time
        // can be an earlier instant (02:30 that does not exist is 01:30Z, 03:00 is 01:00Z).
        if (asIfUtc(occurrence) > bound.instant + kMaxUtcOffset) break;
        if (zone_.toUtc(occurrence) > bound.instant) continue;
      }
    }
    // read() refuses the lists that make libical repeat an occurrence (BYDAY=MO,MO), and libical never
    // goes before DTSTART; still, keep the result strictly increasing whatever libical does.
    if (occurrence < first || (!occurrences.empty() && occurrence <= occurrences.back())) continue;
    occurrences.push_back(occurrence);
  }
  return occurrences;
}

}  // namespace brobygger::calendar
