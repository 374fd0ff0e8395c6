// Calendar feeds: one live token per owner, found by token or owner; revoking ends it at once.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;

namespace {

CalendarFeed feed(std::string token, FeedOwner owner, Id ownerId, Timestamp created = at(2026, 3, 10, 9)) {
  CalendarFeed f;
  f.token = std::move(token);
  f.owner = owner;
  f.owner_id = ownerId;
  f.created_at = created;
  return f;
}

}  // namespace

TEST_CASE("a feed is found by its token and by its owner, each owner kind apart", "[contract][feeds]") {
  World w;
  w.committed([&](UnitOfWork& uow) {
    uow.feeds().insert(feed("tok-contact", FeedOwner::contact, 7));
    uow.feeds().insert(feed("tok-organisation", FeedOwner::organisation, 7, at(2026, 3, 11, 9)));
    uow.feeds().insert(feed("tok-user", FeedOwner::user, 7));
  });
  auto uow = w.read();
  const auto byToken = uow->feeds().findByToken("tok-organisation");
  REQUIRE(byToken.has_value());
  CHECK(byToken->id > 0);
  CHECK(byToken->token == "tok-organisation");
  CHECK(byToken->owner == FeedOwner::organisation);
  CHECK(byToken->owner_id == 7);
  CHECK(byToken->created_at == at(2026, 3, 11, 9));
  for (const auto owner : {FeedOwner::contact, FeedOwner::organisation, FeedOwner::user}) {
    const auto found = uow->feeds().findFor(owner, 7);
    REQUIRE(found.has_value());
    CHECK(found->owner == owner);
    CHECK(found->token == std::string("tok-") + toString(owner));
  }
  CHECK_FALSE(uow->feeds().findFor(FeedOwner::contact, 8).has_value());
  CHECK_FALSE(uow->feeds().findByToken("TOK-USER").has_value());  // tokens match exactly
  CHECK_FALSE(uow->feeds().findByToken("").has_value());
}

TEST_CASE("revoking ends an owner's feeds and no other, a new token is the live one", "[contract][feeds]") {
  World w;
  w.committed([&](UnitOfWork& uow) {
    uow.feeds().insert(feed("old", FeedOwner::contact, 1));
    uow.feeds().insert(feed("neighbour", FeedOwner::contact, 2));
    uow.feeds().insert(feed("same-id-other-kind", FeedOwner::user, 1));
  });
  w.committed([&](UnitOfWork& uow) {
    uow.feeds().revokeFor(FeedOwner::contact, 1, at(2026, 3, 12));
    uow.feeds().insert(feed("new", FeedOwner::contact, 1, at(2026, 3, 12)));
  });
  auto uow = w.read();
  CHECK_FALSE(uow->feeds().findByToken("old").has_value());
  const auto live = uow->feeds().findFor(FeedOwner::contact, 1);
  REQUIRE(live.has_value());
  CHECK(live->token == "new");
  CHECK(uow->feeds().findByToken("neighbour").has_value());
  CHECK(uow->feeds().findByToken("same-id-other-kind").has_value());

  w.committed([&](UnitOfWork& u) { u.feeds().revokeFor(FeedOwner::contact, 1, at(2026, 3, 13)); });
  CHECK_FALSE(uow->feeds().findFor(FeedOwner::contact, 1).has_value());
  CHECK_FALSE(uow->feeds().findByToken("new").has_value());
}

TEST_CASE("a token is unique, even a revoked one: reusing it is a conflict", "[contract][feeds]") {
  World w;
  w.committed([&](UnitOfWork& uow) { uow.feeds().insert(feed("dup", FeedOwner::contact, 1)); });
  w.committed([&](UnitOfWork& uow) { uow.feeds().revokeFor(FeedOwner::contact, 1, at(2026, 3, 12)); });
  auto uow = w.write();
  try {
    uow->feeds().insert(feed("dup", FeedOwner::contact, 2));
    FAIL("a second feed with the same token was stored");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::conflict);
  }
}
