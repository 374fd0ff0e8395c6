// Contact persons: who may see and change them, what a valid contact is, and what a partner can learn.
#include <catch2/catch.hpp>

#include "domain/services.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct ContactFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  ContactService service{store, clock};
  Id own_org = addOrganisation(store, "Own IF");
  Id other_org = addOrganisation(store, "Other IF");
  Id archived_org = addOrganisation(store, "Closed IF", 101, RecordStatus::archived);
  Actor admin{addUser(store, Role::admin, "admin@example.dk"), Role::admin, std::nullopt};
  Actor officer{addUser(store, Role::officer, "officer@example.dk"), Role::officer, std::nullopt};
  Actor manager{addUser(store, Role::manager, "manager@example.dk"), Role::manager, std::nullopt};
  Actor partner{addUser(store, Role::partner, "partner@example.dk", own_org), Role::partner, own_org};

  static NewContact input(Id organisation, const std::string& name, std::optional<std::string> email = std::nullopt,
                          std::optional<std::string> phone = std::nullopt) {
    NewContact c;
    c.organisation_id = organisation;
    c.name = name;
    c.email = std::move(email);
    c.phone = std::move(phone);
    return c;
  }

  Contact stored(Id id) { return store.contact(id); }
};

std::vector<Id> idsOf(const Page<Contact>& page) {
  std::vector<Id> ids;
  for (const auto& c : page.items) ids.push_back(c.id);
  return ids;
}

}  // namespace

