#pragma once
// Events (network meetings, seminars, trainings, dialogue meetings), their registrations and the
// recurring series that network meetings come in.
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/contact.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

enum class EventStatus { draft, published, cancelled, completed };
enum class Audience { open, invited };
enum class RegistrationStatus { confirmed, waitlisted, cancelled, attended, no_show };

const char* toString(EventStatus status) noexcept;
std::optional<EventStatus> eventStatusFrom(std::string_view code) noexcept;
const char* toString(Audience audience) noexcept;
std::optional<Audience> audienceFrom(std::string_view code) noexcept;
const char* toString(RegistrationStatus status) noexcept;
std::optional<RegistrationStatus> registrationStatusFrom(std::string_view code) noexcept;

// Reminders: the default lead time and the longest allowed (30 days).
inline constexpr int kDefaultReminderHours = 48;
inline constexpr int kMaxReminderHours = 720;

struct Venue {
  std::optional<std::string> name;
  std::optional<std::string> address;  // may span lines
  std::optional<int> municipality_id;
  bool operator==(const Venue&) const = default;
};

// What an event is about, where and for whom: shared by events and by series (as the defaults of
// their occurrences).
struct EventDetails {
  std::string kind;
  std::string title;  // one line
  std::optional<std::string> description;
  Venue venue;
  std::optional<std::string> online_url;
  Language language = Language::da;
  std::vector<std::string> tags;
  std::optional<Id> organiser_user_id;  // an officer or admin
  std::optional<int> capacity;          // nothing: unlimited
  std::optional<int> per_organisation_quota;
  std::optional<int> police_district_id;  // nothing: derived from the venue's municipality, if any
  // Hours before the start when confirmed people get a reminder (0: none). See OutboxService::queueReminders.
  int reminder_hours = kDefaultReminderHours;
};

struct Event {
  Id id = 0;
  EventDetails details;
  Timestamp starts_at{};
  Timestamp ends_at{};
  bool all_day = false;  // starts and ends at local midnight; ends_at exclusive
  std::optional<Timestamp> registration_opens_at;
  std::optional<Timestamp> registration_closes_at;  // nothing: at the start
  Audience audience = Audience::open;
  std::vector<Id> invited_organisation_ids;
  EventStatus status = EventStatus::draft;
  std::optional<std::string> cancellation_reason;
  std::optional<Id> series_id;
  std::optional<Timestamp> occurrence_start;  // for series occurrences: the start the rule gave it
  bool series_override = false;               // changed on its own: series edits leave it alone
  int revision = 0;                           // rises with every material change once published
  int confirmed = 0;                          // seats taken (confirmed and attended)
  int waitlisted = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
  int version = 1;

  // Registration is open now for partners.
  Timestamp registrationClosesAt() const { return registration_closes_at.value_or(starts_at); }
};

// An event's id and version: every write to its row raises the version (EventRepository::update), except
// the seat counts, which no calendar shows.
struct EventVersion {
  Id id = 0;
  int version = 0;
};

struct NewEvent {
  EventDetails details;
  Timestamp starts_at{};
  Timestamp ends_at{};
  bool all_day = false;
  std::optional<Timestamp> registration_opens_at;
  std::optional<Timestamp> registration_closes_at;
  Audience audience = Audience::open;
  std::vector<Id> invited_organisation_ids;
};

struct EventChanges {
  Change<std::string> kind;
  Change<std::string> title;
  Change<std::optional<std::string>> description;
  Change<Venue> venue;
  Change<std::optional<std::string>> online_url;
  Change<Language> language;
  Change<std::vector<std::string>> tags;
  Change<std::optional<Id>> organiser_user_id;
  Change<std::optional<int>> capacity;
  Change<std::optional<int>> per_organisation_quota;
  Change<std::optional<int>> police_district_id;
  Change<int> reminder_hours;
  Change<Timestamp> starts_at;
  Change<Timestamp> ends_at;
  Change<bool> all_day;
  Change<std::optional<Timestamp>> registration_opens_at;
  Change<std::optional<Timestamp>> registration_closes_at;
  Change<Audience> audience;
  Change<std::vector<Id>> invited_organisation_ids;
};

