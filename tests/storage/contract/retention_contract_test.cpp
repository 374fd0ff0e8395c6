// Retention's reads and its one move: whose participation has ended, who has been inactive, and how
// a person's registrations, history and messages pass to an anonymous participant.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;
using namespace std::chrono_literals;

namespace {

struct RetentionWorld : World {
  Id old1 = 0, old2 = 0, recent = 0;
  Id dora = 0, erik = 0, anonymous = 0;
  Timestamp cutoff = at(2024, 1, 1);

  RetentionWorld() {
    committed([&](UnitOfWork& uow) {
      old1 = uow.events().insert(event("Gammelt seminar", at(2023, 5, 31, 22)));           // ends 2023-06-01 00:00
      old2 = uow.events().insert(event("Gammel workshop", at(2023, 12, 31, 21, 59, 59)));  // ends a second early
      recent = uow.events().insert(event("Nyt seminar", at(2026, 2, 1, 9)));
      // Anna and Bo were last changed long ago; Carl recently (World's default is 2026-01-01).
      for (const auto id : {anna, bo}) {
        auto c = *uow.contacts().find(id);
        c.updated_at = at(2022, 6, 1);
        REQUIRE(uow.contacts().update(c, c.version));
      }
      dora = uow.contacts().insert(contact(org_a, "Dora Glemt", at(2022, 6, 1)));
      erik = uow.contacts().insert(contact(org_b, "Erik Stille", at(2023, 12, 31, 23, 59, 59)));
      anonymous = uow.contacts().insert(contact(org_a, kErasedName, at(2024, 6, 1)));
      // Anna: two old events. Bo: one old, one recent. Dora (erased below): one old. Carl, Erik: none.
      uow.registrations().insert(registration(old1, anna, org_a));
      uow.registrations().insert(registration(old2, anna, org_a, RegistrationStatus::cancelled));
      uow.registrations().insert(registration(old1, bo, org_a));
      uow.registrations().insert(registration(recent, bo, org_a));
      uow.registrations().insert(registration(old1, dora, org_a));
      uow.contacts().erase(dora, at(2023, 1, 1));
    });
  }
};

}  // namespace

TEST_CASE("participation has ended for people whose every event ended before the cutoff", "[contract][retention]") {
  RetentionWorld w;
  auto uow = w.read();
  CHECK(uow->retention().participationEndedBefore(w.cutoff, {}) == std::vector<std::pair<Id, int>>{{w.anna, 2}});
  // At the very second old2 ends, Anna's last event has not ended before it.
  CHECK(uow->retention().participationEndedBefore(at(2023, 12, 31, 23, 59, 59), {}).empty());
  CHECK(uow->retention().participationEndedBefore(at(2027, 1, 1), {}) ==
        std::vector<std::pair<Id, int>>{{w.anna, 2}, {w.bo, 2}});
  // A window of contact ids holds only its own people, both ends included.
  CHECK(uow->retention().participationEndedBefore(at(2027, 1, 1), {w.bo, w.bo}) ==
        std::vector<std::pair<Id, int>>{{w.bo, 2}});
  REQUIRE(w.anna < w.bo);
  CHECK(uow->retention().participationEndedBefore(at(2027, 1, 1), {w.anna + 1, w.bo}) ==
        std::vector<std::pair<Id, int>>{{w.bo, 2}});
  CHECK(uow->retention().participationEndedBefore(at(2027, 1, 1), {w.anna, w.anna}) ==
        std::vector<std::pair<Id, int>>{{w.anna, 2}});
  CHECK(uow->retention().lastContactId() >= std::max(w.anna, w.bo));
}

