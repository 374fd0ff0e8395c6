// RRULE input (adapters/calendar LibicalRecurrence): problem() must answer for any text; a rule it
// accepts must expand without throwing, within its bounds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "adapters/calendar/libical_recurrence.hpp"

using namespace brobygger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const calendar::CopenhagenTimeZone zone;
  static const calendar::LibicalRecurrence recurrence(zone);
  const std::string rule(reinterpret_cast<const char*>(data), size);
  if (recurrence.problem(rule)) return 0;
  const domain::LocalDateTime first{2026, 3, 10, 9, 0};
  const domain::LocalDateTime until{2028, 3, 10, 9, 0};
  const auto occurrences = recurrence.expand(rule, first, until, 200);
  if (occurrences.size() > 200) std::abort();
  return 0;
}
