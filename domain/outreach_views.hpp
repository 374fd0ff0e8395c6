#pragma once
// The values of the outreach views (docs/outreach.md): an organisation's or a person's timeline, and
// an officer's "My work". Storage hands over the newest N items of each source; OutreachViewService
// (outreach_view_service.hpp) merges, pages, scopes and audits.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date_time.hpp"
#include "domain/event.hpp"
#include "domain/outreach.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

enum class TimelineType : std::uint8_t { activity, registration, follow_up, change };
const char* toString(TimelineType type) noexcept;
std::optional<TimelineType> timelineTypeFrom(std::string_view code) noexcept;
struct TimelineItem;
// A one-line description (English; the web admin words its own from the typed fields).
std::string timelineSummary(const TimelineItem& item);

// One entry of a timeline. `at` orders it: an activity's occurred_at, the registration's event start,
// the follow-up's creation, the change's time in the audit trail. Only the fields of its type are set.
struct TimelineItem {
  Timestamp at{};
  TimelineType type = TimelineType::activity;
  Id id = 0;  // the activity, registration, follow-up or audit entry
  // activity
  std::string kind;
  std::string subject;
  Id user_id = 0;
  std::vector<Id> contact_ids;
  std::optional<Id> event_id;  // also a registration's event
  // registration
  std::string event_title;
  Id contact_id = 0;
  std::string contact_name;
  RegistrationStatus registration_status = RegistrationStatus::confirmed;
  // follow-up
  std::string title;
  LocalDate due_on;
  FollowUpStatus follow_up_status = FollowUpStatus::open;
  Id assigned_user_id = 0;
  std::optional<Id> follow_up_contact_id;
  // change: created, updated, archived, restored, merged, responsible_changed, erased, deleted
  std::string what;
  std::vector<std::string> fields;  // the names of the fields a change touched
  std::optional<Id> changed_by;
};

// Whose timeline: an organisation's or one person's.
enum class TimelineSubject : std::uint8_t { organisation, contact };

// Each source's newest items (at most the number asked for, newest first) and how many it holds.
struct TimelineSource {
  std::vector<TimelineItem> items;
  int total = 0;
};

struct TimelineQuery {
  std::vector<TimelineType> types;  // empty: every type the caller may see
  PageRequest page;
};

struct Timeline {
  Page<TimelineItem> page;
  LocalDate today;  // what a follow-up's `overdue` is measured against
};

// "My work": an officer's start page.
struct MyWorkQuery {
  int months = 6;  // "not reached": no attendance and no activity for this long
  int limit = 10;  // items per list
};

struct WorkFollowUp {
  Id id = 0;
  Id organisation_id = 0;
  std::string organisation_name;
  std::optional<Id> contact_id;
  std::string title;
  LocalDate due_on;
};

struct WorkOrganisation {
  Id id = 0;
  std::string name;
  std::string kind;
  int police_district_id = 0;
  std::optional<Timestamp> last_activity_at;
  std::optional<Timestamp> last_attended_at;
  int open_follow_ups = 0;
};

struct WorkActivity {
  Id id = 0;
  Timestamp occurred_at{};
  std::string kind;
  std::string subject;
  Id organisation_id = 0;
  std::string organisation_name;
  Id user_id = 0;
};

struct WorkEvent {
  Id id = 0;
  std::string title;
  std::string kind;
  std::string status;
  Timestamp starts_at{};
  std::optional<int> police_district_id;
  int registered = 0;  // seats held: confirmed, attended or no-show
  int attended = 0;
};

struct MyWork {
  LocalDate today;
  int months = 6;
  LocalDate not_reached_since;
  LocalDate week_starts_on;        // Monday of this week (Copenhagen)
  Page<WorkFollowUp> overdue;      // mine, open, due before today: the longest overdue first
  Page<WorkFollowUp> open;         // mine, open, due today or later: the soonest first
  Page<WorkOrganisation> dormant;  // mine, active, neither attended nor in dialogue since the cutoff
  Page<WorkActivity> activities;   // this week (Monday to Sunday) in my districts, newest first
  Page<WorkEvent> events;          // starting this week in my districts, soonest first
  bool national = true;            // "my districts" is everywhere
};

}  // namespace brobygger::domain
