#pragma once
// Repository interfaces: what the domain needs from storage. storage/ implements them with SOCI, the
// only implementation (the domain tests use it on SQLite; tests/storage/contract checks both backends).
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "domain/audit.hpp"
#include "domain/contact.hpp"
#include "domain/event.hpp"
#include "domain/import.hpp"
#include "domain/merge.hpp"
#include "domain/message.hpp"
#include "domain/organisation.hpp"
#include "domain/outbox.hpp"
#include "domain/outreach.hpp"
#include "domain/outreach_views.hpp"
#include "domain/reference.hpp"
#include "domain/report.hpp"
#include "domain/session.hpp"
#include "domain/training.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

class ReferenceRepository {
 public:
  virtual ~ReferenceRepository() = default;
  virtual ReferenceData load() = 0;
  // Inserts or updates by id (regions, districts, municipalities) or code (kinds). Idempotent.
  virtual void upsert(const ReferenceData& data) = 0;
};

class OrganisationRepository {
 public:
  virtual ~OrganisationRepository() = default;
  virtual std::optional<Organisation> find(Id id) = 0;
  // Those of `ids` that exist, in no particular order (one statement).
  virtual std::vector<Organisation> findMany(const std::vector<Id>& ids) = 0;
  virtual Page<Organisation> list(const OrganisationQuery& query) = 0;
  virtual std::optional<Id> findIdByCvr(const std::string& cvr) = 0;
  virtual Id insert(const Organisation& organisation) = 0;
  // Writes every field and bumps the version; false when the stored version is not `expectedVersion`.
  virtual bool update(const Organisation& organisation, int expectedVersion) = 0;
  // Rises with every organisation write (in the same transaction), across all server processes.
  virtual std::int64_t revision() = 0;
};

class ContactRepository {
 public:
  virtual ~ContactRepository() = default;
  virtual std::optional<Contact> find(Id id) = 0;
  // Those of `ids` that exist, in no particular order (one statement).
  virtual std::vector<Contact> findMany(const std::vector<Id>& ids) = 0;
  virtual Page<Contact> list(const ContactQuery& query) = 0;
  // `foldedEmail` is foldCase(email).
  virtual std::optional<Id> findIdByEmail(const std::string& foldedEmail) = 0;
  virtual Id insert(const Contact& contact) = 0;
  virtual bool update(const Contact& contact, int expectedVersion) = 0;
  // Removes every personal value of the person (name, title, email, phone; the addresses and error
  // texts of their messages) and stops their mail; the row stays as an anonymous participant.
  virtual void erase(Id id, Timestamp at) = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual std::optional<User> find(Id id) = 0;
  virtual std::optional<User> findByEmail(const std::string& foldedEmail) = 0;
  virtual Page<User> list(const UserQuery& query) = 0;
  virtual Id insert(const User& user) = 0;
  virtual bool update(const User& user, int expectedVersion) = 0;
  virtual void recordLogin(Id id, Timestamp at) = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual void insert(const Session& session) = 0;
  // The live session with this token hash and its user, if neither is revoked, expired or disabled.
  virtual std::optional<std::pair<Session, User>> findActive(const std::string& tokenHash, Timestamp now) = 0;
  virtual void revoke(const std::string& tokenHash, Timestamp at) = 0;
  // Revokes the user's sessions that have neither expired nor been revoked; answers how many.
  virtual int revokeAllForUser(Id userId, Timestamp at) = 0;
  // The same, except the session with `keepTokenHash` (the one making the request).
  virtual int revokeOthers(Id userId, const std::string& keepTokenHash, Timestamp at) = 0;
  // Records that the session was used at `at` (last_seen_at).
  virtual void touch(const std::string& tokenHash, Timestamp at) = 0;
  virtual int deleteExpired(Timestamp before) = 0;
};

