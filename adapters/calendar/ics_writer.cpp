#include "adapters/calendar/ics_writer.hpp"

#include <libical/ical.h>

#include "adapters/calendar/ical_time.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

// What libical 3.0.16 does when writing, found by trying it (tests/calendar/ics_writer_test.cpp pins it):
// - icalcomponent_as_ical_string_r: CRLF, folds at 75 octets without splitting a UTF-8 sequence, escapes
//   TEXT (\\ \; \, \n; a CR is dropped). A long value may be folded right after the property name's colon
//   ("DESCRIPTION:" CRLF " text..."), which unfolds correctly.
// - X- properties (X-WR-CALNAME) are written with \\ and \n escaped but , and ; left as they are, also with
//   an explicit TEXT value: libical treats X values as possibly structured.
// - Parameter values with , ; : are put in double quotes; a double quote in a value is written as ^'
//   (RFC 6868) but a caret is not doubled, so the writer replaces double quotes itself.
// - A time with a zone writes libical's own (prefixed) TZID, so timed values are built floating here and
//   get the TZID parameter explicitly.
// - The builtin Europe/Copenhagen VTIMEZONE, truncated, still has a first observance that changes nothing
//   (TZOFFSETFROM = TZOFFSETTO) and its yearly rules split at 2037/2038 (from zoneinfo's 2037 horizon).

namespace brobygger::calendar {

namespace {

using domain::CalendarDocument;
using domain::CalendarEntry;
using domain::CalendarMethod;
using domain::EntryStatus;
using domain::LocalDateTime;
using domain::Timestamp;

constexpr int kVtimezoneFromYear = 2000;

struct ComponentFree {
  void operator()(icalcomponent* component) const noexcept { icalcomponent_free(component); }
};
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

struct CharFree {
  void operator()(char* text) const noexcept { std::free(text); }
};
using CString = std::unique_ptr<char, CharFree>;

std::string taken(char* text) {
  const CString owned{text};
  return owned ? std::string(owned.get()) : std::string();
}

icaltimetype utcTime(Timestamp instant) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(instant.time_since_epoch().count()), 0,
                                       icaltimezone_get_utc_timezone());
}

icaltimetype dateOf(int year, int month, int day) {
  icaltimetype date = icaltime_null_date();
  date.year = year;
  date.month = month;
  date.day = day;
  date.is_date = 1;
  return date;
}

// Text as libical should see it: line breaks as LF (libical escapes them as \n), no other control
// characters than tab (RFC 5545 TEXT has no way to carry them).
std::string plainText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n' || c == '\t' || static_cast<unsigned char>(c) >= 0x20) {
      if (c != 0x7f) out += c;
    }
  }
  return out;
}

// A parameter value (CN): no double quote and no control character can be written in one.
std::string parameterText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"') out += '\'';
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += ' ';
    else out += c;
  }
  return out;
}

// ---- The VTIMEZONE -------------------------------------------------------------------------------------

std::vector<icalcomponent*> observances(icalcomponent* vtimezone) {
  std::vector<icalcomponent*> found;
  for (icalcomponent* c = icalcomponent_get_first_component(vtimezone, ICAL_ANY_COMPONENT); c != nullptr;
       c = icalcomponent_get_next_component(vtimezone, ICAL_ANY_COMPONENT))
    found.push_back(c);
  return found;
}

std::optional<int> offsetFrom(icalcomponent* observance) {
  icalproperty* p = icalcomponent_get_first_property(observance, ICAL_TZOFFSETFROM_PROPERTY);
  if (p == nullptr) return std::nullopt;
  return icalproperty_get_tzoffsetfrom(p);
}

std::optional<int> offsetTo(icalcomponent* observance) {
  icalproperty* p = icalcomponent_get_first_property(observance, ICAL_TZOFFSETTO_PROPERTY);
  if (p == nullptr) return std::nullopt;
  return icalproperty_get_tzoffsetto(p);
}

// The rule without its end, to see whether two observances continue each other.
std::string openRule(icalrecurrencetype rule) {
  rule.until = icaltime_null_time();
  rule.count = 0;
  return taken(icalrecurrencetype_as_string_r(&rule));
}

