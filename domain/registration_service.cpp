#include <algorithm>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>

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

// A step's audit entry: the status change, the step, and every person it concerns.
AuditEntry stepEntry(const RegistrationChange& step, Id contactId) {
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
  return entry;
}

OutboxMessage invitation(const Registration& registration, const std::string& reason, Timestamp now,
                         std::optional<Id> contactId = std::nullopt) {
  OutboxMessage message;
  message.registration_id = registration.id;
  message.event_id = registration.event_id;
  message.contact_id = contactId.value_or(registration.contact_id);
  message.reason = reason;
  message.created_at = message.next_attempt_at = now;
  return message;
}

}  // namespace

void RegistrationService::recordStep(UnitOfWork& uow, const RegistrationChange& step, Id contactId) {
  uow.registrations().record(step);
  uow.audit().record(stepEntry(step, contactId));
}

void RegistrationService::queueInvitation(UnitOfWork& uow, const Registration& registration, const std::string& reason,
                                          Timestamp now, std::optional<Id> contactId) {
  uow.outbox().enqueue(invitation(registration, reason, now, contactId));
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

// The seat decisions of one unit of work at one locked event: each person is checked and given a seat or
// a place on the waiting list in memory, in the order offered (so the waiting list follows it), and
// everything is written at the end in one statement per table (`write`). The same for a single request
// and for a group of requests combined by the event's lane.
class RegistrationService::Seating {
 public:
  Seating(UnitOfWork& uow, Event& event, const std::vector<Id>& contactIds, Timestamp now)
      : uow_(uow), event_(event), now_(now), active_(uow.registrations().activeIds(event.id, contactIds)) {}

  // Decides the person's place, or throws the person's problem. A person already seated earlier in this
  // unit of work gets the conflict once that seat's id is known (`write`).
  void offer(const Actor& actor, Id contactId, const Person& person, RegistrationOutcome& outcome) {
    const auto& contact = person.contact;
    if (!contact || (actor.isPartner() && actor.organisation_id != contact->organisation_id))
      throw DomainError(ErrorCode::not_found, "Contact not found", {{"contact_id", "is not a known contact"}});
    if (contact->status != RecordStatus::active) throwInvalid("contact_id", "is archived");
    if (const auto existing = active_.find(contactId); existing != active_.end())
      throw alreadyRegistered(existing->second);
    if (const auto earlier = fresh_of_.find(contactId); earlier != fresh_of_.end()) {
      repeats_.emplace_back(&outcome, earlier->second);
      return;
    }
    checkEligible(actor, event_, *contact, now_);
    Registration registration;
    registration.event_id = event_.id;
    registration.contact_id = contactId;
    registration.organisation_id = contact->organisation_id;
    registration.contact_name = contact->name;
    registration.contact_has_email = contact->email.has_value();
    registration.organisation_name = person.organisation_name;
    registration.registered_at = registration.updated_at = now_;
    registration.registered_by = actor.user_id;
    const bool seatFree = !event_.details.capacity || event_.confirmed < *event_.details.capacity;
    bool quotaFree = true;
    if (const auto quota = event_.details.per_organisation_quota) {
      auto taken = seats_of_.find(contact->organisation_id);
      if (taken == seats_of_.end())
        taken = seats_of_
                    .emplace(contact->organisation_id,
                             uow_.registrations().seatsTakenBy(event_.id, contact->organisation_id))
                    .first;
      quotaFree = taken->second < *quota;
    }
    registration.status = seatFree && quotaFree ? RegistrationStatus::confirmed : RegistrationStatus::waitlisted;
    if (registration.status == RegistrationStatus::confirmed) {
      ++event_.confirmed;
      if (event_.details.per_organisation_quota) ++seats_of_[contact->organisation_id];
    } else {
      ++event_.waitlisted;
    }
    fresh_of_.emplace(contactId, fresh_.size());
    fresh_.push_back({std::move(registration), &outcome});
  }

  // Offers each known person in order, each outcome appended to `outcomes` (whose capacity the caller
  // reserved: the seating points at them); a person's problem goes in their outcome.
  void offerAll(const Actor& actor, const std::vector<Id>& contactIds, const std::map<Id, Person>& people,
                std::vector<RegistrationOutcome>& outcomes) {
    static const Person nobody;
    for (const auto contactId : contactIds) {
      auto& outcome = outcomes.emplace_back(RegistrationOutcome{contactId, std::nullopt, std::nullopt});
      try {
        const auto person = people.find(contactId);
        offer(actor, contactId, person == people.end() ? nobody : person->second, outcome);
      } catch (const DomainError& e) {
        if (e.code() == ErrorCode::unavailable) throw;
        outcome.problem = e;
      }
    }
  }

  // The new registrations, their history, audit entries and invitations, and the event's counts; the
  // unit of work's last writes before its commit.
  void write() {
    if (fresh_.empty()) return;
    std::vector<Registration> rows;
    for (const auto& f : fresh_) rows.push_back(f.registration);
    const auto ids = uow_.registrations().insertMany(rows);
    std::vector<RegistrationChange> steps;
    std::vector<AuditEntry> entries;
    std::vector<OutboxMessage> invitations;
    for (std::size_t i = 0; i < fresh_.size(); ++i) {
      auto& registration = fresh_[i].registration;
      registration.id = ids.at(i);
      const bool seated = registration.status == RegistrationStatus::confirmed;
      steps.push_back(change(registration, now_, registration.registered_by, seated ? "registered" : "waitlisted",
                             std::nullopt, registration.status));
      entries.push_back(stepEntry(steps.back(), registration.contact_id));
      if (seated) invitations.push_back(invitation(registration, "registered", now_));
      fresh_[i].outcome->registration = registration;
    }
    uow_.registrations().recordMany(steps);
    uow_.audit().recordMany(entries);
    uow_.outbox().enqueueMany(invitations);
    for (const auto& [outcome, index] : repeats_) outcome->problem = alreadyRegistered(fresh_[index].registration.id);
    // The counts were kept while the event was locked: no need to count again.
    uow_.events().setCounts(event_.id, event_.confirmed, event_.waitlisted);
  }

 private:
  static DomainError alreadyRegistered(Id existing) {
    return {ErrorCode::conflict, "This person is already registered", {{"contact_id", "already registered"}}, existing};
  }
  struct Fresh {
    Registration registration;
    RegistrationOutcome* outcome;
  };
  UnitOfWork& uow_;
  Event& event_;
  Timestamp now_;
  std::map<Id, Id> active_;             // person -> their active registration, read once under the lock
  std::map<Id, std::size_t> fresh_of_;  // person -> their new registration in fresh_
  std::map<Id, int> seats_of_;          // organisation -> seats taken (the quota), read once, then counted here
  std::vector<Fresh> fresh_;
  std::vector<std::pair<RegistrationOutcome*, std::size_t>> repeats_;
};

// A request to register known people at one event, waiting in the event's lane. It owns what it needs:
// the caller that made it may be gone by the time it is decided.
struct RegistrationService::SeatRequest {
  Actor actor;
  std::vector<Id> contact_ids;
  RegistrationReply reply;
  std::vector<RegistrationOutcome> outcomes;  // when it has no `error`
  std::exception_ptr error;                   // the whole request failed (the event not found, the database)
};

// Group commit of one event's registrations (issue 17: a popular event). Requests for an event queue in
// its lane. A caller that finds no one gathering a group leads: it takes every request waiting at that
// moment and decides them in one unit of work (one lock, one read of the people, one statement per
// table, one commit), then answers each. Waiting requests hold no thread: their callers have returned.
// As soon as a group holds the event's lock, its leader stops gathering, so the next caller to arrive
// gathers the next group and reads its people while the first is still deciding: the event's lock is
// held back to back. A leader that has answered its group leads again while requests wait and no one
// gathers, so every waiting request has a leader that will take it. Each request still succeeds or fails
// on its own (its people's problems are its own; see `settle` for a failed group). Lanes are per
// process: requests on other processes or nodes meet at the event's row lock as before.
class RegistrationService::SeatLanes {
 public:
  static constexpr std::size_t kMaxPeoplePerGroup = 200;
  static constexpr std::size_t kMaxGroup = 64;  // requests
  using Settle = std::function<void(const std::vector<SeatRequest*>&, const std::function<void()>& locked)>;

  void join(Id eventId, std::unique_ptr<SeatRequest> request, const Settle& settle) {
    std::unique_lock lock(mutex_);
    auto& lane = lanes_[eventId];  // an unordered_map keeps references to its elements valid
    lane.waiting.push_back(std::move(request));
    if (lane.gathering) return;  // that leader takes it, or leads again for it once it has answered
    ++lane.leaders;
    while (!lane.gathering && !lane.waiting.empty()) {
      lane.gathering = true;
      std::vector<std::unique_ptr<SeatRequest>> group;
      std::size_t people = 0;
      while (!lane.waiting.empty() && group.size() < kMaxGroup &&
             (group.empty() || people + lane.waiting.front()->contact_ids.size() <= kMaxPeoplePerGroup)) {
        people += lane.waiting.front()->contact_ids.size();
        group.push_back(std::move(lane.waiting.front()));
        lane.waiting.pop_front();
      }
      lock.unlock();
      decideAndAnswer(lane, group, settle);
      lock.lock();
    }
    if (--lane.leaders == 0) lanes_.erase(eventId);  // no leader left: nothing waits
  }

 private:
  struct Lane {
    std::deque<std::unique_ptr<SeatRequest>> waiting;
    bool gathering = false;  // a leader is gathering its group or waiting for the event's lock
    std::size_t leaders = 0;
  };

  void decideAndAnswer(Lane& lane, const std::vector<std::unique_ptr<SeatRequest>>& group, const Settle& settle) {
    bool handed = false;
    const auto handOver = [&] {  // once: when the group holds the lock, or failed before
      if (handed) return;
      handed = true;
      const std::lock_guard guard(mutex_);
      lane.gathering = false;
    };
    std::vector<SeatRequest*> members;
    members.reserve(group.size());
    for (const auto& r : group) members.push_back(r.get());
    try {
      settle(members, handOver);
    } catch (...) {
      for (auto* r : members) r->error = std::current_exception();
    }
    handOver();
    for (auto* r : members) {
      try {
        r->reply({std::move(r->outcomes), r->error});
      } catch (...) {
        // A reply answers its own failures; one that cannot must not take the other answers down.
      }
    }
  }

  std::mutex mutex_;
  std::unordered_map<Id, Lane> lanes_;
};

RegistrationService::RegistrationService(Store& store, const Clock& clock)
    : store_(store), clock_(clock), lanes_(std::make_shared<SeatLanes>()) {}

std::map<Id, RegistrationService::Person> RegistrationService::readPeople(UnitOfWork& uow, const std::vector<Id>& ids) {
  std::map<Id, Person> people;
  std::vector<Id> organisations;
  for (auto& contact : uow.contacts().findMany(ids)) {
    organisations.push_back(contact.organisation_id);
    const auto id = contact.id;
    people[id].contact = std::move(contact);
  }
  std::map<Id, std::string> names;
  for (auto& organisation : uow.organisations().findMany(organisations))
    names.emplace(organisation.id, std::move(organisation.name));
  for (auto& [id, person] : people) person.organisation_name = names[person.contact->organisation_id];
  return people;
}

void RegistrationService::decide(UnitOfWork& uow, Id eventId, const std::vector<SeatRequest*>& group, Timestamp now,
                                 const std::function<void()>& locked) {
  std::vector<Id> ids;
  for (const auto* request : group) ids.insert(ids.end(), request->contact_ids.begin(), request->contact_ids.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  // The people are read before the event is locked: only the seat decision needs the lock, and the
  // shorter it is held, the more registrations a popular event takes per second.
  const auto people = readPeople(uow, ids);
  auto found = uow.events().findForUpdate(eventId);
  locked();
  Event event = found.value_or(Event{});
  std::optional<Seating> seating;
  if (found) seating.emplace(uow, event, ids, now);
  for (auto* request : group) {
    request->outcomes.clear();
    request->error = nullptr;
    if (!found || !EventService::visibleTo(request->actor, *found)) {
      request->error = std::make_exception_ptr(DomainError(ErrorCode::not_found, "Event not found"));
      continue;
    }
    request->outcomes.reserve(request->contact_ids.size());
    seating->offerAll(request->actor, request->contact_ids, people, request->outcomes);
  }
  if (seating) seating->write();
}

void RegistrationService::settle(Id eventId, const std::vector<SeatRequest*>& group,
                                 const std::function<void()>& locked) {
  const auto now = clock_.now();
  const auto run = [&](const std::vector<SeatRequest*>& requests) {
    write(store_, [&](UnitOfWork& uow) {
      decide(uow, eventId, requests, now, locked);
      uow.commit();
    });
  };
  try {
    run(group);
    return;
  } catch (const DomainError& e) {
    // Busy or unreachable: the same for every request; alone, each would only add to the load.
    if (group.size() == 1 || e.code() == ErrorCode::unavailable) {
      for (auto* r : group) r->error = std::current_exception();
      return;
    }
  } catch (...) {
    if (group.size() == 1) {
      group.front()->error = std::current_exception();
      return;
    }
  }
  // The group failed as a whole (a database error): each request alone, so none fails for another's sake.
  for (auto* request : group) {
    try {
      run({request});
    } catch (...) {
      request->error = std::current_exception();
    }
  }
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
  std::promise<RegistrationAnswer> promise;
  auto answer = promise.get_future();
  registerPeople(actor, eventId, contactIds, std::move(newContacts),
                 [&promise](RegistrationAnswer a) { promise.set_value(std::move(a)); });
  auto a = answer.get();
  if (a.error) std::rethrow_exception(a.error);
  return std::move(a.outcomes);
}

void RegistrationService::registerPeople(const Actor& actor, Id eventId, std::vector<Id> contactIds,
                                         std::vector<NewContact> newContacts, RegistrationReply reply) {
  authorize(actor, Action::register_people);
  if (contactIds.empty() && newContacts.empty()) throwInvalid("contact_ids", "name at least one person");
  if (contactIds.size() + newContacts.size() > kMaxPeoplePerRequest)
    throwInvalid("contact_ids", "at most " + std::to_string(kMaxPeoplePerRequest) + " people per request");
  if (newContacts.empty()) {
    // Known people only: decided together with the other requests waiting for this event.
    lanes_->join(
        eventId,
        std::make_unique<SeatRequest>(SeatRequest{actor, std::move(contactIds), std::move(reply), {}, nullptr}),
        [this, eventId](const std::vector<SeatRequest*>& group, const std::function<void()>& locked) {
          settle(eventId, group, locked);
        });
    return;
  }
  RegistrationAnswer answer;
  try {
    answer.outcomes = registerWithNewPeople(actor, eventId, contactIds, std::move(newContacts));
  } catch (...) {
    answer.error = std::current_exception();
  }
  reply(std::move(answer));
}

std::vector<RegistrationOutcome> RegistrationService::registerWithNewPeople(const Actor& actor, Id eventId,
                                                                            const std::vector<Id>& contactIds,
                                                                            std::vector<NewContact> newContacts) {
  authorize(actor, Action::create_contact);
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    const auto people = readPeople(uow, contactIds);
    auto found = uow.events().findForUpdate(eventId);
    if (!found || !EventService::visibleTo(actor, *found)) throwNotFound("Event");
    auto event = *found;
    Seating seating(uow, event, contactIds, now);
    std::vector<RegistrationOutcome> outcomes;
    outcomes.reserve(contactIds.size() + newContacts.size());  // the seating points at these outcomes
    seating.offerAll(actor, contactIds, people, outcomes);
    // People not yet in the register: each is created only if they can also be registered, so a
    // failed registration never leaves a new person behind.
    for (auto& input : newContacts) {
      auto& outcome = outcomes.emplace_back(RegistrationOutcome{0, std::nullopt, std::nullopt});
      try {
        Contact probe;
        probe.organisation_id = input.organisation_id;
        checkEligible(actor, event, probe, now);
        auto contact = ContactService::createIn(uow, actor, input, now);  // a copy: the work may run again
        Person person{contact, {}};
        if (const auto organisation = uow.organisations().find(contact.organisation_id))
          person.organisation_name = organisation->name;
        outcome.contact_id = contact.id;
        seating.offer(actor, contact.id, person, outcome);
      } catch (const DomainError& e) {
        if (e.code() == ErrorCode::unavailable) throw;
        if (outcome.contact_id != 0) throw;  // created but not registered: never leave that half done
        outcome.problem = e;
      }
    }
    seating.write();
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
