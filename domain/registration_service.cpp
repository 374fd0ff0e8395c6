#include <algorithm>
#include <map>
#include <set>

#include "domain/audit.hpp"
#include "domain/audit_service.hpp"
#include "domain/event_services.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

RegistrationChange change(const Registration& r, Timestamp at, std::optional<Id> by, std::string action,
                          std::optional<RegistrationStatus> from, std::optional<RegistrationStatus> to) {
  return {0, r.id, r.event_id, at, by, std::move(action), from, to, std::nullopt, std::nullopt};
}

constexpr std::size_t kMaxPeoplePerRequest = 100;

std::vector<Id> idsOf(const Page<Registration>& page) {
  std::vector<Id> ids;
  for (const auto& r : page.items) ids.push_back(r.contact_id);
  return ids;
}

}  // namespace

void RegistrationService::recordStep(UnitOfWork& uow, const RegistrationChange& step, Id contactId) {
  uow.registrations().record(step);
  std::vector<FieldChange> fields;
  noteChange(fields, "status",
             step.from_status ? std::optional<std::string>(toString(*step.from_status)) : std::nullopt,
             step.to_status ? std::optional<std::string>(toString(*step.to_status)) : std::nullopt);
  fields.push_back({"step", false, std::nullopt, step.action});
  std::vector<Id> subjects{contactId};
  if (step.from_contact_id && *step.from_contact_id != contactId) subjects.push_back(*step.from_contact_id);
  if (step.to_contact_id && *step.to_contact_id != contactId) subjects.push_back(*step.to_contact_id);
  AuditEntry entry;
  entry.at = step.at;
  entry.user_id = step.user_id;
  entry.action = step.from_status ? AuditAction::update : AuditAction::create;
  entry.resource = "registration";
  entry.resource_id = step.registration_id;
  entry.subjects = std::move(subjects);
  entry.fields = std::move(fields);
  uow.audit().record(entry);
}

void RegistrationService::queueInvitation(UnitOfWork& uow, const Registration& registration, const std::string& reason,
                                          Timestamp now, std::optional<Id> contactId) {
  OutboxMessage message;
  message.registration_id = registration.id;
  message.event_id = registration.event_id;
  message.contact_id = contactId.value_or(registration.contact_id);
  message.reason = reason;
  message.created_at = message.next_attempt_at = now;
  uow.outbox().enqueue(message);
}

void RegistrationService::queueForSeatHolders(UnitOfWork& uow, Id eventId, const std::string& reason, Timestamp now) {
  for (const auto status : {RegistrationStatus::confirmed, RegistrationStatus::attended})
    for (const auto& registration : uow.registrations().withStatus(eventId, status))
      queueInvitation(uow, registration, reason, now);
}

void RegistrationService::refreshCounts(UnitOfWork& uow, Event& event) {
  const auto [seats, waiting] = uow.registrations().counts(event.id);
  event.confirmed = seats;
  event.waitlisted = waiting;
  uow.events().setCounts(event.id, seats, waiting);
}

void RegistrationService::promoteWaiting(UnitOfWork& uow, Event& event, Timestamp now) {
  refreshCounts(uow, event);
  if (event.waitlisted == 0) return;
  bool promoted = false;
  for (auto registration : uow.registrations().waitlist(event.id)) {
    if (event.details.capacity && event.confirmed >= *event.details.capacity) break;
    if (event.details.per_organisation_quota &&
        uow.registrations().seatsTakenBy(event.id, registration.organisation_id) >=
            *event.details.per_organisation_quota)
      continue;  // this organisation's quota is full: the next in line may still fit
    registration.status = RegistrationStatus::confirmed;
    registration.updated_at = now;
    uow.registrations().update(registration);
    recordStep(uow,
               change(registration, now, std::nullopt, "promoted", RegistrationStatus::waitlisted,
                      RegistrationStatus::confirmed),
               registration.contact_id);
    queueInvitation(uow, registration, "promoted", now);
    ++event.confirmed;
    promoted = true;
  }
  if (promoted) refreshCounts(uow, event);
}

