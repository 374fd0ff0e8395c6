// What the other contract files leave out: user list filters and paging, logins, expired sessions,
// and a person's or an organisation's registrations (the calendar feeds' reads).
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;
using namespace std::chrono_literals;

TEST_CASE("users list by role and status with paging and a total", "[contract][users]") {
  World w;
  w.committed([&](UnitOfWork& uow) {
    uow.users().insert(user("admin@example.dk", "Ada Admin", Role::admin));
    uow.users().insert(user("o1@example.dk", "Ole Officer"));
    auto gone = user("o2@example.dk", "Oda Officer");
    gone.status = UserStatus::disabled;
    uow.users().insert(gone);
    auto partner = user("p@example.dk", "Per Partner", Role::partner);
    partner.organisation_id = w.org_a;
    uow.users().insert(partner);
  });
  auto uow = w.read();
  CHECK(uow->users().list(UserQuery{}).total == 4);
  UserQuery officers;
  officers.role = Role::officer;
  CHECK(uow->users().list(officers).total == 2);
  officers.status = UserStatus::active;
  const auto active = uow->users().list(officers);
  REQUIRE(active.total == 1);
  CHECK(active.items[0].email == "o1@example.dk");
  UserQuery disabled;
  disabled.status = UserStatus::disabled;
  CHECK(uow->users().list(disabled).total == 1);
  UserQuery paged;
  paged.page.limit = 2;
  paged.page.offset = 2;
  const auto page = uow->users().list(paged);
  CHECK(page.total == 4);
  CHECK(page.limit == 2);
  CHECK(page.offset == 2);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].name == "Ole Officer");
  CHECK(page.items[1].name == "Per Partner");
  CHECK(page.items[1].organisation_id == std::optional<Id>(w.org_a));
  paged.page.offset = 4;
  CHECK(uow->users().list(paged).items.empty());
}

TEST_CASE("a login is recorded on the user without changing their version", "[contract][users]") {
  World w;
  const auto id = w.committed([&](UnitOfWork& uow) { return uow.users().insert(user("a@example.dk", "Anna")); });
  CHECK_FALSE(w.read()->users().find(id)->last_login_at.has_value());
  w.committed([&](UnitOfWork& uow) { uow.users().recordLogin(id, at(2026, 3, 10, 9, 15)); });
  const auto found = w.read()->users().findByEmail("a@example.dk");
  REQUIRE(found.has_value());
  CHECK(found->last_login_at == std::optional<Timestamp>(at(2026, 3, 10, 9, 15)));
  CHECK(found->version == 1);
}

TEST_CASE("expired sessions are deleted, live ones kept", "[contract][sessions]") {
  World w;
  const auto id = w.committed([&](UnitOfWork& uow) { return uow.users().insert(user("a@example.dk", "Anna")); });
  w.committed([&](UnitOfWork& uow) {
    for (const auto& [hash, expires] : std::vector<std::pair<std::string, Timestamp>>{
             {"h1", at(2026, 3, 1)}, {"h2", at(2026, 3, 2)}, {"h3", at(2026, 3, 3)}}) {
      Session s;
      s.token_hash = hash;
      s.user_id = id;
      s.created_at = s.last_seen_at = at(2026, 2, 1);
      s.expires_at = expires;
      uow.sessions().insert(s);
    }
  });
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.sessions().deleteExpired(at(2026, 3, 2)); }) == 1);
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.sessions().deleteExpired(at(2026, 3, 2)); }) == 0);
  auto uow = w.read();
  CHECK_FALSE(uow->sessions().findActive("h1", at(2026, 2, 15)).has_value());  // gone, even before its expiry
  CHECK(uow->sessions().findActive("h2", at(2026, 3, 1)).has_value());
  CHECK(uow->sessions().findActive("h3", at(2026, 3, 2)).has_value());
  // The two left are still counted as the user's live sessions at a time before either expired.
  CHECK(w.committed([&](UnitOfWork& u) { return u.sessions().revokeAllForUser(id, at(2026, 2, 15)); }) == 2);
}

TEST_CASE("a person's and an organisation's registrations, and an event's by status", "[contract][registrations]") {
  World w;
  Id past = 0, soon = 0;
  w.committed([&](UnitOfWork& uow) {
    past = uow.events().insert(event("Før", at(2026, 1, 10, 9)));  // ends 11:00
    soon = uow.events().insert(event("Snart", at(2026, 4, 10, 9)));
    uow.registrations().insert(registration(past, w.anna, w.org_a));
    uow.registrations().insert(registration(soon, w.anna, w.org_a, RegistrationStatus::confirmed, at(2026, 3, 2)));
    uow.registrations().insert(registration(soon, w.bo, w.org_a, RegistrationStatus::confirmed, at(2026, 3, 1)));
    uow.registrations().insert(registration(soon, w.carl, w.org_b, RegistrationStatus::waitlisted, at(2026, 3, 3)));
  });
  auto uow = w.read();
  const auto annas = uow->registrations().ofContact(w.anna);
  REQUIRE(annas.size() == 2);
  CHECK(annas[0].event_id == past);
  CHECK(annas[1].event_id == soon);
  CHECK(annas[0].contact_name == "Anna Ærø");
  CHECK(annas[0].organisation_name == "Forening A");
  CHECK(uow->registrations().ofContact(9999).empty());

  // Events ending at or after the instant count: the past event ended at 11:00.
  CHECK(uow->registrations().ofOrganisation(w.org_a, at(2026, 1, 10, 11), 20000).size() == 3);
  CHECK(uow->registrations().ofOrganisation(w.org_a, at(2026, 1, 10, 11, 0, 1), 20000).size() == 2);
  CHECK(uow->registrations().ofOrganisation(w.org_b, at(2026, 1, 1), 20000).size() == 1);
  CHECK(uow->registrations().ofOrganisation(w.org_a, at(2026, 1, 10, 11), 2).size() == 2);  // at most `limit`

  const auto confirmed = uow->registrations().withStatus(soon, RegistrationStatus::confirmed);
  REQUIRE(confirmed.size() == 2);
  CHECK(confirmed[0].contact_id == w.bo);  // in arrival order
  CHECK(confirmed[1].contact_id == w.anna);
  CHECK(uow->registrations().withStatus(soon, RegistrationStatus::attended).empty());
  CHECK(uow->registrations().withStatus(past, RegistrationStatus::attended).size() == 1);
}
