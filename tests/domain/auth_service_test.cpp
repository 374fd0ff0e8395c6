// Logging in and out: sessions, indistinguishable failures, throttling and expiry.
#include <catch2/catch.hpp>

#include "domain/services.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "correct horse battery staple";  // what addUser's hash stands for

struct AuthFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  FakeSecrets secrets;
  AuthSettings settings;
  SessionCache sessions{0s};  // off: every check reaches the store (the cache has its own cases below)
  Id org = addOrganisation(store, "Partner IF");
  Id anna = addUser(store, Role::officer, "anna@example.dk");
  Id bo = addUser(store, Role::partner, "bo@example.dk", org);
  Id carl = addUser(store, Role::officer, "carl@example.dk", std::nullopt, UserStatus::disabled);

  AuthService service() { return AuthService{store, secrets, clock, settings, sessions}; }

  // Fails `times` logins for this email with a wrong password, each answered as unauthenticated.
  void failLogins(AuthService& auth, const std::string& email, int times) {
    for (int i = 0; i < times; ++i) {
      const auto error = errorOf([&] { auth.login(email, "wrong password!"); });
      REQUIRE(error.code() == ErrorCode::unauthenticated);
    }
  }
};

}  // namespace

TEST_CASE_METHOD(AuthFixture, "A successful login opens a session that authenticates the user", "[auth][login]") {
  auto auth = service();
  const auto result = auth.login("anna@example.dk", kPassword);
  CHECK(result.token == "token-1");
  CHECK(result.expires_at == startOfTests() + 12h);
  CHECK(result.user.id == anna);
  CHECK(result.user.last_login_at == std::optional<Timestamp>(startOfTests()));
  CHECK(store.user(anna).last_login_at == std::optional<Timestamp>(startOfTests()));

  // Only the token's hash is stored.
  REQUIRE(store.sessions().size() == 1);
  const auto stored = store.sessions()[0].session;
  CHECK(stored.token_hash == "h:token-1");
  CHECK(stored.user_id == anna);
  CHECK(stored.created_at == startOfTests());
  CHECK(stored.expires_at == startOfTests() + 12h);

  const auto who = auth.authenticate(result.token);
  CHECK(who.actor.user_id == anna);
  CHECK(who.actor.role == Role::officer);
  CHECK_FALSE(who.actor.organisation_id);
  CHECK(who.user.email == "anna@example.dk");
}

TEST_CASE_METHOD(AuthFixture, "A partner's session carries its organisation", "[auth][login]") {
  auto auth = service();
  const auto who = auth.authenticate(auth.login("bo@example.dk", kPassword).token);
  CHECK(who.actor.user_id == bo);
  CHECK(who.actor.role == Role::partner);
  CHECK(who.actor.organisation_id == std::optional<Id>(org));
  CHECK(who.actor.isPartner());
}

TEST_CASE_METHOD(AuthFixture, "The email is matched regardless of case and surrounding spaces", "[auth][login]") {
  auto auth = service();
  CHECK(auth.login("  Anna@EXAMPLE.dk ", kPassword).user.id == anna);
}

TEST_CASE_METHOD(AuthFixture, "An unknown user and a wrong password fail exactly alike", "[auth][login]") {
  auto auth = service();
  const int before = secrets.verifications;
  const auto unknown = errorOf([&] { auth.login("nobody@example.dk", kPassword); });
  // The unknown user still costs one password verification, so timing tells nothing.
  CHECK(secrets.verifications == before + 1);
  const auto wrong = errorOf([&] { auth.login("anna@example.dk", "not the password"); });
  CHECK(unknown.code() == ErrorCode::unauthenticated);
  CHECK(wrong.code() == ErrorCode::unauthenticated);
  CHECK(std::string(unknown.what()) == wrong.what());
  CHECK(unknown.fields().empty());
  CHECK(wrong.fields().empty());
  CHECK(store.sessions().empty());
  CHECK(secrets.tokens_issued == 0);
}

TEST_CASE_METHOD(AuthFixture, "A disabled user cannot log in, and is told nothing more", "[auth][login]") {
  auto auth = service();
  const auto disabled = errorOf([&] { auth.login("carl@example.dk", kPassword); });
  const auto wrong = errorOf([&] { auth.login("anna@example.dk", "not the password"); });
  CHECK(disabled.code() == ErrorCode::unauthenticated);
  CHECK(std::string(disabled.what()) == wrong.what());
  CHECK(store.sessions().empty());
  CHECK(store.loginFailures().size() == 2);
}