std::pair<Registration, Event> RegistrationService::visible(UnitOfWork& uow, const Actor& actor, Id id, bool forUpdate,
                                                            Action action) {
  authorizeUnlessConcealed(actor, action);
  forUpdate = forUpdate && permits(actor, action);  // a caller refused anyway takes no lock
  const auto registration = uow.registrations().find(id);
  if (!registration || (actor.isPartner() && !reaches(actor, action, {registration->organisation_id, std::nullopt})))
    throwNotFound("Registration");
  auto event =
      forUpdate ? uow.events().findForUpdate(registration->event_id) : uow.events().find(registration->event_id);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Registration");
  authorize(actor, action);
  // Re-read under the event's lock: another request may have changed it meanwhile.
  auto current = forUpdate ? uow.registrations().find(id) : registration;
  return {*current, *event};
}

Page<Registration> RegistrationService::list(const Actor& actor, RegistrationQuery query) {
  authorize(actor, Action::list_registrations);
  auto uow = store_.begin(Access::read);
  const auto event = uow->events().find(query.event_id);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Event");
  if (actor.isPartner()) query.organisation_id = actor.organisation_id.value_or(-1);
  auto page = uow->registrations().list(query);
  if (!page.items.empty())
    uow->audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::read, "registration_list", query.event_id, idsOf(page)));
  return page;
}

std::int64_t RegistrationService::exportList(const Actor& actor, RegistrationQuery query,
                                             const RowBatches<Registration>& sink) {
  authorize(actor, Action::list_registrations);
  auto uow = store_.begin(Access::read);
  const auto event = uow->events().find(query.event_id);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Event");
  if (actor.isPartner()) query.organisation_id = actor.organisation_id.value_or(-1);
  std::set<Id> people;
  const auto rows = readAllPages<Registration>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->registrations().list(query);
      },
      [&](const std::vector<Registration>& batch) {
        for (const auto& r : batch) people.insert(r.contact_id);
        sink(batch);
      });
  if (rows > 0) recordExport(uow->audit(), actor, clock_.now(), "registration_list", query.event_id, people);
  return rows;
}

RegistrationService::Attendance RegistrationService::attendance(const Actor& actor, Id eventId, std::size_t maxRows) {
  const auto action = Action::export_attendance;
  // What a partner cannot see stays a 404; what it can, a 403.
  authorizeUnlessConcealed(actor, action);
  auto uow = store_.begin(Access::read);
  const auto event = uow->events().find(eventId);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Event");
  authorize(actor, action);
  Attendance out{*event, {}};
  RegistrationQuery query;
  query.event_id = eventId;
  query.page.limit = PageRequest::kMaxLimit;
  for (query.page.offset = 0; out.rows.size() < maxRows; query.page.offset += query.page.limit) {
    const auto page = uow->registrations().list(query);
    for (const auto& r : page.items)
      if (r.status != RegistrationStatus::cancelled && out.rows.size() < maxRows) out.rows.push_back(r);
    if (page.items.empty() || query.page.offset + query.page.limit >= page.total) break;
  }
  std::vector<Id> people;
  for (const auto& r : out.rows) people.push_back(r.contact_id);
  if (!people.empty())
    uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::export_, "registration_list", eventId, people));
  return out;
}

Registration RegistrationService::get(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  auto registration = visible(*uow, actor, id, false, Action::read_registration).first;
  uow->audit().record(
      auditEntry(&actor, clock_.now(), AuditAction::read, "registration", id, {registration.contact_id}));
  return registration;
}

void RegistrationService::checkEligible(const Actor& actor, const Event& event, const Contact& contact, Timestamp now) {
  if (event.status != EventStatus::published)
    throwInvalid("event", std::string("is not open for registration (") + toString(event.status) + ")");
  if (actor.isPartner()) {
    // Officers decide who comes and may register outside the window or the invitation list.
    if (event.registration_opens_at && now < *event.registration_opens_at)
      throwInvalid("event", "registration has not opened yet");
    if (now >= event.registrationClosesAt()) throwInvalid("event", "registration has closed");
    if (event.audience == Audience::invited &&
        std::find(event.invited_organisation_ids.begin(), event.invited_organisation_ids.end(),
                  contact.organisation_id) == event.invited_organisation_ids.end())
      throwInvalid("contact_id", "the person's organisation is not invited");
  }
}

