#include "domain/outreach_service.hpp"
#include "domain/audit_service.hpp"
#include "domain/write.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/event_services.hpp"
#include "domain/validation.hpp"

namespace brobygger::domain {

namespace {

std::string idList(const std::vector<Id>& ids) {
  std::string out;
  for (const auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

std::optional<std::string> idText(const std::optional<Id>& id) {
  return id ? std::optional<std::string>(std::to_string(*id)) : std::nullopt;
}

// What an activity write changed. Subjects and notes may name people: the trail records that they
// changed, not what they say.
std::vector<FieldChange> activityChanges(const Activity* before, const Activity& after, const TimeZone& zone) {
  std::vector<FieldChange> changes;
  const Activity blank;
  const Activity& b = before ? *before : blank;
  noteChange(changes, "kind", before ? std::optional(b.kind) : std::nullopt, after.kind);
  noteChange(changes, "occurred_at", before ? std::optional(formatIsoTimestamp(b.occurred_at, zone)) : std::nullopt,
             formatIsoTimestamp(after.occurred_at, zone));
  noteChange(changes, "organisation_id", before ? idText(b.organisation_id) : std::nullopt,
             std::to_string(after.organisation_id));
  noteChange(changes, "contact_ids", idList(b.contact_ids), idList(after.contact_ids));
  noteChange(changes, "event_id", idText(b.event_id), idText(after.event_id));
  noteChange(changes, "user_id", before ? idText(b.user_id) : std::nullopt, std::to_string(after.user_id));
  noteChange(changes, "subject", before ? std::optional(b.subject) : std::nullopt, after.subject, true);
  noteChange(changes, "notes", before ? std::optional(b.notes) : std::nullopt,
             after.notes.empty() && !before ? std::nullopt : std::optional(after.notes), true);
  return changes;
}

std::vector<FieldChange> followUpChanges(const FollowUp* before, const FollowUp& after) {
  std::vector<FieldChange> changes;
  const FollowUp blank;
  const FollowUp& b = before ? *before : blank;
  noteChange(changes, "organisation_id", before ? idText(b.organisation_id) : std::nullopt,
             std::to_string(after.organisation_id));
  noteChange(changes, "contact_id", idText(b.contact_id), idText(after.contact_id));
  noteChange(changes, "activity_id", idText(b.activity_id), idText(after.activity_id));
  noteChange(changes, "title", before ? std::optional(b.title) : std::nullopt, after.title, true);
  noteChange(changes, "due_on", before ? std::optional(b.due_on.iso()) : std::nullopt, after.due_on.iso());
  noteChange(changes, "assigned_user_id", before ? idText(b.assigned_user_id) : std::nullopt,
             std::to_string(after.assigned_user_id));
  noteChange(changes, "status", before ? std::optional<std::string>(toString(b.status)) : std::nullopt,
             toString(after.status));
  return changes;
}

Reach reachOf(const Activity& a) { return {a.organisation_id, a.police_district_id, {a.user_id, a.created_by}}; }
Reach reachOf(const FollowUp& f) {
  return {f.organisation_id, f.police_district_id, {f.created_by, f.assigned_user_id}};
}

// An admin or officer who may hold the work (not disabled).
bool isStaffUser(UnitOfWork& uow, Id id) {
  const auto user = uow.users().find(id);
  return user && user->status == UserStatus::active && (user->role == Role::admin || user->role == Role::officer);
}

// The organisation the record is about: known and within the actor's reach, else a field error.
std::optional<Organisation> organisationFor(UnitOfWork& uow, const Actor& actor, Action action, Id id,
                                            Violations& violations) {
  auto organisation = uow.organisations().find(id);
  if (!organisation || !reaches(actor, action, {id, organisation->police_district_id})) {
    violations.add("organisation_id", "is not an organisation you can see");
    return std::nullopt;
  }
  return organisation;
}

}  // namespace

LocalDate OutreachService::today() const { return zone_.toLocal(clock_.now()).date(); }

// ---- activities ----

Activity OutreachService::visibleActivity(UnitOfWork& uow, const Actor& actor, Id id, Action action) {
  authorize(actor, Action::read_activity);
  const auto found = uow.activities().find(id);
  if (!found) throwNotFound("Activity");
  authorizeOn(actor, Action::read_activity, reachOf(*found), "Activity");
  if (action != Action::read_activity) authorizeOn(actor, action, reachOf(*found), "Activity");
  return *found;
}

void OutreachService::validate(UnitOfWork& uow, const Actor& actor, Activity& a, const Activity* before) {
  Violations violations;
  if (!catalog_.hasActivityKind(a.kind)) violations.add("kind", "is not a known activity kind");
  const auto now = clock_.now();
  if (a.occurred_at > now + limits_.max_ahead) violations.add("occurred_at", "may be at most one day ahead");
  a.subject = trim(a.subject);
  checkText(violations, "subject", a.subject, 1, 200);
  checkNoCprNumber(violations, "subject", a.subject);
  checkText(violations, "notes", a.notes, 0, 10000, true);
  checkNoCprNumber(violations, "notes", a.notes);
  const auto action = before ? Action::update_activity : Action::create_activity;
  if (const auto organisation = organisationFor(uow, actor, action, a.organisation_id, violations))
    a.police_district_id = organisation->police_district_id;
  std::sort(a.contact_ids.begin(), a.contact_ids.end());
  a.contact_ids.erase(std::unique(a.contact_ids.begin(), a.contact_ids.end()), a.contact_ids.end());
  if (a.contact_ids.size() > limits_.max_people_per_activity) {
    violations.add("contact_ids", "names more than " + std::to_string(limits_.max_people_per_activity) + " people");
  } else {
    for (const auto contactId : a.contact_ids) {
      const auto contact = uow.contacts().find(contactId);
      if (!contact || contact->organisation_id != a.organisation_id) {
        violations.add("contact_ids", "must be people of the organisation (" + std::to_string(contactId) + " is not)");
        break;
      }
    }
  }
  if (a.event_id && (!before || before->event_id != a.event_id)) {
    const auto event = uow.events().find(*a.event_id);
    if (!event || !EventService::visibleTo(actor, *event)) violations.add("event_id", "is not an event you can see");
  }
  if (!before || before->user_id != a.user_id) {
    if (!isStaffUser(uow, a.user_id)) violations.add("user_id", "must be an active officer or administrator");
  }
  violations.throwIfAny();
}

Page<Activity> OutreachService::listActivities(const Actor& actor, ActivityQuery query) {
  authorize(actor, Action::list_activities);
  query.within_districts = actor.police_district_ids;
  return write(store_, [&](UnitOfWork& uow) {
    auto page = uow.activities().list(query);
    // Reading notes is reading personal data: one entry for the page, naming the people in it.
    std::set<Id> people;
    for (const auto& a : page.items) people.insert(a.contact_ids.begin(), a.contact_ids.end());
    if (!page.items.empty()) {
      uow.audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "activity", std::nullopt,
                                    {people.begin(), people.end()}));
    }
    uow.commit();
    return page;
  });
}

std::int64_t OutreachService::exportActivities(const Actor& actor, ActivityQuery query,
                                               const RowBatches<Activity>& sink) {
  authorize(actor, Action::list_activities);
  query.within_districts = actor.police_district_ids;
  // Like every other export: it streams to the client as it reads, so it is never run twice, and its
  // one write (the audit entry, after the rows) needs no transaction of its own.
  auto uow = store_.begin(Access::read);
  std::set<Id> people;
  const auto rows = readAllPages<Activity>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->activities().list(query);
      },
      [&](const std::vector<Activity>& batch) {
        for (const auto& a : batch) people.insert(a.contact_ids.begin(), a.contact_ids.end());
        sink(batch);
      });
  if (rows > 0) recordExport(uow->audit(), actor, clock_.now(), "activity", std::nullopt, people);
  return rows;
}