TEST_CASE_METHOD(AuthFixture, "Ten failures in 15 minutes lock the account, even for the right password",
                 "[auth][throttle]") {
  auto auth = service();
  failLogins(auth, "anna@example.dk", 10);  // the tenth is still a plain failure
  clock.advance(5min);
  const auto locked = errorOf([&] { auth.login("anna@example.dk", kPassword); });
  CHECK(locked.code() == ErrorCode::too_many_requests);
  REQUIRE(locked.retryAfterSeconds());
  CHECK(*locked.retryAfterSeconds() > 0);
  CHECK(*locked.retryAfterSeconds() == 600);  // 15 minutes after the first failure
  CHECK(store.sessions().empty());

  // Wrong passwords are refused the same way, before any check of the password.
  const int verified = secrets.verifications;
  CHECK(errorOf([&] { auth.login("ANNA@example.dk", "guess"); }).code() == ErrorCode::too_many_requests);
  CHECK(secrets.verifications == verified);

  // At the very end of the window it is still locked, for at least one more second.
  clock.set(startOfTests() + 15min);
  const auto edge = errorOf([&] { auth.login("anna@example.dk", kPassword); });
  CHECK(edge.code() == ErrorCode::too_many_requests);
  CHECK(edge.retryAfterSeconds() == std::optional<int>(1));

  clock.set(startOfTests() + 15min + 1s);
  const auto result = auth.login("anna@example.dk", kPassword);
  CHECK(result.user.id == anna);
  CHECK(auth.authenticate(result.token).actor.user_id == anna);
}

TEST_CASE_METHOD(AuthFixture, "The lock slides with the window of failures", "[auth][throttle]") {
  auto auth = service();
  for (int minute = 0; minute < 10; ++minute) {
    clock.set(startOfTests() + std::chrono::minutes(minute));
    failLogins(auth, "anna@example.dk", 1);
  }
  clock.set(startOfTests() + 10min);
  const auto locked = errorOf([&] { auth.login("anna@example.dk", kPassword); });
  CHECK(locked.code() == ErrorCode::too_many_requests);
  CHECK(locked.retryAfterSeconds() == std::optional<int>(300));
  // Once the first failure leaves the window, nine remain: below the limit.
  clock.set(startOfTests() + 15min + 1s);
  CHECK(auth.login("anna@example.dk", kPassword).user.id == anna);
}

TEST_CASE_METHOD(AuthFixture, "A successful login forgets earlier failures", "[auth][throttle]") {
  auto auth = service();
  failLogins(auth, "anna@example.dk", 9);
  CHECK(auth.login("anna@example.dk", kPassword).user.id == anna);
  CHECK(store.loginFailures().empty());
  failLogins(auth, "anna@example.dk", 9);
  CHECK(auth.login("anna@example.dk", kPassword).user.id == anna);
}

TEST_CASE_METHOD(AuthFixture, "Throttling is per account, for unknown accounts too, and ignores case",
                 "[auth][throttle]") {
  auto auth = service();
  failLogins(auth, "Anna@Example.dk", 5);
  failLogins(auth, "anna@example.dk", 5);
  CHECK(errorOf([&] { auth.login("anna@example.dk", kPassword); }).code() == ErrorCode::too_many_requests);
  // Someone else is not affected.
  CHECK(auth.login("bo@example.dk", kPassword).user.id == bo);
  // An address without an account locks the same way, so the lock reveals nothing.
  failLogins(auth, "ghost@example.dk", 10);
  const auto ghost = errorOf([&] { auth.login("ghost@example.dk", kPassword); });
  CHECK(ghost.code() == ErrorCode::too_many_requests);
  CHECK(ghost.retryAfterSeconds() == std::optional<int>(900));
}

TEST_CASE_METHOD(AuthFixture, "The throttle's limit and window are settings", "[auth][throttle]") {
  settings.max_login_failures = 3;
  settings.failure_window = 1min;
  auto auth = service();
  failLogins(auth, "anna@example.dk", 3);
  const auto locked = errorOf([&] { auth.login("anna@example.dk", kPassword); });
  CHECK(locked.code() == ErrorCode::too_many_requests);
  CHECK(locked.retryAfterSeconds() == std::optional<int>(60));
  clock.advance(61s);
  CHECK(auth.login("anna@example.dk", kPassword).user.id == anna);
}