class LoginAttemptRepository {
 public:
  virtual ~LoginAttemptRepository() = default;
  // `client` is the address the attempt came from (empty when unknown).
  virtual void recordFailure(const std::string& foldedEmail, const std::string& client, Timestamp at) = 0;
  // Failures for this email at or after `since`, and the earliest of them.
  virtual std::pair<int, std::optional<Timestamp>> failuresSince(const std::string& foldedEmail, Timestamp since) = 0;
  // The most recent failure for this email.
  virtual std::optional<Timestamp> latestFailure(const std::string& foldedEmail) = 0;
  // Failures from this client address at or after `since`, whatever the email, and the earliest.
  virtual std::pair<int, std::optional<Timestamp>> failuresFromClientSince(const std::string& client,
                                                                           Timestamp since) = 0;
  virtual void clear(const std::string& foldedEmail) = 0;
  // Forgets failures before `before`: they no longer count, and the addresses are not kept longer.
  virtual void forgetBefore(Timestamp before) = 0;
};

class EventRepository {
 public:
  virtual ~EventRepository() = default;
  virtual std::optional<Event> find(Id id) = 0;
  // Locks the event row until the unit of work ends (SELECT ... FOR UPDATE on MariaDB; SQLite's
  // write transaction already holds the database lock). Registrations decide seats under it.
  virtual std::optional<Event> findForUpdate(Id id) = 0;
  virtual Page<Event> list(const EventQuery& query) = 0;
  virtual Id insert(const Event& event) = 0;
  // Writes every field (and the invitations) and bumps the version; false on a stale version.
  virtual bool update(const Event& event, int expectedVersion) = 0;
  virtual std::vector<Event> ofSeries(Id seriesId) = 0;
  // The maintained seat counts; not a change of the event itself (no version bump). Raises the events'
  // revision only when they differ from the stored ones (a check-in leaves them as they are).
  virtual void setCounts(Id eventId, int confirmed, int waitlisted) = 0;
  // The events' revision: raised in the same transaction by every write above (and by a merge that moves
  // invitations), so a cached list page is current while this is unchanged, in every server process.
  // Every registration change a feed shows raises it too (RegistrationRepository::insert through
  // setCounts: a new registration always changes a count; update when feedsShowAlike is false; a merge or
  // erasure moving registrations), so kept calendar feeds are current while it is unchanged.
  virtual std::int64_t revision() = 0;
  // The events a calendar feed writes (issue 17), with only what a VEVENT is written from (id, title,
  // description, venue name and address, online URL, start, end, all-day, status, revision, updated_at;
  // the rest stays default): ending at or after `query.from`, organised by `query.organiser_user_id` and/or
  // visible to `query.visible_to_organisation` as in list(); by start, at most `query.page.limit`; no
  // count and no invitations; with `version`.
  virtual std::vector<Event> forFeed(const EventQuery& query) = 0;
  // The id and version of each event forFeed reads, in no order, at most `query.page.limit`: what a kept
  // feed compares with the versions it was written from (CalendarService::readFeed), without their text.
  virtual std::vector<EventVersion> feedVersions(const EventQuery& query) = 0;
  // The same columns as forFeed for these events, in no order; ids that name no event are left out.
  virtual std::vector<Event> forFeed(const std::vector<Id>& ids) = 0;
};

class RegistrationRepository {
 public:
  virtual ~RegistrationRepository() = default;
  virtual std::optional<Registration> find(Id id) = 0;
  virtual Page<Registration> list(const RegistrationQuery& query) = 0;
  // The contact's registration for the event that is not cancelled, if any.
  virtual std::optional<Registration> findActive(Id eventId, Id contactId) = 0;
  // Seats taken (confirmed or attended) by one organisation's people.
  virtual int seatsTakenBy(Id eventId, Id organisationId) = 0;
  // Seats taken and people waiting, for the whole event.
  virtual std::pair<int, int> counts(Id eventId) = 0;
  // The waiting list in arrival order.
  virtual std::vector<Registration> waitlist(Id eventId) = 0;
  virtual std::vector<Registration> withStatus(Id eventId, RegistrationStatus status) = 0;
  virtual Id insert(const Registration& registration) = 0;
  // The id of each of these people's active (not cancelled) registration at the event, where they have
  // one (one statement: the seat decision of many requests at once).
  virtual std::map<Id, Id> activeIds(Id eventId, const std::vector<Id>& contactIds) = 0;
  // New registrations (confirmed or waiting) in one statement; answers their ids in the same order.
  virtual std::vector<Id> insertMany(const std::vector<Registration>& registrations) = 0;
  // Bumps the version. Raises the events' revision only when feeds show the change (feedsShowAlike is
  // false: another person, or between waiting, withdrawn and holding a seat): a check-in or its undo does
  // not. A change of the counts raises it through setCounts.
  virtual void update(const Registration& registration) = 0;
  virtual void record(const RegistrationChange& change) = 0;
  virtual void recordMany(const std::vector<RegistrationChange>& changes) = 0;  // one statement
  virtual std::vector<RegistrationChange> history(Id registrationId) = 0;
  // Every registration of one person (the first 5,000 by id), and of one organisation's people on events
  // ending at or after `eventsEndingAfter` (the first `limit` by id) (feeds).
  virtual std::vector<Registration> ofContact(Id contactId) = 0;
  virtual std::vector<Registration> ofOrganisation(Id organisationId, Timestamp eventsEndingAfter, int limit) = 0;
  // For each organisation with at least one attended registration: the ids of the series' events
  // its people attended.
  virtual std::vector<std::pair<Id, Id>> attendedInSeries(Id seriesId) = 0;  // (organisation, event)
};

