// Sessions that end when unused, account lockout, throttling per client address, changing one's own
// password and an administrator ending someone's sessions.
#include <catch2/catch.hpp>

#include "domain/services.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "correct horse battery staple";  // what addUser's hash stands for

struct SecurityFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  FakeSecrets secrets;
  AuthSettings settings;
  SessionCache sessions{0s};
  Id anna = addUser(store, Role::officer, "anna@example.dk");
  Id bo = addUser(store, Role::manager, "bo@example.dk");
  Actor admin{addUser(store, Role::admin, "admin@example.dk"), Role::admin, std::nullopt};

  AuthService auth() { return AuthService{store, secrets, clock, settings, sessions}; }
  UserService users() { return UserService{store, secrets, clock, settings, sessions}; }

  StoredSession stored(const std::string& token) {
    for (const auto& s : store.sessions())
      if (s.session.token_hash == "h:" + token) return s;
    throw std::logic_error("no such session");
  }
  void fail(AuthService& service, const std::string& email, int times, const std::string& client = {}) {
    for (int i = 0; i < times; ++i) {
      const auto error = errorOf([&] { service.login(email, "wrong password!", client); });
      REQUIRE(error.code() == ErrorCode::unauthenticated);
    }
  }
};

}  // namespace

// --- idle timeout ---

