#include <algorithm>
#include <chrono>

#include "domain/audit.hpp"
#include "domain/event_services.hpp"
#include "domain/outbox_service.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

// The organisations `after` invites that `before` did not (both as published events): their partner
// users are told. An open event invites nobody in particular.
std::vector<Id> newlyInvited(const Event* before, const Event& after) {
  if (after.status != EventStatus::published || after.audience != Audience::invited) return {};
  std::vector<Id> out;
  for (const auto id : after.invited_organisation_ids) {
    const bool known = before && before->status == EventStatus::published && before->audience == Audience::invited &&
                       std::find(before->invited_organisation_ids.begin(), before->invited_organisation_ids.end(),
                                 id) != before->invited_organisation_ids.end();
    if (!known) out.push_back(id);
  }
  return out;
}

std::optional<std::string> numberText(const std::optional<int>& n) {
  return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
}

// What an event write changed (events hold no personal data).
std::vector<FieldChange> eventChanges(const Event& before, const Event& after) {
  std::vector<FieldChange> changes;
  noteChange(changes, "kind", before.details.kind, after.details.kind);
  noteChange(changes, "title", before.details.title, after.details.title);
  noteChange(changes, "starts_at", auditTime(before.starts_at), auditTime(after.starts_at));
  noteChange(changes, "ends_at", auditTime(before.ends_at), auditTime(after.ends_at));
  noteChange(changes, "status", toString(before.status), toString(after.status));
  noteChange(changes, "capacity", numberText(before.details.capacity), numberText(after.details.capacity));
  noteChange(changes, "per_organisation_quota", numberText(before.details.per_organisation_quota),
             numberText(after.details.per_organisation_quota));
  noteChange(changes, "audience", toString(before.audience), toString(after.audience));
  noteChange(changes, "reminder_hours", std::to_string(before.details.reminder_hours),
             std::to_string(after.details.reminder_hours));
  noteChange(changes, "venue_name", before.details.venue.name, after.details.venue.name);
  noteChange(changes, "venue_municipality_id", numberText(before.details.venue.municipality_id),
             numberText(after.details.venue.municipality_id));
  noteChange(changes, "cancellation_reason", before.cancellation_reason, after.cancellation_reason);
  return changes;
}

void auditEvent(UnitOfWork& uow, std::optional<Id> by, Timestamp at, AuditAction action, const Event& before,
                const Event& after) {
  AuditEntry entry;
  entry.at = at;
  entry.user_id = by;
  entry.action = action;
  entry.resource = "event";
  entry.resource_id = after.id;
  entry.fields = eventChanges(before, after);
  uow.audit().record(entry);
}

std::optional<std::string> normaliseOptional(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  auto trimmed = trim(*value);
  if (trimmed.empty()) return std::nullopt;
  return trimmed;
}

// How long from `from` to `to` on the Copenhagen wall clock: 1 October 10:00 to 1 November 10:00 is 31
// days although 745 hours pass (the clocks go back in between), and an all-day event of a month spans
// a whole number of days whichever DST change it crosses.
std::chrono::seconds wallClockSpan(const TimeZone& zone, Timestamp from, Timestamp to) {
  const auto onWall = [&](Timestamp t) {
    // toLocal drops the seconds: they are added back.
    return toLocalSeconds(zone.toLocal(t)) + (t - std::chrono::floor<std::chrono::minutes>(t));
  };
  return onWall(to) - onWall(from);
}

bool isLocalMidnight(const TimeZone& zone, Timestamp t) {
  const auto local = zone.toLocal(t);
  return local.hour == 0 && local.minute == 0 && zone.toUtc(local) == t;
}

// Time, place, title or status: what a calendar must hear about (its SEQUENCE rises).
bool materiallyDifferent(const Event& a, const Event& b) {
  return a.starts_at != b.starts_at || a.ends_at != b.ends_at || a.all_day != b.all_day ||
         a.details.title != b.details.title || a.details.venue != b.details.venue ||
         a.details.online_url != b.details.online_url || a.status != b.status;
}

[[noreturn]] void throwState(const std::string& detail) { throw DomainError(ErrorCode::conflict, detail); }

}  // namespace

