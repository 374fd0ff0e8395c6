#include "tests/domain/fake_store.hpp"

#include <algorithm>
#include <stdexcept>

#include "domain/validation.hpp"

namespace brobygger::testing {

using namespace brobygger::domain;

namespace {

// What storage answers when a UNIQUE or FOREIGN KEY constraint fails (storage/database.cpp).
[[noreturn]] void throwConstraint() {
  throw DomainError(ErrorCode::conflict, "A record with this value already exists");
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The rows that pass `keep`, sorted by `less`, cut to one page; the total counts every kept row.
template <class T, class Keep, class Less>
Page<T> pageOf(const std::map<Id, T>& rows, Keep keep, Less less, const PageRequest& request) {
  std::vector<T> kept;
  for (const auto& [id, row] : rows) {
    if (keep(row)) kept.push_back(row);
  }
  std::sort(kept.begin(), kept.end(), less);
  Page<T> page;
  page.limit = request.limit;
  page.offset = request.offset;
  page.total = static_cast<std::int64_t>(kept.size());
  const auto first = static_cast<std::size_t>(std::max<std::int64_t>(0, request.offset));
  const auto count = static_cast<std::size_t>(std::max(0, request.limit));
  for (std::size_t i = first; i < kept.size() && i - first < count; ++i) page.items.push_back(kept[i]);
  return page;
}

// Names sort case-insensitively (COLLATE NOCASE), ties by id, as storage does.
template <class T>
bool byName(const T& a, const T& b) {
  const auto fa = foldCase(a.name), fb = foldCase(b.name);
  return fa != fb ? fa < fb : a.id < b.id;
}
template <class T>
bool byNameDesc(const T& a, const T& b) {
  return byName(b, a);
}
template <class T>
bool byCreated(const T& a, const T& b) {
  return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
}
template <class T>
bool byCreatedDesc(const T& a, const T& b) {
  return byCreated(b, a);
}
template <class T>
bool byUpdated(const T& a, const T& b) {
  return a.updated_at != b.updated_at ? a.updated_at < b.updated_at : a.id < b.id;
}
template <class T>
bool byUpdatedDesc(const T& a, const T& b) {
  return byUpdated(b, a);
}

bool statusMatches(StatusFilter filter, RecordStatus status) {
  switch (filter) {
    case StatusFilter::active: return status == RecordStatus::active;
    case StatusFilter::archived: return status == RecordStatus::archived;
    case StatusFilter::all: return true;
  }
  return true;
}

}  // namespace

class FakeUnitOfWork;

class FakeReferenceRepository final : public ReferenceRepository {
 public:
  explicit FakeReferenceRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  ReferenceData load() override;
  void upsert(const ReferenceData& data) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeOrganisationRepository final : public OrganisationRepository {
 public:
  explicit FakeOrganisationRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<Organisation> find(Id id) override;
  Page<Organisation> list(const OrganisationQuery& query) override;
  std::optional<Id> findIdByCvr(const std::string& cvr) override;
  Id insert(const Organisation& organisation) override;
  bool update(const Organisation& organisation, int expectedVersion) override;
  std::int64_t revision() override;

 private:
  void checkConstraints(const Organisation& organisation);
  FakeUnitOfWork& uow_;
};

class FakeContactRepository final : public ContactRepository {
 public:
  explicit FakeContactRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<Contact> find(Id id) override;
  Page<Contact> list(const ContactQuery& query) override;
  std::optional<Id> findIdByEmail(const std::string& foldedEmail) override;
  Id insert(const Contact& contact) override;
  bool update(const Contact& contact, int expectedVersion) override;
  void erase(Id id, Timestamp at) override;