Registration RegistrationService::registerLocked(UnitOfWork& uow, const Actor& actor, Event& event, Id contactId,
                                                 const Person& person, Timestamp now) {
  const auto& contact = person.contact;
  if (!contact || (actor.isPartner() && actor.organisation_id != contact->organisation_id))
    throw DomainError(ErrorCode::not_found, "Contact not found", {{"contact_id", "is not a known contact"}});
  if (contact->status != RecordStatus::active) throwInvalid("contact_id", "is archived");
  if (const auto existing = uow.registrations().findActive(event.id, contactId))
    throw DomainError(ErrorCode::conflict, "This person is already registered", {{"contact_id", "already registered"}},
                      existing->id);
  checkEligible(actor, event, *contact, now);
  Registration registration;
  registration.event_id = event.id;
  registration.contact_id = contactId;
  registration.organisation_id = contact->organisation_id;
  registration.contact_name = contact->name;
  registration.contact_has_email = contact->email.has_value();
  registration.organisation_name = person.organisation_name;
  registration.registered_at = registration.updated_at = now;
  registration.registered_by = actor.user_id;
  const bool seatFree = !event.details.capacity || event.confirmed < *event.details.capacity;
  const bool quotaFree =
      !event.details.per_organisation_quota ||
      uow.registrations().seatsTakenBy(event.id, contact->organisation_id) < *event.details.per_organisation_quota;
  registration.status = seatFree && quotaFree ? RegistrationStatus::confirmed : RegistrationStatus::waitlisted;
  registration.id = uow.registrations().insert(registration);
  recordStep(uow,
             change(registration, now, actor.user_id,
                    registration.status == RegistrationStatus::confirmed ? "registered" : "waitlisted", std::nullopt,
                    registration.status),
             registration.contact_id);
  if (registration.status == RegistrationStatus::confirmed) {
    ++event.confirmed;
    queueInvitation(uow, registration, "registered", now);
  } else {
    ++event.waitlisted;
  }
  return registration;
}

Registration RegistrationService::registerOne(const Actor& actor, Id eventId, Id contactId) {
  auto outcomes = registerMany(actor, eventId, {contactId});
  if (outcomes.front().problem) throw *outcomes.front().problem;
  return *outcomes.front().registration;
}

std::vector<RegistrationOutcome> RegistrationService::registerMany(const Actor& actor, Id eventId,
                                                                   const std::vector<Id>& contactIds) {
  return registerPeople(actor, eventId, contactIds, {});
}

