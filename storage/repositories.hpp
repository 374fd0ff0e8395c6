#pragma once
// Internal to storage/: the SOCI implementations of the domain's repository interfaces. One
// implementation serves SQLite and MariaDB; the few dialect differences are switched on the backend.
#include "domain/repositories.hpp"
#include "storage/connection.hpp"

namespace brobygger::storage {

class SociReferenceRepository final : public domain::ReferenceRepository {
 public:
  explicit SociReferenceRepository(Connection& c) : c_(c) {}
  domain::ReferenceData load() override;
  void upsert(const domain::ReferenceData& data) override;

 private:
  Connection& c_;
};

class SociOrganisationRepository final : public domain::OrganisationRepository {
 public:
  explicit SociOrganisationRepository(Connection& c) : c_(c) {}
  std::optional<domain::Organisation> find(domain::Id id) override;
  std::vector<domain::Organisation> findMany(const std::vector<domain::Id>& ids) override;
  domain::Page<domain::Organisation> list(const domain::OrganisationQuery& query) override;
  std::optional<domain::Id> findIdByCvr(const std::string& cvr) override;
  domain::Id insert(const domain::Organisation& organisation) override;
  bool update(const domain::Organisation& organisation, int expectedVersion) override;
  std::int64_t revision() override;

 private:
  void bumpRevision();
  Connection& c_;
};

class SociContactRepository final : public domain::ContactRepository {
 public:
  explicit SociContactRepository(Connection& c) : c_(c) {}
  std::optional<domain::Contact> find(domain::Id id) override;
  std::vector<domain::Contact> findMany(const std::vector<domain::Id>& ids) override;
  domain::Page<domain::Contact> list(const domain::ContactQuery& query) override;
  std::optional<domain::Id> findIdByEmail(const std::string& foldedEmail) override;
  domain::Id insert(const domain::Contact& contact) override;
  bool update(const domain::Contact& contact, int expectedVersion) override;
  void erase(domain::Id id, domain::Timestamp at) override;

 private:
  Connection& c_;
};

class SociUserRepository final : public domain::UserRepository {
 public:
  explicit SociUserRepository(Connection& c) : c_(c) {}
  std::optional<domain::User> find(domain::Id id) override;
  std::optional<domain::User> findByEmail(const std::string& foldedEmail) override;
  domain::Page<domain::User> list(const domain::UserQuery& query) override;
  domain::Id insert(const domain::User& user) override;
  bool update(const domain::User& user, int expectedVersion) override;
  void recordLogin(domain::Id id, domain::Timestamp at) override;

 private:
  Connection& c_;
};

class SociSessionRepository final : public domain::SessionRepository {
 public:
  explicit SociSessionRepository(Connection& c) : c_(c) {}
  void insert(const domain::Session& session) override;
  std::optional<std::pair<domain::Session, domain::User>> findActive(const std::string& tokenHash,
                                                                     domain::Timestamp now) override;
  void revoke(const std::string& tokenHash, domain::Timestamp at) override;
  int revokeAllForUser(domain::Id userId, domain::Timestamp at) override;
  int revokeOthers(domain::Id userId, const std::string& keepTokenHash, domain::Timestamp at) override;
  void touch(const std::string& tokenHash, domain::Timestamp at) override;
  int deleteExpired(domain::Timestamp before) override;

 private:
  Connection& c_;
};

class SociLoginAttemptRepository final : public domain::LoginAttemptRepository {
 public:
  explicit SociLoginAttemptRepository(Connection& c) : c_(c) {}
  void recordFailure(const std::string& foldedEmail, const std::string& client, domain::Timestamp at) override;
  std::pair<int, std::optional<domain::Timestamp>> failuresSince(const std::string& foldedEmail,
                                                                 domain::Timestamp since) override;
  std::optional<domain::Timestamp> latestFailure(const std::string& foldedEmail) override;
  std::pair<int, std::optional<domain::Timestamp>> failuresFromClientSince(const std::string& client,
                                                                           domain::Timestamp since) override;
  void clear(const std::string& foldedEmail) override;
  void forgetBefore(domain::Timestamp before) override;

 private:
  Connection& c_;
};

class SociEventRepository final : public domain::EventRepository {
 public:
  explicit SociEventRepository(Connection& c) : c_(c) {}
  std::optional<domain::Event> find(domain::Id id) override;
  std::optional<domain::Event> findForUpdate(domain::Id id) override;
  domain::Page<domain::Event> list(const domain::EventQuery& query) override;
  domain::Id insert(const domain::Event& event) override;
  bool update(const domain::Event& event, int expectedVersion) override;
  std::vector<domain::Event> ofSeries(domain::Id seriesId) override;
  void setCounts(domain::Id eventId, int confirmed, int waitlisted) override;
  std::int64_t revision() override;
  std::vector<domain::Event> forFeed(const domain::EventQuery& query) override;
  std::vector<domain::EventVersion> feedVersions(const domain::EventQuery& query) override;
  std::vector<domain::Event> forFeed(const std::vector<domain::Id>& ids) override;