TEST_CASE_METHOD(AuthFixture, "A session ends when its lifetime is over", "[auth][session]") {
  settings.session_idle = 0s;  // the lifetime alone (the idle end has its own cases)
  auto auth = service();
  const auto token = auth.login("anna@example.dk", kPassword).token;
  clock.advance(12h - 1s);
  CHECK(auth.authenticate(token).actor.user_id == anna);
  clock.advance(1s);
  CHECK(errorOf([&] { auth.authenticate(token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(AuthFixture, "The session lifetime is a setting", "[auth][session]") {
  settings.session_lifetime = 30min;
  auto auth = service();
  const auto result = auth.login("anna@example.dk", kPassword);
  CHECK(result.expires_at == startOfTests() + 30min);
  clock.advance(30min);
  CHECK(errorOf([&] { auth.authenticate(result.token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(AuthFixture, "Logging out ends that session only", "[auth][session]") {
  auto auth = service();
  const auto first = auth.login("anna@example.dk", kPassword).token;
  const auto second = auth.login("anna@example.dk", kPassword).token;
  CHECK(first == "token-1");
  CHECK(second == "token-2");
  auth.logout(first);
  const auto error = errorOf([&] { auth.authenticate(first); });
  CHECK(error.code() == ErrorCode::unauthenticated);
  CHECK(auth.authenticate(second).actor.user_id == anna);
  CHECK(store.sessions()[0].revoked_at == std::optional<Timestamp>(startOfTests()));
  // Logging out twice, or with a token that never was, is harmless.
  CHECK_NOTHROW(auth.logout(first));
  CHECK_NOTHROW(auth.logout("token-999"));
  CHECK(auth.authenticate(second).actor.user_id == anna);
}

TEST_CASE_METHOD(AuthFixture, "Tokens that are empty, oversized or unknown do not authenticate", "[auth][session]") {
  auto auth = service();
  auth.login("anna@example.dk", kPassword);
  CHECK(errorOf([&] { auth.authenticate(""); }).code() == ErrorCode::unauthenticated);
  CHECK(errorOf([&] { auth.authenticate(std::string(201, 'x')); }).code() == ErrorCode::unauthenticated);
  CHECK(errorOf([&] { auth.authenticate("token-2"); }).code() == ErrorCode::unauthenticated);
  CHECK(errorOf([&] { auth.authenticate("h:token-1"); }).code() == ErrorCode::unauthenticated);  // the hash is no token
}

TEST_CASE_METHOD(AuthFixture, "A user disabled after logging in is no longer authenticated", "[auth][session]") {
  auto auth = service();
  const auto token = auth.login("anna@example.dk", kPassword).token;
  setUserStatus(store, anna, UserStatus::disabled);  // directly, without revoking the session
  CHECK(errorOf([&] { auth.authenticate(token); }).code() == ErrorCode::unauthenticated);
  setUserStatus(store, anna, UserStatus::active);
  CHECK(auth.authenticate(token).actor.user_id == anna);
}

TEST_CASE_METHOD(AuthFixture, "A changed password ends sessions and the old password stops working",
                 "[auth][session]") {
  auto auth = service();
  UserService users{store, secrets, clock, settings, sessions};
  const Actor admin{addUser(store, Role::admin, "admin@example.dk"), Role::admin, std::nullopt};
  const auto token = auth.login("anna@example.dk", kPassword).token;
  UserChanges changes;
  changes.password = "an entirely new secret";
  users.update(admin, anna, changes, std::nullopt);
  CHECK(errorOf([&] { auth.authenticate(token); }).code() == ErrorCode::unauthenticated);
  CHECK(errorOf([&] { auth.login("anna@example.dk", kPassword); }).code() == ErrorCode::unauthenticated);
  CHECK(auth.login("anna@example.dk", "an entirely new secret").user.id == anna);
}

TEST_CASE_METHOD(AuthFixture, "The session cache spares the store but honours local changes at once", "[auth][cache]") {
  SessionCache cache{5s};
  AuthService auth{store, secrets, clock, settings, cache};
  UserService users{store, secrets, clock, settings, cache};
  const auto login = auth.login("anna@example.dk", kPassword);
  CHECK(auth.authenticate(login.token).actor.user_id == anna);

  // Another process revokes the session in the database: this process notices within the TTL.
  {
    auto uow = store.begin(Access::write);
    uow->sessions().revoke(secrets.hashToken(login.token), clock.now());
    uow->commit();
  }
  CHECK(auth.authenticate(login.token).actor.user_id == anna);
  clock.advance(5s);
  CHECK(errorOf([&] { auth.authenticate(login.token); }).code() == ErrorCode::unauthenticated);

  // Logging out through this process ends the session at once.
  const auto second = auth.login("anna@example.dk", kPassword);
  CHECK(auth.authenticate(second.token).actor.user_id == anna);
  auth.logout(second.token);
  CHECK(errorOf([&] { auth.authenticate(second.token); }).code() == ErrorCode::unauthenticated);

  // So does disabling the user through this process.
  const auto third = auth.login("anna@example.dk", kPassword);
  CHECK(auth.authenticate(third.token).user.status == UserStatus::active);
  const Actor admin{addUser(store, Role::admin, "root@example.dk"), Role::admin, {}};
  UserChanges disable;
  disable.status = UserStatus::disabled;
  users.update(admin, anna, disable, std::nullopt);
  CHECK(errorOf([&] { auth.authenticate(third.token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(AuthFixture, "A cached session never outlives the session itself", "[auth][cache]") {
  SessionCache cache{1h};
  settings.session_lifetime = 10s;
  AuthService auth{store, secrets, clock, settings, cache};
  const auto login = auth.login("anna@example.dk", kPassword);
  CHECK(auth.authenticate(login.token).actor.user_id == anna);
  clock.advance(10s);
  CHECK(errorOf([&] { auth.authenticate(login.token); }).code() == ErrorCode::unauthenticated);
}
