// The repository contract, run unchanged against SQLite and MariaDB.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "domain/validation.hpp"
#include "tests/storage/storage_fixture.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using brobygger::testing::at;
using brobygger::testing::FreshDatabase;

namespace {

Organisation organisation(std::string name, int municipality = 101, std::optional<std::string> cvr = std::nullopt) {
  Organisation o;
  o.name = std::move(name);
  o.kind = "sports_club";
  o.cvr = std::move(cvr);
  o.municipality_id = municipality;
  o.police_district_id = municipality == 101 ? 11 : 2;
  o.region_id = municipality == 101 ? 1084 : 1082;
  o.created_at = o.updated_at = at(2026, 3, 10, 8);
  return o;
}

Id insertOrganisation(Store& store, const Organisation& o) {
  auto uow = store.begin(Access::write);
  const auto id = uow->organisations().insert(o);
  uow->commit();
  return id;
}

Contact contact(Id organisationId, std::string name, std::optional<std::string> email) {
  Contact c;
  c.organisation_id = organisationId;
  c.name = std::move(name);
  c.email = std::move(email);
  c.created_at = c.updated_at = at(2026, 3, 10, 8);
  return c;
}

User user(std::string email, Role role = Role::officer) {
  User u;
  u.email = std::move(email);
  u.name = "Test User";
  u.role = role;
  u.password_hash = "$argon2id$fake";
  u.created_at = u.updated_at = at(2026, 1, 1);
  return u;
}

}  // namespace

TEST_CASE("migrations are recorded and applying them again changes nothing", "[migrations]") {
  FreshDatabase db;
  CHECK(db.database->schemaVersion() >= 1);
  const auto again = db.database->migrate();
  CHECK(again.applied.empty());
  CHECK(again.version == db.database->schemaVersion());
}

TEST_CASE("reference data loads completely and seeding twice is idempotent", "[reference]") {
  FreshDatabase db;
  ReferenceService(*db.database).seed(seeds::referenceData());
  const auto catalog = ReferenceService(*db.database).loadCatalog();
  const auto& data = catalog.data();
  CHECK(data.regions.size() == 5);
  CHECK(data.police_districts.size() == 12);
  CHECK(data.municipalities.size() == 98);
  CHECK(data.event_kinds.size() == 4);
  CHECK(data.organisation_kinds.size() >= 20);
  const auto* copenhagen = catalog.municipality(101);
  REQUIRE(copenhagen != nullptr);
  CHECK(copenhagen->name_da == "København");
  CHECK(copenhagen->police_district_id == 11);
  CHECK(copenhagen->region_id == 1084);
  CHECK(catalog.municipality(400)->police_district_id == 12);  // Bornholm
  CHECK(catalog.hasOrganisationKind("infohus"));
  CHECK_FALSE(catalog.hasOrganisationKind("circus"));
}

TEST_CASE("an organisation round-trips with every field, UTC times and æøå intact", "[organisations]") {
  FreshDatabase db;
  auto o = organisation("Ærøskøbing Idrætsforening", 101, "10150817");
  o.address = "Søndergade 1\n5970 Ærøskøbing";
  o.website = "https://www.aeroe-if.dk";
  o.tags = {"forebyggelse", "netværk"};
  o.created_at = at(2026, 7, 10, 7, 30, 15);
  o.updated_at = at(2026, 12, 31, 23, 59, 59);
  const auto id = insertOrganisation(*db.database, o);
  CHECK(id > 0);
  auto uow = db.database->begin(Access::read);
  const auto found = uow->organisations().find(id);
  REQUIRE(found);
  CHECK(found->name == "Ærøskøbing Idrætsforening");
  CHECK(found->cvr == std::optional<std::string>("10150817"));
  CHECK(found->address == o.address);
  CHECK(found->website == o.website);
  CHECK(found->tags == std::vector<std::string>{"forebyggelse", "netværk"});
  CHECK(found->status == RecordStatus::active);
  CHECK(found->created_at == at(2026, 7, 10, 7, 30, 15));
  CHECK(found->updated_at == at(2026, 12, 31, 23, 59, 59));
  CHECK(found->version == 1);
  CHECK_FALSE(found->responsible_user_id);
  CHECK_FALSE(uow->organisations().find(id + 1000));
}