class SeriesRepository {
 public:
  virtual ~SeriesRepository() = default;
  virtual std::optional<Series> find(Id id) = 0;
  virtual Page<Series> list(const PageRequest& page) = 0;
  virtual std::vector<Series> active() = 0;
  virtual Id insert(const Series& series) = 0;
  virtual bool update(const Series& series, int expectedVersion) = 0;
};

class CalendarFeedRepository {
 public:
  virtual ~CalendarFeedRepository() = default;
  virtual std::optional<CalendarFeed> findByToken(const std::string& token) = 0;  // live ones only
  virtual std::optional<CalendarFeed> findFor(FeedOwner owner, Id ownerId) = 0;
  virtual void insert(const CalendarFeed& feed) = 0;
  virtual void revokeFor(FeedOwner owner, Id ownerId, Timestamp at) = 0;
};

// The engagement overviews' reads (see domain/report.hpp for what the figures mean).
class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  // Published and completed events starting in [from, to).
  virtual std::vector<ReportEvent> eventsStarting(Timestamp from, Timestamp to) = 0;
  // The seats (confirmed, attended, no-show) at those events.
  virtual std::vector<ReportSeat> seatsAtEventsStarting(Timestamp from, Timestamp to) = 0;
  // Every organisation, archived ones too.
  virtual std::vector<OrganisationProfile> organisationProfiles() = 0;
  // Activities occurring in [boundaries.front(), boundaries.back()), counted per organisation, bucket
  // (bucket i: [boundaries[i], boundaries[i+1])) and the kind of their event.
  virtual std::vector<ReportDialogue> dialogue(const std::vector<Timestamp>& boundaries) = 0;
  // Active organisations whose people last attended (a published or completed event) before the
  // cutoff, or never: never first, then the longest dormant; ties by name.
  virtual Page<DormantOrganisation> dormant(const DormantSelection& selection) = 0;
  virtual std::vector<EventSeatCount> seatCounts(Id eventId) = 0;
  // Trainings (issue 16): the attended registrations at completed trainings starting in [from, to),
  // with the organisation each person came for.
  virtual std::vector<TrainingAttendance> trainingAttendance(Timestamp from, Timestamp to) = 0;
  // A person's attended registrations at trainings that were not cancelled, newest first.
  virtual std::vector<AttendedTraining> trainingsOf(Id contactId) = 0;
};

// The append-only audit trail.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual void record(const AuditEntry& entry) = 0;
  // Many entries at once (an import's writes), in batches where the store can.
  virtual void recordMany(const std::vector<AuditEntry>& entries) {
    for (const auto& entry : entries) record(entry);
  }
  // Newest first.
  virtual Page<AuditEntry> search(const AuditQuery& query) = 0;
  // The audit log's own retention: removes entries older than `before`; answers how many.
  virtual int purgeBefore(Timestamp before) = 0;
};

// A window of contact ids, both ends included: retention works through the register one window at a
// time, so that each query and each unit of work stays small at national scale.
struct ContactWindow {
  Id first = 1;
  Id last = std::numeric_limits<Id>::max();
};

