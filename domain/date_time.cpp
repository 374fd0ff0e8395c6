#include "domain/date_time.hpp"

#include <algorithm>
#include <array>

namespace brobygger::domain {

namespace {

constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Real zones lie between UTC-12:00 and UTC+14:00.
constexpr std::chrono::minutes kMinOffset{-12 * 60};
constexpr std::chrono::minutes kMaxOffset{14 * 60};

// `value` in decimal, zero-padded to `width` digits.
void appendNumber(std::string& out, long long value, std::size_t width) {
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  const auto digits = std::to_string(value);
  if (digits.size() < width) out.append(width - digits.size(), '0');
  out += digits;
}

// Reads a text form left to right; every step answers false (or nothing) when the text does not match.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  // Exactly `count` decimal digits.
  std::optional<int> digits(std::size_t count) {
    if (text_.size() - pos_ < count) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos_; i < pos_ + count; ++i) {
      if (text_[i] < '0' || text_[i] > '9') return std::nullopt;
      value = value * 10 + (text_[i] - '0');
    }
    pos_ += count;
    return value;
  }
  bool literal(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  // An ASCII letter in either case (RFC 3339 allows "t" and "z").
  bool letter(char upper) { return literal(upper) || literal(static_cast<char>(upper - 'A' + 'a')); }
  std::optional<char> peek() const { return pos_ < text_.size() ? std::optional<char>(text_[pos_]) : std::nullopt; }
  bool done() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// "YYYY-MM-DD" at the reader's position, a real date.
std::optional<LocalDate> readDate(Reader& in) {
  const auto year = in.digits(4);
  if (!year || !in.literal('-')) return std::nullopt;
  const auto month = in.digits(2);
  if (!month || !in.literal('-')) return std::nullopt;
  const auto day = in.digits(2);
  if (!day) return std::nullopt;
  const LocalDate date{*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day)};
  if (!isValid(date)) return std::nullopt;
  return date;
}

// "HH:MM" at the reader's position, a real time of day.
std::optional<TimeOfDay> readTimeOfDay(Reader& in) {
  const auto hour = in.digits(2);
  if (!hour || !in.literal(':')) return std::nullopt;
  const auto minute = in.digits(2);
  if (!minute || *hour > 23 || *minute > 59) return std::nullopt;
  return TimeOfDay{static_cast<unsigned>(*hour), static_cast<unsigned>(*minute)};
}

void appendDate(std::string& out, const LocalDate& date, const char* separator) {
  appendNumber(out, date.year, 4);
  out += separator;
  appendNumber(out, date.month, 2);
  out += separator;
  appendNumber(out, date.day, 2);
}

void appendClock(std::string& out, long long hours, long long minutes, long long seconds, bool withColons) {
  appendNumber(out, hours, 2);
  if (withColons) out.push_back(':');
  appendNumber(out, minutes, 2);
  if (withColons) out.push_back(':');
  appendNumber(out, seconds, 2);
}

// "YYYY-MM-DDTHH:MM:SS" of a point on a (UTC or wall-clock) time line counted from 1970-01-01.
std::string isoWithoutOffset(std::chrono::seconds sinceEpoch) {
  const std::chrono::sys_seconds t{sinceEpoch};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::hh_mm_ss time{t - day};
  std::string out;
  out.reserve(25);
  appendDate(out, toLocalDate(std::chrono::local_days{day.time_since_epoch()}), "-");
  out.push_back('T');
  appendClock(out, time.hours().count(), time.minutes().count(), time.seconds().count(), true);
  return out;
}

// "Tue, 10 Mar 2026 08:00:00" in UTC, the part HTTP and mail dates share.
std::string rfcDate(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{t - day};
  std::string out = kWeekdays[std::chrono::weekday{day}.c_encoding()];
  out += ", ";
  appendNumber(out, static_cast<unsigned>(date.day()), 2);
  out += ' ';
  out += kMonths[static_cast<unsigned>(date.month()) - 1];
  out += ' ';
  appendNumber(out, static_cast<int>(date.year()), 4);
  out += ' ';
  appendClock(out, time.hours().count(), time.minutes().count(), time.seconds().count(), true);
  return out;
}

}  // namespace

