#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/calendar_document.hpp"

struct icalcomponent_impl;  // libical's icalcomponent; <libical/ical.h> stays in the .cpp

namespace brobygger::calendar {

// A domain::CalendarDocument as an iCalendar file (RFC 5545; iTIP RFC 5546 for REQUEST and CANCEL), built
// and serialised with libical's C API; the rules it keeps are ../shared/CALENDAR-RULES.md.
//
// - Timed values are written as Copenhagen wall-clock times with TZID=Europe/Copenhagen, and the file then
//   carries one VTIMEZONE for that plain TZID: libical's builtin zone (from the system's tzdata), cloned,
//   truncated to start in 2000 (earlier if the document reaches further back), its TZID rewritten from
//   libical's "/freeassociation.sourceforge.net/" form, and its transitions merged into one yearly
//   DAYLIGHT and one yearly STANDARD rule (libical splits them at 2037 and adds a non-changing first
//   observance, which Outlook-style readers that expect one rule of each kind misread).
// - All-day entries: VALUE=DATE, DTEND exclusive; the domain's local midnights are turned into dates with
//   the TimeZone. RECURRENCE-ID and EXDATE take the type (and zone) of the series' DTSTART.
// - RRULE: the stored wall-clock rule with UNTIL rewritten as RFC 5545 requires: to UTC (Z) for a timed
//   series (a date UNTIL means the whole local day, a floating one is Copenhagen wall clock, as
//   LibicalRecurrence reads them), to a date for an all-day series.
// - METHOD:REQUEST / CANCEL only for those methods. Downloads and feeds (method none) get neither METHOD
//   nor ORGANIZER nor ATTENDEE, so no client reads them as an invitation.
// - CN: a double quote becomes a single quote and control characters become spaces (a parameter value
//   cannot carry either); libical puts values with , ; : in double quotes.
//
// write() throws std::invalid_argument for a document that would break the rules: a REQUEST or CANCEL
// without an ORGANIZER or an ATTENDEE, or with the organiser as attendee; a REQUEST with STATUS:CANCELLED;
// an end before the start; an all-day entry not on local midnights or shorter than a day; the same
// UID (and RECURRENCE-ID) twice; an RRULE libical cannot read.
//
// Thread-safe: the prepared VTIMEZONE is only cloned, libical's builtin zones are loaded under a lock.
//
// Speed (feeds of thousands of events): the VEVENTs of downloads and feeds (method none) are kept as text,
// keyed by everything they are written from but DTSTAMP, which is put in as each file is written; the file
// is the same, byte for byte, as one built whole. A feed's first fetch after a change builds only the
// changed events with libical. Bounded: at kMaxCachedEvents the kept text starts over.
class IcsWriter final : public domain::CalendarWriter {
 public:
  static constexpr const char* kDefaultProductId = "-//Brobygger//Brobygger 0.1//DA";
  static constexpr const char* kTimeZoneId = "Europe/Copenhagen";

  // `zone` must outlive this object. Throws std::runtime_error when libical has no Europe/Copenhagen
  // (the tzdata package is missing), so that shows at start-up.
  explicit IcsWriter(const domain::TimeZone& zone, std::string productId = kDefaultProductId);
  ~IcsWriter() override;
  IcsWriter(const IcsWriter&) = delete;
  IcsWriter& operator=(const IcsWriter&) = delete;

  std::string write(const domain::CalendarDocument& document) const override;
  domain::WrittenCalendar writeStamped(const domain::CalendarDocument& document) const override;

  static constexpr std::size_t kMaxCachedEvents = 200000;

 private:
  // A VEVENT's text around its DTSTAMP line.
  struct Fragment {
    std::string before_stamp;
    std::string after_stamp;
  };
  static std::string fragmentKey(const domain::CalendarEntry& entry, bool seriesAllDay);
  static std::shared_ptr<const Fragment> splitAtStamp(const std::string& vevent);
  // write() and writeStamped(): `stamps`, when given, gets where each DTSTAMP value starts.
  std::string writeText(const domain::CalendarDocument& document, std::vector<std::size_t>* stamps) const;
  const domain::TimeZone& zone_;
  std::string productId_;
  icalcomponent_impl* vtimezone_;  // the prepared VTIMEZONE from 2000 on, cloned into each file
  mutable std::mutex fragments_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const Fragment>> fragments_;
};

}  // namespace brobygger::calendar