// libical ends its yearly rules in 2036/2037 and starts the same rules again in 2037/2038: one observance
// of each kind reads better and is what Outlook-style readers expect.
bool mergeOneContinuation(icalcomponent* vtimezone) {
  const std::vector<icalcomponent*> all = observances(vtimezone);
  for (icalcomponent* earlier : all) {
    icalproperty* earlierRule = icalcomponent_get_first_property(earlier, ICAL_RRULE_PROPERTY);
    if (earlierRule == nullptr) continue;
    icalrecurrencetype rule = icalproperty_get_rrule(earlierRule);
    if (icaltime_is_null_time(rule.until)) continue;
    const icaltimetype earlierStart = icalcomponent_get_dtstart(earlier);
    for (icalcomponent* later : all) {
      if (later == earlier || icalcomponent_isa(later) != icalcomponent_isa(earlier)) continue;
      icalproperty* laterRule = icalcomponent_get_first_property(later, ICAL_RRULE_PROPERTY);
      if (laterRule == nullptr || icalcomponent_get_first_property(later, ICAL_RDATE_PROPERTY) != nullptr) continue;
      const icaltimetype laterStart = icalcomponent_get_dtstart(later);
      const icalrecurrencetype next = icalproperty_get_rrule(laterRule);
      if (offsetFrom(later) != offsetFrom(earlier) || offsetTo(later) != offsetTo(earlier)) continue;
      if (openRule(next) != openRule(rule)) continue;
      if (laterStart.year != rule.until.year + 1 || laterStart.hour != earlierStart.hour ||
          laterStart.minute != earlierStart.minute)
        continue;
      rule.until = next.until;
      rule.count = next.count;
      icalproperty_set_rrule(earlierRule, rule);
      icalcomponent_remove_component(vtimezone, later);
      icalcomponent_free(later);
      return true;
    }
  }
  return false;
}

// A first observance without a rule that changes nothing only says "the zone starts here".
void dropNonChanges(icalcomponent* vtimezone) {
  std::vector<icalcomponent*> all = observances(vtimezone);
  for (icalcomponent* observance : all) {
    if (all.size() <= 1) return;
    const bool recurs = icalcomponent_get_first_property(observance, ICAL_RRULE_PROPERTY) != nullptr ||
                        icalcomponent_get_first_property(observance, ICAL_RDATE_PROPERTY) != nullptr;
    if (recurs || offsetFrom(observance) != offsetTo(observance)) continue;
    icalcomponent_remove_component(vtimezone, observance);
    icalcomponent_free(observance);
    all.erase(std::find(all.begin(), all.end(), observance));
  }
}

std::mutex& builtinZonesMutex() {
  static std::mutex mutex;
  return mutex;
}

// Europe/Copenhagen from January `fromYear` on, with the plain IANA TZID.
Component copenhagenVtimezone(int fromYear) {
  Component vtimezone;
  {
    // libical loads its builtin zones lazily into shared state.
    const std::lock_guard<std::mutex> lock(builtinZonesMutex());
    icaltimezone* zone = icaltimezone_get_builtin_timezone(IcsWriter::kTimeZoneId);
    icalcomponent* source = zone == nullptr ? nullptr : icaltimezone_get_component(zone);
    if (source == nullptr)
      throw std::runtime_error("libical has no time zone Europe/Copenhagen (is the tzdata package installed?)");
    vtimezone.reset(icalcomponent_new_clone(source));
  }
  icaltimetype start = icaltime_null_time();
  start.year = fromYear;
  start.month = 1;
  start.day = 1;
  start.zone = icaltimezone_get_utc_timezone();
  icaltimezone_truncate_vtimezone(vtimezone.get(), start, icaltime_null_time(), 0);
  while (mergeOneContinuation(vtimezone.get())) {
  }
  dropNonChanges(vtimezone.get());
  icalproperty* tzid = icalcomponent_get_first_property(vtimezone.get(), ICAL_TZID_PROPERTY);
  if (tzid == nullptr) throw std::runtime_error("libical's Europe/Copenhagen has no TZID");
  icalproperty_set_tzid(tzid, IcsWriter::kTimeZoneId);
  return vtimezone;
}

// ---- Entries -------------------------------------------------------------------------------------------

const char* methodName(CalendarMethod method) {
  switch (method) {
    case CalendarMethod::request: return "REQUEST";
    case CalendarMethod::cancel: return "CANCEL";
    case CalendarMethod::none: break;
  }
  return nullptr;
}

std::optional<icalproperty_status> statusOf(EntryStatus status) {
  switch (status) {
    case EntryStatus::confirmed: return ICAL_STATUS_CONFIRMED;
    case EntryStatus::tentative: return ICAL_STATUS_TENTATIVE;
    case EntryStatus::cancelled: return ICAL_STATUS_CANCELLED;
    case EntryStatus::none: break;
  }
  return std::nullopt;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return text;
}