TEST_CASE("nullable organisation fields stay null", "[organisations]") {
  FreshDatabase db;
  const auto id = insertOrganisation(*db.database, organisation("Bare Navn"));
  auto uow = db.database->begin(Access::read);
  const auto found = uow->organisations().find(id);
  REQUIRE(found);
  CHECK_FALSE(found->cvr);
  CHECK_FALSE(found->address);
  CHECK_FALSE(found->website);
  CHECK(found->tags.empty());
}

TEST_CASE("organisation lists filter, search case-insensitively, sort and page with a total", "[organisations]") {
  FreshDatabase db;
  for (const auto* name : {"Århus Boldklub", "Aalborg Moské", "Øster Kultur", "Bornholm Fond", "Næstved IF"})
    insertOrganisation(*db.database, organisation(name, std::string(name).find("Århus") == 0 ? 751 : 101));
  auto archived = organisation("Gammel Forening");
  archived.status = RecordStatus::archived;
  insertOrganisation(*db.database, archived);
  auto uow = db.database->begin(Access::read);

  OrganisationQuery all;
  CHECK(uow->organisations().list(all).total == 5);  // active by default

  OrganisationQuery withArchived;
  withArchived.status = StatusFilter::all;
  CHECK(uow->organisations().list(withArchived).total == 6);

  OrganisationQuery onlyArchived;
  onlyArchived.status = StatusFilter::archived;
  const auto archivedPage = uow->organisations().list(onlyArchived);
  REQUIRE(archivedPage.items.size() == 1);
  CHECK(archivedPage.items[0].name == "Gammel Forening");

  OrganisationQuery search;
  search.q = "ØSTER";  // upper-case Ø finds lower-case-folded text
  auto found = uow->organisations().list(search);
  REQUIRE(found.total == 1);
  CHECK(found.items[0].name == "Øster Kultur");

  OrganisationQuery wildcard;
  wildcard.q = "%";  // LIKE wildcards are searched literally
  CHECK(uow->organisations().list(wildcard).total == 0);

  OrganisationQuery byDistrict;
  byDistrict.police_district_id = 2;
  found = uow->organisations().list(byDistrict);
  REQUIRE(found.total == 1);
  CHECK(found.items[0].name == "Århus Boldklub");

  OrganisationQuery byMunicipality;
  byMunicipality.municipality_id = 101;
  CHECK(uow->organisations().list(byMunicipality).total == 4);

  OrganisationQuery paged;
  paged.page.limit = 2;
  paged.page.offset = 2;
  const auto page = uow->organisations().list(paged);
  CHECK(page.total == 5);
  CHECK(page.items.size() == 2);
  CHECK(page.limit == 2);
  CHECK(page.offset == 2);

  OrganisationQuery beyond;
  beyond.page.offset = 10;
  const auto empty = uow->organisations().list(beyond);
  CHECK(empty.total == 5);
  CHECK(empty.items.empty());

  OrganisationQuery descending;
  descending.sort = OrganisationSort::name_desc;
  OrganisationQuery ascending;
  const auto down = uow->organisations().list(descending).items;
  const auto up = uow->organisations().list(ascending).items;
  REQUIRE(down.size() == up.size());
  CHECK(down.front().id == up.back().id);
  CHECK(up.front().name == "Bornholm Fond");

  OrganisationQuery only;
  only.only_id = up.front().id;
  CHECK(uow->organisations().list(only).total == 1);
}

