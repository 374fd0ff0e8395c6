#include "domain/policy.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "domain/error.hpp"

namespace brobygger::domain {

namespace {

constexpr Grant D = Grant::deny;
constexpr Grant O = Grant::own;
constexpr Grant A = Grant::all;

using G = std::array<Grant, 4>;  // admin, officer, manager, partner
constexpr G kEveryone{A, A, A, A};
constexpr G kEveryoneOwn{A, A, A, O};         // partners: their own organisation / events open to them
constexpr G kStaff{A, A, D, D};               // admins and officers
constexpr G kStaffAndPartnerOwn{A, A, D, O};  // people: managers see aggregates, not people
constexpr G kStaffAndManagers{A, A, A, D};
constexpr G kAdmin{A, D, D, D};
constexpr G kStaffOwn{A, O, D, D};  // administrators any, officers their own

constexpr std::string_view kPeople = "Managers see aggregates, not people";
constexpr std::string_view kPlanEvents = "Only officers and administrators plan events";
constexpr std::string_view kPlanSeries = "Only officers and administrators plan series";
constexpr std::string_view kUsers = "Only administrators manage users";
constexpr std::string_view kOutreach = "The dialogue log and follow-ups are for officers and administrators";
constexpr std::string_view kAuthor = "Only the officer who logged an activity, or an administrator, may change it";
constexpr std::string_view kRegister = "Only officers and administrators may change the register";
constexpr std::string_view kImports = "Only officers and administrators import into the register";
constexpr std::string_view kImportOwner = "Only the officer who uploaded an import, or an administrator, may use it";

// THE TABLE. Columns: action, code, anonymous, grants (admin, officer, manager, partner), districts,
// conceal (resource first), the reason a denied role is given.
std::vector<PolicyRule> buildTable() {
  using enum Action;
  using Z = Districts;
  std::vector<PolicyRule> rules{
      {login, "session.login", true, kEveryone, Z::any, false, ""},
      {logout, "session.logout", false, kEveryone, Z::any, false, ""},
      {read_self, "session.read_self", false, kEveryone, Z::any, false, ""},
      {change_own_password, "session.change_password", false, kEveryone, Z::any, false, ""},
      {health, "operations.health", true, kEveryone, Z::any, false, ""},
      {read_reference, "reference.read", false, kEveryone, Z::any, false, ""},

      {list_users, "user.list", false, kAdmin, Z::any, false, kUsers},
      {read_user, "user.read", false, kAdmin, Z::any, false, kUsers},
      {create_user, "user.create", false, kAdmin, Z::any, false, kUsers},
      {update_user, "user.update", false, kAdmin, Z::any, false, kUsers},
      {revoke_user_sessions, "user.revoke_sessions", false, kAdmin, Z::any, false, kUsers},

      {list_organisations, "organisation.list", false, kEveryoneOwn, Z::scoped, false, ""},
      {read_organisation, "organisation.read", false, kEveryoneOwn, Z::scoped, false, ""},
      {create_organisation, "organisation.create", false, kStaff, Z::scoped, false,
       "Only officers and administrators may add organisations"},
      // A partner may change its own organisation's name, address and website (the service says which).
      {update_organisation,
       "organisation.update",
       false,
       {A, A, D, O},
       Z::scoped,
       false,
       "Managers read the register but do not change it"},
      {archive_organisation, "organisation.archive", false, kStaff, Z::scoped, true, kRegister},
      {erase_organisation_contacts, "organisation.erase_contacts", false, kAdmin, Z::scoped, false,
       "Only an administrator erases people"},

      {list_contacts, "contact.list", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {read_contact, "contact.read", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {create_contact, "contact.create", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {update_contact, "contact.update", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {archive_contact, "contact.archive", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {export_contact, "contact.export", false, kStaff, Z::scoped, false,
       "Exports of personal data are made by the unit's staff"},
      {erase_contact, "contact.erase", false, kAdmin, Z::scoped, false, "Only an administrator erases a person"},

      {list_events, "event.list", false, kEveryoneOwn, Z::scoped, false, ""},
      {read_event, "event.read", false, kEveryoneOwn, Z::scoped, false, ""},
      {create_event, "event.create", false, kStaff, Z::scoped, false, kPlanEvents},
      {update_event, "event.update", false, kStaff, Z::scoped, true, kPlanEvents},
      {publish_event, "event.publish", false, kStaff, Z::scoped, true, kPlanEvents},
      {cancel_event, "event.cancel", false, kStaff, Z::scoped, true, kPlanEvents},
      {close_event, "event.close", false, kStaff, Z::scoped, true, kPlanEvents},

      {list_registrations, "registration.list", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {register_people, "registration.create", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {export_attendance, "registration.export_attendance", false, kStaff, Z::scoped, true,
       "The attendance list is for officers"},
      {read_registration, "registration.read", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {cancel_registration, "registration.cancel", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {check_in, "registration.check_in", false, kStaff, Z::scoped, true, "Only officers check people in"},
      {substitute, "registration.substitute", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {read_registration_history, "registration.history", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},

      // Series are planned nationally; their occurrences, being events, are scoped.
      {list_series, "series.list", false, kStaffAndManagers, Z::any, false, "Series are planned by officers"},
      {read_series, "series.read", false, kStaffAndManagers, Z::any, false, "Series are planned by officers"},
      {create_series, "series.create", false, kStaff, Z::any, false, kPlanSeries},
      {update_series, "series.update", false, kStaff, Z::any, false, kPlanSeries},
      {cancel_series, "series.cancel", false, kStaff, Z::any, false, kPlanSeries},
      {read_series_attendance, "series.attendance", false, kStaffAndManagers, Z::any, false,
       "Series are planned by officers"},

      {download_event_calendar, "calendar.event", false, kEveryoneOwn, Z::scoped, false, ""},
      {download_invitation, "calendar.invitation", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      // The token in the URL is the only credential.
      {read_feed, "calendar.feed", true, kEveryone, Z::any, false, ""},
      {rotate_own_feed,
       "calendar.rotate_own_feed",
       false,
       {A, A, D, A},
       Z::any,
       false,
       "Managers have no calendar feeds"},
      {read_contact_feed, "calendar.contact_feed", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {rotate_contact_feed, "calendar.rotate_contact_feed", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {read_organisation_feed, "calendar.organisation_feed", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {rotate_organisation_feed, "calendar.rotate_organisation_feed", false, kStaffAndPartnerOwn, Z::scoped, false,
       kPeople},

      // The outbox names people of every district.
      {read_outbox, "outbox.read", false, kStaff, Z::national, false, "The outbox is for officers"},
      {read_reports, "report.read", false, kStaffAndManagers, Z::scoped, false,
       "Overviews are for the unit's staff and management"},
      {read_audit, "audit.read", false, kAdmin, Z::any, false, "The audit trail is for administrators"},

      // Notes are the most sensitive text here: the unit's staff only, within an officer's districts.
      {list_activities, "activity.list", false, kStaff, Z::scoped, false, kOutreach},
      {read_activity, "activity.read", false, kStaff, Z::scoped, false, kOutreach},
      {create_activity, "activity.create", false, kStaff, Z::scoped, false, kOutreach},
      {update_activity, "activity.update", false, kStaffOwn, Z::scoped, false, kAuthor},
      {delete_activity, "activity.delete", false, kStaffOwn, Z::scoped, false, kAuthor},
      {log_event_activities, "activity.log_event", false, kStaff, Z::scoped, false, kOutreach},
      {list_follow_ups, "follow_up.list", false, kStaff, Z::scoped, false, kOutreach},
      {read_follow_up, "follow_up.read", false, kStaff, Z::scoped, false, kOutreach},
      {create_follow_up, "follow_up.create", false, kStaff, Z::scoped, false, kOutreach},
      {update_follow_up, "follow_up.update", false, kStaff, Z::scoped, false, kOutreach},
      {delete_follow_up, "follow_up.delete", false, kStaffOwn, Z::scoped, false,
       "Only its author, its assignee or an administrator may delete a follow-up"},
      // Partners see their own organisation's participation, never activities or follow-ups.
      {read_organisation_timeline, "organisation.timeline", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {read_contact_timeline, "contact.timeline", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {read_my_work, "outreach.my_work", false, kStaff, Z::scoped, false, kOutreach},
      // Who can hold work (responsible officer, assignee): names only, for the unit's staff and management.
      {list_staff, "user.staff", false, kStaffAndManagers, Z::any, false, "The staff directory is for the unit"},

      // Imports write the register: staff only; a district-limited officer only into its districts (the
      // service refuses rows outside them); an import is used by the officer who uploaded it or an admin.
      {create_import, "import.create", false, kStaff, Z::scoped, false, kImports},
      {read_import, "import.read", false, kStaffOwn, Z::scoped, false, kImportOwner},
      {update_import, "import.update", false, kStaffOwn, Z::scoped, false, kImportOwner},
      {commit_import, "import.commit", false, kStaffOwn, Z::scoped, false, kImportOwner},
      {list_organisation_duplicates, "organisation.duplicates", false, kStaff, Z::scoped, false, kRegister},
      {list_contact_duplicates, "contact.duplicates", false, kStaff, Z::scoped, false, kRegister},
      {merge_organisations, "organisation.merge", false, kStaff, Z::scoped, false, kRegister},
      {merge_contacts, "contact.merge", false, kStaff, Z::scoped, false, kRegister},
      {list_merges, "merge.list", false, kStaff, Z::scoped, false, kRegister},
      {undo_merge, "merge.undo", false, kStaff, Z::scoped, false, kRegister},
      // Writing to an event's people (and reading what was written): staff, within their districts; a
      // partner learns nothing of an event it cannot see (404).
      {send_event_message, "event.message.send", false, kStaff, Z::scoped, true, kPlanEvents},
      {read_event_messages, "event.message.list", false, kStaff, Z::scoped, true, kPlanEvents},
      // Sending a failed message again: as the outbox, it names people of every district.
      {resend_outbox, "outbox.resend", false, kStaff, Z::national, false, "The outbox is for officers"},
      // Announcements: staff; a district-limited officer writes only within its districts (the service
      // narrows the segment), and the record of what was sent holds no personal data.
      {send_announcement, "announcement.send", false, kStaff, Z::scoped, false,
       "Only officers and administrators send announcements"},
      {list_announcements, "announcement.list", false, kStaff, Z::any, false,
       "Only officers and administrators send announcements"},
      // Trainings (issue 16): a person's record and certificates are personal data, read as a contact is
      // (a partner its own people); the overview of people trained is report.read.
      {read_contact_trainings, "contact.trainings", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      {download_certificate, "registration.certificate", false, kStaffAndPartnerOwn, Z::scoped, false, kPeople},
      // The texts of the automatic mail (issue 15 point 5): administrators only. A preview fills one in for
      // a real registration of any district, so reading them is national.
      {read_message_templates, "message_template.read", false, kAdmin, Z::any, false,
       "Only administrators edit the texts of the automatic mail"},
      {update_message_template, "message_template.update", false, kAdmin, Z::any, false,
       "Only administrators edit the texts of the automatic mail"},
      // One's own language and display name (issue 16): every role; role, organisation and districts stay
      // an administrator's (user.update).
      {update_self, "session.update_self", false, kEveryone, Z::any, false, ""},
  };
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (static_cast<std::size_t>(rules[i].action) != i)
      throw std::logic_error("policy table out of order at " + std::string(rules[i].code));
  if (rules.size() != static_cast<std::size_t>(kLastAction) + 1) throw std::logic_error("policy table incomplete");
  return rules;
}

std::size_t column(Role role) noexcept {
  switch (role) {
    case Role::admin: return 0;
    case Role::officer: return 1;
    case Role::manager: return 2;
    case Role::partner: return 3;
  }
  return 3;
}

[[noreturn]] void refuse(const PolicyRule& rule) {
  throwForbidden(rule.refusal.empty() ? "Your role may not do this" : std::string(rule.refusal));
}

// Whether the actor could see the resource at all: a partner only its own organisation's (unless the
// role is granted every resource), a limited officer only its districts' where the action is scoped.
bool withinReach(const Actor& actor, const PolicyRule& rule, const Reach& reach) noexcept {
  if (actor.isPartner() && rule.grants[column(actor.role)] != Grant::all &&
      (!actor.organisation_id || reach.organisation_id != actor.organisation_id))
    return false;
  if (rule.districts == Districts::scoped && actor.limitedToDistricts())
    return actor.coversDistrict(reach.police_district_id);
  return true;
}

}  // namespace

const std::vector<PolicyRule>& policyTable() {
  static const std::vector<PolicyRule> table = buildTable();
  return table;
}

const PolicyRule& ruleFor(Action action) { return policyTable().at(static_cast<std::size_t>(action)); }

const char* toString(Action action) noexcept { return ruleFor(action).code.data(); }

const char* toString(Grant grant) noexcept {
  switch (grant) {
    case Grant::deny: return "deny";
    case Grant::own: return "own";
    case Grant::all: return "all";
  }
  return "deny";
}

const char* toString(Districts districts) noexcept {
  switch (districts) {
    case Districts::scoped: return "scoped";
    case Districts::national: return "national";
    case Districts::any: return "any";
  }
  return "any";
}

Grant grantOf(const Actor& actor, Action action) noexcept { return ruleFor(action).grants[column(actor.role)]; }

bool permits(const Actor& actor, Action action) noexcept {
  const auto& rule = ruleFor(action);
  if (rule.grants[column(actor.role)] == Grant::deny) return false;
  return !(rule.districts == Districts::national && actor.limitedToDistricts());
}

void authorize(const Actor& actor, Action action) {
  if (!permits(actor, action)) refuse(ruleFor(action));
}

void authorizeUnlessConcealed(const Actor& actor, Action action) {
  if (!ruleFor(action).conceal) authorize(actor, action);
}

bool reaches(const Actor& actor, Action action, const Reach& reach) noexcept {
  return withinReach(actor, ruleFor(action), reach);
}

void authorizeOn(const Actor& actor, Action action, const Reach& reach, const char* what) {
  const auto& rule = ruleFor(action);
  // A concealed rule: only a caller who could see the resource learns that it exists.
  authorizeUnlessConcealed(actor, action);
  if (!withinReach(actor, rule, reach)) throwNotFound(what);
  authorize(actor, action);
  if (!actor.isPartner() && rule.grants[column(actor.role)] == Grant::own &&
      std::find(reach.owners.begin(), reach.owners.end(), actor.user_id) == reach.owners.end())
    refuse(rule);
}

}  // namespace brobygger::domain