void requireValid(const CalendarDocument& document) {
  const auto fail = [](const std::string& uid, const std::string& why) {
    throw std::invalid_argument("calendar entry " + uid + ": " + why);
  };
  using Key = std::pair<std::string_view, std::optional<Timestamp>>;  // a view of the entry's UID
  const auto hash = [](const Key& key) {
    const auto at = key.second ? key.second->time_since_epoch().count() : -1;
    return std::hash<std::string_view>{}(key.first) ^ (std::hash<std::int64_t>{}(at)*31);
  };
  std::unordered_set<Key, decltype(hash)> seen(document.entries.size(), hash);
  for (const CalendarEntry& entry : document.entries) {
    if (entry.uid.empty()) fail("(no uid)", "has no UID");
    if (!seen.insert({entry.uid, entry.recurrence_id}).second)
      fail(entry.uid, "appears twice (UIDs are unique apart from RECURRENCE-ID overrides)");
    if (entry.sequence < 0) fail(entry.uid, "has a negative SEQUENCE");
    if (entry.ends_at < entry.starts_at) fail(entry.uid, "ends before it starts");
    if (document.method == CalendarMethod::none) continue;
    if (!entry.organizer || entry.organizer->email.empty()) fail(entry.uid, "a REQUEST or CANCEL needs an ORGANIZER");
    if (entry.attendees.empty()) fail(entry.uid, "a REQUEST or CANCEL needs an ATTENDEE");
    for (const auto& attendee : entry.attendees) {
      if (attendee.person.email.empty()) fail(entry.uid, "has an ATTENDEE without an address");
      if (lowercase(attendee.person.email) == lowercase(entry.organizer->email))
        fail(entry.uid, "has the ORGANIZER as ATTENDEE");
    }
    if (document.method == CalendarMethod::request && entry.status == EntryStatus::cancelled)
      fail(entry.uid, "a REQUEST may only be TENTATIVE or CONFIRMED (cancel with METHOD:CANCEL)");
  }
}

void addText(icalcomponent* event, icalproperty* (*make)(const char*), const std::optional<std::string>& text) {
  if (text) icalcomponent_add_property(event, make(plainText(*text).c_str()));
}

icalproperty* person(icalproperty* property, const domain::CalendarPerson& who) {
  const std::string name = parameterText(who.name);
  if (!name.empty()) icalproperty_add_parameter(property, icalparameter_new_cn(name.c_str()));
  return property;
}

std::string mailto(const std::string& email) { return "mailto:" + email; }

struct EntryWriter {
  const domain::TimeZone& zone;

  icaltimetype localDate(Timestamp instant, const std::string& uid) const {
    const LocalDateTime local = zone.toLocal(instant);
    if (local.hour != 0 || local.minute != 0)
      throw std::invalid_argument("calendar entry " + uid + ": an all-day value is not a local midnight");
    return dateOf(local.year, static_cast<int>(local.month), static_cast<int>(local.day));
  }

  // DTSTART, DTEND, EXDATE or RECURRENCE-ID in the series' type: a date, or Copenhagen wall clock.
  icalproperty* moment(icalproperty* (*make)(icaltimetype), Timestamp instant, bool allDay,
                       const std::string& uid) const {
    if (allDay) return make(localDate(instant, uid));
    icaltimetype local = floatingTime(zone.toLocal(instant));
    // LocalDateTime holds whole minutes; Copenhagen's offsets are whole minutes too, so the seconds
    // of the wall clock are the instant's own.
    local.second = static_cast<int>(((instant.time_since_epoch().count() % 60) + 60) % 60);
    icalproperty* property = make(local);
    icalproperty_add_parameter(property, icalparameter_new_tzid(IcsWriter::kTimeZoneId));
    return property;
  }

