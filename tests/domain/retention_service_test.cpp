// Retention over the test store with a clock the test moves: old participation moves to one anonymous
// participant per person, inactive people are erased, the audit log is trimmed, and a dry run
// changes nothing.
#include <catch2/catch.hpp>

#include "domain/retention.hpp"
#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct RetentionFixture : EventFixture {
  RetentionService retention{store, clock, zone, RetentionPolicy{24, 36, 60}};

  // Stored past the services, which would not create an event in the past.
  Id pastEvent(Timestamp start) {
    Event e;
    e.details.kind = "seminar";
    e.details.title = "Gammelt seminar";
    e.starts_at = start;
    e.ends_at = start + 2h;
    e.status = EventStatus::completed;
    e.created_at = e.updated_at = start - 24h * 30;
    auto uow = store.begin(Access::write);
    const auto id = uow->events().insert(e);
    uow->commit();
    return id;
  }
  Id seat(Id eventId, Id contactId) {
    Registration r;
    r.event_id = eventId;
    r.contact_id = contactId;
    r.organisation_id = store.contact(contactId).organisation_id;
    r.status = RegistrationStatus::attended;
    r.registered_at = r.updated_at = store.event(eventId).starts_at - 24h;
    auto uow = store.begin(Access::write);
    const auto id = uow->registrations().insert(r);
    uow->commit();
    return id;
  }
};

}  // namespace

TEST_CASE("retention: old participation is unlinked, whole and per person, a dry run changes nothing", "[retention]") {
  RetentionFixture f;
  const auto anna = addContact(f.store, f.org_a, "Anna Gammel");
  const auto bo = addContact(f.store, f.org_a, "Bo Aktiv");
  const auto old1 = f.pastEvent(startOfTests() - 24h * 900), old2 = f.pastEvent(startOfTests() - 24h * 800);
  const auto recent = f.pastEvent(startOfTests() - 24h * 30);
  const auto a1 = f.seat(old1, anna), a2 = f.seat(old2, anna);
  const auto b1 = f.seat(old1, bo), b2 = f.seat(recent, bo);  // Bo came back lately: stays linked

  const auto dry = f.retention.run(true);
  CHECK(dry.dry_run);
  CHECK(dry.people_with_old_participation == 1);
  CHECK(dry.registrations_unlinked == 2);
  CHECK(f.store.registration(a1).contact_id == anna);

  const auto done = f.retention.run(false);
  CHECK(done.people_with_old_participation == 1);
  const auto anonymous = f.store.registration(a1).contact_id;
  CHECK(anonymous != anna);
  CHECK(f.store.registration(a2).contact_id == anonymous);  // one anonymous participant for all of Anna's
  CHECK(f.store.contact(anonymous).name == kErasedName);
  CHECK(f.store.contact(anonymous).erased_at.has_value());
  CHECK(f.store.contact(anna).name == "Anna Gammel");  // the person keeps their record
  CHECK(f.store.registration(b1).contact_id == bo);
  CHECK(f.store.registration(b2).contact_id == bo);
  CHECK(f.retention.run(false).people_with_old_participation == 0);  // nothing twice
}

TEST_CASE("retention: people unchanged and without participation for 36 months are erased, old audit goes",
          "[retention]") {
  RetentionFixture f;
  const auto quiet = addContact(f.store, f.org_b, "Stille Person", std::string("stille@example.dk"));
  const auto busy = addContact(f.store, f.org_b, "Travl Person");
  {
    auto uow = f.store.begin(Access::write);
    uow->audit().record(auditEntry(nullptr, startOfTests(), AuditAction::read, "contact", quiet, {quiet}));
    uow->commit();
  }
  f.clock.advance(24h * 365 * 3 + 24h * 40);  // a little over 36 months later
  f.seat(f.pastEvent(f.clock.now() - 24h * 10), busy);
  const auto done = f.retention.run(false);
  CHECK(done.inactive_people_erased == 1);
  const auto& erased = f.store.contact(quiet);
  CHECK(erased.name == kErasedName);
  CHECK_FALSE(erased.email);
  CHECK(f.store.contact(busy).name == "Travl Person");
  CHECK(done.audit_entries_removed == 0);  // 60 months keep it
  f.clock.advance(24h * 365 * 2 + 24h * 40);
  CHECK(f.retention.run(false).audit_entries_removed >= 1);
}

TEST_CASE("retention: the register is worked through in windows of contacts with the same result", "[retention]") {
  // A window of one contact id: every person is its own unit of work, and people on both sides of a
  // window's edge are treated as in one pass.
  RetentionFixture f;
  RetentionService windowed{f.store, f.clock, f.zone, RetentionPolicy{24, 36, 60, 36, 1}};
  const auto old = f.pastEvent(startOfTests() - 24h * 900);
  const auto recent = f.pastEvent(startOfTests() - 24h * 30);
  std::vector<Id> gone, kept;
  for (int i = 0; i < 5; ++i) {
    const auto person = addContact(f.store, f.org_a, "Gammel " + std::to_string(i));
    f.seat(old, person);
    gone.push_back(person);
    const auto active = addContact(f.store, f.org_b, "Aktiv " + std::to_string(i));
    f.seat(old, active);
    f.seat(recent, active);
    kept.push_back(active);
  }
  const auto dry = windowed.run(true);
  CHECK(dry.people_with_old_participation == 5);
  CHECK(dry.registrations_unlinked == 5);
  const auto done = windowed.run(false);
  CHECK(done.people_with_old_participation == 5);
  {
    auto uow = f.store.begin(Access::read);
    for (const auto person : gone) CHECK(uow->registrations().ofContact(person).empty());
    for (const auto person : kept) CHECK(uow->registrations().ofContact(person).size() == 2);
  }
  // The anonymous participants added on the way lie beyond the run's last window: never treated again.
  CHECK(windowed.run(false).people_with_old_participation == 0);
}