 private:
  Connection& c_;
};

// Raises the events' revision (the slot of `eventId`): every write that changes what an events list
// shows calls it in its own transaction.
void bumpEventListRevision(Connection& c, domain::Id eventId);
// Raises the people's revision (the slot of `contactId`): every write that changes which people a list
// holds (added, changed, erased, moved) calls it in its own transaction; list totals are kept under it.
void bumpContactListRevision(Connection& c, domain::Id contactId);

class SociRegistrationRepository final : public domain::RegistrationRepository {
 public:
  explicit SociRegistrationRepository(Connection& c) : c_(c) {}
  std::optional<domain::Registration> find(domain::Id id) override;
  domain::Page<domain::Registration> list(const domain::RegistrationQuery& query) override;
  std::optional<domain::Registration> findActive(domain::Id eventId, domain::Id contactId) override;
  int seatsTakenBy(domain::Id eventId, domain::Id organisationId) override;
  std::pair<int, int> counts(domain::Id eventId) override;
  std::vector<domain::Registration> waitlist(domain::Id eventId) override;
  std::vector<domain::Registration> withStatus(domain::Id eventId, domain::RegistrationStatus status) override;
  domain::Id insert(const domain::Registration& registration) override;
  std::map<domain::Id, domain::Id> activeIds(domain::Id eventId, const std::vector<domain::Id>& contactIds) override;
  std::vector<domain::Id> insertMany(const std::vector<domain::Registration>& registrations) override;
  void update(const domain::Registration& registration) override;
  void record(const domain::RegistrationChange& change) override;
  void recordMany(const std::vector<domain::RegistrationChange>& changes) override;
  std::vector<domain::RegistrationChange> history(domain::Id registrationId) override;
  std::vector<std::pair<domain::Id, domain::Id>> attendedInSeries(domain::Id seriesId) override;
  std::vector<domain::Registration> ofContact(domain::Id contactId) override;
  std::vector<domain::Registration> ofOrganisation(domain::Id organisationId, domain::Timestamp eventsEndingAfter,
                                                   int limit) override;

 private:
  Connection& c_;
};

class SociSeriesRepository final : public domain::SeriesRepository {
 public:
  explicit SociSeriesRepository(Connection& c) : c_(c) {}
  std::optional<domain::Series> find(domain::Id id) override;
  domain::Page<domain::Series> list(const domain::PageRequest& page) override;
  std::vector<domain::Series> active() override;
  domain::Id insert(const domain::Series& series) override;
  bool update(const domain::Series& series, int expectedVersion) override;

 private:
  Connection& c_;
};

class SociCalendarFeedRepository final : public domain::CalendarFeedRepository {
 public:
  explicit SociCalendarFeedRepository(Connection& c) : c_(c) {}
  std::optional<domain::CalendarFeed> findByToken(const std::string& token) override;
  std::optional<domain::CalendarFeed> findFor(domain::FeedOwner owner, domain::Id ownerId) override;
  void insert(const domain::CalendarFeed& feed) override;
  void revokeFor(domain::FeedOwner owner, domain::Id ownerId, domain::Timestamp at) override;

 private:
  Connection& c_;
};

// The WHERE of a segment's organisations (alias `o`), shared by the announcement's queue and dry run.
void segmentWhere(QueryBuilder& where, const domain::Segment& segment);

class SociOutboxRepository final : public domain::OutboxRepository {
 public:
  explicit SociOutboxRepository(Connection& c) : c_(c) {}
  void enqueue(const domain::OutboxMessage& message) override;
  void enqueueMany(const std::vector<domain::OutboxMessage>& messages) override;
  domain::Page<domain::OutboxMessage> list(const domain::OutboxQuery& query) override;
  std::vector<domain::OutboxMessage> claimDue(domain::Timestamp now, domain::Timestamp staleBefore, int max) override;
  void finish(const domain::OutboxMessage& message) override;
  bool supersededBy(const domain::OutboxMessage& message) override;
  std::optional<domain::OutboxMessage> find(domain::Id id) override;
  std::vector<domain::Id> remindedRegistrations(domain::Id eventId) override;
  bool requeueFailed(domain::Id id, domain::Timestamp now) override;
  int queueAnnouncement(domain::Id announcementId, std::optional<domain::Id> eventId, const domain::Segment& segment,
                        domain::Timestamp now) override;
  int skipQueued(const std::string& why) override;
  int queueReminders(domain::Timestamp now, domain::Timestamp soonestStart) override;