TEST_CASE("a duplicate CVR is refused by the database as a conflict", "[organisations]") {
  FreshDatabase db;
  const auto first = insertOrganisation(*db.database, organisation("Første", 101, "10150817"));
  {
    auto uow = db.database->begin(Access::read);
    CHECK(uow->organisations().findIdByCvr("10150817") == first);
    CHECK_FALSE(uow->organisations().findIdByCvr("99999999"));
  }
  auto uow = db.database->begin(Access::write);
  try {
    uow->organisations().insert(organisation("Anden", 101, "10150817"));
    FAIL("a duplicate CVR was stored");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::conflict);
  }
}

TEST_CASE("an update bumps the version and refuses a stale one", "[organisations]") {
  FreshDatabase db;
  const auto id = insertOrganisation(*db.database, organisation("Versioneret"));
  auto uow = db.database->begin(Access::write);
  auto o = *uow->organisations().find(id);
  o.name = "Versioneret 2";
  o.tags = {"a"};
  CHECK(uow->organisations().update(o, 1));
  CHECK_FALSE(uow->organisations().update(o, 1));
  uow->commit();
  auto read = db.database->begin(Access::read);
  const auto after = *read->organisations().find(id);
  CHECK(after.version == 2);
  CHECK(after.name == "Versioneret 2");
  CHECK(after.tags == std::vector<std::string>{"a"});
}

TEST_CASE("a unit of work that is not committed leaves nothing behind", "[transactions]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    uow->organisations().insert(organisation("Fortrudt"));
  }
  auto uow = db.database->begin(Access::read);
  OrganisationQuery all;
  all.status = StatusFilter::all;
  CHECK(uow->organisations().list(all).total == 0);
}

TEST_CASE("a deadlock is a refused transaction that may be run again", "[transactions]") {
  // SQLite takes the write lock up front (BEGIN IMMEDIATE): two writers never interleave, so never deadlock.
  if (brobygger::testing::testBackend() != "mariadb") return;
  FreshDatabase db;
  // Two events: their seat counts are plain row updates (an organisation write also raises the register's
  // revision, a row every such transaction shares).
  Id a = 0, b = 0;
  {
    auto uow = db.database->begin(Access::write);
    Event e;
    e.details.kind = "seminar";
    e.details.venue = Venue{"Politigården", "Polititorvet 14\n1780 København V", 101};
    e.details.police_district_id = 11;
    e.starts_at = at(2026, 3, 1, 9);
    e.ends_at = at(2026, 3, 1, 11);
    e.created_at = e.updated_at = at(2026, 1, 1);
    e.details.title = "Lås A";
    a = uow->events().insert(e);
    e.details.title = "Lås B";
    b = uow->events().insert(e);
    uow->commit();
  }
  const auto count = [](UnitOfWork& uow, Id id) -> std::optional<DomainError> {
    try {
      uow.events().setCounts(id, 1, 0);
      return std::nullopt;
    } catch (const DomainError& e) {
      return e;
    }
  };
  auto first = db.database->begin(Access::write);
  auto second = db.database->begin(Access::write);
  REQUIRE_FALSE(count(*first, a));
  REQUIRE_FALSE(count(*second, b));
  std::optional<DomainError> firstError;
  std::thread waiting([&] { firstError = count(*first, b); });  // waits for the second's lock on B
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto secondError = count(*second, a);  // ... and the second for the first's on A: a deadlock
  waiting.join();
  REQUIRE(firstError.has_value() != secondError.has_value());  // InnoDB refuses exactly one of them
  const auto& refused = firstError ? *firstError : *secondError;
  CHECK(refused.code() == ErrorCode::unavailable);
  CHECK(refused.retryable());  // 1213: domain::write runs such a unit of work again
}

