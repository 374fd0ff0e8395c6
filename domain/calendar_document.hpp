#pragma once
// What a calendar file says, in the domain's words. adapters/calendar/ turns it into iCalendar text with
// libical (RFC 5545, iTIP RFC 5546); the domain never sees the format.
#include <optional>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

enum class CalendarMethod {
  none,     // a download or a subscribed feed: no METHOD, no attendees
  request,  // iTIP REQUEST: an invitation to one attendee (new or updated)
  cancel,   // iTIP CANCEL: the event, or this attendee's place in it, is off
};

enum class EntryStatus { none, confirmed, tentative, cancelled };

struct CalendarPerson {
  std::string email;
  std::string name;
};

struct CalendarAttendee {
  CalendarPerson person;
  bool accepted = true;  // PARTSTAT=ACCEPTED, else NEEDS-ACTION
  bool rsvp = false;
};

struct CalendarEntry {
  std::string uid;  // stable forever for the same event (or series)
  int sequence = 0;
  Timestamp stamp{};  // DTSTAMP: when this file was made
  Timestamp starts_at{};
  Timestamp ends_at{};
  bool all_day = false;  // then starts/ends are local midnights; DTEND exclusive
  std::string summary;
  std::optional<std::string> description;
  std::optional<std::string> location;
  std::optional<std::string> url;
  EntryStatus status = EntryStatus::none;
  std::optional<CalendarPerson> organizer;
  std::vector<CalendarAttendee> attendees;
  Timestamp last_modified{};
  // Recurrence (series): the rule as stored (wall-clock, UNTIL as given); the writer renders UNTIL
  // in UTC as RFC 5545 requires with a TZID'd DTSTART.
  std::optional<std::string> rrule;
  std::vector<Timestamp> exdates;          // rule occurrences that do not happen
  std::optional<Timestamp> recurrence_id;  // this entry overrides the rule occurrence starting then
};

struct CalendarDocument {
  CalendarMethod method = CalendarMethod::none;
  std::optional<std::string> name;  // shown by clients for subscribed feeds
  std::vector<CalendarEntry> entries;
};

// A written calendar and where each DTSTAMP value starts in it (all of one width): a caller that keeps the
// text puts in the time each copy is served.
struct WrittenCalendar {
  std::string text;
  std::vector<std::size_t> stamps;
};

class CalendarWriter {
 public:
  virtual ~CalendarWriter() = default;
  virtual std::string write(const CalendarDocument& document) const = 0;
  virtual WrittenCalendar writeStamped(const CalendarDocument& document) const = 0;
};

}  // namespace brobygger::domain