// What retention needs to find and move.
class RetentionRepository {
 public:
  virtual ~RetentionRepository() = default;
  // The largest contact id there is (0 when none): where retention's windows end.
  virtual Id lastContactId() = 0;
  // People (not erased) of the window with registrations whose every event ended before `cutoff`, and
  // how many.
  virtual std::vector<std::pair<Id, int>> participationEndedBefore(Timestamp cutoff, ContactWindow window) = 0;
  // Every registration (and history step) of `from` now belongs to `to`.
  virtual void moveParticipation(Id from, Id to) = 0;
  // People (not erased) of the window unchanged since before `cutoff` with no registration on an event
  // ending after it.
  virtual std::vector<Id> inactiveContacts(Timestamp cutoff, ContactWindow window) = 0;
  virtual int auditEntriesBefore(Timestamp cutoff) = 0;
  // Activities that occurred before `cutoff` whose notes retention has not emptied yet.
  virtual int activityNotesBefore(Timestamp cutoff) = 0;
  // Empties their notes, sets their subject to `subject` (a neutral marker) and notes_cleared_at to
  // `at`; kind, time, organisation, people and event stay. Answers how many.
  virtual int clearActivityNotes(Timestamp cutoff, const std::string& subject, Timestamp at) = 0;
};

// The dialogue log. Every write also keeps the organisation's `last_activity_at` (the latest
// `occurred_at` of its activities) in the same transaction.
class ActivityRepository {
 public:
  virtual ~ActivityRepository() = default;
  virtual std::optional<Activity> find(Id id) = 0;
  // Newest first (occurred_at, then id, descending).
  virtual Page<Activity> list(const ActivityQuery& query) = 0;
  virtual Id insert(const Activity& activity) = 0;
  // Writes every field (and the people named) and bumps the version; false on a stale version.
  virtual bool update(const Activity& activity, int expectedVersion) = 0;
  virtual void remove(Id id) = 0;

  // Privacy (a person's export and erasure).
  // Every activity naming the person, newest first, with its people.
  virtual std::vector<Activity> naming(Id contactId) = 0;
  // The activities of an organisation and those naming a person: where erasure looks for their values.
  virtual std::vector<Activity> ofOrganisationOrNaming(Id organisationId, Id contactId) = 0;
  // Rewrites the subject (and its search text) and the notes only; bumps the version.
  virtual void rewriteText(Id id, const std::string& subject, const std::string& notes, Timestamp at) = 0;
  // Takes the person out of every activity naming them; answers how many did.
  virtual int forgetContact(Id contactId) = 0;
};

// Follow-ups. Every write also keeps the organisation's `open_follow_ups` in the same transaction.
class FollowUpRepository {
 public:
  virtual ~FollowUpRepository() = default;
  virtual std::optional<FollowUp> find(Id id) = 0;
  // Open ones first, then by due date and id.
  virtual Page<FollowUp> list(const FollowUpQuery& query) = 0;
  virtual Id insert(const FollowUp& followUp) = 0;
  virtual bool update(const FollowUp& followUp, int expectedVersion) = 0;
  virtual void remove(Id id) = 0;

  // Privacy (a person's export and erasure).
  // Every follow-up about the person (contact_id), by due date and id.
  virtual std::vector<FollowUp> about(Id contactId) = 0;
  // The follow-ups of an organisation and those about a person: where erasure looks for their values.
  virtual std::vector<FollowUp> ofOrganisationOrAbout(Id organisationId, Id contactId) = 0;
  // Rewrites the title only; bumps the version.
  virtual void rewriteTitle(Id id, const std::string& title, Timestamp at) = 0;
};