TEST_CASE("contacts: email unique case-insensitively, filters and round trip", "[contacts]") {
  FreshDatabase db;
  const auto orgA = insertOrganisation(*db.database, organisation("Forening A"));
  const auto orgB = insertOrganisation(*db.database, organisation("Forening B"));
  Id anne = 0;
  {
    auto uow = db.database->begin(Access::write);
    auto c = contact(orgA, "Anne Sørensen", "Anne.Sorensen@Example.dk");
    c.title = "Formand";
    c.phone = "+45 2233 4455";
    c.language = Language::en;
    c.consent = {false, true, std::nullopt, std::nullopt};
    anne = uow->contacts().insert(c);
    uow->contacts().insert(contact(orgA, "Bo Jensen", std::nullopt));
    uow->contacts().insert(contact(orgB, "Carl Ørsted", "carl@example.dk"));
    uow->contacts().insert(contact(orgB, "Dorte Uden Mail", std::nullopt));  // several NULL emails are fine
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  const auto found = uow->contacts().find(anne);
  REQUIRE(found);
  CHECK(found->email == std::optional<std::string>("Anne.Sorensen@Example.dk"));
  CHECK(found->title == std::optional<std::string>("Formand"));
  CHECK(found->phone == std::optional<std::string>("+45 2233 4455"));
  CHECK(found->language == Language::en);
  CHECK_FALSE(found->consent.invitations);
  CHECK(found->consent.newsletter);
  CHECK(uow->contacts().findIdByEmail(foldCase("ANNE.SORENSEN@example.DK")) == anne);

  ContactQuery ofA;
  ofA.organisation_id = orgA;
  CHECK(uow->contacts().list(ofA).total == 2);
  ContactQuery search;
  search.q = "ørsted";
  const auto hits = uow->contacts().list(search);
  REQUIRE(hits.total == 1);
  CHECK(hits.items[0].name == "Carl Ørsted");
  ContactQuery byEmail;
  byEmail.q = "EXAMPLE.DK";
  CHECK(uow->contacts().list(byEmail).total == 2);

  auto write = db.database->begin(Access::write);
  try {
    write->contacts().insert(contact(orgB, "Anne Kopi", "anne.sorensen@example.dk"));
    FAIL("a duplicate email was stored");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::conflict);
  }
}

TEST_CASE("contact update changes fields and respects the version", "[contacts]") {
  FreshDatabase db;
  const auto org = insertOrganisation(*db.database, organisation("Forening"));
  auto uow = db.database->begin(Access::write);
  const auto id = uow->contacts().insert(contact(org, "Eva", "eva@example.dk"));
  auto c = *uow->contacts().find(id);
  c.email.reset();
  c.status = RecordStatus::archived;
  CHECK(uow->contacts().update(c, 1));
  CHECK_FALSE(uow->contacts().update(c, 1));
  uow->commit();
  auto read = db.database->begin(Access::read);
  const auto after = *read->contacts().find(id);
  CHECK_FALSE(after.email);
  CHECK(after.status == RecordStatus::archived);
  CHECK(after.version == 2);
  CHECK_FALSE(read->contacts().findIdByEmail("eva@example.dk"));
}

