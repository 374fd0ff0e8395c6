// Storage of what the security rules need: session use and revocation of a user's other sessions,
// and login failures per client address, on both backends.
#include <catch2/catch.hpp>

#include "tests/storage/storage_fixture.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;

namespace {

Id addUser(storage::Database& database, const std::string& email) {
  User u;
  u.email = email;
  u.name = "Sikker Bruger";
  u.role = Role::officer;
  u.password_hash = "$argon2id$not-a-real-hash";
  u.created_at = u.updated_at = at(2026, 3, 1);
  auto uow = database.begin(Access::write);
  const auto id = uow->users().insert(u);
  uow->commit();
  return id;
}

}  // namespace

TEST_CASE("a session's use is recorded, never backwards", "[security]") {
  FreshDatabase db;
  const auto user = addUser(*db.database, "brug@example.dk");
  {
    auto uow = db.database->begin(Access::write);
    uow->sessions().insert({"hash-a", user, at(2026, 3, 1, 8), at(2026, 3, 1, 20), at(2026, 3, 1, 8)});
    uow->sessions().touch("hash-a", at(2026, 3, 1, 9, 30));
    uow->sessions().touch("hash-a", at(2026, 3, 1, 9, 0));  // a slower request of the same session
    uow->commit();
  }
  auto read = db.database->begin(Access::read);
  const auto found = read->sessions().findActive("hash-a", at(2026, 3, 1, 10));
  REQUIRE(found);
  CHECK(found->first.last_seen_at == at(2026, 3, 1, 9, 30));
  CHECK(found->first.created_at == at(2026, 3, 1, 8));
}

TEST_CASE("revoking a user's other sessions keeps the one named and counts only live ones", "[security]") {
  FreshDatabase db;
  const auto user = addUser(*db.database, "mange@example.dk");
  const auto other = addUser(*db.database, "anden@example.dk");
  {
    auto uow = db.database->begin(Access::write);
    for (const auto* hash : {"keep", "drop-1", "drop-2", "revoked"})
      uow->sessions().insert({hash, user, at(2026, 3, 1, 8), at(2026, 3, 1, 20), at(2026, 3, 1, 8)});
    uow->sessions().insert({"expired", user, at(2026, 3, 1, 7), at(2026, 3, 1, 9), at(2026, 3, 1, 7)});
    uow->sessions().insert({"someone-else", other, at(2026, 3, 1, 8), at(2026, 3, 1, 20), at(2026, 3, 1, 8)});
    uow->sessions().revoke("revoked", at(2026, 3, 1, 9));
    uow->commit();
  }
  {
    auto uow = db.database->begin(Access::write);
    // Neither the revoked nor the expired session counts.
    CHECK(uow->sessions().revokeOthers(user, "keep", at(2026, 3, 1, 10)) == 2);
    uow->commit();
  }
  auto read = db.database->begin(Access::read);
  const auto now = at(2026, 3, 1, 11);
  CHECK(read->sessions().findActive("keep", now));
  CHECK_FALSE(read->sessions().findActive("drop-1", now));
  CHECK_FALSE(read->sessions().findActive("drop-2", now));
  CHECK(read->sessions().findActive("someone-else", now));
  auto write = db.database->begin(Access::write);
  CHECK(write->sessions().revokeAllForUser(user, at(2026, 3, 1, 12)) == 1);  // keep
  CHECK(write->sessions().revokeAllForUser(user, at(2026, 3, 1, 12)) == 0);
  // Sessions past their expiry are not counted as revoked.
  CHECK(write->sessions().revokeAllForUser(other, at(2026, 3, 1, 21)) == 0);
  write->commit();
}

TEST_CASE("login failures count per client address, and old ones are forgotten", "[security]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    uow->loginAttempts().recordFailure("a@example.dk", "203.0.113.7", at(2026, 3, 1, 10, 0));
    uow->loginAttempts().recordFailure("b@example.dk", "203.0.113.7", at(2026, 3, 1, 10, 10));
    uow->loginAttempts().recordFailure("c@example.dk", "203.0.113.7", at(2026, 3, 1, 10, 20));
    uow->loginAttempts().recordFailure("a@example.dk", "2001:db8:1:2::", at(2026, 3, 1, 10, 30));
    uow->loginAttempts().recordFailure("a@example.dk", "", at(2026, 3, 1, 10, 40));  // no address known
    uow->commit();
  }
  auto uow = db.database->begin(Access::write);
  const auto [count, earliest] = uow->loginAttempts().failuresFromClientSince("203.0.113.7", at(2026, 3, 1, 10, 5));
  CHECK(count == 2);
  CHECK(earliest == std::optional<Timestamp>(at(2026, 3, 1, 10, 10)));
  CHECK(uow->loginAttempts().failuresFromClientSince("2001:db8:1:2::", at(2026, 3, 1)).first == 1);
  CHECK(uow->loginAttempts().failuresFromClientSince("198.51.100.1", at(2026, 3, 1)).first == 0);
  CHECK(uow->loginAttempts().failuresSince("a@example.dk", at(2026, 3, 1)).first == 3);
  CHECK(uow->loginAttempts().latestFailure("a@example.dk") == std::optional<Timestamp>(at(2026, 3, 1, 10, 40)));
  CHECK_FALSE(uow->loginAttempts().latestFailure("nobody@example.dk"));

  uow->loginAttempts().forgetBefore(at(2026, 3, 1, 10, 15));
  CHECK(uow->loginAttempts().failuresFromClientSince("203.0.113.7", at(2026, 3, 1)).first == 1);
  CHECK(uow->loginAttempts().failuresSince("a@example.dk", at(2026, 3, 1)).first == 2);
  CHECK(uow->loginAttempts().failuresSince("b@example.dk", at(2026, 3, 1)).first == 0);
}
