// The register of organisations: who may change it, what a valid organisation is, and what a partner sees.
// The first cases check the in-memory store itself, since every other case leans on its promises.
#include <catch2/catch.hpp>

#include "domain/services.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct OrganisationFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  ReferenceCatalog catalog = ReferenceService(store).loadCatalog();
  OrganisationService service{store, catalog, clock};
  Id admin_id = addUser(store, Role::admin, "admin@example.dk");
  Id officer_id = addUser(store, Role::officer, "officer@example.dk");
  Id manager_id = addUser(store, Role::manager, "manager@example.dk");
  Actor admin{admin_id, Role::admin, std::nullopt};
  Actor officer{officer_id, Role::officer, std::nullopt};
  Actor manager{manager_id, Role::manager, std::nullopt};

  static NewOrganisation input(const std::string& name, int municipality = 751) {
    NewOrganisation o;
    o.name = name;
    o.kind = "sports_club";
    o.municipality_id = municipality;
    return o;
  }

  Actor partnerOf(Id organisationId) {
    const auto id =
        addUser(store, Role::partner, "partner" + std::to_string(organisationId) + "@example.dk", organisationId);
    return Actor{id, Role::partner, organisationId};
  }

  Organisation stored(Id id) { return store.organisation(id); }
};

std::vector<Id> idsOf(const Page<Organisation>& page) {
  std::vector<Id> ids;
  for (const auto& o : page.items) ids.push_back(o.id);
  return ids;
}

}  // namespace

// --- the store keeps the repository contract (more of it in tests/storage/contract, on both backends) ---

TEST_CASE_METHOD(OrganisationFixture, "Stored rows: ids count up from 1 and a new row has version 1", "[store]") {
  auto uow = store.begin(Access::write);
  Organisation o;
  o.name = "A";
  o.kind = "sports_club";
  o.municipality_id = 101;
  o.police_district_id = 11;
  o.region_id = 1084;
  o.version = 7;
  CHECK(uow->organisations().insert(o) == 1);
  CHECK(uow->organisations().insert(o) == 2);
  CHECK(uow->organisations().find(2)->version == 1);
  Contact c;
  c.organisation_id = 1;
  c.name = "C";
  CHECK(uow->contacts().insert(c) == 1);
  CHECK(uow->contacts().insert(c) == 2);
}

TEST_CASE_METHOD(OrganisationFixture, "Stored rows: rollback, isolation and commit", "[store]") {
  const auto id = addOrganisation(store, "Rollback IF");
  {
    auto uow = store.begin(Access::write);
    auto o = *uow->organisations().find(id);
    o.name = "Changed";
    REQUIRE(uow->organisations().update(o, 1));
    CHECK(uow->organisations().find(id)->name == "Changed");
    // a reader meanwhile sees only what is committed
    auto reader = store.begin(Access::read);
    CHECK(reader->organisations().find(id)->name == "Rollback IF");
  }  // destroyed without commit
  CHECK(stored(id).name == "Rollback IF");
  CHECK(stored(id).version == 1);
  CHECK(store.rollbacks() >= 1);
  CHECK_FALSE(store.writeInProgress());
  {
    auto uow = store.begin(Access::write);
    auto o = *uow->organisations().find(id);
    o.name = "Committed";
    REQUIRE(uow->organisations().update(o, 1));
    uow->commit();
  }
  CHECK(stored(id).name == "Committed");
  CHECK(stored(id).version == 2);
}

TEST_CASE_METHOD(OrganisationFixture, "Stored rows: update checks the version and a second writer is refused",
                 "[store]") {
  const auto id = addOrganisation(store, "Versioned IF");
  auto uow = store.begin(Access::write);
  auto o = *uow->organisations().find(id);
  CHECK_FALSE(uow->organisations().update(o, 2));
  o.id = 99;
  CHECK_FALSE(uow->organisations().update(o, 1));
  CHECK(errorOf([&] { store.begin(Access::write); }).code() == ErrorCode::unavailable);
}