TEST_CASE_METHOD(SecurityFixture, "A session unused for the idle time ends", "[security][idle]") {
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  clock.advance(30min - 1s);
  CHECK(service.authenticate(token).actor.user_id == anna);
  clock.advance(30min - 1s);  // measured from the last use, not from the login
  CHECK(service.authenticate(token).actor.user_id == anna);
  clock.advance(30min);
  const auto ended = errorOf([&] { service.authenticate(token); });
  CHECK(ended.code() == ErrorCode::unauthenticated);
  // Trying again does not revive it.
  CHECK(errorOf([&] { service.authenticate(token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(SecurityFixture, "A session in use lives until its lifetime ends", "[security][idle]") {
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  for (auto elapsed = 0min; elapsed < 12h - 10min; elapsed += 10min) {
    clock.set(startOfTests() + elapsed);
    REQUIRE(service.authenticate(token).actor.user_id == anna);
  }
  clock.set(startOfTests() + 12h);
  CHECK(errorOf([&] { service.authenticate(token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(SecurityFixture, "The last use is written at most once a minute", "[security][idle]") {
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  const int commitsAfterLogin = store.commits();
  for (int second = 1; second < 60; ++second) {
    clock.set(startOfTests() + std::chrono::seconds(second));
    service.authenticate(token);
  }
  CHECK(store.commits() == commitsAfterLogin);  // reads only
  CHECK(stored(token).session.last_seen_at == startOfTests());
  clock.set(startOfTests() + 60s);
  service.authenticate(token);
  CHECK(store.commits() == commitsAfterLogin + 1);
  CHECK(stored(token).session.last_seen_at == startOfTests() + 60s);
}

TEST_CASE_METHOD(SecurityFixture, "A short idle time is written often enough that use keeps the session",
                 "[security][idle]") {
  settings.session_idle = 8s;  // written every 2 s
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  for (int second = 1; second <= 60; ++second) {
    clock.set(startOfTests() + std::chrono::seconds(second));
    REQUIRE(service.authenticate(token).actor.user_id == anna);
  }
  clock.advance(8s);
  CHECK(errorOf([&] { service.authenticate(token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(SecurityFixture, "An idle time of zero leaves only the lifetime", "[security][idle]") {
  settings.session_idle = 0s;
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  clock.advance(12h - 1s);
  CHECK(service.authenticate(token).actor.user_id == anna);
}

TEST_CASE_METHOD(SecurityFixture, "The session cache never keeps an idle session alive", "[security][idle][cache]") {
  SessionCache longCache{1h};
  AuthService service{store, secrets, clock, settings, longCache};
  const auto token = service.login("anna@example.dk", kPassword).token;
  CHECK(service.authenticate(token).actor.user_id == anna);
  clock.advance(30min);
  CHECK(errorOf([&] { service.authenticate(token); }).code() == ErrorCode::unauthenticated);
}

TEST_CASE_METHOD(SecurityFixture, "Requests answered from the session cache count as use", "[security][idle][cache]") {
  SessionCache cache{5s};
  AuthService service{store, secrets, clock, settings, cache};
  const auto token = service.login("anna@example.dk", kPassword).token;
  for (auto elapsed = 0s; elapsed < 45min; elapsed += 3s) {
    clock.set(startOfTests() + elapsed);
    REQUIRE(service.authenticate(token).actor.user_id == anna);
  }
  // The store saw the use within the last minute, so another process would accept it too.
  CHECK(clock.now() - stored(token).session.last_seen_at <= 1min);
}

// --- lockout and throttling per address ---

TEST_CASE_METHOD(SecurityFixture, "Twenty failures within an hour lock the account for 30 minutes after the last",
                 "[security][lockout]") {
  auto service = auth();
  // Spread out, so the 15-minute throttle never steps in.
  for (int i = 0; i < 20; ++i) {
    clock.set(startOfTests() + std::chrono::minutes(2 * i));
    fail(service, "anna@example.dk", 1);
  }
  const auto last = clock.now();
  clock.advance(1min);
  const auto locked = errorOf([&] { service.login("anna@example.dk", kPassword); });
  CHECK(locked.code() == ErrorCode::too_many_requests);
  CHECK(std::string(locked.what()).find("locked") != std::string::npos);
  CHECK(locked.retryAfterSeconds() == std::optional<int>(29 * 60));
  const int verified = secrets.verifications;
  CHECK(errorOf([&] { service.login("anna@example.dk", "guess"); }).code() == ErrorCode::too_many_requests);
  CHECK(secrets.verifications == verified);  // refused before any password check
  // Others are not affected.
  CHECK(service.login("bo@example.dk", kPassword).user.id == bo);

  clock.set(last + 30min);
  CHECK(service.login("anna@example.dk", kPassword).user.id == anna);
  CHECK(store.loginFailures().empty());
}

TEST_CASE_METHOD(SecurityFixture, "After a lockout one more failure locks the account again", "[security][lockout]") {
  settings.max_login_failures = 1000;  // only the lockout
  auto service = auth();
  fail(service, "anna@example.dk", 20);
  clock.advance(30min);
  fail(service, "anna@example.dk", 1);  // the lock is over, but the hour still holds 20 failures
  const auto again = errorOf([&] { service.login("anna@example.dk", kPassword); });
  CHECK(again.code() == ErrorCode::too_many_requests);
  CHECK(again.retryAfterSeconds() == std::optional<int>(30 * 60));
}

TEST_CASE_METHOD(SecurityFixture, "The longest applicable wait is the one announced", "[security][lockout]") {
  auto service = auth();
  fail(service, "anna@example.dk", 10);
  const auto throttled = errorOf([&] { service.login("anna@example.dk", kPassword); });
  CHECK(throttled.retryAfterSeconds() == std::optional<int>(15 * 60));
  settings.lockout_failures = 10;
  auto strict = auth();
  const auto locked = errorOf([&] { strict.login("anna@example.dk", kPassword); });
  CHECK(locked.retryAfterSeconds() == std::optional<int>(30 * 60));
}

TEST_CASE_METHOD(SecurityFixture, "One address that fails too often is throttled, whatever the accounts",
                 "[security][client]") {
  settings.max_failures_per_client = 5;
  auto service = auth();
  for (int i = 0; i < 5; ++i) {
    clock.set(startOfTests() + std::chrono::minutes(i));
    fail(service, "guess" + std::to_string(i) + "@example.dk", 1, "203.0.113.9");
  }
  const auto throttled = errorOf([&] { service.login("anna@example.dk", kPassword, "203.0.113.9"); });
  CHECK(throttled.code() == ErrorCode::too_many_requests);
  CHECK(std::string(throttled.what()).find("address") != std::string::npos);
  CHECK(throttled.retryAfterSeconds() == std::optional<int>(56 * 60));  // the first failure leaves the hour
  // The account itself is not locked: from elsewhere it logs in.
  CHECK(service.login("anna@example.dk", kPassword, "198.51.100.4").user.id == anna);
  CHECK(service.login("anna@example.dk", kPassword).user.id == anna);  // address unknown: no limit
  clock.set(startOfTests() + 60min + 1s);
  CHECK(service.login("anna@example.dk", kPassword, "203.0.113.9").user.id == anna);
}

TEST_CASE_METHOD(SecurityFixture, "Failures older than every window are forgotten", "[security][client]") {
  auto service = auth();
  fail(service, "x@example.dk", 3, "203.0.113.9");
  clock.advance(61min);
  fail(service, "y@example.dk", 1, "203.0.113.9");
  REQUIRE(store.loginFailures().size() == 1);
  CHECK(store.loginFailures()[0].folded_email == "y@example.dk");
  CHECK(store.loginFailures()[0].client == "203.0.113.9");
}

// --- changing one's own password ---

TEST_CASE_METHOD(SecurityFixture, "Changing one's password keeps this session and ends the others",
                 "[security][password]") {
  auto service = auth();
  const auto here = service.login("anna@example.dk", kPassword).token;
  const auto elsewhere = service.login("anna@example.dk", kPassword).token;
  const auto bos = service.login("bo@example.dk", kPassword).token;
  const auto who = service.authenticate(here);
  service.changePassword(who.actor, here, kPassword, "a brand new passphrase");
  CHECK(service.authenticate(here).actor.user_id == anna);
  CHECK(errorOf([&] { service.authenticate(elsewhere); }).code() == ErrorCode::unauthenticated);
  CHECK(service.authenticate(bos).actor.user_id == bo);
  CHECK(errorOf([&] { service.login("anna@example.dk", kPassword); }).code() == ErrorCode::unauthenticated);
  CHECK(service.login("anna@example.dk", "a brand new passphrase").user.id == anna);
  CHECK(store.user(anna).version == 2);
}

TEST_CASE_METHOD(SecurityFixture, "A wrong current password names the field and counts as a failed login",
                 "[security][password]") {
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  const auto who = service.authenticate(token);
  const auto wrong = errorOf([&] { service.changePassword(who.actor, token, "not it", "a brand new passphrase"); });
  CHECK(wrong.code() == ErrorCode::invalid);
  CHECK(fieldNames(wrong) == std::vector<std::string>{"current_password"});
  CHECK(store.loginFailures().size() == 1);
  CHECK(service.login("anna@example.dk", kPassword).user.id == anna);  // unchanged

  // Guessing through this door is throttled like logging in.
  const auto token2 = service.login("anna@example.dk", kPassword).token;
  for (int i = 0; i < 10; ++i)
    CHECK(errorOf([&] { service.changePassword(who.actor, token2, "guess", "a brand new passphrase"); }).code() ==
          ErrorCode::invalid);
  const auto throttled =
      errorOf([&] { service.changePassword(who.actor, token2, kPassword, "a brand new passphrase"); });
  CHECK(throttled.code() == ErrorCode::too_many_requests);
  CHECK(throttled.retryAfterSeconds());
}

TEST_CASE_METHOD(SecurityFixture, "The new password must meet the policy and differ from the current one",
                 "[security][password]") {
  auto service = auth();
  const auto token = service.login("anna@example.dk", kPassword).token;
  const auto who = service.authenticate(token);
  const auto tooShort = errorOf([&] { service.changePassword(who.actor, token, kPassword, "short"); });
  CHECK(tooShort.code() == ErrorCode::invalid);
  CHECK(fieldNames(tooShort) == std::vector<std::string>{"new_password"});
  const auto same = errorOf([&] { service.changePassword(who.actor, token, kPassword, kPassword); });
  CHECK(fieldNames(same) == std::vector<std::string>{"new_password"});
  const auto both = errorOf([&] { service.changePassword(who.actor, token, "nope", "short"); });
  CHECK(fieldNames(both) == std::vector<std::string>{"current_password", "new_password"});
  CHECK(store.user(anna).version == 1);
}

// --- administrators end someone's sessions ---

TEST_CASE_METHOD(SecurityFixture, "An administrator ends every session of a user at once", "[security][revoke]") {
  SessionCache cache{1h};
  AuthService service{store, secrets, clock, settings, cache};
  UserService userService{store, secrets, clock, settings, cache};
  const auto first = service.login("anna@example.dk", kPassword).token;
  const auto second = service.login("anna@example.dk", kPassword).token;
  const auto bos = service.login("bo@example.dk", kPassword).token;
  CHECK(service.authenticate(first).actor.user_id == anna);  // now cached
  CHECK(userService.revokeSessions(admin, anna) == 2);
  CHECK(errorOf([&] { service.authenticate(first); }).code() == ErrorCode::unauthenticated);
  CHECK(errorOf([&] { service.authenticate(second); }).code() == ErrorCode::unauthenticated);
  CHECK(service.authenticate(bos).actor.user_id == bo);
  CHECK(userService.revokeSessions(admin, anna) == 0);
  // The user may log in again.
  CHECK(service.login("anna@example.dk", kPassword).user.id == anna);
}

TEST_CASE_METHOD(SecurityFixture, "Only administrators end sessions, of users that exist", "[security][revoke]") {
  auto userService = users();
  const Actor officer{anna, Role::officer, std::nullopt};
  CHECK(errorOf([&] { userService.revokeSessions(officer, bo); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { userService.revokeSessions(admin, 999); }).code() == ErrorCode::not_found);
}
