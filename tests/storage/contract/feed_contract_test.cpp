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

TEST_CASE(
    "the events' revision moves with what feeds show of a registration and with the counts, not with a "
    "check-in",
    "[contract][feeds][registrations]") {
  World w;
  Id eventId = 0, annas = 0, bos = 0, dorte = 0;
  w.committed([&](UnitOfWork& uow) {
    dorte = uow.contacts().insert(contact(w.org_a, "Dorte Dam"));
    eventId = uow.events().insert(event("Morgenmøde", at(2026, 4, 10, 9)));
    annas = uow.registrations().insert(registration(eventId, w.anna, w.org_a, RegistrationStatus::confirmed));
    bos = uow.registrations().insert(registration(eventId, w.bo, w.org_a, RegistrationStatus::waitlisted));
    uow.events().setCounts(eventId, 1, 1);
  });
  const auto revision = [&] { return w.read()->events().revision(); };
  // Writes one change to a registration as stored (with the counts recounted, as the domain does after a
  // check-in); answers whether the events' revision moved.
  const auto moves = [&](Id id, auto&& change, bool recount = false) {
    const auto before = revision();
    w.committed([&](UnitOfWork& uow) {
      auto r = *uow.registrations().find(id);
      change(r);
      uow.registrations().update(r);
      if (!recount) return;
      const auto [seats, waiting] = uow.registrations().counts(eventId);
      uow.events().setCounts(eventId, seats, waiting);
    });
    return revision() != before;
  };
  const auto status = [](RegistrationStatus s) { return [s](Registration& r) { r.status = s; }; };

  // At the door and back, counted again each time: nothing a feed or an events list shows.
  CHECK_FALSE(moves(
      annas,
      [](Registration& r) {
        r.status = RegistrationStatus::attended;
        r.checked_in_at = r.updated_at = at(2026, 4, 10, 8, 55);
        r.checked_in_by = 1;
      },
      true));
  CHECK_FALSE(moves(
      annas,
      [](Registration& r) {
        r.status = RegistrationStatus::confirmed;
        r.checked_in_at.reset();
        r.checked_in_by.reset();
      },
      true));
  CHECK_FALSE(moves(annas, status(RegistrationStatus::no_show)));  // a seat held shows alike
  CHECK_FALSE(moves(annas, status(RegistrationStatus::confirmed)));
  CHECK(w.read()->registrations().find(annas)->version == 5);  // every one of them was written
  CHECK(w.read()->events().find(eventId)->confirmed == 1);

  // The seat passes to a colleague: no count changes, but two people's feeds do.
  CHECK(moves(
      annas, [&](Registration& r) { r.contact_id = dorte; }, true));
  CHECK(w.read()->registrations().find(annas)->contact_id == dorte);
  // Off the waiting list: the person's own feed shows it now.
  CHECK(moves(bos, status(RegistrationStatus::confirmed)));
  // Withdrawn (in neither feed, a CANCELLED copy in the person's for a while after its time), and the
  // time moved; who withdrew it shows nowhere.
  CHECK(moves(bos, [](Registration& r) {
    r.status = RegistrationStatus::cancelled;
    r.cancelled_at = at(2026, 4, 1);
  }));
  CHECK(moves(bos, [](Registration& r) { r.cancelled_at = at(2026, 4, 2); }));
  CHECK_FALSE(moves(bos, [](Registration& r) { r.cancelled_by = 7; }));
  CHECK(moves(bos, status(RegistrationStatus::waitlisted)));  // in its organisation's feed again

  // The counts alone: the same ones change nothing, other ones are written and raise it.
  const auto before = revision();
  w.committed([&](UnitOfWork& uow) { uow.events().setCounts(eventId, 1, 1); });
  CHECK(revision() == before);
  w.committed([&](UnitOfWork& uow) { uow.events().setCounts(eventId, 1, 3); });
  CHECK(revision() > before);
  CHECK(w.read()->events().find(eventId)->waitlisted == 3);
}