TEST_CASE_METHOD(OrganisationFixture, "Stored rows: unique keys and references fail as conflicts", "[store]") {
  auto uow = store.begin(Access::write);
  Organisation o;
  o.name = "A";
  o.kind = "sports_club";
  o.cvr = "12345674";
  o.municipality_id = 101;
  o.police_district_id = 11;
  o.region_id = 1084;
  uow->organisations().insert(o);
  CHECK(errorOf([&] { uow->organisations().insert(o); }).code() == ErrorCode::conflict);
  o.cvr.reset();
  o.kind = "unknown";
  CHECK(errorOf([&] { uow->organisations().insert(o); }).code() == ErrorCode::conflict);
  Contact c;
  c.name = "Nobody's";
  c.organisation_id = 42;
  CHECK(errorOf([&] { uow->contacts().insert(c); }).code() == ErrorCode::conflict);
}

// --- who may create ---

TEST_CASE_METHOD(OrganisationFixture, "Only officers and administrators create organisations", "[organisation]") {
  const auto own = addOrganisation(store, "Partner IF");
  const auto partner = partnerOf(own);
  CHECK(errorOf([&] { service.create(manager, input("Managers IF")); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.create(partner, input("Partners IF")); }).code() == ErrorCode::forbidden);
  CHECK(store.count("organisations") == 1);
  CHECK(service.create(officer, input("Officers IF")).id == 2);
  CHECK(service.create(admin, input("Admins IF")).id == 3);
}

TEST_CASE_METHOD(OrganisationFixture, "A created organisation is stored with derived district, region and times",
                 "[organisation]") {
  auto in = input("  Aarhus Idrætsforening  ", 751);
  in.address = "  Stadion Allé 1\n8000 Aarhus C ";
  in.website = "https://aif.dk";
  in.tags = {"ungdom", "fodbold"};
  in.responsible_user_id = officer_id;
  const auto created = service.create(officer, in);
  CHECK(created.id == 1);
  CHECK(created.version == 1);
  CHECK(created.name == "Aarhus Idrætsforening");
  CHECK(created.kind == "sports_club");
  CHECK(created.municipality_id == 751);
  CHECK(created.police_district_id == 2);  // Østjyllands Politi
  CHECK(created.region_id == 1082);        // Region Midtjylland
  CHECK(created.address == std::optional<std::string>("Stadion Allé 1\n8000 Aarhus C"));
  CHECK(created.website == std::optional<std::string>("https://aif.dk"));
  CHECK(created.tags == std::vector<std::string>{"ungdom", "fodbold"});
  CHECK(created.status == RecordStatus::active);
  CHECK(created.responsible_user_id == std::optional<Id>(officer_id));
  CHECK(created.created_at == startOfTests());
  CHECK(created.updated_at == startOfTests());
  CHECK_FALSE(created.cvr);

  const auto again = service.get(officer, created.id);
  CHECK(again.name == created.name);
  CHECK(again.police_district_id == 2);
  CHECK(again.region_id == 1082);
  CHECK(store.commits() >= 1);

  const auto copenhagen = service.create(officer, input("Københavns IF", 101));
  CHECK(copenhagen.police_district_id == 11);
  CHECK(copenhagen.region_id == 1084);
  const auto aalborg = service.create(officer, input("Aalborg IF", 851));
  CHECK(aalborg.police_district_id == 1);
  CHECK(aalborg.region_id == 1081);
}

TEST_CASE_METHOD(OrganisationFixture, "Every broken field of a new organisation is reported at once",
                 "[organisation][validation]") {
  NewOrganisation in;
  in.name = "A";
  in.kind = "knitting_circle";
  in.cvr = "12345675";
  in.municipality_id = 999;
  const auto error = errorOf([&] { service.create(officer, in); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"name", "kind", "cvr", "municipality_id"});
  CHECK(store.count("organisations") == 0);
}

TEST_CASE_METHOD(OrganisationFixture, "Optional organisation fields are checked too", "[organisation][validation]") {
  auto in = input("Valid name");
  in.website = "ftp://example.dk";
  in.address = std::string(501, 'a');
  in.tags = {"a,b"};
  const auto error = errorOf([&] { service.create(officer, in); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"address", "website", "tags[0]"});
}

TEST_CASE_METHOD(OrganisationFixture, "A name counts characters and is trimmed first", "[organisation][validation]") {
  CHECK(fieldNames(errorOf([&] { service.create(officer, input("  Æ  ")); })) == std::vector<std::string>{"name"});
  CHECK(service.create(officer, input("Æø")).name == "Æø");
  CHECK(service.create(officer, input(std::string(200, 'x'))).name.size() == 200);
  CHECK(fieldNames(errorOf([&] { service.create(officer, input(std::string(201, 'x'))); })) ==
        std::vector<std::string>{"name"});
}