 private:
  void checkConstraints(const Contact& contact);
  FakeUnitOfWork& uow_;
};

class FakeUserRepository final : public UserRepository {
 public:
  explicit FakeUserRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<User> find(Id id) override;
  std::optional<User> findByEmail(const std::string& foldedEmail) override;
  Page<User> list(const UserQuery& query) override;
  Id insert(const User& user) override;
  bool update(const User& user, int expectedVersion) override;
  void recordLogin(Id id, Timestamp at) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeSessionRepository final : public SessionRepository {
 public:
  explicit FakeSessionRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  void insert(const Session& session) override;
  std::optional<std::pair<Session, User>> findActive(const std::string& tokenHash, Timestamp now) override;
  void revoke(const std::string& tokenHash, Timestamp at) override;
  int revokeAllForUser(Id userId, Timestamp at) override;
  int revokeOthers(Id userId, const std::string& keepTokenHash, Timestamp at) override;
  void touch(const std::string& tokenHash, Timestamp at) override;
  int deleteExpired(Timestamp before) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeLoginAttemptRepository final : public LoginAttemptRepository {
 public:
  explicit FakeLoginAttemptRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  void recordFailure(const std::string& foldedEmail, const std::string& client, Timestamp at) override;
  std::pair<int, std::optional<Timestamp>> failuresSince(const std::string& foldedEmail, Timestamp since) override;
  std::optional<Timestamp> latestFailure(const std::string& foldedEmail) override;
  std::pair<int, std::optional<Timestamp>> failuresFromClientSince(const std::string& client, Timestamp since) override;
  void clear(const std::string& foldedEmail) override;
  void forgetBefore(Timestamp before) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeEventRepository final : public EventRepository {
 public:
  explicit FakeEventRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<Event> find(Id id) override;
  std::optional<Event> findForUpdate(Id id) override { return find(id); }  // the write unit of work is the lock
  Page<Event> list(const EventQuery& query) override;
  Id insert(const Event& event) override;
  bool update(const Event& event, int expectedVersion) override;
  std::vector<Event> ofSeries(Id seriesId) override;
  void setCounts(Id eventId, int confirmed, int waitlisted) override;

 private:
  void checkConstraints(const Event& event);
  FakeUnitOfWork& uow_;
};

class FakeRegistrationRepository final : public RegistrationRepository {
 public:
  explicit FakeRegistrationRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<Registration> find(Id id) override;
  Page<Registration> list(const RegistrationQuery& query) override;
  std::optional<Registration> findActive(Id eventId, Id contactId) override;
  int seatsTakenBy(Id eventId, Id organisationId) override;
  std::pair<int, int> counts(Id eventId) override;
  std::vector<Registration> waitlist(Id eventId) override;
  std::vector<Registration> withStatus(Id eventId, RegistrationStatus status) override;
  Id insert(const Registration& registration) override;
  void update(const Registration& registration) override;
  void record(const RegistrationChange& change) override;
  std::vector<RegistrationChange> history(Id registrationId) override;
  std::vector<std::pair<Id, Id>> attendedInSeries(Id seriesId) override;
  std::vector<Registration> ofContact(Id contactId) override;
  std::vector<Registration> ofOrganisation(Id organisationId, Timestamp eventsEndingAfter) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeSeriesRepository final : public SeriesRepository {
 public:
  explicit FakeSeriesRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<Series> find(Id id) override;
  Page<Series> list(const PageRequest& page) override;
  std::vector<Series> active() override;
  Id insert(const Series& series) override;
  bool update(const Series& series, int expectedVersion) override;

 private:
  void checkConstraints(const Series& series);
  FakeUnitOfWork& uow_;
};

class FakeCalendarFeedRepository final : public CalendarFeedRepository {
 public:
  explicit FakeCalendarFeedRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::optional<CalendarFeed> findByToken(const std::string& token) override;
  std::optional<CalendarFeed> findFor(FeedOwner owner, Id ownerId) override;
  void insert(const CalendarFeed& feed) override;
  void revokeFor(FeedOwner owner, Id ownerId, Timestamp at) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeOutboxRepository final : public OutboxRepository {
 public:
  explicit FakeOutboxRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  void enqueue(const OutboxMessage& message) override;
  Page<OutboxMessage> list(const OutboxQuery& query) override;
  std::vector<OutboxMessage> claimDue(Timestamp now, Timestamp staleBefore, int max) override;
  void finish(const OutboxMessage& message) override;
  bool supersededBy(const OutboxMessage& message) override;
  int skipQueued(const std::string& why) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeReportRepository final : public ReportRepository {
 public:
  explicit FakeReportRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::vector<ReportEvent> eventsStarting(Timestamp from, Timestamp to) override;
  std::vector<ReportSeat> seatsAtEventsStarting(Timestamp from, Timestamp to) override;
  std::vector<OrganisationProfile> organisationProfiles() override;
  Page<DormantOrganisation> dormant(const DormantSelection& selection) override;
  std::vector<EventSeatCount> seatCounts(Id eventId) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeAuditRepository final : public AuditRepository {
 public:
  explicit FakeAuditRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  void record(const AuditEntry& entry) override;
  Page<AuditEntry> search(const AuditQuery& query) override;
  int purgeBefore(Timestamp before) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeRetentionRepository final : public RetentionRepository {
 public:
  explicit FakeRetentionRepository(FakeUnitOfWork& uow) : uow_(uow) {}
  std::vector<std::pair<Id, int>> participationEndedBefore(Timestamp cutoff) override;
  void moveParticipation(Id from, Id to) override;
  std::vector<Id> inactiveContacts(Timestamp cutoff) override;
  int auditEntriesBefore(Timestamp cutoff) override;

 private:
  FakeUnitOfWork& uow_;
};

class FakeUnitOfWork final : public UnitOfWork {
 public:
  FakeUnitOfWork(FakeStore& store, Access access) : store_(store), access_(access) {
    if (access_ == Access::write) {
      // Real storage takes the write lock up front; a second writer would wait and then fail as busy.
      // In these single-threaded tests a second writer can only be a nested one, which would deadlock.
      if (store_.write_open_) throw DomainError(ErrorCode::unavailable, "The database is busy; try again");
      store_.write_open_ = true;
      copy_ = store_.data_;
    }
  }
  FakeUnitOfWork(const FakeUnitOfWork&) = delete;
  FakeUnitOfWork& operator=(const FakeUnitOfWork&) = delete;

  ~FakeUnitOfWork() override {
    if (access_ == Access::write && !done_) {
      store_.write_open_ = false;
      ++store_.rollbacks_;
    }
  }

  ReferenceRepository& reference() override { return reference_; }
  OrganisationRepository& organisations() override { return organisations_; }
  ContactRepository& contacts() override { return contacts_; }
  UserRepository& users() override { return users_; }
  SessionRepository& sessions() override { return sessions_; }
  LoginAttemptRepository& loginAttempts() override { return login_attempts_; }
  EventRepository& events() override { return events_; }
  RegistrationRepository& registrations() override { return registrations_; }
  SeriesRepository& series() override { return series_; }
  CalendarFeedRepository& feeds() override { return feeds_; }
  OutboxRepository& outbox() override { return outbox_; }
  ReportRepository& reports() override { return reports_; }
  AuditRepository& audit() override { return audit_; }
  RetentionRepository& retention() override { return retention_; }

  void commit() override {
    if (access_ != Access::write || done_) return;  // nothing pending: statements were applied as they ran
    store_.data_ = std::move(copy_);
    store_.write_open_ = false;
    ++store_.commits_;
    done_ = true;
  }

  // The data this unit of work's statements see and change.
  StoreData& data() { return access_ == Access::write && !done_ ? copy_ : store_.data_; }

 private:
  FakeStore& store_;
  Access access_;
  StoreData copy_;
  bool done_ = false;
  FakeReferenceRepository reference_{*this};
  FakeOrganisationRepository organisations_{*this};
  FakeContactRepository contacts_{*this};
  FakeUserRepository users_{*this};
  FakeSessionRepository sessions_{*this};
  FakeLoginAttemptRepository login_attempts_{*this};
  FakeEventRepository events_{*this};
  FakeRegistrationRepository registrations_{*this};
  FakeSeriesRepository series_{*this};
  FakeCalendarFeedRepository feeds_{*this};
  FakeOutboxRepository outbox_{*this};
  FakeReportRepository reports_{*this};
  FakeAuditRepository audit_{*this};
  FakeRetentionRepository retention_{*this};
};

std::unique_ptr<UnitOfWork> FakeStore::begin(Access access) {
  if (!reachable) throw DomainError(ErrorCode::unavailable, "The database is not reachable");
  return std::make_unique<FakeUnitOfWork>(*this, access);
}

// --- reference ---

ReferenceData FakeReferenceRepository::load() { return uow_.data().reference; }

void FakeReferenceRepository::upsert(const ReferenceData& data) {
  auto& stored = uow_.data().reference;
  auto merge = [](auto& into, const auto& from, auto sameKey) {
    for (const auto& item : from) {
      auto it = std::find_if(into.begin(), into.end(), [&](const auto& have) { return sameKey(have, item); });
      if (it == into.end()) {
        into.push_back(item);
      } else {
        *it = item;
      }
    }
  };
  auto sameId = [](const auto& a, const auto& b) { return a.id == b.id; };
  auto sameCode = [](const auto& a, const auto& b) { return a.code == b.code; };
  merge(stored.regions, data.regions, sameId);
  merge(stored.police_districts, data.police_districts, sameId);
  merge(stored.municipalities, data.municipalities, sameId);
  merge(stored.organisation_kinds, data.organisation_kinds, sameCode);
  merge(stored.event_kinds, data.event_kinds, sameCode);
}

// --- organisations ---

std::optional<Organisation> FakeOrganisationRepository::find(Id id) {
  const auto& rows = uow_.data().organisations;
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

Page<Organisation> FakeOrganisationRepository::list(const OrganisationQuery& query) {
  const auto needle = query.q ? foldCase(*query.q) : std::string();
  auto keep = [&](const Organisation& o) {
    if (query.only_id && o.id != *query.only_id) return false;
    if (!query.within_districts.empty() &&
        std::find(query.within_districts.begin(), query.within_districts.end(), o.police_district_id) ==
            query.within_districts.end())
      return false;
    if (!statusMatches(query.status, o.status)) return false;
    if (query.kind && o.kind != *query.kind) return false;
    if (query.police_district_id && o.police_district_id != *query.police_district_id) return false;
    if (query.municipality_id && o.municipality_id != *query.municipality_id) return false;
    if (query.region_id && o.region_id != *query.region_id) return false;
    // storage searches one folded text: name, CVR and website joined by spaces
    if (!needle.empty() && !contains(foldCase(o.name + " " + o.cvr.value_or("") + " " + o.website.value_or("")), needle))
      return false;
    return true;
  };
  const auto& rows = uow_.data().organisations;
  switch (query.sort) {
    case OrganisationSort::name: return pageOf(rows, keep, byName<Organisation>, query.page);
    case OrganisationSort::name_desc: return pageOf(rows, keep, byNameDesc<Organisation>, query.page);
    case OrganisationSort::created_at: return pageOf(rows, keep, byCreated<Organisation>, query.page);
    case OrganisationSort::created_at_desc: return pageOf(rows, keep, byCreatedDesc<Organisation>, query.page);
    case OrganisationSort::updated_at: return pageOf(rows, keep, byUpdated<Organisation>, query.page);
    case OrganisationSort::updated_at_desc: return pageOf(rows, keep, byUpdatedDesc<Organisation>, query.page);
  }
  return pageOf(rows, keep, byName<Organisation>, query.page);
}

std::optional<Id> FakeOrganisationRepository::findIdByCvr(const std::string& cvr) {
  for (const auto& [id, o] : uow_.data().organisations) {
    if (o.cvr && *o.cvr == cvr) return id;
  }
  return std::nullopt;
}

void FakeOrganisationRepository::checkConstraints(const Organisation& organisation) {
  const auto& data = uow_.data();
  if (organisation.cvr) {
    for (const auto& [id, o] : data.organisations) {
      if (id != organisation.id && o.cvr == organisation.cvr) throwConstraint();
    }
  }
  const auto& ref = data.reference;
  const bool kindKnown = std::any_of(ref.organisation_kinds.begin(), ref.organisation_kinds.end(),
                                     [&](const auto& k) { return k.code == organisation.kind; });
  const bool municipalityKnown = std::any_of(ref.municipalities.begin(), ref.municipalities.end(),
                                             [&](const auto& m) { return m.id == organisation.municipality_id; });
  const bool districtKnown = std::any_of(ref.police_districts.begin(), ref.police_districts.end(),
                                         [&](const auto& d) { return d.id == organisation.police_district_id; });
  const bool regionKnown = std::any_of(ref.regions.begin(), ref.regions.end(),
                                       [&](const auto& r) { return r.id == organisation.region_id; });
  if (!kindKnown || !municipalityKnown || !districtKnown || !regionKnown) throwConstraint();
  if (organisation.responsible_user_id && !data.users.count(*organisation.responsible_user_id)) throwConstraint();
}

Id FakeOrganisationRepository::insert(const Organisation& organisation) {
  auto& data = uow_.data();
  Organisation stored = organisation;
  stored.id = data.next_organisation_id;
  stored.version = 1;
  checkConstraints(stored);
  ++data.next_organisation_id;
  data.organisations[stored.id] = stored;
  ++data.register_revision;
  return stored.id;
}

bool FakeOrganisationRepository::update(const Organisation& organisation, int expectedVersion) {
  auto& rows = uow_.data().organisations;
  const auto it = rows.find(organisation.id);
  if (it == rows.end() || it->second.version != expectedVersion) return false;
  checkConstraints(organisation);
  Organisation stored = organisation;
  stored.created_at = it->second.created_at;  // not written by UPDATE
  stored.version = expectedVersion + 1;
  it->second = stored;
  ++uow_.data().register_revision;
  return true;
}

std::int64_t FakeOrganisationRepository::revision() { return uow_.data().register_revision; }

// --- contacts ---

std::optional<Contact> FakeContactRepository::find(Id id) {
  const auto& rows = uow_.data().contacts;
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

Page<Contact> FakeContactRepository::list(const ContactQuery& query) {
  const auto needle = query.q ? foldCase(*query.q) : std::string();
  auto keep = [&](const Contact& c) {
    if (query.organisation_id && c.organisation_id != *query.organisation_id) return false;
    if (!query.within_districts.empty()) {
      const auto district = uow_.data().organisations.at(c.organisation_id).police_district_id;
      if (std::find(query.within_districts.begin(), query.within_districts.end(), district) == query.within_districts.end())
        return false;
    }
    if (!statusMatches(query.status, c.status)) return false;
    if (!needle.empty() && !contains(foldCase(c.name + " " + c.email.value_or("")), needle)) return false;
    return true;
  };
  const auto& rows = uow_.data().contacts;
  switch (query.sort) {
    case ContactSort::name: return pageOf(rows, keep, byName<Contact>, query.page);
    case ContactSort::name_desc: return pageOf(rows, keep, byNameDesc<Contact>, query.page);
    case ContactSort::created_at: return pageOf(rows, keep, byCreated<Contact>, query.page);
    case ContactSort::created_at_desc: return pageOf(rows, keep, byCreatedDesc<Contact>, query.page);
  }
  return pageOf(rows, keep, byName<Contact>, query.page);
}

std::optional<Id> FakeContactRepository::findIdByEmail(const std::string& foldedEmail) {
  for (const auto& [id, c] : uow_.data().contacts) {
    if (c.email && foldCase(*c.email) == foldedEmail) return id;
  }
  return std::nullopt;
}

void FakeContactRepository::checkConstraints(const Contact& contact) {
  const auto& data = uow_.data();
  if (contact.email) {
    const auto folded = foldCase(*contact.email);
    for (const auto& [id, c] : data.contacts) {
      if (id != contact.id && c.email && foldCase(*c.email) == folded) throwConstraint();
    }
  }
  if (!data.organisations.count(contact.organisation_id)) throwConstraint();
}

Id FakeContactRepository::insert(const Contact& contact) {
  auto& data = uow_.data();
  Contact stored = contact;
  stored.id = data.next_contact_id;
  stored.version = 1;
  checkConstraints(stored);
  ++data.next_contact_id;
  data.contacts[stored.id] = stored;
  return stored.id;
}

bool FakeContactRepository::update(const Contact& contact, int expectedVersion) {
  auto& rows = uow_.data().contacts;
  const auto it = rows.find(contact.id);
  if (it == rows.end() || it->second.version != expectedVersion) return false;
  checkConstraints(contact);
  Contact stored = contact;
  stored.created_at = it->second.created_at;
  stored.version = expectedVersion + 1;
  it->second = stored;
  return true;
}

void FakeContactRepository::erase(Id id, Timestamp at) {
  auto& c = uow_.data().contacts.at(id);
  c.name = kErasedName;
  c.title.reset();
  c.email.reset();
  c.phone.reset();
  c.consent = {false, false, at, "erasure"};
  c.status = RecordStatus::archived;
  c.erased_at = at;
  c.updated_at = at;
  ++c.version;
  for (auto& m : uow_.data().outbox) {
    if (m.contact_id != id) continue;
    m.recipient.reset();
    m.last_error.reset();
    if (m.status == OutboxStatus::queued || m.status == OutboxStatus::failed || m.status == OutboxStatus::sending)
      m.status = OutboxStatus::skipped;
  }
}

// --- users ---

std::optional<User> FakeUserRepository::find(Id id) {
  const auto& rows = uow_.data().users;
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

std::optional<User> FakeUserRepository::findByEmail(const std::string& foldedEmail) {
  for (const auto& [id, u] : uow_.data().users) {
    if (u.email == foldedEmail) return u;
  }
  return std::nullopt;
}

Page<User> FakeUserRepository::list(const UserQuery& query) {
  const auto needle = query.q ? foldCase(*query.q) : std::string();
  auto keep = [&](const User& u) {
    if (query.role && u.role != *query.role) return false;
    if (query.status && u.status != *query.status) return false;
    if (!needle.empty() && !contains(u.email, needle) && !contains(foldCase(u.name), needle)) return false;
    return true;
  };
  return pageOf(uow_.data().users, keep, byName<User>, query.page);
}

Id FakeUserRepository::insert(const User& user) {
  auto& data = uow_.data();
  for (const auto& [id, u] : data.users) {
    if (u.email == user.email) throwConstraint();
  }
  if (user.organisation_id && !data.organisations.count(*user.organisation_id)) throwConstraint();
  User stored = user;
  stored.id = data.next_user_id++;
  stored.version = 1;
  data.users[stored.id] = stored;
  return stored.id;
}

bool FakeUserRepository::update(const User& user, int expectedVersion) {
  auto& data = uow_.data();
  const auto it = data.users.find(user.id);
  if (it == data.users.end() || it->second.version != expectedVersion) return false;
  if (user.organisation_id && !data.organisations.count(*user.organisation_id)) throwConstraint();
  User stored = user;
  // UPDATE writes name, role, organisation, status, password hash and updated_at only.
  stored.email = it->second.email;
  stored.created_at = it->second.created_at;
  stored.last_login_at = it->second.last_login_at;
  stored.version = expectedVersion + 1;
  it->second = stored;
  return true;
}

void FakeUserRepository::recordLogin(Id id, Timestamp at) {
  auto& rows = uow_.data().users;
  if (auto it = rows.find(id); it != rows.end()) it->second.last_login_at = at;
}

// --- sessions ---

void FakeSessionRepository::insert(const Session& session) {
  auto& data = uow_.data();
  for (const auto& s : data.sessions) {
    if (s.session.token_hash == session.token_hash) throwConstraint();
  }
  if (!data.users.count(session.user_id)) throwConstraint();
  data.sessions.push_back({session, std::nullopt});
}

std::optional<std::pair<Session, User>> FakeSessionRepository::findActive(const std::string& tokenHash,
                                                                          Timestamp now) {
  const auto& data = uow_.data();
  for (const auto& s : data.sessions) {
    if (s.session.token_hash != tokenHash || s.revoked_at || !(s.session.expires_at > now)) continue;
    const auto user = data.users.find(s.session.user_id);
    if (user == data.users.end() || user->second.status != UserStatus::active) continue;
    return std::make_pair(s.session, user->second);
  }
  return std::nullopt;
}

void FakeSessionRepository::revoke(const std::string& tokenHash, Timestamp at) {
  for (auto& s : uow_.data().sessions) {
    if (s.session.token_hash == tokenHash && !s.revoked_at) s.revoked_at = at;
  }
}

int FakeSessionRepository::revokeAllForUser(Id userId, Timestamp at) { return revokeOthers(userId, {}, at); }

int FakeSessionRepository::revokeOthers(Id userId, const std::string& keepTokenHash, Timestamp at) {
  int count = 0;
  for (auto& s : uow_.data().sessions) {
    if (s.session.user_id == userId && !s.revoked_at && s.session.expires_at > at &&
        s.session.token_hash != keepTokenHash) {
      s.revoked_at = at;
      ++count;
    }
  }
  return count;
}

void FakeSessionRepository::touch(const std::string& tokenHash, Timestamp at) {
  for (auto& s : uow_.data().sessions) {
    if (s.session.token_hash == tokenHash && s.session.last_seen_at < at) s.session.last_seen_at = at;
  }
}

int FakeSessionRepository::deleteExpired(Timestamp before) {
  auto& sessions = uow_.data().sessions;
  const auto old = sessions.size();
  std::erase_if(sessions, [&](const StoredSession& s) { return s.session.expires_at < before; });
  return static_cast<int>(old - sessions.size());
}

// --- login attempts ---

void FakeLoginAttemptRepository::recordFailure(const std::string& foldedEmail, const std::string& client,
                                               Timestamp at) {
  uow_.data().login_failures.push_back({foldedEmail, at, client});
}

std::optional<Timestamp> FakeLoginAttemptRepository::latestFailure(const std::string& foldedEmail) {
  std::optional<Timestamp> latest;
  for (const auto& f : uow_.data().login_failures) {
    if (f.folded_email == foldedEmail && (!latest || f.at > *latest)) latest = f.at;
  }
  return latest;
}

std::pair<int, std::optional<Timestamp>> FakeLoginAttemptRepository::failuresFromClientSince(const std::string& client,
                                                                                             Timestamp since) {
  int count = 0;
  std::optional<Timestamp> earliest;
  for (const auto& f : uow_.data().login_failures) {
    if (f.client.empty() || f.client != client || f.at < since) continue;
    ++count;
    if (!earliest || f.at < *earliest) earliest = f.at;
  }
  return {count, earliest};
}

void FakeLoginAttemptRepository::forgetBefore(Timestamp before) {
  std::erase_if(uow_.data().login_failures, [&](const LoginFailure& f) { return f.at < before; });
}

std::pair<int, std::optional<Timestamp>> FakeLoginAttemptRepository::failuresSince(const std::string& foldedEmail,
                                                                                   Timestamp since) {
  int count = 0;
  std::optional<Timestamp> earliest;
  for (const auto& f : uow_.data().login_failures) {
    if (f.folded_email != foldedEmail || f.at < since) continue;
    ++count;
    if (!earliest || f.at < *earliest) earliest = f.at;
  }
  return {count, earliest};
}

void FakeLoginAttemptRepository::clear(const std::string& foldedEmail) {
  std::erase_if(uow_.data().login_failures, [&](const LoginFailure& f) { return f.folded_email == foldedEmail; });
}

// --- events ---

namespace {

// What a SELECT from events answers: invitations only for audience `invited`, by organisation id.
Event asRead(Event event) {
  if (event.audience != Audience::invited) {
    event.invited_organisation_ids.clear();
  } else {
    std::sort(event.invited_organisation_ids.begin(), event.invited_organisation_ids.end());
  }
  return event;
}

bool byStart(const Event& a, const Event& b) { return a.starts_at != b.starts_at ? a.starts_at < b.starts_at : a.id < b.id; }
bool byStartDesc(const Event& a, const Event& b) { return byStart(b, a); }

bool byArrival(const Registration& a, const Registration& b) {
  return a.registered_at != b.registered_at ? a.registered_at < b.registered_at : a.id < b.id;
}

bool takesSeat(RegistrationStatus status) {
  return status == RegistrationStatus::confirmed || status == RegistrationStatus::attended;
}

template <class Items, class Pred>
bool anyOf(const Items& items, Pred pred) {
  return std::any_of(items.begin(), items.end(), pred);
}

// The foreign keys events and series share (kind, organiser) and those only events have (venue
// municipality, police district: the series table has no such constraints).
void checkDetails(const StoreData& data, const EventDetails& d, bool placeKeys) {
  const auto& ref = data.reference;
  if (!anyOf(ref.event_kinds, [&](const auto& k) { return k.code == d.kind; })) throwConstraint();
  if (d.organiser_user_id && !data.users.count(*d.organiser_user_id)) throwConstraint();
  if (!placeKeys) return;
  if (d.venue.municipality_id &&
      !anyOf(ref.municipalities, [&](const auto& m) { return m.id == *d.venue.municipality_id; }))
    throwConstraint();
  if (d.police_district_id &&
      !anyOf(ref.police_districts, [&](const auto& p) { return p.id == *d.police_district_id; }))
    throwConstraint();
}

}  // namespace

void FakeEventRepository::checkConstraints(const Event& event) {
  const auto& data = uow_.data();
  checkDetails(data, event.details, true);
  if (event.series_id && !data.series.count(*event.series_id)) throwConstraint();
  // event_invitations: PRIMARY KEY (event_id, organisation_id), organisation_id a foreign key.
  auto ids = event.invited_organisation_ids;
  std::sort(ids.begin(), ids.end());
  if (std::adjacent_find(ids.begin(), ids.end()) != ids.end()) throwConstraint();
  for (const auto id : ids) {
    if (!data.organisations.count(id)) throwConstraint();
  }
}

std::optional<Event> FakeEventRepository::find(Id id) {
  const auto& rows = uow_.data().events;
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return asRead(it->second);
}

Page<Event> FakeEventRepository::list(const EventQuery& query) {
  const auto needle = query.q ? foldCase(*query.q) : std::string();
  auto keep = [&](const Event& e) {
    if (query.from && e.ends_at < *query.from) return false;
    if (query.to && !(e.starts_at < *query.to)) return false;
    if (query.kind && e.details.kind != *query.kind) return false;
    if (query.status && e.status != *query.status) return false;
    if (query.police_district_id && e.details.police_district_id != *query.police_district_id) return false;
    if (query.series_id && e.series_id != *query.series_id) return false;
    if (query.organiser_user_id && e.details.organiser_user_id != *query.organiser_user_id) return false;
    if (!query.within_districts.empty()) {
      const bool inside = e.details.police_district_id &&
                          std::find(query.within_districts.begin(), query.within_districts.end(),
                                    *e.details.police_district_id) != query.within_districts.end();
      const bool own = query.within_districts_or_organiser &&
                       e.details.organiser_user_id == query.within_districts_or_organiser;
      if (!inside && !own) return false;
    }
    // storage searches one folded text: title and venue name joined by a space
    if (!needle.empty() && !contains(foldCase(e.details.title + " " + e.details.venue.name.value_or("")), needle))
      return false;
    if (query.visible_to_organisation) {
      if (e.status == EventStatus::draft) return false;
      if (e.status == EventStatus::cancelled && e.revision == 0) return false;  // a draft that never went out
      const bool invited = e.audience == Audience::invited &&
                           anyOf(e.invited_organisation_ids, [&](Id o) { return o == *query.visible_to_organisation; });
      if (e.audience != Audience::open && !invited) return false;
    }
    return true;
  };
  auto page = pageOf(uow_.data().events, keep, query.descending ? byStartDesc : byStart, query.page);
  for (auto& e : page.items) e = asRead(std::move(e));
  return page;
}

Id FakeEventRepository::insert(const Event& event) {
  auto& data = uow_.data();
  checkConstraints(event);
  Event stored = event;
  stored.id = data.next_event_id++;
  stored.confirmed = 0;  // the counts are not written by INSERT: they start at their defaults
  stored.waitlisted = 0;
  stored.version = 1;
  data.events[stored.id] = stored;
  return stored.id;
}

bool FakeEventRepository::update(const Event& event, int expectedVersion) {
  auto& rows = uow_.data().events;
  const auto it = rows.find(event.id);
  if (it == rows.end() || it->second.version != expectedVersion) return false;
  checkConstraints(event);
  Event stored = event;
  // UPDATE writes neither created_at nor the maintained counts.
  stored.created_at = it->second.created_at;
  stored.confirmed = it->second.confirmed;
  stored.waitlisted = it->second.waitlisted;
  stored.version = expectedVersion + 1;
  it->second = stored;
  return true;
}

std::vector<Event> FakeEventRepository::ofSeries(Id seriesId) {
  std::vector<Event> out;
  for (const auto& [id, e] : uow_.data().events) {
    if (e.series_id == seriesId) out.push_back(asRead(e));
  }
  std::sort(out.begin(), out.end(), byStart);
  return out;
}

void FakeEventRepository::setCounts(Id eventId, int confirmed, int waitlisted) {
  auto& rows = uow_.data().events;
  if (auto it = rows.find(eventId); it != rows.end()) {
    it->second.confirmed = confirmed;
    it->second.waitlisted = waitlisted;
  }
}

// --- registrations ---

std::optional<Registration> FakeRegistrationRepository::find(Id id) {
  const auto& rows = uow_.data().registrations;
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

Page<Registration> FakeRegistrationRepository::list(const RegistrationQuery& query) {
  auto keep = [&](const Registration& r) {
    if (r.event_id != query.event_id) return false;
    if (query.status && r.status != *query.status) return false;
    if (query.organisation_id && r.organisation_id != *query.organisation_id) return false;
    return true;
  };
  return pageOf(uow_.data().registrations, keep, byArrival, query.page);
}

std::optional<Registration> FakeRegistrationRepository::findActive(Id eventId, Id contactId) {
  // ORDER BY id LIMIT 1: the map is ordered by id
  for (const auto& [id, r] : uow_.data().registrations) {
    if (r.event_id == eventId && r.contact_id == contactId && r.status != RegistrationStatus::cancelled) return r;
  }
  return std::nullopt;
}

int FakeRegistrationRepository::seatsTakenBy(Id eventId, Id organisationId) {
  int seats = 0;
  for (const auto& [id, r] : uow_.data().registrations) {
    if (r.event_id == eventId && r.organisation_id == organisationId && takesSeat(r.status)) ++seats;
  }
  return seats;
}

std::pair<int, int> FakeRegistrationRepository::counts(Id eventId) {
  int seats = 0, waiting = 0;
  for (const auto& [id, r] : uow_.data().registrations) {
    if (r.event_id != eventId) continue;
    if (takesSeat(r.status)) ++seats;
    if (r.status == RegistrationStatus::waitlisted) ++waiting;
  }
  return {seats, waiting};
}

std::vector<Registration> FakeRegistrationRepository::waitlist(Id eventId) {
  return withStatus(eventId, RegistrationStatus::waitlisted);
}

std::vector<Registration> FakeRegistrationRepository::withStatus(Id eventId, RegistrationStatus status) {
  std::vector<Registration> out;
  for (const auto& [id, r] : uow_.data().registrations) {
    if (r.event_id == eventId && r.status == status) out.push_back(r);
  }
  std::sort(out.begin(), out.end(), byArrival);
  return out;
}

Id FakeRegistrationRepository::insert(const Registration& registration) {
  auto& data = uow_.data();
  if (!data.events.count(registration.event_id) || !data.contacts.count(registration.contact_id) ||
      !data.organisations.count(registration.organisation_id))
    throwConstraint();
  // INSERT writes event, contact, organisation, status, registered_at/by and updated_at only.
  Registration stored;
  stored.id = data.next_registration_id++;
  stored.event_id = registration.event_id;
  stored.contact_id = registration.contact_id;
  stored.organisation_id = registration.organisation_id;
  stored.status = registration.status;
  stored.registered_at = registration.registered_at;
  stored.registered_by = registration.registered_by;
  stored.updated_at = registration.updated_at;
  stored.version = 1;
  data.registrations[stored.id] = stored;
  return stored.id;
}

void FakeRegistrationRepository::update(const Registration& registration) {
  auto& data = uow_.data();
  const auto it = data.registrations.find(registration.id);
  if (it == data.registrations.end()) return;  // UPDATE ... WHERE id = :id touches nothing
  if (!data.contacts.count(registration.contact_id)) throwConstraint();
  // UPDATE writes the contact, status, cancellation, check-in and updated_at, and bumps the version.
  auto& stored = it->second;
  stored.contact_id = registration.contact_id;
  stored.status = registration.status;
  stored.cancelled_at = registration.cancelled_at;
  stored.cancelled_by = registration.cancelled_by;
  stored.checked_in_at = registration.checked_in_at;
  stored.checked_in_by = registration.checked_in_by;
  stored.updated_at = registration.updated_at;
  ++stored.version;
}

void FakeRegistrationRepository::record(const RegistrationChange& change) {
  auto& data = uow_.data();
  if (!data.registrations.count(change.registration_id)) throwConstraint();
  RegistrationChange stored = change;
  stored.id = data.next_registration_change_id++;
  data.registration_changes.push_back(stored);
}

std::vector<RegistrationChange> FakeRegistrationRepository::history(Id registrationId) {
  std::vector<RegistrationChange> out;
  for (const auto& c : uow_.data().registration_changes) {
    if (c.registration_id == registrationId) out.push_back(c);  // kept in id order
  }
  return out;
}

std::vector<std::pair<Id, Id>> FakeRegistrationRepository::attendedInSeries(Id seriesId) {
  const auto& data = uow_.data();
  std::vector<std::pair<Id, Id>> out;
  for (const auto& [id, r] : data.registrations) {
    if (r.status != RegistrationStatus::attended) continue;
    const auto event = data.events.find(r.event_id);
    if (event == data.events.end() || event->second.series_id != seriesId) continue;
    const std::pair<Id, Id> row{r.organisation_id, r.event_id};
    if (std::find(out.begin(), out.end(), row) == out.end()) out.push_back(row);  // DISTINCT
  }
  return out;
}

std::vector<Registration> FakeRegistrationRepository::ofContact(Id contactId) {
  std::vector<Registration> out;
  for (const auto& [id, r] : uow_.data().registrations)
    if (r.contact_id == contactId) out.push_back(r);
  return out;
}

std::vector<Registration> FakeRegistrationRepository::ofOrganisation(Id organisationId, Timestamp eventsEndingAfter) {
  const auto& data = uow_.data();
  std::vector<Registration> out;
  for (const auto& [id, r] : data.registrations) {
    if (r.organisation_id != organisationId) continue;
    const auto event = data.events.find(r.event_id);
    if (event != data.events.end() && event->second.ends_at >= eventsEndingAfter) out.push_back(r);
  }
  return out;
}

// --- calendar feeds ---

std::optional<CalendarFeed> FakeCalendarFeedRepository::findByToken(const std::string& token) {
  const auto& data = uow_.data();
  for (std::size_t i = 0; i < data.feeds.size(); ++i)
    if (!data.feed_revoked[i] && data.feeds[i].token == token) return data.feeds[i];
  return std::nullopt;
}

std::optional<CalendarFeed> FakeCalendarFeedRepository::findFor(FeedOwner owner, Id ownerId) {
  const auto& data = uow_.data();
  for (std::size_t i = data.feeds.size(); i-- > 0;)
    if (!data.feed_revoked[i] && data.feeds[i].owner == owner && data.feeds[i].owner_id == ownerId) return data.feeds[i];
  return std::nullopt;
}

void FakeCalendarFeedRepository::insert(const CalendarFeed& feed) {
  auto& data = uow_.data();
  auto stored = feed;
  stored.id = static_cast<Id>(data.feeds.size() + 1);
  data.feeds.push_back(stored);
  data.feed_revoked.push_back(false);
}

void FakeCalendarFeedRepository::revokeFor(FeedOwner owner, Id ownerId, Timestamp) {
  auto& data = uow_.data();
  for (std::size_t i = 0; i < data.feeds.size(); ++i)
    if (data.feeds[i].owner == owner && data.feeds[i].owner_id == ownerId) data.feed_revoked[i] = true;
}

// --- outbox ---

void FakeOutboxRepository::enqueue(const OutboxMessage& message) {
  auto& data = uow_.data();
  auto stored = message;
  stored.id = static_cast<Id>(data.outbox.size() + 1);
  stored.status = OutboxStatus::queued;
  data.outbox.push_back(stored);
}

Page<OutboxMessage> FakeOutboxRepository::list(const OutboxQuery& query) {
  Page<OutboxMessage> page;
  page.limit = query.page.limit;
  page.offset = query.page.offset;
  std::vector<OutboxMessage> matching;
  const auto& all = uow_.data().outbox;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {  // newest first, as storage
    if (query.status && it->status != *query.status) continue;
    if (query.event_id && it->event_id != *query.event_id) continue;
    matching.push_back(*it);
  }
  page.total = static_cast<std::int64_t>(matching.size());
  for (auto i = static_cast<std::size_t>(page.offset); i < matching.size() && page.items.size() < static_cast<std::size_t>(page.limit); ++i)
    page.items.push_back(matching[i]);
  return page;
}

std::vector<OutboxMessage> FakeOutboxRepository::claimDue(Timestamp now, Timestamp staleBefore, int max) {
  std::vector<OutboxMessage> claimed;
  for (auto& m : uow_.data().outbox) {
    if (static_cast<int>(claimed.size()) >= max) break;
    const bool due = (m.status == OutboxStatus::queued && m.next_attempt_at <= now) ||
                     (m.status == OutboxStatus::sending && m.next_attempt_at < staleBefore);
    if (!due) continue;
    m.status = OutboxStatus::sending;
    m.next_attempt_at = now;
    claimed.push_back(m);
  }
  return claimed;
}

void FakeOutboxRepository::finish(const OutboxMessage& message) {
  for (auto& m : uow_.data().outbox)
    if (m.id == message.id) m = message;
}

bool FakeOutboxRepository::supersededBy(const OutboxMessage& message) {
  for (const auto& m : uow_.data().outbox)
    if (m.registration_id == message.registration_id && m.contact_id == message.contact_id && m.id > message.id &&
        (m.status == OutboxStatus::queued || m.status == OutboxStatus::sending || m.status == OutboxStatus::sent))
      return true;
  return false;
}

int FakeOutboxRepository::skipQueued(const std::string& why) {
  int n = 0;
  for (auto& m : uow_.data().outbox) {
    if (m.status != OutboxStatus::queued) continue;
    m.status = OutboxStatus::skipped;
    m.last_error = why;
    ++n;
  }
  return n;
}

// --- series ---

void FakeSeriesRepository::checkConstraints(const Series& series) { checkDetails(uow_.data(), series.details, false); }

std::optional<Series> FakeSeriesRepository::find(Id id) {
  const auto& rows = uow_.data().series;
  const auto it = rows.find(id);
  if (it == rows.end()) return std::nullopt;
  return it->second;
}

Page<Series> FakeSeriesRepository::list(const PageRequest& page) {
  return pageOf(
      uow_.data().series, [](const Series&) { return true; }, [](const Series& a, const Series& b) { return a.id < b.id; },
      page);
}

std::vector<Series> FakeSeriesRepository::active() {
  std::vector<Series> out;
  for (const auto& [id, s] : uow_.data().series) {
    if (s.status == SeriesStatus::active) out.push_back(s);
  }
  return out;
}

Id FakeSeriesRepository::insert(const Series& series) {
  auto& data = uow_.data();
  checkConstraints(series);
  Series stored = series;
  stored.id = data.next_series_id++;
  stored.version = 1;
  data.series[stored.id] = stored;
  return stored.id;
}

bool FakeSeriesRepository::update(const Series& series, int expectedVersion) {
  auto& rows = uow_.data().series;
  const auto it = rows.find(series.id);
  if (it == rows.end() || it->second.version != expectedVersion) return false;
  checkConstraints(series);
  Series stored = series;
  stored.created_at = it->second.created_at;
  stored.version = expectedVersion + 1;
  it->second = stored;
  return true;
}

// --- helpers ---

Timestamp startOfTests() {
  using namespace std::chrono;
  return sys_days{year{2026} / March / 10} + hours{10};
}

ReferenceData testReferenceData() {
  ReferenceData data;
  data.regions = {{1081, "nordjylland", "Region Nordjylland", "North Denmark Region"},
                  {1082, "midtjylland", "Region Midtjylland", "Central Denmark Region"},
                  {1084, "hovedstaden", "Region Hovedstaden", "Capital Region of Denmark"}};
  data.police_districts = {{1, "nordjylland", "Nordjyllands Politi", "North Jutland Police"},
                           {2, "oestjylland", "Østjyllands Politi", "East Jutland Police"},
                           {11, "koebenhavn", "Københavns Politi", "Copenhagen Police"}};
  data.municipalities = {{101, "koebenhavn", "København", "Copenhagen", 1084, 11},
                         {751, "aarhus", "Aarhus", "Aarhus", 1082, 2},
                         {851, "aalborg", "Aalborg", "Aalborg", 1081, 1}};
  data.organisation_kinds = {{"sports_club", "Idrætsforening", "Sports club", "civil_society"},
                             {"religious_association", "Trossamfund", "Religious association", "civil_society"},
                             {"municipality", "Kommune", "Municipality", "authority"},
                             {"infohus", "Infohus", "Info house", "forum"}};
  data.event_kinds = {{"network_meeting", "Netværksmøde", "Network meeting"}, {"seminar", "Seminar", "Seminar"}};
  return data;
}

Id addUser(FakeStore& store, Role role, const std::string& email, std::optional<Id> organisationId,
           UserStatus status) {
  User user;
  user.email = foldCase(email);
  user.name = "User " + email;
  user.role = role;
  user.organisation_id = organisationId;
  user.status = status;
  user.password_hash = "hash:correct horse battery staple";
  user.created_at = user.updated_at = startOfTests();
  auto uow = store.begin(Access::write);
  const auto id = uow->users().insert(user);
  uow->commit();
  return id;
}

Id addOrganisation(FakeStore& store, const std::string& name, int municipalityId, RecordStatus status) {
  Organisation organisation;
  organisation.name = name;
  organisation.kind = "sports_club";
  organisation.municipality_id = municipalityId;
  for (const auto& m : store.committed().reference.municipalities) {
    if (m.id == municipalityId) {
      organisation.police_district_id = m.police_district_id;
      organisation.region_id = m.region_id;
    }
  }
  organisation.status = status;
  organisation.created_at = organisation.updated_at = startOfTests();
  auto uow = store.begin(Access::write);
  const auto id = uow->organisations().insert(organisation);
  uow->commit();
  return id;
}

Id addContact(FakeStore& store, Id organisationId, const std::string& name, std::optional<std::string> email) {
  Contact contact;
  contact.organisation_id = organisationId;
  contact.name = name;
  contact.email = std::move(email);
  contact.created_at = contact.updated_at = startOfTests();
  auto uow = store.begin(Access::write);
  const auto id = uow->contacts().insert(contact);
  uow->commit();
  return id;
}

std::vector<std::string> fieldNames(const DomainError& error) {
  std::vector<std::string> names;
  for (const auto& field : error.fields()) names.push_back(field.field);
  return names;
}

}  // namespace brobygger::testing

namespace brobygger::testing {

// --- reports ---

namespace {

bool countedInReports(const Event& e) { return e.status == EventStatus::published || e.status == EventStatus::completed; }

}  // namespace

std::vector<ReportEvent> FakeReportRepository::eventsStarting(Timestamp from, Timestamp to) {
  std::vector<ReportEvent> out;
  for (const auto& [id, e] : uow_.data().events)
    if (countedInReports(e) && e.starts_at >= from && e.starts_at < to)
      out.push_back({id, e.starts_at, e.details.kind, e.status == EventStatus::completed});
  return out;
}

std::vector<ReportSeat> FakeReportRepository::seatsAtEventsStarting(Timestamp from, Timestamp to) {
  std::vector<ReportSeat> out;
  auto& data = uow_.data();
  for (const auto& [id, r] : data.registrations) {
    const auto& e = data.events.at(r.event_id);
    if (!countedInReports(e) || e.starts_at < from || e.starts_at >= to) continue;
    if (r.status == RegistrationStatus::confirmed)
      out.push_back({r.event_id, r.organisation_id, r.contact_id, SeatOutcome::booked});
    if (r.status == RegistrationStatus::attended)
      out.push_back({r.event_id, r.organisation_id, r.contact_id, SeatOutcome::attended});
    if (r.status == RegistrationStatus::no_show)
      out.push_back({r.event_id, r.organisation_id, r.contact_id, SeatOutcome::no_show});
  }
  return out;
}

std::vector<OrganisationProfile> FakeReportRepository::organisationProfiles() {
  std::vector<OrganisationProfile> out;
  for (const auto& [id, o] : uow_.data().organisations)
    out.push_back({id, o.kind, o.municipality_id, o.police_district_id, o.region_id, o.status == RecordStatus::active});
  return out;
}

Page<DormantOrganisation> FakeReportRepository::dormant(const DormantSelection& selection) {
  auto& data = uow_.data();
  std::map<Id, Timestamp> latest;
  for (const auto& [id, r] : data.registrations) {
    const auto& e = data.events.at(r.event_id);
    if (r.status != RegistrationStatus::attended || !countedInReports(e)) continue;
    auto [it, added] = latest.emplace(r.organisation_id, e.starts_at);
    if (!added && e.starts_at > it->second) it->second = e.starts_at;
  }
  std::vector<DormantOrganisation> all;
  const auto& f = selection.filter;
  for (const auto& [id, o] : data.organisations) {
    if (o.status != RecordStatus::active) continue;
    if ((f.organisation_kind && o.kind != *f.organisation_kind) ||
        (f.police_district_id && o.police_district_id != *f.police_district_id) ||
        (f.region_id && o.region_id != *f.region_id) || (f.municipality_id && o.municipality_id != *f.municipality_id))
      continue;
    const auto last = latest.find(id);
    if (last != latest.end() && last->second >= selection.cutoff) continue;
    DormantOrganisation d{id, o.name, o.kind, o.police_district_id, o.municipality_id, std::nullopt,
                          o.responsible_user_id};
    if (last != latest.end()) d.last_attended_at = last->second;
    all.push_back(d);
  }
  // Never first, then the longest dormant; ties by name (the test names are ASCII).
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    if (a.last_attended_at != b.last_attended_at) {
      if (!a.last_attended_at) return true;
      if (!b.last_attended_at) return false;
      return *a.last_attended_at < *b.last_attended_at;
    }
    return a.name != b.name ? a.name < b.name : a.organisation_id < b.organisation_id;
  });
  Page<DormantOrganisation> page;
  page.limit = selection.page.limit;
  page.offset = selection.page.offset;
  page.total = static_cast<std::int64_t>(all.size());
  for (auto i = selection.page.offset; i < page.total && i < selection.page.offset + selection.page.limit; ++i)
    page.items.push_back(all[static_cast<std::size_t>(i)]);
  return page;
}

std::vector<EventSeatCount> FakeReportRepository::seatCounts(Id eventId) {
  auto& data = uow_.data();
  std::map<std::pair<std::string, RegistrationStatus>, int> counts;
  for (const auto& [id, r] : data.registrations)
    if (r.event_id == eventId) ++counts[{data.organisations.at(r.organisation_id).kind, r.status}];
  std::vector<EventSeatCount> out;
  for (const auto& [key, count] : counts) out.push_back({key.first, key.second, count});
  return out;
}

}  // namespace brobygger::testing

namespace brobygger::testing {

// --- audit ---

void FakeAuditRepository::record(const AuditEntry& entry) {
  auto& log = uow_.data().audit;
  auto stored = entry;
  stored.id = static_cast<Id>(log.size()) + 1;
  log.push_back(stored);
}

Page<AuditEntry> FakeAuditRepository::search(const AuditQuery& q) {
  std::vector<AuditEntry> hits;
  const auto& log = uow_.data().audit;
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    const auto& e = *it;
    if (q.user_id && e.user_id != q.user_id) continue;
    if (q.resource && e.resource != *q.resource) continue;
    if (q.resource_id && e.resource_id != q.resource_id) continue;
    if (q.action && e.action != *q.action) continue;
    if (q.subject && std::find(e.subjects.begin(), e.subjects.end(), *q.subject) == e.subjects.end()) continue;
    if (q.from && e.at < *q.from) continue;
    if (q.to && e.at >= *q.to) continue;
    hits.push_back(e);
  }
  Page<AuditEntry> page;
  page.limit = q.page.limit;
  page.offset = q.page.offset;
  page.total = static_cast<std::int64_t>(hits.size());
  for (auto i = q.page.offset; i < page.total && i < q.page.offset + q.page.limit; ++i)
    page.items.push_back(hits[static_cast<std::size_t>(i)]);
  return page;
}

int FakeAuditRepository::purgeBefore(Timestamp before) {
  auto& log = uow_.data().audit;
  const auto n = std::erase_if(log, [&](const AuditEntry& e) { return e.at < before; });
  return static_cast<int>(n);
}

}  // namespace brobygger::testing

namespace brobygger::testing {

// --- retention ---

std::vector<std::pair<Id, int>> FakeRetentionRepository::participationEndedBefore(Timestamp cutoff) {
  auto& data = uow_.data();
  std::map<Id, std::pair<Timestamp, int>> latest;
  for (const auto& [id, r] : data.registrations) {
    const auto& c = data.contacts.at(r.contact_id);
    if (c.erased_at) continue;
    const auto ends = data.events.at(r.event_id).ends_at;
    auto [it, added] = latest.emplace(r.contact_id, std::make_pair(ends, 1));
    if (!added) {
      it->second.first = std::max(it->second.first, ends);
      ++it->second.second;
    }
  }
  std::vector<std::pair<Id, int>> out;
  for (const auto& [contact, seen] : latest)
    if (seen.first < cutoff) out.emplace_back(contact, seen.second);
  return out;
}

void FakeRetentionRepository::moveParticipation(Id from, Id to) {
  auto& data = uow_.data();
  for (auto& [id, r] : data.registrations)
    if (r.contact_id == from) r.contact_id = to;
  for (auto& step : data.registration_changes) {
    if (step.from_contact_id == from) step.from_contact_id = to;
    if (step.to_contact_id == from) step.to_contact_id = to;
  }
}

std::vector<Id> FakeRetentionRepository::inactiveContacts(Timestamp cutoff) {
  auto& data = uow_.data();
  std::vector<Id> out;
  for (const auto& [id, c] : data.contacts) {
    if (c.erased_at || c.updated_at >= cutoff) continue;
    const bool recent = std::any_of(data.registrations.begin(), data.registrations.end(), [&](const auto& entry) {
      return entry.second.contact_id == id && data.events.at(entry.second.event_id).ends_at >= cutoff;
    });
    if (!recent) out.push_back(id);
  }
  return out;
}

int FakeRetentionRepository::auditEntriesBefore(Timestamp cutoff) {
  const auto& log = uow_.data().audit;
  return static_cast<int>(std::count_if(log.begin(), log.end(), [&](const AuditEntry& e) { return e.at < cutoff; }));
}

}  // namespace brobygger::testing