TEST_CASE("users and sessions: active sessions only, revocation and expiry", "[auth]") {
  FreshDatabase db;
  Id userId = 0;
  {
    auto uow = db.database->begin(Access::write);
    userId = uow->users().insert(user("officer@example.dk"));
    uow->sessions().insert({"hash-live", userId, at(2026, 3, 1), at(2026, 3, 1, 12), at(2026, 3, 1)});
    uow->sessions().insert({"hash-revoked", userId, at(2026, 3, 1), at(2026, 3, 1, 12), at(2026, 3, 1)});
    uow->sessions().revoke("hash-revoked", at(2026, 3, 1, 1));
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  const auto live = uow->sessions().findActive("hash-live", at(2026, 3, 1, 11, 59));
  REQUIRE(live);
  CHECK(live->second.id == userId);
  CHECK(live->second.email == "officer@example.dk");
  CHECK(live->first.expires_at == at(2026, 3, 1, 12));
  CHECK_FALSE(uow->sessions().findActive("hash-live", at(2026, 3, 1, 12)));  // expired
  CHECK_FALSE(uow->sessions().findActive("hash-revoked", at(2026, 3, 1, 2)));
  CHECK_FALSE(uow->sessions().findActive("unknown", at(2026, 3, 1, 2)));
  CHECK(uow->users().findByEmail("officer@example.dk")->id == userId);

  auto write = db.database->begin(Access::write);
  CHECK(write->sessions().revokeAllForUser(userId, at(2026, 3, 1, 3)) == 1);
  write->commit();
  auto after = db.database->begin(Access::read);
  CHECK_FALSE(after->sessions().findActive("hash-live", at(2026, 3, 1, 4)));
}

TEST_CASE("a disabled user's sessions stop working", "[auth]") {
  FreshDatabase db;
  auto uow = db.database->begin(Access::write);
  const auto id = uow->users().insert(user("partner@example.dk", Role::manager));
  uow->sessions().insert({"hash", id, at(2026, 3, 1), at(2026, 3, 2), at(2026, 3, 1)});
  auto u = *uow->users().find(id);
  u.status = UserStatus::disabled;
  CHECK(uow->users().update(u, 1));
  uow->commit();
  auto read = db.database->begin(Access::read);
  CHECK_FALSE(read->sessions().findActive("hash", at(2026, 3, 1, 1)));
  CHECK(read->users().find(id)->status == UserStatus::disabled);
  UserQuery disabled;
  disabled.status = UserStatus::disabled;
  CHECK(read->users().list(disabled).total == 1);
}

TEST_CASE("login failures are counted per email inside the window and cleared", "[auth]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    uow->loginAttempts().recordFailure("a@example.dk", "", at(2026, 3, 1, 10, 0));
    uow->loginAttempts().recordFailure("a@example.dk", "", at(2026, 3, 1, 10, 5));
    uow->loginAttempts().recordFailure("a@example.dk", "", at(2026, 3, 1, 10, 20));
    uow->loginAttempts().recordFailure("b@example.dk", "", at(2026, 3, 1, 10, 20));
    uow->commit();
  }
  auto uow = db.database->begin(Access::write);
  const auto [count, earliest] = uow->loginAttempts().failuresSince("a@example.dk", at(2026, 3, 1, 10, 5));
  CHECK(count == 2);
  REQUIRE(earliest);
  CHECK(*earliest == at(2026, 3, 1, 10, 5));
  uow->loginAttempts().clear("a@example.dk");
  CHECK(uow->loginAttempts().failuresSince("a@example.dk", at(2026, 3, 1)).first == 0);
  CHECK(uow->loginAttempts().failuresSince("b@example.dk", at(2026, 3, 1)).first == 1);
}

TEST_CASE("concurrent write transactions from the pool all succeed and none is lost", "[transactions]") {
  FreshDatabase db(4);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        try {
          auto uow = db.database->begin(Access::write);
          // Read-then-write inside the transaction: the pattern that fails with a plain BEGIN on SQLite.
          OrganisationQuery all;
          all.status = StatusFilter::all;
          const auto before = uow->organisations().list(all).total;
          uow->organisations().insert(
              organisation("Tråd " + std::to_string(t) + "-" + std::to_string(i) + " efter " + std::to_string(before)));
          uow->commit();
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures == 0);
  auto uow = db.database->begin(Access::read);
  OrganisationQuery all;
  all.status = StatusFilter::all;
  CHECK(uow->organisations().list(all).total == kThreads * kPerThread);
}

TEST_CASE("the store answers ping", "[operations]") {
  FreshDatabase db;
  CHECK(db.database->ping());
}

TEST_CASE("users are found by name and email, Danish letters folded", "[auth]") {
  FreshDatabase db;
  auto u = user("aerlig@example.dk");
  u.name = "Ærlig Ørsted";
  {
    auto uow = db.database->begin(Access::write);
    uow->users().insert(u);
    uow->users().insert(user("other@example.dk"));
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  UserQuery byName;
  byName.q = "ÆRLIG ø";
  const auto found = uow->users().list(byName);
  REQUIRE(found.total == 1);
  CHECK(found.items[0].email == "aerlig@example.dk");
  UserQuery byEmail;
  byEmail.q = "OTHER@";
  CHECK(uow->users().list(byEmail).total == 1);
}