Activity OutreachService::getActivity(const Actor& actor, Id id) {
  return write(store_, [&](UnitOfWork& uow) {
    auto activity = visibleActivity(uow, actor, id, Action::read_activity);
    uow.audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "activity", id, activity.contact_ids));
    uow.commit();
    return activity;
  });
}

Activity OutreachService::createActivity(const Actor& actor, NewActivity input) {
  authorize(actor, Action::create_activity);
  Activity a;
  a.kind = std::move(input.kind);
  a.occurred_at = input.occurred_at;
  a.organisation_id = input.organisation_id;
  a.contact_ids = std::move(input.contact_ids);
  a.event_id = input.event_id;
  a.user_id = input.user_id.value_or(actor.user_id);
  a.subject = std::move(input.subject);
  a.notes = std::move(input.notes);
  a.created_by = actor.user_id;
  a.created_at = a.updated_at = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    validate(uow, actor, a, nullptr);
    a.id = uow.activities().insert(a);
    uow.audit().record(auditEntry(&actor, a.created_at, AuditAction::create, "activity", a.id, a.contact_ids,
                                  activityChanges(nullptr, a, zone_)));
    uow.commit();
    return a;
  });
}

Activity OutreachService::updateActivity(const Actor& actor, Id id, const ActivityChanges& changes,
                                         std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto a = visibleActivity(uow, actor, id, Action::update_activity);
    if (expectedVersion && *expectedVersion != a.version)
      throw DomainError(ErrorCode::precondition_failed, "The activity was changed by someone else; reload it");
    const auto before = a;
    if (changes.kind) a.kind = *changes.kind;
    if (changes.occurred_at) a.occurred_at = *changes.occurred_at;
    if (changes.organisation_id) a.organisation_id = *changes.organisation_id;
    if (changes.contact_ids) a.contact_ids = *changes.contact_ids;
    if (changes.event_id) a.event_id = *changes.event_id;
    if (changes.user_id) a.user_id = *changes.user_id;
    if (changes.subject) a.subject = *changes.subject;
    if (changes.notes) a.notes = *changes.notes;
    // Moving an activity to another organisation without naming its people anew would keep people of
    // the old one: they are checked against the new organisation like any others.
    validate(uow, actor, a, &before);
    a.updated_at = clock_.now();
    if (!uow.activities().update(a, before.version))
      throw DomainError(ErrorCode::precondition_failed, "The activity was changed by someone else; reload it");
    std::set<Id> people(before.contact_ids.begin(), before.contact_ids.end());
    people.insert(a.contact_ids.begin(), a.contact_ids.end());
    uow.audit().record(auditEntry(&actor, a.updated_at, AuditAction::update, "activity", a.id,
                                  {people.begin(), people.end()}, activityChanges(&before, a, zone_)));
    uow.commit();
    a.version = before.version + 1;
    return a;
  });
}

