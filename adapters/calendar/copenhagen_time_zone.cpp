#include "adapters/calendar/copenhagen_time_zone.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace brobygger::calendar {

namespace {

date::local_seconds localSeconds(const domain::LocalDateTime& local) {
  const date::year_month_day day{date::year{local.year}, date::month{local.month}, date::day{local.day}};
  if (!day.ok() || local.hour > 23 || local.minute > 59)
    throw std::invalid_argument("not a wall-clock time: " + std::to_string(local.year) + "-" +
                                std::to_string(local.month) + "-" + std::to_string(local.day) + " " +
                                std::to_string(local.hour) + ":" + std::to_string(local.minute));
  return date::local_days{day} + std::chrono::hours{local.hour} + std::chrono::minutes{local.minute};
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
  const date::local_seconds wall = zone_->to_local(utc);
  const date::local_days day = date::floor<date::days>(wall);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> time{wall - day};
  return domain::LocalDateTime{
      .year = static_cast<int>(ymd.year()),
      .month = static_cast<unsigned>(ymd.month()),
      .day = static_cast<unsigned>(ymd.day()),
      .hour = static_cast<unsigned>(time.hours().count()),
      .minute = static_cast<unsigned>(time.minutes().count()),
  };
}

}  // namespace brobygger::calendar