TEST_CASE_METHOD(ContactFixture, "A manager sees aggregates, not people", "[contact][scope]") {
  const auto id = addContact(store, own_org, "Anna Hansen");
  ContactChanges changes;
  changes.name = "Changed";
  CHECK(errorOf([&] { service.list(manager, {}); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.listForOrganisation(manager, own_org, {}); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.get(manager, id); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.get(manager, 999); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.create(manager, input(own_org, "Bo Jensen")); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.update(manager, id, changes, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { service.archive(manager, id, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(store.count("contacts") == 1);
  CHECK(stored(id).name == "Anna Hansen");
}

TEST_CASE_METHOD(ContactFixture, "An officer creates a contact, trimmed and with a normalised phone number",
                 "[contact][create]") {
  auto in = input(own_org, "  Anna Hansen ", " Anna@Example.dk ", "22 33 44 55");
  in.title = "  Formand  ";
  in.language = Language::en;
  in.consent.newsletter = true;
  const auto created = service.create(officer, in);
  CHECK(created.id == 1);
  CHECK(created.version == 1);
  CHECK(created.organisation_id == own_org);
  CHECK(created.name == "Anna Hansen");
  CHECK(created.title == std::optional<std::string>("Formand"));
  CHECK(created.email == std::optional<std::string>("Anna@Example.dk"));  // kept as given, but trimmed
  CHECK(created.phone == std::optional<std::string>("+45 2233 4455"));
  CHECK(created.language == Language::en);
  CHECK(created.consent.invitations);
  CHECK(created.consent.newsletter);
  CHECK(created.status == RecordStatus::active);
  CHECK(created.created_at == startOfTests());
  CHECK(created.updated_at == startOfTests());
  CHECK(stored(1).phone == std::optional<std::string>("+45 2233 4455"));
  CHECK(service.get(officer, 1).name == "Anna Hansen");

  CHECK(service.create(admin, input(other_org, "Bo Jensen", std::nullopt, "+4598765432")).phone ==
        std::optional<std::string>("+45 9876 5432"));
  const auto blank = service.create(officer, input(own_org, "Carl", "  ", "  "));
  CHECK_FALSE(blank.email);
  CHECK_FALSE(blank.phone);
}

TEST_CASE_METHOD(ContactFixture, "Every broken field of a new contact is reported at once", "[contact][validation]") {
  auto in = input(999, "A", "not-an-email", "12345678");
  in.title = std::string(201, 't');
  const auto error = errorOf([&] { service.create(officer, in); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"name", "title", "email", "phone", "organisation_id"});
  CHECK(store.count("contacts") == 0);

  CHECK(fieldNames(errorOf([&] { service.create(officer, input(own_org, "Valid", std::nullopt, "+46 22334455")); })) ==
        std::vector<std::string>{"phone"});
  CHECK(fieldNames(errorOf([&] { service.create(officer, input(own_org, "Valid\nName")); })) ==
        std::vector<std::string>{"name"});
}

TEST_CASE_METHOD(ContactFixture, "An archived organisation gets no new contacts", "[contact][create]") {
  const auto error = errorOf([&] { service.create(officer, input(archived_org, "Late Comer")); });
  CHECK(error.code() == ErrorCode::invalid);
  REQUIRE(error.fields().size() == 1);
  CHECK(error.fields()[0].field == "organisation_id");
  CHECK(error.fields()[0].message == "is archived");
  CHECK(store.count("contacts") == 0);

  // Nor can a contact be moved into one.
  const auto id = service.create(officer, input(own_org, "Mover")).id;
  ContactChanges move;
  move.organisation_id = archived_org;
  const auto moved = errorOf([&] { service.update(officer, id, move, std::nullopt); });
  CHECK(fieldNames(moved) == std::vector<std::string>{"organisation_id"});
  CHECK(stored(id).organisation_id == own_org);
}

TEST_CASE_METHOD(ContactFixture, "A partner creates contacts for its own organisation only", "[contact][scope]") {
  const auto created = service.create(partner, input(own_org, "Own Person"));
  CHECK(created.organisation_id == own_org);

  const auto other = errorOf([&] { service.create(partner, input(other_org, "Smuggled")); });
  const auto missing = errorOf([&] { service.create(partner, input(999, "Nowhere")); });
  CHECK(other.code() == ErrorCode::invalid);
  CHECK(missing.code() == ErrorCode::invalid);
  REQUIRE(other.fields().size() == 1);
  REQUIRE(missing.fields().size() == 1);
  // Another organisation looks exactly like one that does not exist.
  CHECK(other.fields()[0].field == "organisation_id");
  CHECK(other.fields()[0].field == missing.fields()[0].field);
  CHECK(other.fields()[0].message == missing.fields()[0].message);
  CHECK(std::string(other.what()) == missing.what());
  // ... and like an archived one it cannot see.
  const auto archived = errorOf([&] { service.create(partner, input(archived_org, "Archived")); });
  REQUIRE(archived.fields().size() == 1);
  CHECK(archived.fields()[0].message == missing.fields()[0].message);
  CHECK(store.count("contacts") == 1);
}

TEST_CASE_METHOD(ContactFixture, "A partner lists only its own contacts", "[contact][scope]") {
  const auto mine = addContact(store, own_org, "Mine");
  const auto theirs = addContact(store, other_org, "Theirs");
  const auto mineToo = addContact(store, own_org, "Also Mine");

  const auto page = service.list(partner, {});
  CHECK(idsOf(page) == std::vector<Id>{mineToo, mine});
  CHECK(page.total == 2);

  ContactQuery own;
  own.organisation_id = own_org;
  CHECK(idsOf(service.list(partner, own)) == std::vector<Id>{mineToo, mine});

  ContactQuery foreign;
  foreign.organisation_id = other_org;
  foreign.page.limit = 10;
  foreign.page.offset = 5;
  const auto empty = service.list(partner, foreign);
  CHECK(empty.items.empty());
  CHECK(empty.total == 0);
  CHECK(empty.limit == 10);
  CHECK(empty.offset == 5);

  ContactQuery search;
  search.q = "theirs";
  CHECK(service.list(partner, search).total == 0);

  CHECK(idsOf(service.list(officer, {})) == std::vector<Id>{mineToo, mine, theirs});
  ContactQuery theirsOnly;
  theirsOnly.organisation_id = other_org;
  CHECK(idsOf(service.list(admin, theirsOnly)) == std::vector<Id>{theirs});
}

TEST_CASE_METHOD(ContactFixture, "A partner user without an organisation sees no contacts", "[contact][scope]") {
  addContact(store, own_org, "Someone");
  const Actor orphan{99, Role::partner, std::nullopt};
  CHECK(service.list(orphan, {}).total == 0);
  CHECK(errorOf([&] { service.get(orphan, 1); }).code() == ErrorCode::not_found);
  CHECK(fieldNames(errorOf([&] { service.create(orphan, input(own_org, "Orphaned")); })) ==
        std::vector<std::string>{"organisation_id"});
}

TEST_CASE_METHOD(ContactFixture, "A partner cannot read or change another organisation's contact", "[contact][scope]") {
  const auto mine = addContact(store, own_org, "Mine");
  const auto theirs = addContact(store, other_org, "Theirs");
  CHECK(service.get(partner, mine).name == "Mine");
  CHECK(errorOf([&] { service.get(partner, theirs); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.get(partner, 999); }).code() == ErrorCode::not_found);

  ContactChanges changes;
  changes.name = "Hijacked";
  CHECK(errorOf([&] { service.update(partner, theirs, changes, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { service.archive(partner, theirs, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(stored(theirs).name == "Theirs");
  CHECK(stored(theirs).status == RecordStatus::active);

  // Nor give its own contact away.
  ContactChanges giveAway;
  giveAway.organisation_id = other_org;
  const auto error = errorOf([&] { service.update(partner, mine, giveAway, std::nullopt); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"organisation_id"});
  CHECK(stored(mine).organisation_id == own_org);
}

TEST_CASE_METHOD(ContactFixture, "Contacts of one organisation are listed for those who may see it",
                 "[contact][scope]") {
  const auto mine = addContact(store, own_org, "Mine");
  const auto theirs = addContact(store, other_org, "Theirs");
  CHECK(idsOf(service.listForOrganisation(partner, own_org, {})) == std::vector<Id>{mine});
  CHECK(errorOf([&] { service.listForOrganisation(partner, other_org, {}); }).code() == ErrorCode::not_found);
  CHECK(idsOf(service.listForOrganisation(officer, other_org, {})) == std::vector<Id>{theirs});
  CHECK(errorOf([&] { service.listForOrganisation(officer, 999, {}); }).code() == ErrorCode::not_found);
  ContactQuery sneaky;
  sneaky.organisation_id = own_org;  // the path's organisation wins over a query filter
  CHECK(idsOf(service.listForOrganisation(officer, other_org, sneaky)) == std::vector<Id>{theirs});
}

TEST_CASE_METHOD(ContactFixture, "A partner updates its own contacts", "[contact][update]") {
  const auto id = service.create(partner, input(own_org, "Anna")).id;
  clock.advance(2h);
  ContactChanges changes;
  changes.name = "Anna Hansen";
  changes.phone = std::optional<std::string>("0045 22 33 44 55");
  changes.consent_newsletter = true;
  const auto updated = service.update(partner, id, changes, 1);
  CHECK(updated.name == "Anna Hansen");
  CHECK(updated.phone == std::optional<std::string>("+45 2233 4455"));
  CHECK(updated.consent.newsletter);
  CHECK(updated.version == 2);
  CHECK(updated.updated_at == startOfTests() + 2h);
  CHECK(updated.created_at == startOfTests());
  CHECK(stored(id).phone == std::optional<std::string>("+45 2233 4455"));
  CHECK(stored(id).version == 2);
}

TEST_CASE_METHOD(ContactFixture, "A contact of an archived organisation can still be edited", "[contact][update]") {
  const auto id = addContact(store, archived_org, "Old Hand");
  ContactChanges changes;
  changes.title = std::optional<std::string>("Kasserer");
  CHECK(service.update(officer, id, changes, std::nullopt).title == std::optional<std::string>("Kasserer"));
}

TEST_CASE_METHOD(ContactFixture, "An email address is unique regardless of case", "[contact][email]") {
  const auto first = service.create(officer, input(own_org, "Anna", "Anna@Example.dk")).id;
  const auto error = errorOf([&] { service.create(officer, input(other_org, "Imposter", "anna@EXAMPLE.DK")); });
  CHECK(error.code() == ErrorCode::conflict);
  CHECK(error.existingId() == std::optional<Id>(first));
  CHECK(fieldNames(error) == std::vector<std::string>{"email"});
  CHECK(store.count("contacts") == 1);

  const auto danish = service.create(officer, input(own_org, "Søren", "SØREN@kommune.dk")).id;
  CHECK(errorOf([&] { service.create(officer, input(own_org, "Søren 2", "søren@kommune.dk")); }).existingId() ==
        std::optional<Id>(danish));

  // Changing the case of one's own address is no conflict.
  ContactChanges recase;
  recase.email = std::optional<std::string>("anna@example.dk");
  CHECK(service.update(officer, first, recase, std::nullopt).email == std::optional<std::string>("anna@example.dk"));
  // Taking another's is.
  const auto second = service.create(officer, input(own_org, "Bo", "bo@example.dk")).id;
  ContactChanges take;
  take.email = std::optional<std::string>("ANNA@example.dk");
  const auto taken = errorOf([&] { service.update(officer, second, take, std::nullopt); });
  CHECK(taken.code() == ErrorCode::conflict);
  CHECK(taken.existingId() == std::optional<Id>(first));
  CHECK(stored(second).email == std::optional<std::string>("bo@example.dk"));
}

TEST_CASE_METHOD(ContactFixture, "A partner learns the existing contact's id only when it is its own",
                 "[contact][email][scope]") {
  const auto ownExisting = addContact(store, own_org, "Own Anna", std::string("anna@own.dk"));
  addContact(store, other_org, "Their Bo", std::string("bo@other.dk"));

  const auto ownDuplicate = errorOf([&] { service.create(partner, input(own_org, "Anna again", "ANNA@own.dk")); });
  CHECK(ownDuplicate.code() == ErrorCode::conflict);
  CHECK(ownDuplicate.existingId() == std::optional<Id>(ownExisting));

  const auto foreignDuplicate = errorOf([&] { service.create(partner, input(own_org, "Bo copy", "Bo@Other.dk")); });
  CHECK(foreignDuplicate.code() == ErrorCode::conflict);
  CHECK_FALSE(foreignDuplicate.existingId());
  CHECK(store.count("contacts") == 2);
}

TEST_CASE_METHOD(ContactFixture, "An officer moves a contact to another organisation", "[contact][update]") {
  const auto id = service.create(officer, input(own_org, "Traveller")).id;
  ContactChanges move;
  move.organisation_id = other_org;
  const auto moved = service.update(officer, id, move, 1);
  CHECK(moved.organisation_id == other_org);
  CHECK(stored(id).organisation_id == other_org);
  CHECK(idsOf(service.listForOrganisation(officer, other_org, {})) == std::vector<Id>{id});
  CHECK(service.listForOrganisation(officer, own_org, {}).items.empty());
  // The partner of the old organisation has lost sight of it.
  CHECK(errorOf([&] { service.get(partner, id); }).code() == ErrorCode::not_found);

  ContactChanges nowhere;
  nowhere.organisation_id = 999;
  CHECK(fieldNames(errorOf([&] { service.update(officer, id, nowhere, std::nullopt); })) ==
        std::vector<std::string>{"organisation_id"});
}

TEST_CASE_METHOD(ContactFixture, "A contact update with a stale version is refused", "[contact][version]") {
  const auto id = service.create(officer, input(own_org, "Raced")).id;
  ContactChanges first;
  first.name = "Raced once";
  CHECK(service.update(officer, id, first, 1).version == 2);
  ContactChanges late;
  late.name = "Lost update";
  CHECK(errorOf([&] { service.update(officer, id, late, 1); }).code() == ErrorCode::precondition_failed);
  CHECK(errorOf([&] { service.archive(officer, id, 1); }).code() == ErrorCode::precondition_failed);
  CHECK(stored(id).name == "Raced once");
  CHECK(stored(id).version == 2);
  CHECK(service.update(officer, id, late, 2).version == 3);
  CHECK(service.get(officer, id).version == 3);
}

TEST_CASE_METHOD(ContactFixture, "An invalid contact update changes nothing", "[contact][update]") {
  const auto id = service.create(officer, input(own_org, "Steady", "steady@example.dk", "22334455")).id;
  ContactChanges changes;
  changes.name = "Steady Renamed";
  changes.phone = std::optional<std::string>("123");
  const auto error = errorOf([&] { service.update(officer, id, changes, std::nullopt); });
  CHECK(fieldNames(error) == std::vector<std::string>{"phone"});
  CHECK(stored(id).name == "Steady");
  CHECK(stored(id).version == 1);

  ContactChanges clear;
  clear.phone.emplace(std::nullopt);
  clear.email.emplace(std::nullopt);
  const auto cleared = service.update(officer, id, clear, std::nullopt);
  CHECK_FALSE(cleared.phone);
  CHECK_FALSE(cleared.email);
  CHECK_FALSE(stored(id).email);
}

TEST_CASE_METHOD(ContactFixture, "Archiving a contact hides it from the default list", "[contact][archive]") {
  const auto kept = service.create(officer, input(own_org, "Kept")).id;
  const auto gone = service.create(partner, input(own_org, "Gone")).id;
  service.archive(partner, gone, std::nullopt);
  CHECK(stored(gone).status == RecordStatus::archived);
  CHECK(idsOf(service.list(officer, {})) == std::vector<Id>{kept});
  ContactQuery all;
  all.status = StatusFilter::all;
  CHECK(idsOf(service.list(partner, all)) == std::vector<Id>{gone, kept});
  ContactQuery archived;
  archived.status = StatusFilter::archived;
  CHECK(idsOf(service.list(officer, archived)) == std::vector<Id>{gone});
}

TEST_CASE_METHOD(ContactFixture, "Contacts are searched by name and email, case-insensitively", "[contact][list]") {
  const auto anna = service.create(officer, input(own_org, "Ærlige Anna", "anna@eksempel.dk")).id;
  const auto bo = service.create(officer, input(own_org, "Bo", "BO@Firma.dk")).id;
  ContactQuery q;
  q.q = "ÆRLIGE";
  CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{anna});
  q.q = "firma";
  CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{bo});
  q.q = "EKSEMPEL.DK";
  CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{anna});
  q.q.reset();
  q.sort = ContactSort::name_desc;
  CHECK(idsOf(service.list(officer, q)) == std::vector<Id>{anna, bo});
  q.page.limit = 1;
  const auto page = service.list(officer, q);
  CHECK(idsOf(page) == std::vector<Id>{anna});
  CHECK(page.total == 2);
}