void OutreachService::deleteActivity(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    const auto a = visibleActivity(uow, actor, id, Action::delete_activity);
    if (expectedVersion && *expectedVersion != a.version)
      throw DomainError(ErrorCode::precondition_failed, "The activity was changed by someone else; reload it");
    uow.activities().remove(id);
    uow.audit().record(auditEntry(&actor, clock_.now(), AuditAction::delete_, "activity", id, a.contact_ids));
    uow.commit();
  });
}

EventActivityResult OutreachService::logEventActivities(const Actor& actor, Id eventId, EventActivityInput input) {
  authorize(actor, Action::log_event_activities);
  return write(store_, [&](UnitOfWork& uow) {
    const auto event = uow.events().find(eventId);
    if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Event");
    const auto now = clock_.now();
    if (event->starts_at > now) throwInvalid("event_id", "has not taken place yet");
    // The people who attended, by organisation.
    std::map<Id, std::vector<Id>> attendees;
    for (const auto& r : uow.registrations().withStatus(eventId, RegistrationStatus::attended))
      attendees[r.organisation_id].push_back(r.contact_id);
    EventActivityResult result;
    const auto subject = trim(input.subject);
    for (const auto& [organisationId, people] : attendees) {
      const auto organisation = uow.organisations().find(organisationId);
      if (!organisation) continue;
      if (!reaches(actor, Action::create_activity, {organisationId, organisation->police_district_id})) {
        ++result.skipped_outside_districts;
        continue;
      }
      // Pressing the button twice logs nothing twice.
      ActivityQuery already;
      already.organisation_id = organisationId;
      already.event_id = eventId;
      already.page.limit = PageRequest::kMaxLimit;
      const auto logged = uow.activities().list(already);
      if (std::any_of(logged.items.begin(), logged.items.end(),
                      [&](const Activity& a) { return a.subject == subject && a.kind == input.kind; })) {
        ++result.skipped_already_logged;
        continue;
      }
      Activity a;
      a.kind = input.kind;
      a.occurred_at = input.occurred_at.value_or(event->starts_at);
      a.organisation_id = organisationId;
      a.contact_ids = people;
      a.event_id = eventId;
      a.user_id = actor.user_id;
      a.subject = subject;
      a.notes = input.notes;
      a.created_by = actor.user_id;
      a.created_at = a.updated_at = now;
      validate(uow, actor, a, nullptr);
      a.id = uow.activities().insert(a);
      uow.audit().record(auditEntry(&actor, now, AuditAction::create, "activity", a.id, a.contact_ids,
                                    activityChanges(nullptr, a, zone_)));
      result.created.push_back(std::move(a));
    }
    if (result.created.empty() && result.skipped_already_logged == 0 && result.skipped_outside_districts == 0) {
      // Still check the input, so a mistake is reported even when nobody attended.
      Violations violations;
      if (!catalog_.hasActivityKind(input.kind)) violations.add("kind", "is not a known activity kind");
      checkText(violations, "subject", subject, 1, 200);
      checkNoCprNumber(violations, "subject", subject);
      checkText(violations, "notes", input.notes, 0, 10000, true);
      checkNoCprNumber(violations, "notes", input.notes);
      violations.throwIfAny();
    }
    uow.commit();
    return result;
  });
}