bool EventService::visibleTo(const Actor& actor, const Event& event) {
  // An officer limited to police districts sees the events there and the ones they organise.
  if (actor.limitedToDistricts())
    return actor.coversDistrict(event.details.police_district_id) || event.details.organiser_user_id == actor.user_id;
  if (!actor.isPartner()) return true;
  if (event.status == EventStatus::draft) return false;
  // A draft cancelled before it was published never went out (its revision stayed 0).
  if (event.status == EventStatus::cancelled && event.revision == 0) return false;
  if (event.audience == Audience::open) return true;
  return actor.organisation_id &&
         std::find(event.invited_organisation_ids.begin(), event.invited_organisation_ids.end(),
                   *actor.organisation_id) != event.invited_organisation_ids.end();
}

Event EventService::visible(UnitOfWork& uow, const Actor& actor, Id id) {
  return reach(uow, actor, id, Action::read_event, false);
}

Event EventService::reach(UnitOfWork& uow, const Actor& actor, Id id, Action action, bool lock) {
  authorizeUnlessConcealed(actor, action);
  // A caller refused anyway (a partner on a concealed rule) takes no lock.
  auto found = lock && permits(actor, action) ? uow.events().findForUpdate(id) : uow.events().find(id);
  if (!found || !visibleTo(actor, *found)) throwNotFound("Event");
  authorize(actor, action);
  return *found;
}

Page<Event> EventService::list(const Actor& actor, EventQuery query) {
  authorize(actor, Action::list_events);
  if (actor.isPartner()) query.visible_to_organisation = actor.organisation_id.value_or(-1);
  if (actor.limitedToDistricts()) {
    query.within_districts = actor.police_district_ids;
    query.within_districts_or_organiser = actor.user_id;
  }
  auto uow = store_.begin(Access::read);
  return uow->events().list(query);
}

std::int64_t EventService::listRevision() {
  auto uow = store_.begin(Access::read);
  return uow->events().revision();
}

std::int64_t EventService::exportList(const Actor& actor, EventQuery query, const RowBatches<Event>& sink) {
  authorize(actor, Action::list_events);
  if (actor.isPartner()) query.visible_to_organisation = actor.organisation_id.value_or(-1);
  if (actor.limitedToDistricts()) {
    query.within_districts = actor.police_district_ids;
    query.within_districts_or_organiser = actor.user_id;
  }
  auto uow = store_.begin(Access::read);
  return readAllPages<Event>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->events().list(query);
      },
      sink);
}

Event EventService::get(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  return visible(*uow, actor, id);
}

void EventService::validate(UnitOfWork& uow, Event& event, const Event* before) {
  Violations violations;
  auto& d = event.details;
  if (!catalog_.hasEventKind(d.kind)) violations.add("kind", "is not a known event kind");
  d.title = trim(d.title);
  checkText(violations, "title", d.title, 2, 200);
  d.description = normaliseOptional(d.description);
  if (d.description) checkText(violations, "description", *d.description, 1, 10000, true);
  d.venue.name = normaliseOptional(d.venue.name);
  if (d.venue.name) checkText(violations, "venue.name", *d.venue.name, 1, 200);
  d.venue.address = normaliseOptional(d.venue.address);
  if (d.venue.address) checkText(violations, "venue.address", *d.venue.address, 1, 500, true);
  const Municipality* municipality = nullptr;
  if (d.venue.municipality_id) {
    municipality = catalog_.municipality(*d.venue.municipality_id);
    if (!municipality) violations.add("venue.municipality_id", "is not a known municipality");
  }
  d.online_url = normaliseOptional(d.online_url);
  if (d.online_url && !isValidHttpUrl(*d.online_url))
    violations.add("online_url", "must be an http:// or https:// address");
  checkTags(violations, d.tags);
  if (d.capacity && (*d.capacity < 1 || *d.capacity > 100000))
    violations.add("capacity", "must be between 1 and 100000");
  if (d.per_organisation_quota && (*d.per_organisation_quota < 1 || *d.per_organisation_quota > 10000))
    violations.add("per_organisation_quota", "must be between 1 and 10000");
  if (d.police_district_id && !catalog_.hasPoliceDistrict(*d.police_district_id))
    violations.add("police_district_id", "is not a known police district");
  if (d.reminder_hours < 0 || d.reminder_hours > kMaxReminderHours)
    violations.add("reminder_hours", "must be between 0 and 720 (0: no reminder)");
  if (!d.police_district_id && municipality) d.police_district_id = municipality->police_district_id;
  if (d.organiser_user_id && (!before || before->details.organiser_user_id != d.organiser_user_id)) {
    const auto user = uow.users().find(*d.organiser_user_id);
    if (!user || (user->role != Role::officer && user->role != Role::admin) || user->status != UserStatus::active)
      violations.add("organiser_user_id", "must be an active officer or administrator");
  }

  if (event.ends_at <= event.starts_at) {
    violations.add("ends_at", "must be after starts_at");
  } else if (wallClockSpan(zone_, event.starts_at, event.ends_at) > rules_.max_duration) {
    violations.add("ends_at", "an event lasts at most 31 days");
  }
  if (event.all_day) {
    if (!isLocalMidnight(zone_, event.starts_at)) violations.add("starts_at", "an all-day event starts at midnight");
    if (!isLocalMidnight(zone_, event.ends_at))
      violations.add("ends_at", "an all-day event ends at midnight (exclusive)");
  }
  const auto closes = event.registrationClosesAt();
  if (event.registration_closes_at && *event.registration_closes_at > event.ends_at)
    violations.add("registration_closes_at", "must not be after the event ends");
  if (event.registration_opens_at) {
    if (*event.registration_opens_at >= closes)
      violations.add("registration_opens_at", "must be before registration closes");
    if (event.starts_at - *event.registration_opens_at > rules_.registration_opens_max_before)
      violations.add("registration_opens_at", "must be at most a year before the event");
  }
  if (event.audience == Audience::open) {
    event.invited_organisation_ids.clear();
  } else {
    std::sort(event.invited_organisation_ids.begin(), event.invited_organisation_ids.end());
    event.invited_organisation_ids.erase(
        std::unique(event.invited_organisation_ids.begin(), event.invited_organisation_ids.end()),
        event.invited_organisation_ids.end());
    if (event.invited_organisation_ids.size() > 2000) violations.add("invited_organisation_ids", "at most 2000");
    for (const auto id : event.invited_organisation_ids) {
      if (!uow.organisations().find(id)) {
        violations.add("invited_organisation_ids", "organisation " + std::to_string(id) + " is not known");
        break;
      }
    }
  }
  // Lowering the capacity never takes a seat from someone who has it: cancel registrations first.
  if (before && d.capacity && *d.capacity < event.confirmed)
    violations.add("capacity", "must not be below the " + std::to_string(event.confirmed) + " seats already taken");
  violations.throwIfAny();
}