 private:
  Connection& c_;
};

class SociEventMessageRepository final : public domain::EventMessageRepository {
 public:
  explicit SociEventMessageRepository(Connection& c) : c_(c) {}
  domain::Id insert(const domain::EventMessage& message) override;
  std::optional<domain::EventMessage> find(domain::Id id) override;
  std::vector<domain::EventMessage> ofEvent(domain::Id eventId) override;
  domain::Id insertAnnouncement(const domain::Announcement& announcement) override;
  void setAnnouncementRecipients(domain::Id id, int recipients) override;
  std::optional<domain::Announcement> findAnnouncement(domain::Id id) override;
  domain::Page<domain::Announcement> announcements(const domain::PageRequest& page) override;
  std::vector<domain::SegmentPerson> segmentPeople(const domain::Segment& segment) override;
  std::vector<domain::MessageTemplate> templates() override;
  void saveTemplate(const domain::MessageTemplate& stored) override;

 private:
  Connection& c_;
};

class SociReportRepository final : public domain::ReportRepository {
 public:
  explicit SociReportRepository(Connection& c) : c_(c) {}
  std::vector<domain::ReportEvent> eventsStarting(domain::Timestamp from, domain::Timestamp to) override;
  std::vector<domain::ReportSeat> seatsAtEventsStarting(domain::Timestamp from, domain::Timestamp to) override;
  std::vector<domain::OrganisationProfile> organisationProfiles() override;
  std::vector<domain::ReportDialogue> dialogue(const std::vector<domain::Timestamp>& boundaries) override;
  domain::Page<domain::DormantOrganisation> dormant(const domain::DormantSelection& selection) override;
  std::vector<domain::EventSeatCount> seatCounts(domain::Id eventId) override;
  std::vector<domain::TrainingAttendance> trainingAttendance(domain::Timestamp from, domain::Timestamp to) override;
  std::vector<domain::AttendedTraining> trainingsOf(domain::Id contactId) override;

 private:
  Connection& c_;
};

class SociAuditRepository final : public domain::AuditRepository {
 public:
  explicit SociAuditRepository(Connection& c) : c_(c) {}
  void record(const domain::AuditEntry& entry) override;
  void recordMany(const std::vector<domain::AuditEntry>& entries) override;
  domain::Page<domain::AuditEntry> search(const domain::AuditQuery& query) override;
  int purgeBefore(domain::Timestamp before) override;

 private:
  Connection& c_;
};

class SociRetentionRepository final : public domain::RetentionRepository {
 public:
  explicit SociRetentionRepository(Connection& c) : c_(c) {}
  domain::Id lastContactId() override;
  std::vector<std::pair<domain::Id, int>> participationEndedBefore(domain::Timestamp cutoff,
                                                                   domain::ContactWindow window) override;
  void moveParticipation(domain::Id from, domain::Id to) override;
  std::vector<domain::Id> inactiveContacts(domain::Timestamp cutoff, domain::ContactWindow window) override;
  int auditEntriesBefore(domain::Timestamp cutoff) override;
  int activityNotesBefore(domain::Timestamp cutoff) override;
  int clearActivityNotes(domain::Timestamp cutoff, const std::string& subject, domain::Timestamp at) override;

 private:
  Connection& c_;
};

class SociActivityRepository final : public domain::ActivityRepository {
 public:
  explicit SociActivityRepository(Connection& c) : c_(c) {}
  std::optional<domain::Activity> find(domain::Id id) override;
  domain::Page<domain::Activity> list(const domain::ActivityQuery& query) override;
  domain::Id insert(const domain::Activity& activity) override;
  bool update(const domain::Activity& activity, int expectedVersion) override;
  void remove(domain::Id id) override;
  std::vector<domain::Activity> naming(domain::Id contactId) override;
  std::vector<domain::Activity> ofOrganisationOrNaming(domain::Id organisationId, domain::Id contactId) override;
  void rewriteText(domain::Id id, const std::string& subject, const std::string& notes, domain::Timestamp at) override;
  int forgetContact(domain::Id contactId) override;

 private:
  Connection& c_;
};

class SociFollowUpRepository final : public domain::FollowUpRepository {
 public:
  explicit SociFollowUpRepository(Connection& c) : c_(c) {}
  std::optional<domain::FollowUp> find(domain::Id id) override;
  domain::Page<domain::FollowUp> list(const domain::FollowUpQuery& query) override;
  domain::Id insert(const domain::FollowUp& followUp) override;
  bool update(const domain::FollowUp& followUp, int expectedVersion) override;
  void remove(domain::Id id) override;
  std::vector<domain::FollowUp> about(domain::Id contactId) override;
  std::vector<domain::FollowUp> ofOrganisationOrAbout(domain::Id organisationId, domain::Id contactId) override;
  void rewriteTitle(domain::Id id, const std::string& title, domain::Timestamp at) override;