std::vector<RegistrationOutcome> RegistrationService::registerPeople(const Actor& actor, Id eventId,
                                                                     const std::vector<Id>& contactIds,
                                                                     std::vector<NewContact> newContacts) {
  authorize(actor, Action::register_people);
  if (contactIds.empty() && newContacts.empty()) throwInvalid("contact_ids", "name at least one person");
  if (contactIds.size() + newContacts.size() > kMaxPeoplePerRequest)
    throwInvalid("contact_ids", "at most " + std::to_string(kMaxPeoplePerRequest) + " people per request");
  if (!newContacts.empty()) authorize(actor, Action::create_contact);
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    // The people are read before the event is locked: only the seat decision needs the lock, and the
    // shorter it is held, the more registrations a popular event takes per second.
    std::map<Id, Person> people;
    for (const auto contactId : contactIds) {
      if (people.contains(contactId)) continue;
      Person person{uow.contacts().find(contactId), {}};
      if (person.contact) {
        if (const auto organisation = uow.organisations().find(person.contact->organisation_id))
          person.organisation_name = organisation->name;
      }
      people.emplace(contactId, std::move(person));
    }
    auto found = uow.events().findForUpdate(eventId);
    if (!found || !EventService::visibleTo(actor, *found)) throwNotFound("Event");
    auto event = *found;
    std::vector<RegistrationOutcome> outcomes;
    for (const auto contactId : contactIds) {
      RegistrationOutcome outcome{contactId, std::nullopt, std::nullopt};
      try {
        outcome.registration = registerLocked(uow, actor, event, contactId, people.at(contactId), now);
      } catch (const DomainError& e) {
        if (e.code() == ErrorCode::unavailable) throw;
        outcome.problem = e;
      }
      outcomes.push_back(std::move(outcome));
    }
    // People not yet in the register: each is created only if they can also be registered, so a
    // failed registration never leaves a new person behind.
    for (auto& input : newContacts) {
      RegistrationOutcome outcome{0, std::nullopt, std::nullopt};
      try {
        Contact probe;
        probe.organisation_id = input.organisation_id;
        checkEligible(actor, event, probe, now);
        auto contact = ContactService::createIn(uow, actor, input, now);  // a copy: the work may run again
        Person person{contact, {}};
        if (const auto organisation = uow.organisations().find(contact.organisation_id))
          person.organisation_name = organisation->name;
        outcome.contact_id = contact.id;
        outcome.registration = registerLocked(uow, actor, event, contact.id, person, now);
      } catch (const DomainError& e) {
        if (e.code() == ErrorCode::unavailable) throw;
        if (outcome.contact_id != 0) throw;  // created but not registered: never leave that half done
        outcome.problem = e;
      }
      outcomes.push_back(std::move(outcome));
    }
    // The counts were kept while the event was locked: no need to count again.
    uow.events().setCounts(event.id, event.confirmed, event.waitlisted);
    uow.commit();
    return outcomes;
  });
}

namespace {
void checkVersion(const Registration& registration, std::optional<int> expectedVersion) {
  if (expectedVersion && *expectedVersion != registration.version)
    throw DomainError(ErrorCode::precondition_failed, "The registration was changed meanwhile; reload it");
}
}  // namespace

Registration RegistrationService::cancel(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    auto [registration, event] = visible(uow, actor, id, true, Action::cancel_registration);
    checkVersion(registration, expectedVersion);
    if (registration.status != RegistrationStatus::confirmed && registration.status != RegistrationStatus::waitlisted)
      throw DomainError(ErrorCode::conflict, std::string("A registration that is ") + toString(registration.status) +
                                                 " cannot be cancelled");
    if (now >= event.starts_at)
      throwInvalid("event", "the event has started; registrations can no longer be cancelled");
    const auto before = registration.status;
    registration.status = RegistrationStatus::cancelled;
    registration.cancelled_at = registration.updated_at = now;
    registration.cancelled_by = actor.user_id;
    uow.registrations().update(registration);
    recordStep(uow, change(registration, now, actor.user_id, "cancelled", before, RegistrationStatus::cancelled),
               registration.contact_id);
    if (before == RegistrationStatus::confirmed) queueInvitation(uow, registration, "cancelled", now);
    ++registration.version;
    if (event.status == EventStatus::published) {
      promoteWaiting(uow, event, now);
    } else {
      refreshCounts(uow, event);
    }
    uow.commit();
    return registration;
  });
}