struct EventQuery {
  std::optional<Timestamp> from;  // events ending at or after
  std::optional<Timestamp> to;    // events starting before
  std::optional<std::string> kind;
  std::optional<EventStatus> status;
  std::optional<int> police_district_id;
  std::optional<Id> series_id;
  std::optional<Id> organiser_user_id;
  std::optional<std::string> q;
  // Set by scoping for partners: not drafts, and open to this organisation.
  std::optional<Id> visible_to_organisation;
  // Set by scoping for officers limited to districts: events there, or organised by `organiser_or`.
  std::vector<int> within_districts;
  std::optional<Id> within_districts_or_organiser;
  bool descending = false;
  PageRequest page;
};

struct Registration {
  Id id = 0;
  Id event_id = 0;
  Id contact_id = 0;
  Id organisation_id = 0;  // the contact's organisation when registered (quota, reports)
  RegistrationStatus status = RegistrationStatus::confirmed;
  Timestamp registered_at{};
  std::optional<Id> registered_by;
  std::optional<Timestamp> cancelled_at;
  std::optional<Id> cancelled_by;
  std::optional<Timestamp> checked_in_at;
  std::optional<Id> checked_in_by;
  Timestamp updated_at{};
  int version = 1;
  // Read model, filled when loaded: the person's current name and the organisation's name.
  std::string contact_name;
  bool contact_has_email = false;  // invitations need an address
  std::string organisation_name;
};

// One step in a registration's life, kept as its history and read by the invitation sender.
struct RegistrationChange {
  Id id = 0;
  Id registration_id = 0;
  Id event_id = 0;
  Timestamp at{};
  std::optional<Id> user_id;  // nothing: the system (e.g. a promotion from the waiting list)
  std::string action;         // registered, waitlisted, promoted, cancelled, substituted, checked_in,
                              // check_in_undone, no_show
  std::optional<RegistrationStatus> from_status;
  std::optional<RegistrationStatus> to_status;
  std::optional<Id> from_contact_id;
  std::optional<Id> to_contact_id;
};

struct RegistrationQuery {
  Id event_id = 0;
  std::optional<RegistrationStatus> status;
  std::optional<Id> organisation_id;  // set by scoping for partners
  PageRequest page;
};

enum class SeriesStatus { active, ended };
const char* toString(SeriesStatus status) noexcept;

struct Series {
  Id id = 0;
  EventDetails details;
  std::string rrule;
  LocalDateTime first_start;  // wall clock of the first occurrence
  int duration_minutes = 60;
  std::vector<Id> roster_organisation_ids;
  SeriesStatus status = SeriesStatus::active;
  LocalDateTime materialised_until;  // occurrences exist as events up to here
  Timestamp created_at{};
  Timestamp updated_at{};
  int version = 1;
};

struct NewSeries {
  EventDetails details;
  std::string rrule;
  Timestamp starts_at{};  // the first occurrence
  Timestamp ends_at{};
  std::vector<Id> roster_organisation_ids;
  bool publish = true;  // occurrences are announced (published) as they are created
};

struct SeriesChanges {
  std::optional<Id> from_event_id;  // apply to this occurrence and the later ones (else all future ones)
  Change<std::string> title;
  Change<std::optional<std::string>> description;
  Change<Venue> venue;
  Change<std::optional<std::string>> online_url;
  Change<std::optional<int>> capacity;
  Change<std::optional<int>> per_organisation_quota;
  Change<std::optional<Id>> organiser_user_id;
  Change<std::vector<Id>> roster_organisation_ids;
  Change<unsigned> start_hour;  // a new wall-clock time of day for the occurrences
  Change<unsigned> start_minute;
  Change<int> duration_minutes;
  Change<int> reminder_hours;
};

// Continuity of a series: for each roster member, how many held occurrences it attended.
struct SeriesAttendance {
  Id organisation_id = 0;
  int occurrences_held = 0;
  int occurrences_attended = 0;
};

}  // namespace brobygger::domain