TEST_CASE_METHOD(OrganisationFixture, "A CVR number written with spaces is stored as 8 digits", "[organisation][cvr]") {
  auto in = input("Spaced IF");
  in.cvr = " 1234 5674 ";
  CHECK(service.create(officer, in).cvr == std::optional<std::string>("12345674"));
  auto blank = input("Blank IF");
  blank.cvr = "   ";
  CHECK_FALSE(service.create(officer, blank).cvr);
  CHECK(store.organisation(1).cvr == std::optional<std::string>("12345674"));
}

TEST_CASE_METHOD(OrganisationFixture, "A CVR number already registered is a conflict naming the existing organisation",
                 "[organisation][cvr]") {
  auto first = input("First IF");
  first.cvr = "12345674";
  const auto existing = service.create(officer, first);
  addOrganisation(store, "Filler");

  auto second = input("Second IF");
  second.cvr = "1234 5674";  // the same number, written differently
  const auto error = errorOf([&] { service.create(officer, second); });
  CHECK(error.code() == ErrorCode::conflict);
  CHECK(error.existingId() == std::optional<Id>(existing.id));
  CHECK(fieldNames(error) == std::vector<std::string>{"cvr"});
  CHECK(store.count("organisations") == 2);

  // Keeping one's own CVR number is no conflict; taking another's is.
  OrganisationChanges rename;
  rename.name = "First IF renamed";
  CHECK(service.update(officer, existing.id, rename, std::nullopt).cvr == std::optional<std::string>("12345674"));
  auto other = input("Other IF");
  other.cvr = "35408002";
  const auto otherId = service.create(officer, other).id;
  OrganisationChanges steal;
  steal.cvr = std::optional<std::string>("12345674");
  const auto stolen = errorOf([&] { service.update(officer, otherId, steal, std::nullopt); });
  CHECK(stolen.code() == ErrorCode::conflict);
  CHECK(stolen.existingId() == std::optional<Id>(existing.id));
  CHECK(stored(otherId).cvr == std::optional<std::string>("35408002"));
}

TEST_CASE_METHOD(OrganisationFixture, "The responsible user must be an officer or administrator",
                 "[organisation][validation]") {
  const auto org = addOrganisation(store, "Partner IF");
  const auto partner = partnerOf(org);
  for (const auto who : {officer_id, admin_id}) {
    auto in = input("Responsible " + std::to_string(who));
    in.responsible_user_id = who;
    CHECK(service.create(officer, in).responsible_user_id == std::optional<Id>(who));
  }
  for (const auto who : {manager_id, partner.user_id, Id{999}}) {
    auto in = input("Irresponsible " + std::to_string(who));
    in.responsible_user_id = who;
    const auto error = errorOf([&] { service.create(officer, in); });
    CHECK(error.code() == ErrorCode::invalid);
    CHECK(fieldNames(error) == std::vector<std::string>{"responsible_user_id"});
  }
}

// --- what a partner sees and may do ---

TEST_CASE_METHOD(OrganisationFixture, "A partner sees only its own organisation", "[organisation][scope]") {
  const auto own = addOrganisation(store, "Own IF");
  const auto other = addOrganisation(store, "Other IF");
  const auto partner = partnerOf(own);

  const auto page = service.list(partner, {});
  CHECK(idsOf(page) == std::vector<Id>{own});
  CHECK(page.total == 1);

  OrganisationQuery asking;
  asking.municipality_id = 101;
  asking.q = "Other";  // asking for someone else's finds nothing, not theirs
  CHECK(service.list(partner, asking).items.empty());

  CHECK(service.get(partner, own).name == "Own IF");
  CHECK(errorOf([&] { service.get(partner, other); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.get(partner, 999); }).code() == ErrorCode::not_found);

  CHECK(idsOf(service.list(officer, {})) == std::vector<Id>{other, own});  // "Other" sorts before "Own"
}

TEST_CASE_METHOD(OrganisationFixture, "A partner still sees its own organisation once archived",
                 "[organisation][scope]") {
  const auto own = addOrganisation(store, "Own IF", 101, RecordStatus::archived);
  addOrganisation(store, "Archived other", 101, RecordStatus::archived);
  const auto partner = partnerOf(own);
  CHECK(idsOf(service.list(partner, {})) == std::vector<Id>{own});
  OrganisationQuery archived;
  archived.status = StatusFilter::archived;
  CHECK(idsOf(service.list(partner, archived)) == std::vector<Id>{own});
}

