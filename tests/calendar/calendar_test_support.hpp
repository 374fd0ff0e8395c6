#pragma once
// Readable dates and instants for the calendar tests, and how Catch2 prints a wall-clock time.
#include <chrono>
#include <cstdio>
#include <ostream>

#include "domain/calendar.hpp"

namespace brobygger::domain {

inline std::ostream& operator<<(std::ostream& out, const LocalDateTime& local) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02u:%02u", local.year, local.month, local.day, local.hour,
                local.minute);
  return out << text;
}

}  // namespace brobygger::domain

namespace brobygger::testing {

inline domain::LocalDateTime wall(int year, unsigned month, unsigned day, unsigned hour = 0, unsigned minute = 0) {
  return domain::LocalDateTime{.year = year, .month = month, .day = day, .hour = hour, .minute = minute};
}

inline domain::Timestamp utc(int year, unsigned month, unsigned day, unsigned hour = 0, unsigned minute = 0) {
  using namespace std::chrono;
  return sys_days{year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}} +
         hours{hour} + minutes{minute};
}

}  // namespace brobygger::testing
