#pragma once
// Recurrence rules, as the domain needs them (wall-clock values and the TimeZone are in date_time.hpp).
// The domain owns these interfaces; adapters/calendar/ implements them with libical and Howard Hinnant's date/tz.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/date_time.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

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