Registration RegistrationService::substitute(const Actor& actor, Id id, Id newContactId,
                                             std::optional<int> expectedVersion) {
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    auto [registration, event] = visible(uow, actor, id, true, Action::substitute);
    checkVersion(registration, expectedVersion);
    if (registration.status != RegistrationStatus::confirmed && registration.status != RegistrationStatus::waitlisted)
      throw DomainError(ErrorCode::conflict, std::string("A registration that is ") + toString(registration.status) +
                                                 " cannot be passed on");
    if (now >= event.starts_at) throwInvalid("event", "the event has started");
    const auto contact = uow.contacts().find(newContactId);
    if (!contact || (actor.isPartner() && actor.organisation_id != contact->organisation_id))
      throw DomainError(ErrorCode::not_found, "Contact not found", {{"contact_id", "is not a known contact"}});
    if (contact->organisation_id != registration.organisation_id)
      throwInvalid("contact_id", "a seat passes only to someone from the same organisation");
    if (contact->status != RecordStatus::active) throwInvalid("contact_id", "is archived");
    if (const auto existing = uow.registrations().findActive(event.id, newContactId))
      throw DomainError(ErrorCode::conflict, "This person is already registered",
                        {{"contact_id", "already registered"}}, existing->id);
    RegistrationChange step =
        change(registration, now, actor.user_id, "substituted", registration.status, registration.status);
    step.from_contact_id = registration.contact_id;
    step.to_contact_id = newContactId;
    registration.contact_id = newContactId;
    registration.contact_name = contact->name;
    registration.contact_has_email = contact->email.has_value();
    registration.updated_at = now;
    uow.registrations().update(registration);
    recordStep(uow, step, registration.contact_id);
    if (registration.status == RegistrationStatus::confirmed) {
      queueInvitation(uow, registration, "substituted_out", now, step.from_contact_id);
      queueInvitation(uow, registration, "substituted_in", now);
    }
    ++registration.version;
    uow.commit();
    return registration;
  });
}

Registration RegistrationService::checkIn(const Actor& actor, Id id, std::optional<int> expectedVersion,
                                          const EventRules& rules) {
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    // What a partner cannot see stays a 404; what it can, a 403.
    auto [registration, event] = visible(uow, actor, id, true, Action::check_in);
    checkVersion(registration, expectedVersion);
    if (registration.status == RegistrationStatus::attended) return registration;  // at the door twice: fine
    if (event.status != EventStatus::published)
      throw DomainError(ErrorCode::conflict, std::string("Check-in is closed: the event is ") + toString(event.status));
    if (now < event.starts_at - rules.check_in_opens_before)
      throwInvalid("event", "check-in opens 2 hours before the start");
    if (registration.status != RegistrationStatus::confirmed)
      throw DomainError(ErrorCode::conflict, std::string("Only confirmed people can be checked in; this one is ") +
                                                 toString(registration.status));
    registration.status = RegistrationStatus::attended;
    registration.checked_in_at = registration.updated_at = now;
    registration.checked_in_by = actor.user_id;
    uow.registrations().update(registration);
    recordStep(uow,
               change(registration, now, actor.user_id, "checked_in", RegistrationStatus::confirmed,
                      RegistrationStatus::attended),
               registration.contact_id);
    ++registration.version;
    refreshCounts(uow, event);
    uow.commit();
    return registration;
  });
}

Registration RegistrationService::undoCheckIn(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    // The check-in's rule: what a partner cannot see stays a 404; what it can, a 403.
    auto [registration, event] = visible(uow, actor, id, true, Action::check_in);
    checkVersion(registration, expectedVersion);
    if (event.status != EventStatus::published && event.status != EventStatus::completed)
      throw DomainError(ErrorCode::conflict, std::string("The event is ") + toString(event.status));
    const auto target =
        event.status == EventStatus::completed ? RegistrationStatus::no_show : RegistrationStatus::confirmed;
    if (registration.status == target && !registration.checked_in_at) return registration;  // undone already
    if (registration.status != RegistrationStatus::attended)
      throw DomainError(ErrorCode::conflict,
                        std::string("Only a checked-in person's check-in can be undone; this one is ") +
                            toString(registration.status));
    registration.status = target;
    registration.checked_in_at.reset();
    registration.checked_in_by.reset();
    registration.updated_at = now;
    uow.registrations().update(registration);  // recomputes the organisation's last attendance too
    recordStep(uow, change(registration, now, actor.user_id, "check_in_undone", RegistrationStatus::attended, target),
               registration.contact_id);
    ++registration.version;
    refreshCounts(uow, event);
    uow.commit();
    return registration;
  });
}

std::vector<RegistrationChange> RegistrationService::history(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  visible(*uow, actor, id, false, Action::read_registration_history);
  return uow->registrations().history(id);
}

}  // namespace brobygger::domain