TEST_CASE_METHOD(OrganisationFixture, "A partner user without an organisation sees none", "[organisation][scope]") {
  addOrganisation(store, "Some IF");
  const Actor orphan{77, Role::partner, std::nullopt};
  const auto page = service.list(orphan, {});
  CHECK(page.items.empty());
  CHECK(page.total == 0);
  CHECK(errorOf([&] { service.get(orphan, 1); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(OrganisationFixture, "A partner updates its own name, address and website", "[organisation][scope]") {
  const auto own = addOrganisation(store, "Own IF");
  const auto partner = partnerOf(own);
  clock.advance(1h);
  OrganisationChanges changes;
  changes.name = "Own Idrætsforening";
  changes.address = std::optional<std::string>("Banegårdspladsen 1");
  changes.website = std::optional<std::string>("https://own-if.dk");
  const auto updated = service.update(partner, own, changes, 1);
  CHECK(updated.name == "Own Idrætsforening");
  CHECK(updated.address == std::optional<std::string>("Banegårdspladsen 1"));
  CHECK(updated.website == std::optional<std::string>("https://own-if.dk"));
  CHECK(updated.version == 2);
  CHECK(stored(own).name == "Own Idrætsforening");
  CHECK(stored(own).updated_at == startOfTests() + 1h);
}

TEST_CASE_METHOD(OrganisationFixture, "A partner may not change classification, status or responsibility",
                 "[organisation][scope]") {
  const auto own = addOrganisation(store, "Own IF");
  const auto partner = partnerOf(own);
  OrganisationChanges changes;
  changes.name = "Allowed";
  changes.kind = "infohus";
  changes.cvr = std::optional<std::string>("12345674");
  changes.municipality_id = 101;
  changes.tags = std::vector<std::string>{"vip"};
  changes.status = RecordStatus::archived;
  changes.responsible_user_id = std::optional<Id>(officer_id);
  const auto error = errorOf([&] { service.update(partner, own, changes, std::nullopt); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) ==
        std::vector<std::string>{"kind", "cvr", "municipality_id", "tags", "status", "responsible_user_id"});
  CHECK(stored(own).name == "Own IF");
  CHECK(stored(own).version == 1);

  for (auto one : {0, 1, 2, 3, 4, 5}) {
    OrganisationChanges single;
    switch (one) {
      case 0: single.kind = "infohus"; break;
      case 1: single.cvr.emplace(std::nullopt); break;
      case 2: single.municipality_id = 101; break;
      case 3: single.tags = std::vector<std::string>{}; break;
      case 4: single.status = RecordStatus::active; break;
      default: single.responsible_user_id.emplace(std::nullopt); break;
    }
    const auto e = errorOf([&] { service.update(partner, own, single, std::nullopt); });
    CHECK(e.code() == ErrorCode::invalid);
    CHECK(e.fields().size() == 1);
  }
}

TEST_CASE_METHOD(OrganisationFixture, "A partner's update of another organisation is not found, whatever it asks",
                 "[organisation][scope]") {
  const auto own = addOrganisation(store, "Own IF");
  const auto other = addOrganisation(store, "Other IF");
  const auto partner = partnerOf(own);
  OrganisationChanges allowed;
  allowed.name = "Hijacked";
  CHECK(errorOf([&] { service.update(partner, other, allowed, std::nullopt); }).code() == ErrorCode::not_found);
  OrganisationChanges forbidden;
  forbidden.kind = "infohus";
  forbidden.status = RecordStatus::archived;
  CHECK(errorOf([&] { service.update(partner, other, forbidden, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.update(partner, 999, forbidden, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.archive(partner, other, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(stored(other).name == "Other IF");
  CHECK(stored(other).status == RecordStatus::active);
}

TEST_CASE_METHOD(OrganisationFixture, "A partner may not archive even its own organisation", "[organisation][scope]") {
  const auto own = addOrganisation(store, "Own IF");
  const auto partner = partnerOf(own);
  CHECK(errorOf([&] { service.archive(partner, own, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(stored(own).status == RecordStatus::active);
}

TEST_CASE_METHOD(OrganisationFixture, "A manager reads the register but does not change it", "[organisation][scope]") {
  const auto id = addOrganisation(store, "Read-only IF");
  CHECK(idsOf(service.list(manager, {})) == std::vector<Id>{id});
  CHECK(service.get(manager, id).name == "Read-only IF");
  OrganisationChanges changes;
  changes.name = "Managed";
  CHECK(errorOf([&] { service.update(manager, id, changes, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.archive(manager, id, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(stored(id).name == "Read-only IF");
  CHECK(stored(id).status == RecordStatus::active);
}

// --- updates ---

TEST_CASE_METHOD(OrganisationFixture, "An update with a stale version is refused and changes nothing",
                 "[organisation][version]") {
  const auto id = service.create(officer, input("Versioned IF")).id;
  OrganisationChanges first;
  first.name = "Versioned IF 2";
  CHECK(service.update(officer, id, first, 1).version == 2);
  CHECK(stored(id).version == 2);

  OrganisationChanges late;
  late.name = "Lost update";
  const auto error = errorOf([&] { service.update(officer, id, late, 1); });
  CHECK(error.code() == ErrorCode::precondition_failed);
  CHECK(stored(id).name == "Versioned IF 2");
  CHECK(stored(id).version == 2);

  CHECK(service.update(officer, id, late, 2).version == 3);
  OrganisationChanges unconditional;
  unconditional.website = std::optional<std::string>("https://v.dk");
  const auto updated = service.update(officer, id, unconditional, std::nullopt);
  CHECK(updated.version == 4);
  CHECK(updated.name == "Lost update");
  CHECK(service.get(officer, id).version == 4);
}

TEST_CASE_METHOD(OrganisationFixture, "An update is stamped by the clock and re-derives the district",
                 "[organisation][update]") {
  const auto created = service.create(officer, input("Moving IF", 751));
  clock.advance(36h);
  OrganisationChanges move;
  move.municipality_id = 851;
  const auto moved = service.update(officer, created.id, move, std::nullopt);
  CHECK(moved.updated_at == startOfTests() + 36h);
  CHECK(moved.created_at == startOfTests());
  CHECK(moved.police_district_id == 1);
  CHECK(moved.region_id == 1081);
  CHECK(stored(created.id).updated_at == startOfTests() + 36h);
  CHECK(stored(created.id).police_district_id == 1);
}

TEST_CASE_METHOD(OrganisationFixture, "An invalid update changes nothing", "[organisation][update]") {
  const auto id = service.create(officer, input("Stable IF")).id;
  OrganisationChanges changes;
  changes.name = "Renamed IF";
  changes.municipality_id = 12345;
  changes.website = std::optional<std::string>("not a url");
  const auto error = errorOf([&] { service.update(officer, id, changes, std::nullopt); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"municipality_id", "website"});
  CHECK(stored(id).name == "Stable IF");
  CHECK(stored(id).version == 1);
  CHECK_FALSE(store.writeInProgress());
}

TEST_CASE_METHOD(OrganisationFixture, "An officer can clear optional fields", "[organisation][update]") {
  auto in = input("Full IF");
  in.cvr = "12345674";
  in.website = "https://full.dk";
  in.responsible_user_id = officer_id;
  const auto id = service.create(officer, in).id;
  OrganisationChanges clear;
  clear.cvr.emplace(std::nullopt);
  clear.website.emplace(std::nullopt);
  clear.responsible_user_id.emplace(std::nullopt);
  const auto cleared = service.update(officer, id, clear, std::nullopt);
  CHECK_FALSE(cleared.cvr);
  CHECK_FALSE(cleared.website);
  CHECK_FALSE(cleared.responsible_user_id);
  CHECK_FALSE(stored(id).cvr);
}

TEST_CASE_METHOD(OrganisationFixture, "Updating an unknown organisation is not found", "[organisation][update]") {
  OrganisationChanges changes;
  changes.name = "Ghost";
  CHECK(errorOf([&] { service.update(officer, 42, changes, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.get(officer, 42); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.archive(officer, 42, std::nullopt); }).code() == ErrorCode::not_found);
}

// --- archiving ---

TEST_CASE_METHOD(OrganisationFixture, "Archiving hides an organisation from the default list only",
                 "[organisation][archive]") {
  const auto kept = service.create(officer, input("Kept IF")).id;
  const auto gone = service.create(officer, input("Gone IF")).id;
  clock.advance(5min);
  service.archive(officer, gone, 1);
  CHECK(stored(gone).status == RecordStatus::archived);
  CHECK(stored(gone).version == 2);
  CHECK(stored(gone).updated_at == startOfTests() + 5min);

  CHECK(idsOf(service.list(officer, {})) == std::vector<Id>{kept});
  OrganisationQuery all;
  all.status = StatusFilter::all;
  CHECK(idsOf(service.list(officer, all)) == std::vector<Id>{gone, kept});
  OrganisationQuery archived;
  archived.status = StatusFilter::archived;
  CHECK(idsOf(service.list(officer, archived)) == std::vector<Id>{gone});
  // The row stays readable.
  CHECK(service.get(officer, gone).status == RecordStatus::archived);
  // And it can be brought back.
  OrganisationChanges revive;
  revive.status = RecordStatus::active;
  CHECK(service.update(admin, gone, revive, 2).status == RecordStatus::active);
}

TEST_CASE_METHOD(OrganisationFixture, "Archiving with a stale version is refused", "[organisation][archive]") {
  const auto id = service.create(officer, input("Raced IF")).id;
  OrganisationChanges changes;
  changes.name = "Raced IF 2";
  service.update(officer, id, changes, 1);
  CHECK(errorOf([&] { service.archive(officer, id, 1); }).code() == ErrorCode::precondition_failed);
  CHECK(stored(id).status == RecordStatus::active);
}

// --- listing ---

TEST_CASE_METHOD(OrganisationFixture, "The list filters, searches, sorts and pages", "[organisation][list]") {
  auto aero = input("Ærø Idrætsforening", 101);
  aero.cvr = "12345674";
  aero.website = "https://aeroe-if.dk";
  const auto aeroId = service.create(officer, aero).id;
  auto mosque = input("Aarhus Moské", 751);
  mosque.kind = "religious_association";
  const auto mosqueId = service.create(officer, mosque).id;
  clock.advance(1h);
  const auto aalborgId = service.create(officer, input("aalborg boldklub", 851)).id;
  const auto archivedId = service.create(officer, input("Ærøskøbing Arkiv", 101)).id;
  service.archive(officer, archivedId, std::nullopt);

  OrganisationQuery q;
  SECTION("sorted by name the Danish way, case-insensitively, by default") {
    const auto page = service.list(officer, q);
    CHECK(idsOf(page) == std::vector<Id>{aeroId, aalborgId, mosqueId});  // Æ, then "aa" as Å
    CHECK(page.total == 3);
    CHECK(page.limit == PageRequest::kDefaultLimit);
    CHECK(page.offset == 0);
  }
  SECTION("sorted the other ways") {
    q.sort = OrganisationSort::name_desc;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{mosqueId, aalborgId, aeroId});
    q.sort = OrganisationSort::created_at_desc;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aalborgId, mosqueId, aeroId});
    q.sort = OrganisationSort::created_at;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId, mosqueId, aalborgId});
  }
  SECTION("paged, with the total of all matches") {
    q.page.limit = 2;
    q.page.offset = 1;
    const auto page = service.list(officer, q);
    CHECK(idsOf(page) == std::vector<Id>{aalborgId, mosqueId});
    CHECK(page.total == 3);
    CHECK(page.limit == 2);
    CHECK(page.offset == 1);
    q.page.offset = 3;
    const auto beyond = service.list(officer, q);
    CHECK(beyond.items.empty());
    CHECK(beyond.total == 3);
  }
  SECTION("searched case-insensitively in name, CVR and website") {
    q.q = "ÆRØ";
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId});
    q.q = "moské";
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{mosqueId});
    q.q = "MOSKÉ";
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{mosqueId});
    q.q = "3456";
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId});
    q.q = "AEROE-IF";
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId});
    q.q = "nothing like it";
    CHECK(service.list(officer, q).total == 0);
    q.q = "";
    CHECK(service.list(officer, q).total == 3);
    q.q = "ærø";
    q.status = StatusFilter::all;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId, archivedId});
  }
  SECTION("filtered by kind, district, municipality and region") {
    q.kind = "sports_club";
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId, aalborgId});
    q.kind.reset();
    q.police_district_id = 2;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{mosqueId});
    q.police_district_id.reset();
    q.municipality_id = 101;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aeroId});
    q.municipality_id.reset();
    q.region_id = 1081;
    CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{aalborgId});
  }
}