// One unit of work on one database connection. Destroying it without commit() rolls back.
// The reads behind the timelines and "My work" (the activities of a timeline come from
// ActivityRepository::list, its changes from AuditRepository::search).
class OutreachViewRepository {
 public:
  virtual ~OutreachViewRepository() = default;
  // The registrations of an organisation's (or a person's) people, the latest event first.
  virtual TimelineSource registrations(TimelineSubject subject, Id id, int newest) = 0;
  // Its follow-ups, the latest made first.
  virtual TimelineSource followUps(TimelineSubject subject, Id id, int newest) = 0;
  // Open follow-ups assigned to `userId`: due before `today` (overdue, the oldest due first), or on or
  // after it (the soonest first).
  virtual Page<WorkFollowUp> assignedFollowUps(Id userId, const LocalDate& today, bool overdue, int limit) = 0;
  // Active organisations `userId` is responsible for with no attendance and no activity since `since`,
  // the longest unreached first.
  virtual Page<WorkOrganisation> notReached(Id userId, Timestamp since, int limit) = 0;
  // Activities that occurred in [from, to) (in `districts`, when any), newest first.
  virtual Page<WorkActivity> activitiesBetween(Timestamp from, Timestamp to, const std::vector<int>& districts,
                                               int limit) = 0;
  // Published and completed events starting in [from, to) (in `districts`, when any), soonest first.
  virtual Page<WorkEvent> eventsStarting(Timestamp from, Timestamp to, const std::vector<int>& districts,
                                         int limit) = 0;
};

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual ReferenceRepository& reference() = 0;
  virtual OrganisationRepository& organisations() = 0;
  virtual ContactRepository& contacts() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual LoginAttemptRepository& loginAttempts() = 0;
  virtual EventRepository& events() = 0;
  virtual RegistrationRepository& registrations() = 0;
  virtual SeriesRepository& series() = 0;
  virtual CalendarFeedRepository& feeds() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual EventMessageRepository& messages() = 0;
  virtual ReportRepository& reports() = 0;
  virtual AuditRepository& audit() = 0;
  virtual RetentionRepository& retention() = 0;
  virtual ActivityRepository& activities() = 0;
  virtual FollowUpRepository& followUps() = 0;
  virtual OutreachViewRepository& outreachViews() = 0;
  virtual MergeRepository& merges() = 0;
  virtual ImportRepository& imports() = 0;
  virtual void commit() = 0;
};

// A unit of work that hands every repository on to another one: the base for wrappers that change
// only what a commit does (the write runner's bookkeeping, the tests' counting and refusing stores).
class ForwardingUnitOfWork : public UnitOfWork {
 public:
  explicit ForwardingUnitOfWork(std::unique_ptr<UnitOfWork> inner) : inner_(std::move(inner)) {}
  ReferenceRepository& reference() override { return inner_->reference(); }
  OrganisationRepository& organisations() override { return inner_->organisations(); }
  ContactRepository& contacts() override { return inner_->contacts(); }
  UserRepository& users() override { return inner_->users(); }
  SessionRepository& sessions() override { return inner_->sessions(); }
  LoginAttemptRepository& loginAttempts() override { return inner_->loginAttempts(); }
  EventRepository& events() override { return inner_->events(); }
  RegistrationRepository& registrations() override { return inner_->registrations(); }
  SeriesRepository& series() override { return inner_->series(); }
  CalendarFeedRepository& feeds() override { return inner_->feeds(); }
  OutboxRepository& outbox() override { return inner_->outbox(); }
  ReportRepository& reports() override { return inner_->reports(); }
  AuditRepository& audit() override { return inner_->audit(); }
  RetentionRepository& retention() override { return inner_->retention(); }
  ActivityRepository& activities() override { return inner_->activities(); }
  FollowUpRepository& followUps() override { return inner_->followUps(); }
  OutreachViewRepository& outreachViews() override { return inner_->outreachViews(); }
  MergeRepository& merges() override { return inner_->merges(); }
  ImportRepository& imports() override { return inner_->imports(); }
  EventMessageRepository& messages() override { return inner_->messages(); }
  void commit() override { inner_->commit(); }

 protected:
  UnitOfWork& inner() { return *inner_; }

 private:
  std::unique_ptr<UnitOfWork> inner_;
};

enum class Access {
  read,   // no transaction: each statement sees committed data
  write,  // one transaction, taking the write lock up front (BEGIN IMMEDIATE on SQLite)
};

// The connection pool at this moment (for `/metrics`).
struct PoolFigures {
  std::size_t size = 0;
  std::size_t in_use = 0;
  std::size_t waiting = 0;  // units of work waiting for a connection
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<UnitOfWork> begin(Access access) = 0;
  // True when the database answers.
  virtual bool ping() = 0;
  virtual PoolFigures poolFigures() const { return {}; }
};

}  // namespace brobygger::domain