TEST_CASE("people are inactive when unchanged since the cutoff and without a later event", "[contract][retention]") {
  RetentionWorld w;
  auto uow = w.read();
  // Anna: old, only old events. Bo: a recent event. Carl: changed recently. Dora: erased already.
  // Erik: changed one second before the cutoff, never registered.
  CHECK(uow->retention().inactiveContacts(w.cutoff, {}) == std::vector<Id>{w.anna, w.erik});
  CHECK(uow->retention().inactiveContacts(at(2023, 12, 31, 23, 59, 59), {}) ==
        std::vector<Id>{});                                              // Anna's old2 ends then
  CHECK(uow->retention().inactiveContacts(at(2022, 6, 1), {}).empty());  // "unchanged since before": strictly
  CHECK(uow->retention().inactiveContacts(w.cutoff, {w.erik, w.erik}) == std::vector<Id>{w.erik});
  REQUIRE(w.anna < w.erik);
  CHECK(uow->retention().inactiveContacts(w.cutoff, {w.anna + 1, w.erik}) == std::vector<Id>{w.erik});
  CHECK(uow->retention().inactiveContacts(w.cutoff, {w.anna, w.erik - 1}) == std::vector<Id>{w.anna});
}

TEST_CASE("a person's registrations, their history and messages move to another participant", "[contract][retention]") {
  RetentionWorld w;
  const auto annaRegs = w.read()->registrations().ofContact(w.anna);
  REQUIRE(annaRegs.size() == 2);
  const auto bosOld = w.read()->registrations().findActive(w.old1, w.bo);
  REQUIRE(bosOld.has_value());
  w.committed([&](UnitOfWork& uow) {
    RegistrationChange substituted;
    substituted.registration_id = annaRegs[0].id;
    substituted.event_id = w.old1;
    substituted.at = at(2023, 5, 1);
    substituted.action = "substituted";
    substituted.from_contact_id = w.bo;
    substituted.to_contact_id = w.anna;
    uow.registrations().record(substituted);
    RegistrationChange bos = substituted;
    bos.registration_id = bosOld->id;
    bos.from_contact_id = w.anna;
    bos.to_contact_id = w.bo;
    uow.registrations().record(bos);
    OutboxMessage m;
    m.registration_id = annaRegs[0].id;
    m.event_id = w.old1;
    m.contact_id = w.anna;
    m.reason = "registered";
    m.created_at = m.next_attempt_at = at(2023, 5, 1);
    uow.outbox().enqueue(m);
    auto claimed = uow.outbox().claimDue(at(2023, 5, 1), at(2023, 4, 1), 1);
    REQUIRE(claimed.size() == 1);
    claimed[0].status = OutboxStatus::sent;
    claimed[0].recipient = "anna@example.dk";
    claimed[0].sent_at = at(2023, 5, 1);
    uow.outbox().finish(claimed[0]);
  });

  w.committed([&](UnitOfWork& uow) { uow.retention().moveParticipation(w.anna, w.anonymous); });

  auto uow = w.read();
  CHECK(uow->registrations().ofContact(w.anna).empty());
  const auto moved = uow->registrations().ofContact(w.anonymous);
  REQUIRE(moved.size() == 2);
  CHECK(moved[0].id == annaRegs[0].id);
  CHECK(moved[0].organisation_id == w.org_a);  // the organisation's counts stay
  CHECK(moved[1].status == RegistrationStatus::cancelled);
  const auto history = uow->registrations().history(annaRegs[0].id);
  REQUIRE(history.size() == 1);
  CHECK(history[0].to_contact_id == std::optional<Id>(w.anonymous));
  CHECK(history[0].from_contact_id == std::optional<Id>(w.bo));
  const auto bosHistory = uow->registrations().history(bosOld->id);
  REQUIRE(bosHistory.size() == 1);
  CHECK(bosHistory[0].from_contact_id == std::optional<Id>(w.anonymous));
  CHECK(bosHistory[0].to_contact_id == std::optional<Id>(w.bo));
  OutboxQuery query;
  const auto messages = uow->outbox().list(query).items;
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].contact_id == w.anonymous);
  CHECK_FALSE(messages[0].recipient.has_value());
  CHECK(messages[0].status == OutboxStatus::sent);
  // Anna has no participation left; the anonymous participant has it all.
  CHECK(uow->retention().participationEndedBefore(w.cutoff, {}) == std::vector<std::pair<Id, int>>{{w.anonymous, 2}});
}