 private:
  Connection& c_;
};

class SociOutreachViewRepository final : public domain::OutreachViewRepository {
 public:
  explicit SociOutreachViewRepository(Connection& c) : c_(c) {}
  domain::TimelineSource registrations(domain::TimelineSubject subject, domain::Id id, int newest) override;
  domain::TimelineSource followUps(domain::TimelineSubject subject, domain::Id id, int newest) override;
  domain::Page<domain::WorkFollowUp> assignedFollowUps(domain::Id userId, const domain::LocalDate& today, bool overdue,
                                                       int limit) override;
  domain::Page<domain::WorkOrganisation> notReached(domain::Id userId, domain::Timestamp since, int limit) override;
  domain::Page<domain::WorkActivity> activitiesBetween(domain::Timestamp from, domain::Timestamp to,
                                                       const std::vector<int>& districts, int limit) override;
  domain::Page<domain::WorkEvent> eventsStarting(domain::Timestamp from, domain::Timestamp to,
                                                 const std::vector<int>& districts, int limit) override;

 private:
  Connection& c_;
};

class SociMergeRepository final : public domain::MergeRepository {
 public:
  explicit SociMergeRepository(Connection& c) : c_(c) {}
  int fillNameKeys(domain::MergeKind kind) override;
  std::vector<domain::DuplicateKeyRow> sharedKeys(domain::MergeKind kind, std::string_view reason,
                                                  const std::vector<int>& within_districts, int limit) override;
  std::vector<std::pair<domain::Id, domain::Id>> dismissals(domain::MergeKind kind) override;
  void dismiss(domain::MergeKind kind, domain::Id a, domain::Id b, std::optional<domain::Id> by,
               domain::Timestamp at) override;
  std::vector<domain::MergeMove> moveOrganisation(domain::Id from, domain::Id to) override;
  std::vector<domain::MergeMove> moveContact(domain::Id from, domain::Id to,
                                             const std::vector<domain::Id>& cancel) override;
  void moveBack(domain::MergeKind kind, domain::Id from, domain::Id to,
                const std::vector<domain::MergeMove>& moves) override;
  domain::Id record(const domain::MergeRecord& merge) override;
  std::optional<domain::MergeRecord> find(domain::Id id) override;
  domain::Page<domain::MergeRecord> list(const domain::MergeQuery& query) override;
  bool laterMergeInvolving(domain::MergeKind kind, domain::Id recordId, domain::Id after) override;
  void markUndone(domain::Id id, std::optional<domain::Id> by, domain::Timestamp at) override;
  int purgeBefore(domain::Timestamp before) override;

 private:
  Connection& c_;
};

// organisations.last_activity_at and open_follow_ups, recomputed from the organisation's activities
// and follow-ups by every write that can move them.
void refreshOutreachOfOrganisation(Connection& c, domain::Id organisationId);
// The same for every organisation at once (after a bulk load).
void refreshOutreachOfAll(Connection& c);

// organisations.last_attended_at: the start of the latest published or completed event the
// organisation's people attended. Recomputed (not adjusted) by every write that can move it, so it
// stays exact when a check-in is undone, an event is moved or cancelled.
void refreshLastAttendedOfOrganisation(Connection& c, domain::Id organisationId);
void refreshLastAttendedForEvent(Connection& c, domain::Id eventId);  // organisations attending the event
void refreshLastAttendedOfAll(Connection& c);

class SociImportRepository final : public domain::ImportRepository {
 public:
  explicit SociImportRepository(Connection& c) : c_(c) {}
  domain::Id insert(const domain::Import& import) override;
  std::optional<domain::Import> find(domain::Id id) override;
  void update(const domain::Import& import) override;
  void replaceRows(domain::Id importId, const std::vector<domain::ImportRow>& rows) override;
  domain::Page<domain::ImportRow> rows(domain::Id importId, const domain::ImportRowQuery& query) override;
  int expire(domain::Timestamp previewsBefore, domain::Timestamp committedBefore) override;
  domain::RegisterSnapshot snapshot(domain::ImportKind kind) override;

 private:
  Connection& c_;
};

// Every organisation, and every person not erased, by id: what an import matches against.
std::vector<domain::Organisation> allOrganisations(Connection& c);
std::vector<domain::Contact> allContacts(Connection& c);

}  // namespace brobygger::storage
