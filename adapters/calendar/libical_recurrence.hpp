#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"

namespace brobygger::calendar {

// RRULEs read and expanded by libical's C API (icalrecurrencetype_from_string, icalrecur_iterator),
// in wall-clock time: DTSTART is handed to libical as a floating time, so a 10:00 meeting stays at 10:00
// across DST and the time zone is applied per occurrence afterwards.
//
// problem() checks the rule text itself before libical sees it, because libical 3.0.16 accepts much that
// RFC 5545 forbids and expands some of it wrongly (see the .cpp). Accepted: FREQ=DAILY|WEEKLY|MONTHLY|
// YEARLY with INTERVAL, COUNT or UNTIL (never both), BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY,
// BYMONTH, BYSETPOS and WKST, upper case, each part once, no value listed twice. Not accepted although RFC 5545 has
// them: BYSECOND (occurrences are whole minutes), BYWEEKNO (libical expands it wrongly), RSCALE/SKIP (RFC 7529) and X-
// parts.
//
// UNTIL may be a date (the whole day counts), a floating date-time (wall clock in Copenhagen) or a UTC
// date-time, which is what RFC 5545 requires once DTSTART carries TZID=Europe/Copenhagen in a file. All
// three bounds are inclusive and applied here, not by libical: libical would compare a UTC UNTIL with the
// floating occurrences as if they were UTC, and it drops the occurrences ON a date UNTIL.
//
// The domain's contract for `first`: it is always the series' first occurrence, i.e. it matches the rule
// (API: `starts_at` is the first occurrence's). RFC 5545 says the recurrence set of a DTSTART that does
// not match its rule is undefined (3.3.10) while also saying DTSTART always counts as the first
// occurrence (3.8.5.3); libical, and so expand(), leave a non-matching `first` out and count COUNT from
// the first occurrence that matches. Calendar clients differ on this, which is why the domain never
// stores a non-matching start.
//
// Thread-safe: libical keeps icalerrno per thread, and nothing here is shared between calls but the zone.
class LibicalRecurrence final : public domain::Recurrence {
 public:
  // `zone` turns a UTC UNTIL into the wall-clock bound; it must outlive this object.
  explicit LibicalRecurrence(const domain::TimeZone& zone);

  std::optional<std::string> problem(const std::string& rrule) const override;
  // Throws std::invalid_argument when problem(rrule) has something to say or `first` is not a
  // wall-clock time. Besides `until` and `max`, at most kMaxIterations steps of libical's iterator are
  // taken, so that a rule whose occurrences are rare or never come (FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31)
  // cannot hold a request thread for long.
  std::vector<domain::LocalDateTime> expand(const std::string& rrule, const domain::LocalDateTime& first,
                                            const domain::LocalDateTime& until, std::size_t max) const override;

  static constexpr std::size_t kMaxLength = 500;
  static constexpr std::size_t kMaxIterations = 100'000;

 private:
  const domain::TimeZone& zone_;
};

}  // namespace brobygger::calendar