// --- LocalDate -------------------------------------------------------------------------------------

std::optional<LocalDate> LocalDate::parse(std::string_view text) {
  auto date = parseIsoDate(text);
  if (!date || date->year < 1900) return std::nullopt;
  return date;
}

std::string LocalDate::iso() const { return formatIsoDate(*this); }

LocalDate LocalDate::plusDays(int days) const { return toLocalDate(toLocalDays(*this) + std::chrono::days{days}); }

LocalDate LocalDate::minusMonths(int months) const {
  const int n = year * 12 + static_cast<int>(month) - 1 - months;
  const std::chrono::year_month ym{std::chrono::year{n / 12}, std::chrono::month{static_cast<unsigned>(n % 12 + 1)}};
  const auto last =
      static_cast<unsigned>(std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}.day());
  return {n / 12, static_cast<unsigned>(n % 12 + 1), std::min(day, last)};
}

int LocalDate::daysUntil(const LocalDate& other) const {
  return static_cast<int>((toLocalDays(other) - toLocalDays(*this)).count());
}

// --- Calendar arithmetic --------------------------------------------------------------------------

bool isValid(const LocalDate& date) {
  return std::chrono::year_month_day{std::chrono::year{date.year}, std::chrono::month{date.month},
                                     std::chrono::day{date.day}}
      .ok();
}

bool isValid(const LocalDateTime& time) { return isValid(time.date()) && time.hour <= 23 && time.minute <= 59; }

std::chrono::local_days toLocalDays(const LocalDate& date) {
  return std::chrono::local_days{std::chrono::year{date.year} / std::chrono::month{date.month} /
                                 std::chrono::day{date.day}};
}