Event EventService::create(const Actor& actor, NewEvent input) {
  authorize(actor, Action::create_event);
  Event event;
  event.details = std::move(input.details);
  if (!event.details.organiser_user_id) event.details.organiser_user_id = actor.user_id;
  event.starts_at = input.starts_at;
  event.ends_at = input.ends_at;
  event.all_day = input.all_day;
  event.registration_opens_at = input.registration_opens_at;
  event.registration_closes_at = input.registration_closes_at;
  event.audience = input.audience;
  event.invited_organisation_ids = std::move(input.invited_organisation_ids);
  event.created_at = event.updated_at = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    validate(uow, event, nullptr);
    event.id = uow.events().insert(event);
    Event blank;
    blank.status = event.status;
    blank.audience = event.audience;
    blank.starts_at = blank.ends_at = Timestamp{};
    auditEvent(uow, actor.user_id, event.created_at, AuditAction::create, blank, event);
    uow.commit();
    return event;
  });
}

Event EventService::update(const Actor& actor, Id id, const EventChanges& c, std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto event = reach(uow, actor, id, Action::update_event, true);
    const Event before = event;
    if (expectedVersion && *expectedVersion != event.version)
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    if (event.status == EventStatus::cancelled || event.status == EventStatus::completed)
      throwState(std::string("A ") + toString(event.status) + " event cannot be changed");
    auto& d = event.details;
    if (c.kind) d.kind = *c.kind;
    if (c.title) d.title = *c.title;
    if (c.description) d.description = *c.description;
    if (c.venue) d.venue = *c.venue;
    if (c.online_url) d.online_url = *c.online_url;
    if (c.language) d.language = *c.language;
    if (c.tags) d.tags = *c.tags;
    if (c.organiser_user_id) d.organiser_user_id = *c.organiser_user_id;
    if (c.capacity) d.capacity = *c.capacity;
    if (c.per_organisation_quota) d.per_organisation_quota = *c.per_organisation_quota;
    if (c.police_district_id) d.police_district_id = *c.police_district_id;
    if (c.reminder_hours) d.reminder_hours = *c.reminder_hours;
    if (c.venue && !c.police_district_id) d.police_district_id.reset();  // derive again from the new venue
    if (c.starts_at) event.starts_at = *c.starts_at;
    if (c.ends_at) event.ends_at = *c.ends_at;
    if (c.all_day) event.all_day = *c.all_day;
    if (c.registration_opens_at) event.registration_opens_at = *c.registration_opens_at;
    if (c.registration_closes_at) event.registration_closes_at = *c.registration_closes_at;
    if (c.audience) event.audience = *c.audience;
    if (c.invited_organisation_ids) event.invited_organisation_ids = *c.invited_organisation_ids;
    validate(uow, event, &before);
    const auto now = clock_.now();
    const bool material = event.status == EventStatus::published && materiallyDifferent(before, event);
    if (material) ++event.revision;
    if (event.series_id) event.series_override = true;
    event.updated_at = now;
    if (!uow.events().update(event, before.version))
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    event.version = before.version + 1;
    auditEvent(uow, actor.user_id, now, AuditAction::update, before, event);
    if (material) RegistrationService::queueForSeatHolders(uow, event.id, "updated", now);
    queueInvitedNotices(uow, event, newlyInvited(&before, event), now);
    // More seats (or a higher quota) let people in from the waiting list at once.
    if (event.status == EventStatus::published) RegistrationService::promoteWaiting(uow, event, now);
    uow.commit();
    return event;
  });
}

