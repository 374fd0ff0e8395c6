#include "tests/domain/test_store.hpp"

#include <unistd.h>

#include <algorithm>

#include "domain/validation.hpp"
#include "storage/connection.hpp"
#include "storage/database.hpp"

namespace brobygger::testing {

using namespace brobygger::domain;

// Forwards to storage's unit of work, and tells the store how it ended.
class CountingUnitOfWork final : public ForwardingUnitOfWork {
 public:
  CountingUnitOfWork(TestStore& store, std::unique_ptr<UnitOfWork> inner, Access access)
      : ForwardingUnitOfWork(std::move(inner)), store_(store), write_(access == Access::write) {
    if (write_) ++store_.writes_open_;
  }
  ~CountingUnitOfWork() override {
    if (!write_ || done_) return;
    --store_.writes_open_;
    ++store_.rollbacks_;
  }
  CountingUnitOfWork(const CountingUnitOfWork&) = delete;
  CountingUnitOfWork& operator=(const CountingUnitOfWork&) = delete;

  void commit() override {
    inner().commit();
    if (!write_ || done_) return;
    done_ = true;
    --store_.writes_open_;
    ++store_.commits_;
  }

 private:
  TestStore& store_;
  bool write_;
  bool done_ = false;
};

namespace {

constexpr std::size_t kConnections = 4;  // as many as a small server's pool

// tmpfs when the machine has one: the database then lives in memory, as fast as SQLite's :memory:,
// while the pool's connections still share it (each :memory: connection would be a database of its own).
std::filesystem::path scratchRoot() {
  std::error_code error;
  std::filesystem::path shm = "/dev/shm";
  if (std::filesystem::is_directory(shm, error) && ::access(shm.c_str(), W_OK) == 0) return shm;
  return std::filesystem::temp_directory_path();
}

template <class T>
T found(std::optional<T> value, const char* what, Id id) {
  if (!value) throw std::logic_error(std::string("no stored ") + what + " " + std::to_string(id));
  return std::move(*value);
}

}  // namespace

TestStore::TestStore() : TestStore(testReferenceData()) {}

TestStore::TestStore(const ReferenceData& reference) {
  static int counter = 0;
  dir_ = scratchRoot() / ("brobygger-domain-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(dir_);
  std::filesystem::create_directories(dir_);
  database_ = storage::Database::open("sqlite3://db=" + (dir_ / "test.db").string(), kConnections);
  {
    // A second writer waits for the first as on the server, but the tests' only second writers are the
    // ones that check it is refused: a short wait keeps those from taking the server's 10 seconds.
    std::vector<std::unique_ptr<storage::ConnectionLease>> all;
    for (std::size_t i = 0; i < kConnections; ++i) {
      all.push_back(std::make_unique<storage::ConnectionLease>(*database_));
      all.back()->connection().sql << "PRAGMA busy_timeout = 100";
    }
  }
  database_->migrate();
  ReferenceService(*database_).seed(reference);  // before counting: not the test's unit of work
}

TestStore::~TestStore() {
  database_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::unique_ptr<UnitOfWork> TestStore::begin(Access access) {
  if (!reachable) throw DomainError(ErrorCode::unavailable, "The database is not reachable");
  ++begun_;
  return std::make_unique<CountingUnitOfWork>(*this, database_->begin(access), access);
}

bool TestStore::ping() { return reachable && database_->ping(); }

int TestStore::count(const std::string& table) {
  storage::ConnectionLease lease(*database_);
  long long n = 0;
  lease.connection().sql << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return static_cast<int>(n);
}

User TestStore::user(Id id) { return found(database_->begin(Access::read)->users().find(id), "user", id); }
Organisation TestStore::organisation(Id id) {
  return found(database_->begin(Access::read)->organisations().find(id), "organisation", id);
}
Contact TestStore::contact(Id id) { return found(database_->begin(Access::read)->contacts().find(id), "contact", id); }
Event TestStore::event(Id id) { return found(database_->begin(Access::read)->events().find(id), "event", id); }
Registration TestStore::registration(Id id) {
  return found(database_->begin(Access::read)->registrations().find(id), "registration", id);
}
Series TestStore::series(Id id) { return found(database_->begin(Access::read)->series().find(id), "series", id); }

std::vector<StoredSession> TestStore::sessions() {
  storage::ConnectionLease lease(*database_);
  std::vector<StoredSession> out;
  std::string hash;
  long long user = 0;
  std::tm created{}, expires{}, seen{}, revoked{};
  soci::indicator revokedInd{};
  soci::statement st =
      (lease.connection().sql.prepare
           << "SELECT token_hash, user_id, created_at, expires_at, last_seen_at, revoked_at FROM sessions ORDER BY id",
       soci::into(hash), soci::into(user), soci::into(created), soci::into(expires), soci::into(seen),
       soci::into(revoked, revokedInd));
  st.execute();
  while (st.fetch()) {
    StoredSession s;
    s.session.token_hash = hash;
    s.session.user_id = user;
    s.session.created_at = storage::fromTm(created);
    s.session.expires_at = storage::fromTm(expires);
    s.session.last_seen_at = storage::fromTm(seen);
    if (revokedInd != soci::i_null) s.revoked_at = storage::fromTm(revoked);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<LoginFailure> TestStore::loginFailures() {
  storage::ConnectionLease lease(*database_);
  std::vector<LoginFailure> out;
  std::string email, client;
  std::tm when{};
  soci::indicator clientInd{};
  soci::statement st =
      (lease.connection().sql.prepare << "SELECT email_folded, at, client FROM login_failures ORDER BY id",
       soci::into(email), soci::into(when), soci::into(client, clientInd));
  st.execute();
  while (st.fetch()) out.push_back({email, storage::fromTm(when), clientInd == soci::i_null ? std::string() : client});
  return out;
}

std::vector<OutboxMessage> TestStore::outbox() {
  OutboxQuery query;
  query.page.limit = 1'000'000;
  auto messages = database_->begin(Access::read)->outbox().list(query).items;
  std::reverse(messages.begin(), messages.end());
  return messages;
}

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
  data.activity_kinds = {{"visit", "Besøg", "Visit"},
                         {"phone_call", "Telefonsamtale", "Phone call"},
                         {"dialogue_meeting", "Dialogmøde", "Dialogue meeting"}};
  return data;
}

Id addUser(TestStore& store, Role role, const std::string& email, std::optional<Id> organisationId, UserStatus status) {
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

Id addOrganisation(TestStore& store, const std::string& name, int municipalityId, RecordStatus status) {
  Organisation organisation;
  organisation.name = name;
  organisation.kind = "sports_club";
  organisation.municipality_id = municipalityId;
  auto uow = store.begin(Access::write);
  for (const auto& m : uow->reference().load().municipalities) {
    if (m.id == municipalityId) {
      organisation.police_district_id = m.police_district_id;
      organisation.region_id = m.region_id;
    }
  }
  organisation.status = status;
  organisation.created_at = organisation.updated_at = startOfTests();
  const auto id = uow->organisations().insert(organisation);
  uow->commit();
  return id;
}

Id addContact(TestStore& store, Id organisationId, const std::string& name, std::optional<std::string> email) {
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

void setUserStatus(TestStore& store, Id id, UserStatus status) {
  auto uow = store.begin(Access::write);
  auto user = found(uow->users().find(id), "user", id);
  user.status = status;
  if (!uow->users().update(user, user.version)) throw std::logic_error("the user changed meanwhile");
  uow->commit();
}

std::vector<std::string> fieldNames(const DomainError& error) {
  std::vector<std::string> names;
  for (const auto& field : error.fields()) names.push_back(field.field);
  return names;
}

}  // namespace brobygger::testing
