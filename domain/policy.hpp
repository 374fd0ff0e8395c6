#pragma once
// Who may do what: ONE table, role x action x own/other organisation x police district.
//
// Every use case names its action; services consult the table (authorize, authorizeOn), the HTTP edge
// checks the role before it parses a body (so a forbidden caller learns nothing from validation), the
// authorization-matrix test checks every route against it, and the web admin's `can` is generated from
// it (`brobygger routes --policy --json`). A new use case is a new row here, not a new `if` elsewhere.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/types.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

enum class Action : std::uint8_t {
  // sessions and operations
  login,
  logout,
  read_self,
  change_own_password,
  health,
  read_reference,
  // users
  list_users,
  read_user,
  create_user,
  update_user,
  revoke_user_sessions,
  // the register
  list_organisations,
  read_organisation,
  create_organisation,
  update_organisation,
  archive_organisation,
  erase_organisation_contacts,
  list_contacts,
  read_contact,
  create_contact,
  update_contact,
  archive_contact,
  export_contact,
  erase_contact,
  // events and registrations
  list_events,
  read_event,
  create_event,
  update_event,
  publish_event,
  cancel_event,
  close_event,
  list_registrations,
  register_people,
  export_attendance,
  read_registration,
  cancel_registration,
  check_in,
  substitute,
  read_registration_history,
  // series
  list_series,
  read_series,
  create_series,
  update_series,
  cancel_series,
  read_series_attendance,
  // calendar
  download_event_calendar,
  download_invitation,
  read_feed,
  rotate_own_feed,
  read_contact_feed,
  rotate_contact_feed,
  read_organisation_feed,
  rotate_organisation_feed,
  // mail, overviews, privacy
  read_outbox,
  read_reports,
  read_audit,
  // outreach between events: the dialogue log, follow-ups, timelines and the officer's worklist
  list_activities,
  read_activity,
  create_activity,
  update_activity,
  delete_activity,
  log_event_activities,
  list_follow_ups,
  read_follow_up,
  create_follow_up,
  update_follow_up,
  delete_follow_up,
  read_organisation_timeline,
  read_contact_timeline,
  read_my_work,
  list_staff,
  // bringing a register in and keeping it clean: imports, likely duplicates, merge and unmerge
  create_import,
  read_import,
  update_import,
  commit_import,
  list_organisation_duplicates,
  list_contact_duplicates,
  merge_organisations,
  merge_contacts,
  list_merges,
  undo_merge,
  // messages to an event's people (issue 15)
  send_event_message,
  read_event_messages,
  // issue 15, the rest: a failed message sent again, announcements to a segment
  resend_outbox,
  send_announcement,
  list_announcements,
  // trainings for partner authorities (issue 16): a person's training record and certificates
  read_contact_trainings,
  download_certificate,
  // message templates (issue 15 point 5)
  read_message_templates,
  update_message_template,
  // issue 16, the rest: every signed-in user saves their own language (and display name)
  update_self,
};
// The last action: a new one goes before it or moves this (the table is checked against it).
inline constexpr Action kLastAction = Action::update_self;

// What a role is granted for an action.
enum class Grant : std::uint8_t {
  deny,  // 403
  own,   // only its own: a partner its organisation, its people and the events open to it (others 404);
         // an officer what it is the author of (an activity it logged, a follow-up it made or holds; others 403)
  all,   // every resource (within an officer's police districts where the action is district-scoped)
};

// How an officer limited to police districts is held.
enum class Districts : std::uint8_t {
  scoped,    // only resources of organisations (or events) in its districts; others 404
  national,  // the action spans every district: a limited officer is refused (403)
  any,       // not about places (reference data, users, series planned nationally)
};

struct PolicyRule {
  Action action;
  std::string_view code;        // "contact.read": how the table is printed and how the web admin names it
  bool anonymous;               // callable without a session (the caller proves nothing, or holds a token)
  std::array<Grant, 4> grants;  // admin, officer, manager, partner
  Districts districts;
  // Resource first: a partner denied the action still gets 404 for what it cannot see, so the role is
  // checked only after the resource has been found visible (the HTTP edge does not check it early).
  bool conceal;
  std::string_view refusal;  // the 403's detail for a denied role
};

// Every rule, in the order of the enum.
const std::vector<PolicyRule>& policyTable();
const PolicyRule& ruleFor(Action action);
const char* toString(Action action) noexcept;
const char* toString(Grant grant) noexcept;
const char* toString(Districts districts) noexcept;

Grant grantOf(const Actor& actor, Action action) noexcept;
// Whether the role may do the action at all (on something of its own, at least).
bool permits(const Actor& actor, Action action) noexcept;

// The role check: 403 with the rule's reason when the role is denied, or when the action spans the
// country and the officer is limited to districts.
void authorize(const Actor& actor, Action action);

// The role check that may run before the resource is read: every rule's but a concealed one's (for
// those, `authorize` runs once the resource has been found visible, so what is hidden stays a 404).
void authorizeUnlessConcealed(const Actor& actor, Action action);

// Where a resource lies: its organisation and police district (either may be unknown).
struct Reach {
  std::optional<Id> organisation_id;
  std::optional<int> police_district_id;
  // The users whose own the resource is (an activity's officer; a follow-up's author and assignee),
  // for a staff role granted `own`.
  std::vector<Id> owners{};
};

// Whether a resource lies within the actor's reach for the action (the partner's own organisation,
// the officer's districts). A partner's `own` needs the organisation to be its own.
bool reaches(const Actor& actor, Action action, const Reach& reach) noexcept;

// The role check and then the reach: 404 naming `what` when the resource lies outside it. For a
// concealed rule the reach is checked first, so a denied partner gets 404 for what it cannot see.
// A staff role granted only `own` then needs to be one of the reach's owners (else 403).
void authorizeOn(const Actor& actor, Action action, const Reach& reach, const char* what);

}  // namespace brobygger::domain