LocalDate toLocalDate(std::chrono::local_days days) {
  const std::chrono::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

std::chrono::local_seconds toLocalSeconds(const LocalDateTime& time) {
  return toLocalDays(time.date()) + std::chrono::hours{time.hour} + std::chrono::minutes{time.minute};
}

LocalDateTime toLocalDateTime(std::chrono::local_seconds time) {
  const auto days = std::chrono::floor<std::chrono::days>(time);
  const LocalDate date = toLocalDate(days);
  const std::chrono::hh_mm_ss clock{time - days};
  return {date.year, date.month, date.day, static_cast<unsigned>(clock.hours().count()),
          static_cast<unsigned>(clock.minutes().count())};
}

// --- Text -----------------------------------------------------------------------------------------

std::optional<LocalDate> parseIsoDate(std::string_view text) {
  Reader in(text);
  auto date = readDate(in);
  if (!date || !in.done()) return std::nullopt;
  return date;
}

std::string formatIsoDate(const LocalDate& date) {
  std::string out;
  appendDate(out, date, "-");
  return out;
}

std::optional<Timestamp> parseIsoTimestamp(std::string_view text) {
  if (text.size() > 40) return std::nullopt;  // a fraction to the nanosecond and an offset fit
  Reader in(text);
  const auto date = readDate(in);
  if (!date || !in.letter('T')) return std::nullopt;
  const auto clock = readTimeOfDay(in);
  if (!clock) return std::nullopt;
  int second = 0;
  if (in.literal(':')) {
    const auto s = in.digits(2);
    if (!s || *s > 59) return std::nullopt;
    second = *s;
    if (in.literal('.')) {
      if (!in.digits(1)) return std::nullopt;  // at least one digit
      while (in.digits(1)) {
      }
    }
  }
  std::chrono::minutes offset{0};
  if (!in.letter('Z')) {
    const auto sign = in.peek();
    if (!sign || (*sign != '+' && *sign != '-')) return std::nullopt;  // no offset: ambiguous, refused
    in.literal(*sign);
    const auto hours = in.digits(2);
    if (!hours || !in.literal(':')) return std::nullopt;
    const auto minutes = in.digits(2);
    if (!minutes || *minutes > 59) return std::nullopt;
    offset = std::chrono::minutes{(*sign == '-' ? -1 : 1) * (*hours * 60 + *minutes)};
    if (offset < kMinOffset || offset > kMaxOffset) return std::nullopt;
  }
  if (!in.done()) return std::nullopt;
  const auto wall = toLocalDays(*date) + std::chrono::hours{clock->hour} + std::chrono::minutes{clock->minute} +
                    std::chrono::seconds{second};
  return Timestamp{wall.time_since_epoch() - offset};
}

std::string formatIsoTimestamp(Timestamp t, std::chrono::seconds offset) {
  std::string out = isoWithoutOffset((t + offset).time_since_epoch());
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(offset).count();
  const auto magnitude = minutes < 0 ? -minutes : minutes;
  out.push_back(minutes < 0 ? '-' : '+');
  appendNumber(out, magnitude / 60, 2);
  out.push_back(':');
  appendNumber(out, magnitude % 60, 2);
  return out;
}

std::string formatIsoTimestamp(Timestamp t, const TimeZone& zone) { return formatIsoTimestamp(t, zone.offsetAt(t)); }

std::string formatIsoUtc(Timestamp t) { return isoWithoutOffset(t.time_since_epoch()) + "Z"; }

std::optional<LocalDateTime> parseIsoLocal(std::string_view text) {
  Reader in(text);
  const auto date = readDate(in);
  if (!date || !in.literal('T')) return std::nullopt;
  const auto clock = readTimeOfDay(in);
  if (!clock || !in.done()) return std::nullopt;
  return LocalDateTime{date->year, date->month, date->day, clock->hour, clock->minute};
}

std::string formatIsoLocal(const LocalDateTime& time) {
  return formatIsoDate(time.date()) + "T" + formatTimeOfDay({time.hour, time.minute});
}

std::optional<TimeOfDay> parseTimeOfDay(std::string_view text) {
  Reader in(text);
  const auto time = readTimeOfDay(in);
  if (!time || !in.done()) return std::nullopt;
  return time;
}

std::string formatTimeOfDay(TimeOfDay time) {
  std::string out;
  appendNumber(out, time.hour, 2);
  out.push_back(':');
  appendNumber(out, time.minute, 2);
  return out;
}

std::string formatSqlUtc(Timestamp t) {
  auto text = isoWithoutOffset(t.time_since_epoch());
  text[10] = ' ';
  return text;
}

std::string formatBasicLocal(const LocalDateTime& time) {
  std::string out;
  appendDate(out, time.date(), "");
  out.push_back('T');
  appendClock(out, time.hour, time.minute, 0, false);
  return out;
}

std::optional<BasicTime> parseBasicTime(std::string_view text) {
  Reader in(text);
  const auto year = in.digits(4), month = in.digits(2), day = in.digits(2);
  if (!year || !month || !day) return std::nullopt;
  BasicTime out;
  out.time = {*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day), 0, 0};
  if (in.literal('T')) {  // RFC 5545 writes T and Z in upper case
    const auto hour = in.digits(2), minute = in.digits(2), second = in.digits(2);
    if (!hour || !minute || !second || *second > 59) return std::nullopt;
    out.time.hour = static_cast<unsigned>(*hour);
    out.time.minute = static_cast<unsigned>(*minute);
    out.second = static_cast<unsigned>(*second);
    out.kind = in.literal('Z') ? BasicTime::Kind::utc : BasicTime::Kind::floating;
  }
  if (!in.done() || !isValid(out.time)) return std::nullopt;
  return out;
}

std::string formatHttpDate(Timestamp t) { return rfcDate(t) + " GMT"; }

std::string formatMailDate(Timestamp t) { return rfcDate(t) + " +0000"; }

std::string formatDanishDateTime(const LocalDateTime& time) {
  return std::to_string(time.day) + "." + std::to_string(time.month) + "." + std::to_string(time.year) + " " +
         formatTimeOfDay({time.hour, time.minute});
}

}  // namespace brobygger::domain
