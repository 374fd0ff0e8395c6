#pragma once
// Wall-clock values as libical's icaltimetype, shared by the ICS writer and the RRULE expansion.
#include <libical/ical.h>

#include "domain/date_time.hpp"

namespace brobygger::calendar {

// A floating (zone-less) date-time: libical reads it as wall-clock time.
inline icaltimetype floatingTime(const domain::LocalDateTime& local) {
  icaltimetype time = icaltime_null_time();
  time.year = local.year;
  time.month = static_cast<int>(local.month);
  time.day = static_cast<int>(local.day);
  time.hour = static_cast<int>(local.hour);
  time.minute = static_cast<int>(local.minute);
  time.second = 0;
  time.is_date = 0;
  time.zone = nullptr;
  return time;
}

}  // namespace brobygger::calendar