  // The stored wall-clock rule with UNTIL as RFC 5545 wants it beside this DTSTART.
  icalproperty* rrule(const std::string& text, bool allDay, const std::string& uid) const {
    icalerror_clear_errno();
    icalrecurrencetype rule = icalrecurrencetype_from_string(text.c_str());
    const bool failed = icalerrno != ICAL_NO_ERROR || rule.freq == ICAL_NO_RECURRENCE;
    icalerror_clear_errno();
    if (failed) throw std::invalid_argument("calendar entry " + uid + ": libical cannot read RRULE " + text);
    if (!icaltime_is_null_time(rule.until)) {
      const icaltimetype until = rule.until;
      if (allDay) {
        if (icaltime_is_utc(until)) {
          const Timestamp instant{std::chrono::seconds{icaltime_as_timet(until)}};
          const LocalDateTime local = zone.toLocal(instant);
          rule.until = dateOf(local.year, static_cast<int>(local.month), static_cast<int>(local.day));
        } else {
          rule.until = dateOf(until.year, until.month, until.day);
        }
      } else if (!icaltime_is_utc(until)) {
        const bool isDate = until.is_date != 0;
        const LocalDateTime local{.year = until.year,
                                  .month = static_cast<unsigned>(until.month),
                                  .day = static_cast<unsigned>(until.day),
                                  .hour = isDate ? 23U : static_cast<unsigned>(until.hour),
                                  .minute = isDate ? 59U : static_cast<unsigned>(until.minute)};
        const Timestamp instant = zone.toUtc(local) + std::chrono::seconds{isDate ? 59 : until.second};
        rule.until = utcTime(instant);
      }
    }
    return icalproperty_new_rrule(rule);
  }

