#pragma once
// Outreach between events: the dialogue log (activities) and follow-ups. See docs/outreach.md.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date_time.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

// A visit, a call, a meeting ... with one organisation, naming some of its people.
struct Activity {
  Id id = 0;
  std::string kind;  // an activity kind's code (reference data)
  Timestamp occurred_at{};
  Id organisation_id = 0;
  int police_district_id = 0;   // the organisation's, copied when logged or moved (need-to-know scoping)
  std::vector<Id> contact_ids;  // people of that organisation, ascending
  std::optional<Id> event_id;
  Id user_id = 0;                             // the officer who had the dialogue
  std::string subject;                        // one line, 1-200 characters
  std::string notes;                          // up to 10,000 characters; emptied by retention
  std::optional<Timestamp> notes_cleared_at;  // when retention emptied the notes
  Id created_by = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
  int version = 1;
};

struct NewActivity {
  std::string kind;
  Timestamp occurred_at{};
  Id organisation_id = 0;
  std::vector<Id> contact_ids;
  std::optional<Id> event_id;
  std::optional<Id> user_id;  // default: the caller
  std::string subject;
  std::string notes;
};

struct ActivityChanges {
  Change<std::string> kind;
  Change<Timestamp> occurred_at;
  Change<Id> organisation_id;
  Change<std::vector<Id>> contact_ids;
  Change<std::optional<Id>> event_id;
  Change<Id> user_id;
  Change<std::string> subject;
  Change<std::string> notes;
};

struct ActivityQuery {
  std::optional<Id> organisation_id;
  std::optional<Id> contact_id;
  std::optional<Id> user_id;
  std::optional<Id> event_id;
  std::optional<std::string> kind;
  std::optional<int> police_district_id;
  std::optional<Timestamp> from;  // occurred at or after
  std::optional<Timestamp> to;    // occurred before
  std::optional<std::string> q;   // in the subject, case-folded
  PageRequest page;
  std::vector<int> within_districts;  // set by scoping for officers limited to districts
};

enum class FollowUpStatus { open, done, cancelled };
const char* toString(FollowUpStatus status) noexcept;
std::optional<FollowUpStatus> followUpStatusFrom(std::string_view code) noexcept;

// A task with a due date and an assignee. Done and cancelled ones are archived, never deleted by
// their completion.
struct FollowUp {
  Id id = 0;
  Id organisation_id = 0;
  int police_district_id = 0;  // the organisation's
  std::optional<Id> contact_id;
  std::optional<Id> activity_id;
  std::string title;        // one line, 1-200 characters
  LocalDate due_on;         // a Copenhagen date
  Id assigned_user_id = 0;  // an admin or officer
  FollowUpStatus status = FollowUpStatus::open;
  std::optional<Timestamp> done_at;  // when it was done or cancelled
  Id created_by = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
  int version = 1;

  // Open and due before `today` (a Copenhagen date).
  bool overdue(const LocalDate& today) const { return status == FollowUpStatus::open && due_on < today; }
};

struct NewFollowUp {
  Id organisation_id = 0;
  std::optional<Id> contact_id;
  std::optional<Id> activity_id;
  std::string title;
  LocalDate due_on;
  std::optional<Id> assigned_user_id;  // default: the caller
};

struct FollowUpChanges {
  Change<std::optional<Id>> contact_id;
  Change<std::string> title;
  Change<LocalDate> due_on;
  Change<Id> assigned_user_id;
  Change<FollowUpStatus> status;
};

struct FollowUpQuery {
  std::optional<Id> assigned_user_id;
  std::optional<FollowUpStatus> status;
  std::optional<LocalDate> due_before;  // due strictly before
  std::optional<Id> organisation_id;
  std::optional<Id> contact_id;
  std::optional<Id> activity_id;
  std::optional<int> police_district_id;
  PageRequest page;
  std::vector<int> within_districts;  // set by scoping for officers limited to districts
};

}  // namespace brobygger::domain