// ---- follow-ups ----

FollowUp OutreachService::visibleFollowUp(UnitOfWork& uow, const Actor& actor, Id id, Action action) {
  authorize(actor, Action::read_follow_up);
  const auto found = uow.followUps().find(id);
  if (!found) throwNotFound("Follow-up");
  authorizeOn(actor, Action::read_follow_up, reachOf(*found), "Follow-up");
  if (action != Action::read_follow_up) authorizeOn(actor, action, reachOf(*found), "Follow-up");
  return *found;
}

void OutreachService::validate(UnitOfWork& uow, const Actor& actor, FollowUp& f, const FollowUp* before) {
  Violations violations;
  f.title = trim(f.title);
  checkText(violations, "title", f.title, 1, 200);
  checkNoCprNumber(violations, "title", f.title);
  if (!isValid(f.due_on)) violations.add("due_on", "is not a date");
  const auto action = before ? Action::update_follow_up : Action::create_follow_up;
  if (!before) {
    if (const auto organisation = organisationFor(uow, actor, action, f.organisation_id, violations))
      f.police_district_id = organisation->police_district_id;
  }
  if (f.contact_id && (!before || before->contact_id != f.contact_id)) {
    const auto contact = uow.contacts().find(*f.contact_id);
    if (!contact || contact->organisation_id != f.organisation_id)
      violations.add("contact_id", "must be a person of the organisation");
  }
  if (f.activity_id && !before) {
    const auto activity = uow.activities().find(*f.activity_id);
    if (!activity || activity->organisation_id != f.organisation_id)
      violations.add("activity_id", "must be an activity with the organisation");
  }
  if (!before || before->assigned_user_id != f.assigned_user_id) {
    if (!isStaffUser(uow, f.assigned_user_id))
      violations.add("assigned_user_id", "must be an active officer or administrator");
  }
  violations.throwIfAny();
}

Page<FollowUp> OutreachService::listFollowUps(const Actor& actor, FollowUpQuery query) {
  authorize(actor, Action::list_follow_ups);
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  return uow->followUps().list(query);
}

std::int64_t OutreachService::exportFollowUps(const Actor& actor, FollowUpQuery query,
                                              const RowBatches<FollowUp>& sink) {
  authorize(actor, Action::list_follow_ups);
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  return readAllPages<FollowUp>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->followUps().list(query);
      },
      sink);
}

FollowUp OutreachService::getFollowUp(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  return visibleFollowUp(*uow, actor, id, Action::read_follow_up);
}

FollowUp OutreachService::insertFollowUp(UnitOfWork& uow, const Actor& actor, NewFollowUp input, Timestamp now) {
  FollowUp f;
  f.organisation_id = input.organisation_id;
  f.contact_id = input.contact_id;
  f.activity_id = input.activity_id;
  f.title = std::move(input.title);
  f.due_on = input.due_on;
  f.assigned_user_id = input.assigned_user_id.value_or(actor.user_id);
  f.created_by = actor.user_id;
  f.created_at = f.updated_at = now;
  validate(uow, actor, f, nullptr);
  f.id = uow.followUps().insert(f);
  std::vector<Id> subjects;
  if (f.contact_id) subjects.push_back(*f.contact_id);
  uow.audit().record(
      auditEntry(&actor, now, AuditAction::create, "follow_up", f.id, subjects, followUpChanges(nullptr, f)));
  return f;
}

