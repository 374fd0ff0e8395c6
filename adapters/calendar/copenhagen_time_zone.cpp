#include "adapters/calendar/copenhagen_time_zone.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace brobygger::calendar {

namespace {

date::local_seconds localSeconds(const domain::LocalDateTime& local) {
  if (!domain::isValid(local))
    throw std::invalid_argument("not a wall-clock time: " + std::to_string(local.year) + "-" +
                                std::to_string(local.month) + "-" + std::to_string(local.day) + " " +
                                std::to_string(local.hour) + ":" + std::to_string(local.minute));
  return date::local_seconds{domain::toLocalSeconds(local).time_since_epoch()};
}

}  // namespace

CopenhagenTimeZone::CopenhagenTimeZone() : zone_(date::locate_zone("Europe/Copenhagen")) {}

domain::Timestamp CopenhagenTimeZone::toUtc(const domain::LocalDateTime& local) const {
  const date::local_seconds wall = localSeconds(local);
  // `first` is the offset in force just before `wall`: the only one for a unique time, summer time
  // (+02:00) for the autumn hour that occurs twice (so the earlier instant), and winter time (+01:00)
  // for a spring time that does not exist, which moves it forward by the gap (02:30 -> 03:30 +02:00).
  // date's choose::earliest would instead put a non-existent time on the transition itself (03:00).
  const date::local_info info = zone_->get_info(wall);
  return domain::Timestamp{wall.time_since_epoch() - info.first.offset};
}

domain::LocalDateTime CopenhagenTimeZone::toLocal(domain::Timestamp utc) const {
  return domain::toLocalDateTime(std::chrono::local_seconds{(utc + offsetAt(utc)).time_since_epoch()});
}

std::chrono::seconds CopenhagenTimeZone::offsetAt(domain::Timestamp utc) const {
  // Hot path (every timestamp of every JSON list): the zone's rules are looked up once per DST period
  // and thread, not per call.
  thread_local const date::time_zone* cachedZone = nullptr;
  thread_local date::sys_info period{};
  if (cachedZone != zone_ || utc < period.begin || utc >= period.end) {
    period = zone_->get_info(utc);
    cachedZone = zone_;
  }
  return period.offset;
}

}  // namespace brobygger::calendar
