// User administration: only administrators, sound passwords, partners bound to an organisation, and
// sessions ended when an account's standing changes.
#include <catch2/catch.hpp>

#include "domain/services.hpp"
#include "domain/validation.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kGoodPassword = "correct horse battery staple";

struct UserFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  FakeSecrets secrets;
  SessionCache sessions{std::chrono::seconds(0)};
  UserService service{store, secrets, clock, AuthSettings{}, sessions};
  Id org = addOrganisation(store, "Partner IF");
  Actor admin{addUser(store, Role::admin, "admin@example.dk"), Role::admin, std::nullopt};
  Actor officer{addUser(store, Role::officer, "officer@example.dk"), Role::officer, std::nullopt};
  Actor manager{addUser(store, Role::manager, "manager@example.dk"), Role::manager, std::nullopt};
  Actor partner{addUser(store, Role::partner, "partner@example.dk", org), Role::partner, org};

  static NewUser input(const std::string& email, Role role = Role::officer,
                       std::optional<Id> organisation = std::nullopt, const std::string& password = kGoodPassword) {
    NewUser u;
    u.email = email;
    u.name = "Test Person";
    u.role = role;
    u.organisation_id = organisation;
    u.password = password;
    return u;
  }

  User stored(Id id) { return store.user(id); }

  void addSession(const std::string& hash, Id user) {
    Session s;
    s.token_hash = hash;
    s.user_id = user;
    s.created_at = s.last_seen_at = clock.now();
    s.expires_at = clock.now() + 12h;
    auto uow = store.begin(Access::write);
    uow->sessions().insert(s);
    uow->commit();
  }

  bool sessionActive(const std::string& hash) {
    auto uow = store.begin(Access::read);
    return uow->sessions().findActive(hash, clock.now()).has_value();
  }
};

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE_METHOD(UserFixture, "Only administrators manage users", "[user][scope]") {
  UserChanges changes;
  changes.name = "Renamed";
  for (const auto& actor : {officer, manager, partner}) {
    CHECK(errorOf([&] { service.list(actor, {}); }).code() == ErrorCode::forbidden);
    CHECK(errorOf([&] { service.get(actor, admin.user_id); }).code() == ErrorCode::forbidden);
    CHECK(errorOf([&] { service.create(actor, input("new@example.dk")); }).code() == ErrorCode::forbidden);
    // even on themselves
    CHECK(errorOf([&] { service.update(actor, actor.user_id, changes, std::nullopt); }).code() == ErrorCode::forbidden);
  }
  CHECK(store.count("users") == 4);
  CHECK(stored(officer.user_id).name == "User officer@example.dk");
  CHECK(service.list(admin, {}).total == 4);
  CHECK(service.get(admin, officer.user_id).email == "officer@example.dk");
  CHECK(errorOf([&] { service.get(admin, 999); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(UserFixture, "A created user has a folded email and a hashed password", "[user][create]") {
  auto in = input("  Anna.Hansen@Example.DK ");
  in.name = "  Anna Hansen  ";
  const auto created = service.create(admin, in);
  CHECK(created.id == 5);
  CHECK(created.version == 1);
  CHECK(created.email == "anna.hansen@example.dk");
  CHECK(created.name == "Anna Hansen");
  CHECK(created.role == Role::officer);
  CHECK(created.status == UserStatus::active);
  CHECK(created.password_hash == std::string("hash:") + kGoodPassword);
  CHECK(created.created_at == startOfTests());
  CHECK(stored(5).email == "anna.hansen@example.dk");
  CHECK(stored(5).password_hash != kGoodPassword);

  const auto danish = service.create(admin, input("SØREN@Kommune.DK"));
  CHECK(danish.email == "søren@kommune.dk");
}

TEST_CASE_METHOD(UserFixture, "A password has at least 12 characters, counted as characters", "[user][password]") {
  const auto shortOne = input("short@example.dk", Role::officer, std::nullopt, "eleven char");  // 11
  const auto error = errorOf([&] { service.create(admin, shortOne); });
  CHECK(error.code() == ErrorCode::invalid);
  REQUIRE(fieldNames(error) == std::vector<std::string>{"password"});
  CHECK(error.fields()[0].message == "must be at least 12 characters");

  CHECK(service.create(admin, input("twelve@example.dk", Role::officer, std::nullopt, "twelve chars")).id > 0);

  // 11 Danish letters are 22 bytes but still too short; 12 are enough.
  CHECK(fieldNames(errorOf([&] {
          service.create(admin, input("dk11@example.dk", Role::officer, std::nullopt, repeat("ø", 11)));
        })) == std::vector<std::string>{"password"});
  CHECK(service.create(admin, input("dk12@example.dk", Role::officer, std::nullopt, repeat("ø", 12))).id > 0);

  CHECK(fieldNames(errorOf([&] {
          service.create(admin, input("long@example.dk", Role::officer, std::nullopt, std::string(201, 'x')));
        })) == std::vector<std::string>{"password"});
  CHECK(service.create(admin, input("max@example.dk", Role::officer, std::nullopt, std::string(200, 'x'))).id > 0);

  CHECK(fieldNames(errorOf([&] {
          service.create(admin, input("bad@example.dk", Role::officer, std::nullopt, "invalid \xC3 utf8 here"));
        })) == std::vector<std::string>{"password"});
}

TEST_CASE_METHOD(UserFixture, "The minimum password length is a setting", "[user][password]") {
  AuthSettings strict;
  strict.min_password_length = 30;  // kGoodPassword has 28
  UserService strictService{store, secrets, clock, strict, sessions};
  CHECK(errorOf([&] { strictService.create(admin, input("s@example.dk")); }).code() == ErrorCode::invalid);
  CHECK(strictService.create(admin, input("s@example.dk", Role::officer, std::nullopt, std::string(30, 'p'))).id > 0);
}

TEST_CASE_METHOD(UserFixture, "An invalid email address is refused", "[user][create]") {
  for (const auto* bad : {"", "anna", "anna@", "anna@example", "an na@example.dk"}) {
    const auto error = errorOf([&] { service.create(admin, input(bad)); });
    CHECK(error.code() == ErrorCode::invalid);
    CHECK(fieldNames(error) == std::vector<std::string>{"email"});
  }
  CHECK(store.count("users") == 4);
}

TEST_CASE_METHOD(UserFixture, "A user's name is trimmed and at least 2 characters", "[user][validation]") {
  auto in = input("named@example.dk");
  in.name = "  Æ ";
  const auto error = errorOf([&] { service.create(admin, in); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"name"});
  in.name = " Æø ";
  CHECK(service.create(admin, in).name == "Æø");

  UserChanges rename;
  rename.name = "line\nbreak";
  CHECK(fieldNames(errorOf([&] { service.update(admin, officer.user_id, rename, std::nullopt); })) ==
        std::vector<std::string>{"name"});
  CHECK(stored(officer.user_id).version == 1);
}

TEST_CASE_METHOD(UserFixture, "A partner user needs an existing organisation", "[user][partner]") {
  const auto missing = errorOf([&] { service.create(admin, input("p1@example.dk", Role::partner)); });
  CHECK(missing.code() == ErrorCode::invalid);
  REQUIRE(fieldNames(missing) == std::vector<std::string>{"organisation_id"});
  CHECK(missing.fields()[0].message == "is required for a partner");

  const auto unknown = errorOf([&] { service.create(admin, input("p2@example.dk", Role::partner, Id{999})); });
  REQUIRE(fieldNames(unknown) == std::vector<std::string>{"organisation_id"});
  CHECK(unknown.fields()[0].message == "is not a known organisation");

  const auto created = service.create(admin, input("p3@example.dk", Role::partner, org));
  CHECK(created.organisation_id == std::optional<Id>(org));
  CHECK(stored(created.id).organisation_id == std::optional<Id>(org));
  CHECK(store.count("users") == 5);
}

TEST_CASE_METHOD(UserFixture, "Only partners belong to an organisation", "[user][partner]") {
  for (const auto role : {Role::admin, Role::officer, Role::manager}) {
    const auto error = errorOf([&] { service.create(admin, input("staff@example.dk", role, org)); });
    CHECK(error.code() == ErrorCode::invalid);
    CHECK(fieldNames(error) == std::vector<std::string>{"organisation_id"});
  }
  CHECK(store.count("users") == 4);
}

TEST_CASE_METHOD(UserFixture, "A user's email address is unique regardless of case", "[user][create]") {
  const auto first = service.create(admin, input("Anna@Example.dk")).id;
  const auto error = errorOf([&] { service.create(admin, input(" ANNA@example.DK")); });
  CHECK(error.code() == ErrorCode::conflict);
  CHECK(error.existingId() == std::optional<Id>(first));
  CHECK(fieldNames(error) == std::vector<std::string>{"email"});
  CHECK(errorOf([&] { service.create(admin, input("OFFICER@example.dk", Role::manager)); }).existingId() ==
        std::optional<Id>(officer.user_id));
  CHECK(store.count("users") == 5);
}

TEST_CASE_METHOD(UserFixture, "createTrusted applies the same rules without an actor", "[user][create]") {
  const auto created = service.createTrusted(input("Cli@Example.dk", Role::admin));
  CHECK(created.email == "cli@example.dk");
  CHECK(created.role == Role::admin);
  CHECK(errorOf([&] { service.createTrusted(input("cli@example.dk")); }).code() == ErrorCode::conflict);
  CHECK(errorOf([&] { service.createTrusted(input("x@example.dk", Role::officer, std::nullopt, "short")); }).code() ==
        ErrorCode::invalid);
}

TEST_CASE_METHOD(UserFixture, "A user's fields are reported together", "[user][validation]") {
  auto in = input("not-an-email", Role::partner);
  in.name = "";
  const auto error = errorOf([&] { service.create(admin, in); });
  CHECK(fieldNames(error) == std::vector<std::string>{"email", "name", "organisation_id"});
}

TEST_CASE_METHOD(UserFixture, "An administrator cannot demote or disable themselves", "[user][update]") {
  UserChanges demote;
  demote.role = Role::officer;
  const auto demoted = errorOf([&] { service.update(admin, admin.user_id, demote, std::nullopt); });
  CHECK(demoted.code() == ErrorCode::invalid);
  CHECK(fieldNames(demoted) == std::vector<std::string>{"role"});

  UserChanges disable;
  disable.status = UserStatus::disabled;
  const auto disabled = errorOf([&] { service.update(admin, admin.user_id, disable, std::nullopt); });
  CHECK(disabled.code() == ErrorCode::invalid);
  CHECK(fieldNames(disabled) == std::vector<std::string>{"status"});

  CHECK(stored(admin.user_id).role == Role::admin);
  CHECK(stored(admin.user_id).status == UserStatus::active);
  CHECK(stored(admin.user_id).version == 1);

  // Harmless changes to oneself are fine.
  UserChanges rename;
  rename.name = "Chief Admin";
  rename.role = Role::admin;
  rename.status = UserStatus::active;
  CHECK(service.update(admin, admin.user_id, rename, 1).name == "Chief Admin");

  // And another administrator may be demoted.
  const auto other = service.create(admin, input("admin2@example.dk", Role::admin)).id;
  CHECK(service.update(admin, other, demote, std::nullopt).role == Role::officer);
}

TEST_CASE_METHOD(UserFixture, "Disabling oneself is reported on the status field even when the role is repeated",
                 "[user][update]") {
  UserChanges changes;
  changes.role = Role::admin;
  changes.status = UserStatus::disabled;
  const auto error = errorOf([&] { service.update(admin, admin.user_id, changes, std::nullopt); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"status"});
}

TEST_CASE_METHOD(UserFixture, "Changing a password ends the user's sessions, and only theirs", "[user][sessions]") {
  addSession("h:officer-1", officer.user_id);
  addSession("h:officer-2", officer.user_id);
  addSession("h:manager-1", manager.user_id);
  REQUIRE(sessionActive("h:officer-1"));

  clock.advance(10min);
  UserChanges changes;
  changes.password = "a brand new password";
  const auto updated = service.update(admin, officer.user_id, changes, 1);
  CHECK(updated.password_hash == "hash:a brand new password");
  CHECK(stored(officer.user_id).password_hash == "hash:a brand new password");
  CHECK(updated.version == 2);
  CHECK(updated.updated_at == startOfTests() + 10min);

  CHECK_FALSE(sessionActive("h:officer-1"));
  CHECK_FALSE(sessionActive("h:officer-2"));
  CHECK(sessionActive("h:manager-1"));
  for (const auto& s : store.sessions()) {
    if (s.session.user_id == officer.user_id) CHECK(s.revoked_at == std::optional<Timestamp>(startOfTests() + 10min));
  }
}

TEST_CASE_METHOD(UserFixture, "A new password must be long enough and then nothing changes", "[user][password]") {
  addSession("h:officer", officer.user_id);
  UserChanges changes;
  changes.password = "too short";
  changes.name = "Renamed";
  CHECK(fieldNames(errorOf([&] { service.update(admin, officer.user_id, changes, std::nullopt); })) ==
        std::vector<std::string>{"password"});
  CHECK(stored(officer.user_id).name == "User officer@example.dk");
  CHECK(stored(officer.user_id).password_hash == std::string("hash:") + kGoodPassword);
  CHECK(sessionActive("h:officer"));
}

TEST_CASE_METHOD(UserFixture, "Disabling or re-roling a user ends their sessions, renaming does not",
                 "[user][sessions]") {
  addSession("h:officer", officer.user_id);
  addSession("h:manager", manager.user_id);
  addSession("h:partner", partner.user_id);

  UserChanges rename;
  rename.name = "Still Logged In";
  service.update(admin, officer.user_id, rename, std::nullopt);
  CHECK(sessionActive("h:officer"));

  UserChanges disable;
  disable.status = UserStatus::disabled;
  CHECK(service.update(admin, officer.user_id, disable, std::nullopt).status == UserStatus::disabled);
  CHECK_FALSE(sessionActive("h:officer"));
  // Re-enabling does not bring the old session back.
  UserChanges enable;
  enable.status = UserStatus::active;
  service.update(admin, officer.user_id, enable, std::nullopt);
  CHECK_FALSE(sessionActive("h:officer"));

  UserChanges promote;
  promote.role = Role::officer;
  service.update(admin, manager.user_id, promote, std::nullopt);
  CHECK_FALSE(sessionActive("h:manager"));

  const auto otherOrg = addOrganisation(store, "Second IF");
  UserChanges moveOrg;
  moveOrg.organisation_id = std::optional<Id>(otherOrg);
  CHECK(service.update(admin, partner.user_id, moveOrg, std::nullopt).organisation_id == std::optional<Id>(otherOrg));
  CHECK_FALSE(sessionActive("h:partner"));
}

TEST_CASE_METHOD(UserFixture, "Role changes keep the organisation rule", "[user][partner]") {
  // A partner made an officer leaves its organisation.
  UserChanges toOfficer;
  toOfficer.role = Role::officer;
  const auto former = service.update(admin, partner.user_id, toOfficer, std::nullopt);
  CHECK(former.role == Role::officer);
  CHECK_FALSE(former.organisation_id);
  CHECK_FALSE(stored(partner.user_id).organisation_id);

  // An officer made a partner needs one.
  UserChanges toPartner;
  toPartner.role = Role::partner;
  CHECK(fieldNames(errorOf([&] { service.update(admin, officer.user_id, toPartner, std::nullopt); })) ==
        std::vector<std::string>{"organisation_id"});
  toPartner.organisation_id = std::optional<Id>(org);
  CHECK(service.update(admin, officer.user_id, toPartner, std::nullopt).organisation_id == std::optional<Id>(org));

  // An officer cannot be given an organisation.
  UserChanges staffWithOrg;
  staffWithOrg.organisation_id = std::optional<Id>(org);
  CHECK(fieldNames(errorOf([&] { service.update(admin, manager.user_id, staffWithOrg, std::nullopt); })) ==
        std::vector<std::string>{"organisation_id"});
  CHECK(stored(manager.user_id).version == 1);
}

TEST_CASE_METHOD(UserFixture, "A user update with a stale version is refused", "[user][version]") {
  UserChanges first;
  first.name = "Once";
  CHECK(service.update(admin, officer.user_id, first, 1).version == 2);
  UserChanges late;
  late.name = "Lost";
  CHECK(errorOf([&] { service.update(admin, officer.user_id, late, 1); }).code() == ErrorCode::precondition_failed);
  CHECK(stored(officer.user_id).name == "Once");
  CHECK(service.update(admin, officer.user_id, late, 2).version == 3);
  CHECK(errorOf([&] { service.update(admin, 999, late, std::nullopt); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(UserFixture, "Users are listed by name and filtered", "[user][list]") {
  UserQuery query;
  query.role = Role::partner;
  const auto partners = service.list(admin, query);
  REQUIRE(partners.items.size() == 1);
  CHECK(partners.items[0].id == partner.user_id);
  query.role.reset();
  query.q = "MANAGER@";
  const auto found = service.list(admin, query);
  REQUIRE(found.items.size() == 1);
  CHECK(found.items[0].id == manager.user_id);
  query.q.reset();
  query.status = UserStatus::disabled;
  CHECK(service.list(admin, query).total == 0);
}