FollowUp OutreachService::createFollowUp(const Actor& actor, NewFollowUp input) {
  authorize(actor, Action::create_follow_up);
  return write(store_, [&](UnitOfWork& uow) {
    auto f = insertFollowUp(uow, actor, input, clock_.now());  // a copy: the work may run again
    uow.commit();
    return f;
  });
}

FollowUp OutreachService::updateFollowUp(const Actor& actor, Id id, const FollowUpChanges& changes,
                                         std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto f = visibleFollowUp(uow, actor, id, Action::update_follow_up);
    if (expectedVersion && *expectedVersion != f.version)
      throw DomainError(ErrorCode::precondition_failed, "The follow-up was changed by someone else; reload it");
    const auto before = f;
    const auto now = clock_.now();
    if (changes.contact_id) f.contact_id = *changes.contact_id;
    if (changes.title) f.title = *changes.title;
    if (changes.due_on) f.due_on = *changes.due_on;
    if (changes.assigned_user_id) f.assigned_user_id = *changes.assigned_user_id;
    if (changes.status && *changes.status != f.status) {
      f.status = *changes.status;
      // Done and cancelled ones keep when; reopening clears it.
      f.done_at = f.status == FollowUpStatus::open ? std::nullopt : std::optional<Timestamp>(now);
    }
    validate(uow, actor, f, &before);
    f.updated_at = now;
    if (!uow.followUps().update(f, before.version))
      throw DomainError(ErrorCode::precondition_failed, "The follow-up was changed by someone else; reload it");
    std::vector<Id> subjects;
    if (before.contact_id) subjects.push_back(*before.contact_id);
    if (f.contact_id && f.contact_id != before.contact_id) subjects.push_back(*f.contact_id);
    uow.audit().record(
        auditEntry(&actor, now, AuditAction::update, "follow_up", f.id, subjects, followUpChanges(&before, f)));
    uow.commit();
    f.version = before.version + 1;
    return f;
  });
}

FollowUpCompletion OutreachService::completeFollowUp(const Actor& actor, Id id, std::optional<NewFollowUp> next,
                                                     std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto f = visibleFollowUp(uow, actor, id, Action::update_follow_up);
    if (expectedVersion && *expectedVersion != f.version)
      throw DomainError(ErrorCode::precondition_failed, "The follow-up was changed by someone else; reload it");
    if (f.status != FollowUpStatus::open) throwInvalid("status", "is already " + std::string(toString(f.status)));
    const auto before = f;
    const auto now = clock_.now();
    f.status = FollowUpStatus::done;
    f.done_at = now;
    f.updated_at = now;
    if (!uow.followUps().update(f, before.version))
      throw DomainError(ErrorCode::precondition_failed, "The follow-up was changed by someone else; reload it");
    f.version = before.version + 1;
    std::vector<Id> subjects;
    if (f.contact_id) subjects.push_back(*f.contact_id);
    uow.audit().record(
        auditEntry(&actor, now, AuditAction::update, "follow_up", f.id, subjects, followUpChanges(&before, f)));
    FollowUpCompletion result{f, std::nullopt};
    if (next) {
      // The next step is about the same organisation (and, unless said otherwise, the same activity).
      next->organisation_id = f.organisation_id;
      if (!next->activity_id) next->activity_id = f.activity_id;
      try {
        result.next = insertFollowUp(uow, actor, *next, now);  // a copy: the work may run again
      } catch (const DomainError& e) {
        // Name the nested fields as the request did.
        auto fields = e.fields();
        for (auto& field : fields) field.field = "next." + field.field;
        throw DomainError(e.code(), e.what(), fields);
      }
    }
    uow.commit();
    return result;
  });
}

void OutreachService::deleteFollowUp(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    const auto f = visibleFollowUp(uow, actor, id, Action::delete_follow_up);
    if (expectedVersion && *expectedVersion != f.version)
      throw DomainError(ErrorCode::precondition_failed, "The follow-up was changed by someone else; reload it");
    uow.followUps().remove(id);
    std::vector<Id> subjects;
    if (f.contact_id) subjects.push_back(*f.contact_id);
    uow.audit().record(auditEntry(&actor, clock_.now(), AuditAction::delete_, "follow_up", id, subjects));
    uow.commit();
  });
}

}  // namespace brobygger::domain