  Component event(const CalendarEntry& entry, CalendarMethod method, bool seriesAllDay) const {
    Component event{icalcomponent_new_vevent()};
    icalcomponent* e = event.get();
    const std::string& uid = entry.uid;
    icalcomponent_add_property(e, icalproperty_new_uid(uid.c_str()));
    icalcomponent_add_property(e, icalproperty_new_sequence(entry.sequence));
    icalcomponent_add_property(e, icalproperty_new_dtstamp(utcTime(entry.stamp)));
    if (entry.recurrence_id)
      icalcomponent_add_property(e, moment(icalproperty_new_recurrenceid, *entry.recurrence_id, seriesAllDay, uid));

    icalcomponent_add_property(e, moment(icalproperty_new_dtstart, entry.starts_at, entry.all_day, uid));
    if (entry.all_day) {
      const icaltimetype start = localDate(entry.starts_at, uid);
      const icaltimetype end = localDate(entry.ends_at, uid);
      if (icaltime_compare_date_only(end, start) <= 0)
        throw std::invalid_argument("calendar entry " + uid + ": an all-day entry lasts at least a day");
      icalcomponent_add_property(e, icalproperty_new_dtend(end));
    } else if (entry.ends_at > entry.starts_at) {
      // Equal: no DTEND, which RFC 5545 reads as ending when it starts.
      icalcomponent_add_property(e, moment(icalproperty_new_dtend, entry.ends_at, false, uid));
    }
    if (entry.rrule) {
      icalcomponent_add_property(e, rrule(*entry.rrule, entry.all_day, uid));
      for (Timestamp exdate : entry.exdates)
        icalcomponent_add_property(e, moment(icalproperty_new_exdate, exdate, entry.all_day, uid));
    }

    icalcomponent_add_property(e, icalproperty_new_summary(plainText(entry.summary).c_str()));
    addText(e, icalproperty_new_description, entry.description);
    addText(e, icalproperty_new_location, entry.location);
    if (entry.url) icalcomponent_add_property(e, icalproperty_new_url(entry.url->c_str()));
    if (const auto status = statusOf(entry.status)) icalcomponent_add_property(e, icalproperty_new_status(*status));

    if (method != CalendarMethod::none) {
      // Downloads and feeds carry neither, so that no client reads them as an invitation.
      icalcomponent_add_property(
          e, person(icalproperty_new_organizer(mailto(entry.organizer->email).c_str()), *entry.organizer));
      for (const domain::CalendarAttendee& attendee : entry.attendees) {
        icalproperty* property =
            person(icalproperty_new_attendee(mailto(attendee.person.email).c_str()), attendee.person);
        icalproperty_add_parameter(property, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
        icalproperty_add_parameter(property, icalparameter_new_partstat(attendee.accepted ? ICAL_PARTSTAT_ACCEPTED
                                                                                          : ICAL_PARTSTAT_NEEDSACTION));
        icalproperty_add_parameter(property, icalparameter_new_rsvp(attendee.rsvp ? ICAL_RSVP_TRUE : ICAL_RSVP_FALSE));
        icalcomponent_add_property(e, property);
      }
    }
    if (entry.last_modified != Timestamp{})
      icalcomponent_add_property(e, icalproperty_new_lastmodified(utcTime(entry.last_modified)));
    return event;
  }
};

// ---- Kept VEVENTs -------------------------------------------------------------------------------------

void appendKeyPart(std::string& key, std::string_view part) {
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

void appendKeyPart(std::string& key, const std::optional<std::string>& part) {
  if (part) appendKeyPart(key, std::string_view(*part));
  else key += '-';
}

void appendKeyPart(std::string& key, Timestamp t) {
  key += std::to_string(t.time_since_epoch().count());
  key += ';';
}

}  // namespace

// Everything a VEVENT of a download or feed is written from, but DTSTAMP (method none: no organiser, no
// attendees), each part with its length so that no text can pass for another part.
std::string IcsWriter::fragmentKey(const CalendarEntry& entry, bool seriesAllDay) {
  std::string key;
  key.reserve(128 + entry.uid.size() + entry.summary.size() + entry.description.value_or("").size());
  appendKeyPart(key, std::string_view(entry.uid));
  key += std::to_string(entry.sequence) + ';';
  if (entry.recurrence_id) appendKeyPart(key, *entry.recurrence_id);
  else key += '-';
  appendKeyPart(key, entry.starts_at);
  appendKeyPart(key, entry.ends_at);
  key += entry.all_day ? 'A' : 'T';
  key += seriesAllDay ? 'A' : 'T';
  appendKeyPart(key, std::string_view(entry.summary));
  appendKeyPart(key, entry.description);
  appendKeyPart(key, entry.location);
  appendKeyPart(key, entry.url);
  key += std::to_string(static_cast<int>(entry.status)) + ';';
  appendKeyPart(key, entry.last_modified);
  appendKeyPart(key, entry.rrule);
  for (const Timestamp exdate : entry.exdates) appendKeyPart(key, exdate);
  return key;
}

// The VEVENT's text without its DTSTAMP line (UID and SEQUENCE come before it; a 24-octet line is never
// folded).
std::shared_ptr<const IcsWriter::Fragment> IcsWriter::splitAtStamp(const std::string& vevent) {
  static constexpr std::string_view kStamp = "\r\nDTSTAMP:";
  const auto at = vevent.find(kStamp);
  if (at == std::string::npos) throw std::runtime_error("libical wrote a VEVENT without DTSTAMP");
  const auto lineEnd = vevent.find("\r\n", at + kStamp.size());
  if (lineEnd == std::string::npos) throw std::runtime_error("libical wrote a VEVENT without DTSTAMP's line end");
  auto fragment = std::make_shared<Fragment>();
  fragment->before_stamp = vevent.substr(0, at + 2);
  fragment->after_stamp = vevent.substr(lineEnd + 2);
  return fragment;
}

// ---- The writer ----------------------------------------------------------------------------------------

IcsWriter::IcsWriter(const domain::TimeZone& zone, std::string productId)
    : zone_(zone), productId_(std::move(productId)), vtimezone_(copenhagenVtimezone(kVtimezoneFromYear).release()) {}

IcsWriter::~IcsWriter() { icalcomponent_free(vtimezone_); }

std::string IcsWriter::write(const CalendarDocument& document) const { return writeText(document, nullptr); }

domain::WrittenCalendar IcsWriter::writeStamped(const CalendarDocument& document) const {
  domain::WrittenCalendar written;
  written.text = writeText(document, &written.stamps);
  return written;
}

std::string IcsWriter::writeText(const CalendarDocument& document, std::vector<std::size_t>* stamps) const {
  requireValid(document);

  // Which UIDs are all-day series: their overrides' RECURRENCE-ID takes DTSTART's type. Only a document
  // with overrides asks (a feed of thousands of plain events need not map them all).
  std::map<std::string_view, bool, std::less<>> seriesAllDay;  // views of the document's UIDs
  const bool overrides = std::any_of(document.entries.begin(), document.entries.end(),
                                     [](const CalendarEntry& entry) { return entry.recurrence_id.has_value(); });
  if (overrides)
    for (const CalendarEntry& entry : document.entries)
      if (!entry.recurrence_id) seriesAllDay[entry.uid] = entry.all_day;
  const auto allDaySeries = [&](const CalendarEntry& entry) {
    if (!entry.recurrence_id) return entry.all_day;
    const auto found = seriesAllDay.find(entry.uid);
    return found == seriesAllDay.end() ? entry.all_day : found->second;
  };

  // A VTIMEZONE when any value carries the TZID, reaching back far enough for the earliest of them (the
  // earliest instant has the earliest local year).
  std::optional<Timestamp> earliest;
  const auto reach = [&](Timestamp instant) { earliest = earliest ? std::min(*earliest, instant) : instant; };
  for (const CalendarEntry& entry : document.entries) {
    if (!entry.all_day) {
      reach(entry.starts_at);
      if (entry.rrule)
        for (Timestamp exdate : entry.exdates) reach(exdate);
    }
    if (entry.recurrence_id && !allDaySeries(entry)) reach(*entry.recurrence_id);
  }
  std::optional<int> earliestYear;
  if (earliest) earliestYear = zone_.toLocal(*earliest).year;

  Component calendar{icalcomponent_new_vcalendar()};
  icalcomponent* c = calendar.get();
  icalcomponent_add_property(c, icalproperty_new_prodid(productId_.c_str()));
  icalcomponent_add_property(c, icalproperty_new_version("2.0"));
  icalcomponent_add_property(c, icalproperty_new_calscale("GREGORIAN"));
  if (const char* method = methodName(document.method))
    icalcomponent_add_property(c, icalproperty_new_method(icalproperty_string_to_method(method)));
  if (document.name) {
    icalproperty* name = icalproperty_new_x(plainText(*document.name).c_str());
    icalproperty_set_x_name(name, "X-WR-CALNAME");
    icalcomponent_add_property(c, name);
  }
  if (earliestYear) {
    Component vtimezone = *earliestYear < kVtimezoneFromYear ? copenhagenVtimezone(*earliestYear)
                                                             : Component{icalcomponent_new_clone(vtimezone_)};
    icalcomponent_add_component(c, vtimezone.release());
  }
  // The calendar's own lines and the VTIMEZONE, then the VEVENTs as libical writes a component's children:
  // one after the other, before the END line.
  std::string text = taken(icalcomponent_as_ical_string_r(c));
  static constexpr std::string_view kEnd = "END:VCALENDAR\r\n";
  if (text.size() < kEnd.size() || text.compare(text.size() - kEnd.size(), kEnd.size(), kEnd) != 0)
    throw std::runtime_error("libical wrote a calendar without its END line");
  text.resize(text.size() - kEnd.size());

  const EntryWriter writer{zone_};
  const bool keep = document.method == CalendarMethod::none;  // invitations name people: never kept
  const std::size_t n = document.entries.size();
  std::vector<std::string> keys(keep ? n : 0);
  std::vector<std::shared_ptr<const Fragment>> fragments(n);
  if (keep) {
    for (std::size_t i = 0; i < n; ++i) keys[i] = fragmentKey(document.entries[i], allDaySeries(document.entries[i]));
    const std::lock_guard<std::mutex> lock(fragments_mutex_);
    for (std::size_t i = 0; i < n; ++i)
      if (const auto it = fragments_.find(keys[i]); it != fragments_.end()) fragments[i] = it->second;
  }
  std::vector<std::size_t> misses;
  for (std::size_t i = 0; i < n; ++i) {
    if (fragments[i]) continue;
    const CalendarEntry& entry = document.entries[i];
    const Component event = writer.event(entry, document.method, allDaySeries(entry));
    fragments[i] = splitAtStamp(taken(icalcomponent_as_ical_string_r(event.get())));
    misses.push_back(i);
  }
  std::map<std::int64_t, std::string> stampTexts;  // DTSTAMP as libical writes it, per distinct instant
  const auto stampText = [&](Timestamp stamp) -> const std::string& {
    auto [it, fresh] = stampTexts.try_emplace(stamp.time_since_epoch().count());
    if (fresh) it->second = taken(icaltime_as_ical_string_r(utcTime(stamp)));
    return it->second;
  };
  std::size_t size = text.size() + kEnd.size();
  for (const auto& f : fragments) size += f->before_stamp.size() + f->after_stamp.size() + 32;
  text.reserve(size);
  for (std::size_t i = 0; i < n; ++i) {
    text += fragments[i]->before_stamp;
    text += "DTSTAMP:";
    if (stamps) stamps->push_back(text.size());
    text += stampText(document.entries[i].stamp);
    text += "\r\n";
    text += fragments[i]->after_stamp;
  }
  text += kEnd;

  if (keep && !misses.empty()) {
    const std::lock_guard<std::mutex> lock(fragments_mutex_);
    for (const auto i : misses) {
      if (fragments_.size() >= kMaxCachedEvents) fragments_.clear();
      fragments_.insert_or_assign(std::move(keys[i]), fragments[i]);
    }
  }
  return text;
}

}  // namespace brobygger::calendar
