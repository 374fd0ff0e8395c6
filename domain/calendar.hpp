#pragma once
// Wall-clock time in Europe/Copenhagen and recurrence rules, as the domain needs them. The domain
// owns these interfaces; adapters/calendar/ implements them with Howard Hinnant's date/tz and libical.
#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

// A local date and time on the wall clock of Europe/Copenhagen (no zone, no offset).
struct LocalDateTime {
  int year = 1970;
  unsigned month = 1;   // 1..12
  unsigned day = 1;     // 1..31
  unsigned hour = 0;    // 0..23
  unsigned minute = 0;  // 0..59
  auto operator<=>(const LocalDateTime&) const = default;
};

class TimeZone {
 public:
  virtual ~TimeZone() = default;
  // A wall-clock time to UTC. In the autumn hour that occurs twice the earlier (summer time) instant
  // is taken; a spring-forward time that does not exist moves forward by the gap (02:30 -> 03:30).
  virtual Timestamp toUtc(const LocalDateTime& local) const = 0;
  virtual LocalDateTime toLocal(Timestamp utc) const = 0;
};

class Recurrence {
 public:
  virtual ~Recurrence() = default;
  // Nothing when the rule is valid for series here; otherwise why not (for a 422 on `rrule`).
  // Valid: RFC 5545 RRULE value without the "RRULE:" prefix, FREQ of DAILY, WEEKLY, MONTHLY or YEARLY,
  // not both COUNT and UNTIL, at most 500 characters.
  virtual std::optional<std::string> problem(const std::string& rrule) const = 0;
  // The occurrences of `rrule` starting at `first` (itself the first occurrence when it matches the
  // rule; RFC 5545 semantics), in wall-clock time, up to and including `until`, at most `max`.
  virtual std::vector<LocalDateTime> expand(const std::string& rrule, const LocalDateTime& first,
                                            const LocalDateTime& until, std::size_t max) const = 0;
};

}  // namespace brobygger::domain
