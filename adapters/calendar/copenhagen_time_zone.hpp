#pragma once
#include "domain/calendar.hpp"

namespace date {
class time_zone;  // <date/tz.h> stays in the .cpp; users of this header need not find date/tz
}

namespace brobygger::calendar {

// Europe/Copenhagen from the system's tzdata (Howard Hinnant's date/tz; GCC 12's <chrono> has no zone
// database). Construction fails with std::runtime_error when tzdata lacks the zone, so a machine without
// the `tzdata` package fails at start-up rather than on the first request. Thread-safe once constructed.
class CopenhagenTimeZone final : public domain::TimeZone {
 public:
  CopenhagenTimeZone();
  // Throws std::invalid_argument for a date or time that is not on any calendar (2026-02-30, 24:00).
  domain::Timestamp toUtc(const domain::LocalDateTime& local) const override;
  // Seconds are dropped: LocalDateTime has minute resolution.
  domain::LocalDateTime toLocal(domain::Timestamp utc) const override;
  std::chrono::seconds offsetAt(domain::Timestamp utc) const override;

 private:
  const date::time_zone* zone_;  // owned by date/tz's database, which lives as long as the process
};

}  // namespace brobygger::calendar
