#include "request_values.hpp"

#include <unistd.h>

#include <cstdio>

namespace brobygger::testing {

Seconds nowSeconds() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string utcText(Seconds t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss time{t - days};
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()));
  return text;
}

std::string uniqueText(const std::string& stem) {
  static int counter = 0;
  return stem + " " + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

}  // namespace brobygger::testing