Event EventService::publish(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto event = reach(uow, actor, id, Action::publish_event, true);
    if (expectedVersion && *expectedVersion != event.version)
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    if (event.status != EventStatus::draft)
      throwState(std::string("Only a draft can be published; this event is ") + toString(event.status));
    const auto draft = event;
    event.status = EventStatus::published;
    event.updated_at = clock_.now();
    if (!uow.events().update(event, event.version))
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    ++event.version;
    auditEvent(uow, actor.user_id, event.updated_at, AuditAction::update, draft, event);
    queueInvitedNotices(uow, event, newlyInvited(nullptr, event), event.updated_at);
    uow.commit();
    return event;
  });
}

void EventService::cancelInside(UnitOfWork& uow, Event& event, const std::string& reason, Timestamp now,
                                std::optional<Id> by) {
  const auto before = event;
  const auto wasPublished = event.status == EventStatus::published;
  event.status = EventStatus::cancelled;
  event.cancellation_reason = reason;
  if (wasPublished) ++event.revision;
  event.updated_at = now;
  if (!uow.events().update(event, event.version))
    throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
  ++event.version;
  auditEvent(uow, by, now, AuditAction::update, before, event);
  if (wasPublished) RegistrationService::queueForSeatHolders(uow, event.id, "event_cancelled", now);
}

Event EventService::cancel(const Actor& actor, Id id, const std::string& reason, std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto event = reach(uow, actor, id, Action::cancel_event, true);
    Violations violations;
    const auto trimmed = trim(reason);
    checkText(violations, "reason", trimmed, 1, 500, true);
    violations.throwIfAny();
    if (expectedVersion && *expectedVersion != event.version)
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    if (event.status != EventStatus::draft && event.status != EventStatus::published)
      throwState(std::string("A ") + toString(event.status) + " event cannot be cancelled");
    cancelInside(uow, event, trimmed, clock_.now(), actor.user_id);
    uow.commit();
    return event;
  });
}

Event EventService::close(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    auto event = reach(uow, actor, id, Action::close_event, true);
    if (expectedVersion && *expectedVersion != event.version)
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    if (event.status != EventStatus::published)
      throwState(std::string("Only a published event can be closed; this one is ") + toString(event.status));
    if (now < event.ends_at) throwInvalid("ends_at", "the event has not ended yet");
    for (auto registration : uow.registrations().withStatus(id, RegistrationStatus::confirmed)) {
      registration.status = RegistrationStatus::no_show;
      registration.updated_at = now;
      uow.registrations().update(registration);
      RegistrationService::recordStep(
          uow,
          {0, registration.id, id, now, actor.user_id, "no_show", RegistrationStatus::confirmed,
           RegistrationStatus::no_show, std::nullopt, std::nullopt},
          registration.contact_id);
    }
    const auto open = event;
    event.status = EventStatus::completed;
    event.updated_at = now;
    RegistrationService::refreshCounts(uow, event);
    if (!uow.events().update(event, event.version))
      throw DomainError(ErrorCode::precondition_failed, "The event was changed by someone else; reload it");
    ++event.version;
    auditEvent(uow, actor.user_id, now, AuditAction::update, open, event);
    uow.commit();
    return event;
  });
}

}  // namespace brobygger::domain
