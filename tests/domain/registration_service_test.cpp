// Registrations: who may register whom, the window and the invitation list, capacity and quota with a
// waiting list in arrival order, several people in one request, cancellation, substitution, check-in,
// and the history kept of it all. The first case checks the in-memory registrations repository.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

// Archives the person past the services.
void archive(TestStore& store, Id contactId) {
  auto uow = store.begin(Access::write);
  auto contact = *uow->contacts().find(contactId);
  contact.status = RecordStatus::archived;
  REQUIRE(uow->contacts().update(contact, contact.version));
  uow->commit();
}

std::vector<Id> contactIdsOf(const Page<Registration>& page) {
  std::vector<Id> ids;
  for (const auto& r : page.items) ids.push_back(r.contact_id);
  return ids;
}

}  // namespace

// --- the store keeps the repository contract (more of it in tests/storage/contract, on both backends) ---

TEST_CASE_METHOD(EventFixture, "Stored registrations: order, counts, active and attended-in-series as storage",
                 "[store][registration]") {
  const auto event = createEvent(seminar());
  const auto other = createEvent(seminar());
  const auto a = person(org_a, "A"), b = person(org_b, "B");
  auto uow = store.begin(Access::write);
  auto& repo = uow->registrations();
  auto add = [&](Id eventId, Id contact, Id organisation, RegistrationStatus status, Timestamp at) {
    Registration r;
    r.event_id = eventId;
    r.contact_id = contact;
    r.organisation_id = organisation;
    r.status = status;
    r.registered_at = r.updated_at = at;
    r.cancelled_at = at;  // not written by INSERT
    return repo.insert(r);
  };
  const auto t = clock.now();
  const auto r1 = add(event, a, org_a, RegistrationStatus::waitlisted, t + 2min);
  const auto r2 = add(event, b, org_b, RegistrationStatus::confirmed, t + 1min);
  const auto r3 = add(event, a, org_a, RegistrationStatus::cancelled, t);
  const auto r4 = add(event, b, org_b, RegistrationStatus::waitlisted, t + 2min);
  const auto r5 = add(event, a, org_a, RegistrationStatus::attended, t + 3min);
  add(other, a, org_a, RegistrationStatus::confirmed, t);
  CHECK(r1 == 1);
  CHECK_FALSE(repo.find(r1)->cancelled_at);
  CHECK(repo.find(r1)->version == 1);
  // registered_at, then id
  RegistrationQuery q{event, std::nullopt, std::nullopt, {}};
  const auto page = repo.list(q);
  CHECK(page.total == 5);
  std::vector<Id> ids;
  for (const auto& r : page.items) ids.push_back(r.id);
  CHECK(ids == std::vector<Id>{r3, r2, r1, r4, r5});
  q.organisation_id = org_b;
  CHECK(repo.list(q).total == 2);
  q.status = RegistrationStatus::waitlisted;
  CHECK(repo.list(q).items.front().id == r4);
  std::vector<Id> waiting;
  for (const auto& r : repo.waitlist(event)) waiting.push_back(r.id);
  CHECK(waiting == std::vector<Id>{r1, r4});
  CHECK(repo.counts(event) == std::pair<int, int>{2, 2});  // confirmed + attended, waitlisted
  CHECK(repo.seatsTakenBy(event, org_a) == 1);
  CHECK(repo.findActive(event, a)->id == r1);  // not the cancelled one; the lowest id
  auto changed = *repo.find(r2);
  changed.status = RegistrationStatus::cancelled;
  changed.organisation_id = org_c;  // not written by UPDATE
  repo.update(changed);
  CHECK(repo.find(r2)->version == 2);
  CHECK(repo.find(r2)->organisation_id == org_b);
  CHECK(repo.findActive(event, b)->id == r4);  // r2 is cancelled now
  CHECK(errorOf([&] { add(4242, a, org_a, RegistrationStatus::confirmed, t); }).code() == ErrorCode::conflict);
  // history in id order
  repo.record({0, r1, event, t, officer_id, "registered", std::nullopt, RegistrationStatus::confirmed, {}, {}});
  repo.record({0,
               r1,
               event,
               t,
               std::nullopt,
               "promoted",
               RegistrationStatus::waitlisted,
               RegistrationStatus::confirmed,
               {},
               {}});
  const auto steps = repo.history(r1);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].id < steps[1].id);
  CHECK(steps[1].action == "promoted");
  (void)r5;
}

// --- who registers whom ---

TEST_CASE_METHOD(EventFixture, "Officers register anyone, partners only their own people", "[registration][access]") {
  const auto id = eventWithSeats(10);
  const auto anne = person(org_a, "Anne"), bo = person(org_b, "Bo");

  const auto byOfficer = registrations.registerOne(officer, id, bo);
  CHECK(byOfficer.status == RegistrationStatus::confirmed);
  CHECK(byOfficer.organisation_id == org_b);
  CHECK(byOfficer.registered_by == officer_id);
  CHECK(byOfficer.registered_at == clock.now());
  const auto steps = registrations.history(officer, byOfficer.id);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].action == "registered");
  CHECK(steps[0].user_id == officer_id);
  CHECK(steps[0].at == clock.now());
  CHECK_FALSE(steps[0].from_status);
  CHECK(steps[0].to_status == RegistrationStatus::confirmed);

  const auto byPartner = registrations.registerOne(partner_a, id, anne);
  CHECK(byPartner.status == RegistrationStatus::confirmed);
  CHECK(byPartner.registered_by == partner_a.user_id);

  const auto otherOrg = errorOf([&] { registrations.registerOne(partner_b, id, anne); });
  CHECK(otherOrg.code() == ErrorCode::not_found);
  CHECK(fieldNames(otherOrg) == std::vector<std::string>{"contact_id"});
  CHECK(errorOf([&] { registrations.registerOne(partner_a, id, 4242); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.registerOne(officer, id, 4242); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.registerOne(manager, id, anne); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { registrations.registerOne(officer, 4242, anne); }).code() == ErrorCode::not_found);
  CHECK(store.count("registrations") == 2);
  CHECK(stored(id).confirmed == 2);
}

TEST_CASE_METHOD(EventFixture, "An archived contact cannot be registered", "[registration]") {
  const auto id = eventWithSeats(10);
  const auto gone = person(org_a, "Gone");
  archive(store, gone);
  const auto error = errorOf([&] { registrations.registerOne(officer, id, gone); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"contact_id"});
}

TEST_CASE_METHOD(EventFixture, "A person is registered once: a second try answers the existing registration",
                 "[registration]") {
  const auto id = eventWithSeats(1);
  const auto anne = person(org_a, "Anne"), bo = person(org_a, "Bo");
  const auto first = registrations.registerOne(partner_a, id, anne);
  const auto waiting = registrations.registerOne(partner_a, id, bo);
  CHECK(waiting.status == RegistrationStatus::waitlisted);
  for (const auto& actor : {partner_a, officer}) {
    const auto again = errorOf([&] { registrations.registerOne(actor, id, anne); });
    CHECK(again.code() == ErrorCode::conflict);
    CHECK(again.existingId() == first.id);
    CHECK(fieldNames(again) == std::vector<std::string>{"contact_id"});
  }
  CHECK(errorOf([&] { registrations.registerOne(officer, id, bo); }).existingId() == waiting.id);
  // Once cancelled, the person may register anew (and queues behind those already waiting).
  registrations.cancel(partner_a, first.id);
  CHECK(registration(waiting.id).status == RegistrationStatus::confirmed);
  const auto anew = registrations.registerOne(partner_a, id, anne);
  CHECK(anew.id != first.id);
  CHECK(anew.status == RegistrationStatus::waitlisted);
}

TEST_CASE_METHOD(EventFixture, "The registration window binds partners, officers register outside it",
                 "[registration][window]") {
  auto input = seminar();
  input.registration_opens_at = clock.now() + 24h;
  input.registration_closes_at = input.starts_at - 24h;
  const auto id = publishedEvent(input);
  const auto anne = person(org_a, "Anne"), bo = person(org_a, "Bo"), carl = person(org_a, "Carl");

  const auto early = errorOf([&] { registrations.registerOne(partner_a, id, anne); });
  CHECK(early.code() == ErrorCode::invalid);
  CHECK(fieldNames(early) == std::vector<std::string>{"event"});
  CHECK(registrations.registerOne(officer, id, carl).status == RegistrationStatus::confirmed);

  clock.set(*input.registration_opens_at);
  CHECK(registrations.registerOne(partner_a, id, anne).status == RegistrationStatus::confirmed);

  clock.set(*input.registration_closes_at);
  const auto late = errorOf([&] { registrations.registerOne(partner_a, id, bo); });
  CHECK(late.code() == ErrorCode::invalid);
  CHECK(fieldNames(late) == std::vector<std::string>{"event"});
  clock.set(stored(id).ends_at + 24h);  // even after the event, to record who came
  CHECK(registrations.registerOne(officer, id, bo).status == RegistrationStatus::confirmed);

  // Without a closing time the window closes at the start.
  const auto open = publishedEvent(seminar(20));
  clock.set(stored(open).starts_at - 1s);
  CHECK_NOTHROW(registrations.registerOne(partner_a, open, anne));
  clock.set(stored(open).starts_at);
  CHECK(fieldNames(errorOf([&] { registrations.registerOne(partner_a, open, bo); })) ==
        std::vector<std::string>{"event"});
}

TEST_CASE_METHOD(EventFixture, "Invitation-only events: uninvited partners do not see them, officers bypass the list",
                 "[registration][window]") {
  auto input = seminar();
  input.audience = Audience::invited;
  input.invited_organisation_ids = {org_a};
  const auto id = publishedEvent(input);
  const auto anne = person(org_a, "Anne"), bo = person(org_b, "Bo");
  CHECK(registrations.registerOne(partner_a, id, anne).status == RegistrationStatus::confirmed);
  // API.md: any write to what a partner cannot see is 404; the event is not open to B.
  CHECK(errorOf([&] { registrations.registerOne(partner_b, id, bo); }).code() == ErrorCode::not_found);
  const auto many = errorOf([&] { registrations.registerMany(partner_b, id, {bo}); });
  CHECK(many.code() == ErrorCode::not_found);
  CHECK(registrations.registerOne(officer, id, bo).status == RegistrationStatus::confirmed);
}

TEST_CASE_METHOD(EventFixture, "Only published events take registrations", "[registration]") {
  const auto anne = person(org_a, "Anne");
  const auto draft = createEvent(seminar());
  CHECK(errorOf([&] { registrations.registerOne(partner_a, draft, anne); }).code() == ErrorCode::not_found);
  const auto draftError = errorOf([&] { registrations.registerOne(officer, draft, anne); });
  CHECK(draftError.code() == ErrorCode::invalid);
  CHECK(fieldNames(draftError) == std::vector<std::string>{"event"});

  const auto cancelled = publishedEvent(seminar());
  events.cancel(officer, cancelled, "Aflyst", std::nullopt);
  for (const auto& actor : {partner_a, officer})
    CHECK(fieldNames(errorOf([&] { registrations.registerOne(actor, cancelled, anne); })) ==
          std::vector<std::string>{"event"});

  const auto completed = publishedEvent(seminar(-5));
  events.close(officer, completed, std::nullopt);
  CHECK(fieldNames(errorOf([&] { registrations.registerOne(officer, completed, anne); })) ==
        std::vector<std::string>{"event"});
}

// --- capacity, quota and the waiting list ---

TEST_CASE_METHOD(EventFixture, "Capacity puts extra people on the waiting list, for officers too",
                 "[registration][capacity]") {
  const auto id = eventWithSeats(2);
  CHECK(arrive(id, person(org_a, "A1")).status == RegistrationStatus::confirmed);
  CHECK(arrive(id, person(org_b, "B1")).status == RegistrationStatus::confirmed);
  CHECK(arrive(id, person(org_c, "C1")).status == RegistrationStatus::waitlisted);  // the officer, too
  CHECK(registrations.registerOne(partner_a, id, person(org_a, "A2")).status == RegistrationStatus::waitlisted);
  CHECK(stored(id).confirmed == 2);
  CHECK(stored(id).waitlisted == 2);
  const auto steps = registrations.history(
      officer, registrations.list(officer, {id, RegistrationStatus::waitlisted, std::nullopt, {}}).items.front().id);
  REQUIRE(steps.size() == 1);
  CHECK(steps[0].action == "waitlisted");
  CHECK(steps[0].to_status == RegistrationStatus::waitlisted);
}

TEST_CASE_METHOD(EventFixture, "The per-organisation quota waitlists an organisation's extra people only",
                 "[registration][capacity]") {
  const auto id = eventWithSeats(10, 2);
  CHECK(arrive(id, person(org_a, "A1")).status == RegistrationStatus::confirmed);
  CHECK(arrive(id, person(org_a, "A2")).status == RegistrationStatus::confirmed);
  CHECK(arrive(id, person(org_a, "A3")).status == RegistrationStatus::waitlisted);  // seats free, quota full
  CHECK(arrive(id, person(org_b, "B1")).status == RegistrationStatus::confirmed);
  CHECK(registrations.registerOne(partner_a, id, person(org_a, "A4")).status == RegistrationStatus::waitlisted);
  // Without a capacity the quota still holds.
  const auto unlimited = eventWithSeats(std::nullopt, 1);
  CHECK(arrive(unlimited, person(org_c, "C1")).status == RegistrationStatus::confirmed);
  CHECK(arrive(unlimited, person(org_c, "C2")).status == RegistrationStatus::waitlisted);
}

TEST_CASE_METHOD(EventFixture, "Requests arriving together for one event are decided together, each on its own",
                 "[registration][capacity][concurrency]") {
  // Requests for one event that meet are combined into one unit of work (the event's lane): the seats,
  // the quota and the duplicates still come out as if they had run one by one.
  const auto id = eventWithSeats(5, 3);
  std::vector<Id> people;
  for (int i = 0; i < 12; ++i) people.push_back(person(i % 2 == 0 ? org_a : org_b, "P" + std::to_string(i)));
  const auto twice = person(org_a, "Twice");
  std::vector<std::pair<const Actor*, Id>> requests;
  for (const auto p : people) requests.emplace_back(&officer, p);
  requests.emplace_back(&partner_a, twice);
  requests.emplace_back(&officer, twice);
  requests.emplace_back(&partner_b, people[0]);  // not the partner's own person: 404 for this request only
  std::vector<std::optional<Registration>> done(requests.size());
  std::vector<std::optional<DomainError>> failed(requests.size());
  std::atomic<int> ready = 0;
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < requests.size(); ++i)
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < static_cast<int>(requests.size())) std::this_thread::yield();
      try {
        done[i] = registrations.registerOne(*requests[i].first, id, requests[i].second);
      } catch (const DomainError& e) {
        failed[i] = e;
      }
    });
  for (auto& t : threads) t.join();

  std::set<Id> ids;
  int confirmed = 0, confirmedOfA = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (!done[i]) continue;
    ids.insert(done[i]->id);
    CHECK(done[i]->contact_id == requests[i].second);
    if (done[i]->status != RegistrationStatus::confirmed) continue;
    ++confirmed;
    if (done[i]->organisation_id == org_a) ++confirmedOfA;
  }
  CHECK(ids.size() == 13);  // twelve people and one of the two asking for the same person
  CHECK(confirmed == 5);
  CHECK(confirmedOfA <= 3);
  REQUIRE(failed[14]);
  CHECK(failed[14]->code() == ErrorCode::not_found);
  REQUIRE(done[12].has_value() != done[13].has_value());
  const auto& winner = done[12] ? *done[12] : *done[13];
  const auto& loser = done[12] ? *failed[13] : *failed[12];
  CHECK(loser.code() == ErrorCode::conflict);
  CHECK(loser.existingId() == winner.id);
  CHECK(stored(id).confirmed == 5);
  CHECK(stored(id).waitlisted == 8);
  CHECK(store.count("registration_changes") == 13);
  int invitations = 0;
  for (const auto& m : store.outbox()) invitations += m.reason == "registered" && m.event_id == id;
  CHECK(invitations == 5);
}

TEST_CASE_METHOD(EventFixture, "A request waiting in an event's lane holds no thread: the lane's leader answers it",
                 "[registration][concurrency]") {
  const auto id = eventWithSeats(1);
  const auto first = person(org_a, "First"), second = person(org_b, "Second"), third = person(org_b, "Third");
  // An open write holds the database, so the first request's leader waits for it while it still
  // gathers its group: a request arriving now joins the lane and is left to that leader.
  auto holder = store.begin(Access::write);
  const auto asked = store.begun();
  std::mutex mutex;
  std::vector<std::pair<Id, std::thread::id>> answeredBy;  // contact, the thread that answered
  std::vector<RegistrationAnswer> answers;
  const auto reply = [&](Id contact) {
    return [&, contact](RegistrationAnswer answer) {
      const std::lock_guard lock(mutex);
      answeredBy.emplace_back(contact, std::this_thread::get_id());
      answers.push_back(std::move(answer));
    };
  };
  std::thread::id leaderThread;
  std::thread leader([&] {
    leaderThread = std::this_thread::get_id();
    registrations.registerPeople(officer, id, {first}, {}, reply(first));
  });
  while (store.begun() == asked) std::this_thread::yield();
  // Returns at once, unanswered: no thread waits for this request.
  registrations.registerPeople(officer, id, {second, third}, {}, reply(second));
  {
    const std::lock_guard lock(mutex);
    CHECK(answeredBy.empty());
  }
  // The request's own problems are still thrown at once, before anything waits.
  CHECK(errorOf([&] { registrations.registerPeople(manager, id, {second}, {}, reply(0)); }).code() ==
        ErrorCode::forbidden);
  CHECK(fieldNames(errorOf([&] { registrations.registerPeople(officer, id, {}, {}, reply(0)); })) ==
        std::vector<std::string>{"contact_ids"});
  holder.reset();  // ended without a commit
  leader.join();

  REQUIRE(answeredBy.size() == 2);
  CHECK(answeredBy[0] == std::make_pair(first, leaderThread));
  CHECK(answeredBy[1] == std::make_pair(second, leaderThread));  // the leader led again for it
  REQUIRE_FALSE(answers[0].error);
  REQUIRE_FALSE(answers[1].error);
  CHECK(answers[0].outcomes.at(0).registration->status == RegistrationStatus::confirmed);
  REQUIRE(answers[1].outcomes.size() == 2);
  CHECK(answers[1].outcomes[0].registration->status == RegistrationStatus::waitlisted);
  CHECK(answers[1].outcomes[1].registration->status == RegistrationStatus::waitlisted);
  CHECK(stored(id).confirmed == 1);
  CHECK(stored(id).waitlisted == 2);
}

TEST_CASE_METHOD(EventFixture, "Several people in one request: each succeeds or fails on its own, in request order",
                 "[registration][many]") {
  const auto id = eventWithSeats(2);
  const auto a1 = person(org_a, "A1"), a2 = person(org_a, "A2"), a3 = person(org_a, "A3"), a4 = person(org_a, "A4");
  const auto b1 = person(org_b, "B1");
  const auto outcomes = registrations.registerMany(partner_a, id, {a3, a1, b1, a3, Id{4242}, a4, a2});
  REQUIRE(outcomes.size() == 7);
  std::vector<Id> asked;
  for (const auto& o : outcomes) asked.push_back(o.contact_id);
  CHECK(asked == std::vector<Id>{a3, a1, b1, a3, 4242, a4, a2});
  REQUIRE(outcomes[0].registration);
  CHECK(outcomes[0].registration->status == RegistrationStatus::confirmed);
  CHECK(outcomes[1].registration->status == RegistrationStatus::confirmed);
  REQUIRE(outcomes[2].problem);
  CHECK_FALSE(outcomes[2].registration);
  CHECK(outcomes[2].problem->code() == ErrorCode::not_found);  // B's person: not this partner's to register
  REQUIRE(outcomes[3].problem);
  CHECK(outcomes[3].problem->code() == ErrorCode::conflict);
  CHECK(outcomes[3].problem->existingId() == outcomes[0].registration->id);
  CHECK(outcomes[4].problem->code() == ErrorCode::not_found);
  CHECK(outcomes[5].registration->status == RegistrationStatus::waitlisted);
  CHECK(outcomes[6].registration->status == RegistrationStatus::waitlisted);
  // The waiting list follows the request.
  CHECK(contactsWithStatus(id, RegistrationStatus::waitlisted) == std::vector<Id>{a4, a2});
  CHECK(stored(id).confirmed == 2);
  CHECK(stored(id).waitlisted == 2);
  CHECK(store.count("registrations") == 4);

  CHECK(fieldNames(errorOf([&] { registrations.registerMany(partner_a, id, {}); })) ==
        std::vector<std::string>{"contact_ids"});
  const std::vector<Id> tooMany(101, a1);
  CHECK(fieldNames(errorOf([&] { registrations.registerMany(partner_a, id, tooMany); })) ==
        std::vector<std::string>{"contact_ids"});
  CHECK(errorOf([&] { registrations.registerMany(manager, id, {a1}); }).code() == ErrorCode::forbidden);
}

TEST_CASE_METHOD(EventFixture, "New people are created only when they are registered too, in one unit of work",
                 "[registration][many][new_contacts]") {
  ContactService contacts{store, clock};
  const auto peopleOf = [&](Id organisation) {
    ContactQuery query;
    query.organisation_id = organisation;
    query.status = StatusFilter::all;
    return contacts.list(officer, query).total;
  };
  const auto newPerson = [&](const std::string& name, std::optional<std::string> email = std::nullopt) {
    NewContact input;
    input.organisation_id = org_a;
    input.name = name;
    input.email = std::move(email);
    return input;
  };
  // Registration opens in three days: the partner may not register anyone yet.
  auto input = seminar();
  input.registration_opens_at = clock.now() + 24h * 3;
  const auto notYet = publishedEvent(std::move(input));
  const auto before = peopleOf(org_a);
  const auto refused = registrations.registerPeople(partner_a, notYet, {}, {newPerson("Ny Person")});
  REQUIRE(refused.size() == 1);
  REQUIRE(refused[0].problem);
  CHECK(fieldNames(*refused[0].problem) == std::vector<std::string>{"event"});
  CHECK(refused[0].contact_id == 0);
  CHECK(peopleOf(org_a) == before);  // nobody left behind

  // On an open event: the valid person is created and registered, the invalid one neither.
  const auto open = eventWithSeats(10);
  const auto known = person(org_a, "Kendt Person");
  const auto outcomes = registrations.registerPeople(
      partner_a, open, {known}, {newPerson("Anna Ny", "anna.ny@example.dk"), newPerson("X", "bad")});
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].contact_id == known);
  REQUIRE(outcomes[1].registration);
  CHECK(outcomes[1].registration->status == RegistrationStatus::confirmed);
  CHECK(outcomes[1].contact_id == outcomes[1].registration->contact_id);
  CHECK(contacts.get(officer, outcomes[1].contact_id).name == "Anna Ny");
  REQUIRE(outcomes[2].problem);
  CHECK(outcomes[2].problem->code() == ErrorCode::invalid);
  CHECK(peopleOf(org_a) == before + 2);  // the known person and Anna
  // Managers register nobody, and create nobody.
  CHECK(errorOf([&] { registrations.registerPeople(manager, open, {}, {newPerson("Ingen")}); }).code() ==
        ErrorCode::forbidden);
}

// --- cancellation and promotion ---

TEST_CASE_METHOD(EventFixture, "Cancellation until the start, with who and when kept", "[registration][cancel]") {
  const auto id = eventWithSeats(10);
  const auto r = registrations.registerOne(partner_a, id, person(org_a, "Anne"));
  CHECK(errorOf([&] { registrations.cancel(partner_b, r.id); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.cancel(manager, r.id); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { registrations.cancel(officer, 4242); }).code() == ErrorCode::not_found);

  SECTION("at the start it is too late, for officers too") {
    clock.set(stored(id).starts_at);
    for (const auto& actor : {partner_a, officer}) {
      const auto error = errorOf([&] { registrations.cancel(actor, r.id); });
      CHECK(error.code() == ErrorCode::invalid);
      CHECK(fieldNames(error) == std::vector<std::string>{"event"});
    }
    CHECK(registration(r.id).status == RegistrationStatus::confirmed);
  }
  SECTION("a second before the start is in time") {
    clock.set(stored(id).starts_at - 1s);
    const auto cancelled = registrations.cancel(partner_a, r.id);
    CHECK(cancelled.status == RegistrationStatus::cancelled);
    CHECK(cancelled.cancelled_at == clock.now());
    CHECK(cancelled.cancelled_by == partner_a.user_id);
    CHECK(cancelled.version == 2);
    CHECK(registration(r.id).status == RegistrationStatus::cancelled);
    CHECK(registration(r.id).cancelled_by == partner_a.user_id);
    CHECK(stored(id).confirmed == 0);
    const auto steps = registrations.history(partner_a, r.id);
    REQUIRE(steps.size() == 2);
    CHECK(steps[1].action == "cancelled");
    CHECK(steps[1].user_id == partner_a.user_id);
    CHECK(steps[1].at == clock.now());
    CHECK(steps[1].from_status == RegistrationStatus::confirmed);
    CHECK(steps[1].to_status == RegistrationStatus::cancelled);
    CHECK(errorOf([&] { registrations.cancel(officer, r.id); }).code() == ErrorCode::conflict);
  }
}

TEST_CASE_METHOD(EventFixture, "A freed seat goes to the next in line whose organisation is under its quota",
                 "[registration][cancel][capacity]") {
  const auto id = eventWithSeats(2, 1);
  const auto a1 = arrive(id, person(org_a, "A1"));
  const auto b1 = arrive(id, person(org_b, "B1"));
  const auto a2 = arrive(id, person(org_a, "A2"));
  const auto c1 = arrive(id, person(org_c, "C1"));
  const auto b2 = arrive(id, person(org_b, "B2"));
  CHECK(contactsWithStatus(id, RegistrationStatus::waitlisted) ==
        std::vector<Id>{a2.contact_id, c1.contact_id, b2.contact_id});

  clock.advance(1h);
  registrations.cancel(officer, b1.id);
  // A2 is first in line, but A holds its one seat: C1 moves up.
  CHECK(registration(a2.id).status == RegistrationStatus::waitlisted);
  CHECK(registration(c1.id).status == RegistrationStatus::confirmed);
  CHECK(registration(b2.id).status == RegistrationStatus::waitlisted);
  const auto steps = registrations.history(officer, c1.id);
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].action == "promoted");
  CHECK_FALSE(steps[1].user_id);  // the system
  CHECK(steps[1].at == clock.now());
  CHECK(steps[1].from_status == RegistrationStatus::waitlisted);
  CHECK(steps[1].to_status == RegistrationStatus::confirmed);
  CHECK(stored(id).confirmed == 2);
  CHECK(stored(id).waitlisted == 2);

  registrations.cancel(partner_a, a1.id);
  CHECK(registration(a2.id).status == RegistrationStatus::confirmed);  // A is under its quota again
  CHECK(registration(b2.id).status == RegistrationStatus::waitlisted);
  // Cancelling from the waiting list frees no seat.
  registrations.cancel(partner_b, b2.id);
  CHECK(stored(id).confirmed == 2);
  CHECK(stored(id).waitlisted == 0);
}

TEST_CASE_METHOD(EventFixture, "People registered in the same second queue in the order they were taken",
                 "[registration][capacity]") {
  const auto id = eventWithSeats(1);
  const auto a1 = person(org_a, "A1"), a2 = person(org_a, "A2"), a3 = person(org_a, "A3");
  const auto outcomes = registrations.registerMany(officer, id, {a1, a3, a2});
  registrations.cancel(officer, outcomes[0].registration->id);
  CHECK(contactsWithStatus(id, RegistrationStatus::confirmed) == std::vector<Id>{a3});
  CHECK(contactsWithStatus(id, RegistrationStatus::waitlisted) == std::vector<Id>{a2});
}

// --- substitution ---

TEST_CASE_METHOD(EventFixture, "A seat passes only to an active, unregistered person of the same organisation",
                 "[registration][substitute]") {
  const auto id = eventWithSeats(10);
  const auto anne = person(org_a, "Anne"), bo = person(org_a, "Bo"), carl = person(org_a, "Carl");
  const auto gone = person(org_a, "Gone"), bente = person(org_b, "Bente");
  archive(store, gone);
  const auto r = registrations.registerOne(partner_a, id, anne);
  const auto carls = registrations.registerOne(partner_a, id, carl);

  const auto otherForPartner = errorOf([&] { registrations.substitute(partner_a, r.id, bente); });
  CHECK(otherForPartner.code() == ErrorCode::not_found);
  const auto otherForOfficer = errorOf([&] { registrations.substitute(officer, r.id, bente); });
  CHECK(otherForOfficer.code() == ErrorCode::invalid);
  CHECK(fieldNames(otherForOfficer) == std::vector<std::string>{"contact_id"});
  CHECK(fieldNames(errorOf([&] { registrations.substitute(partner_a, r.id, gone); })) ==
        std::vector<std::string>{"contact_id"});
  const auto taken = errorOf([&] { registrations.substitute(partner_a, r.id, carl); });
  CHECK(taken.code() == ErrorCode::conflict);
  CHECK(taken.existingId() == carls.id);
  CHECK(errorOf([&] { registrations.substitute(partner_a, r.id, 4242); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.substitute(partner_b, r.id, bente); }).code() == ErrorCode::not_found);

  clock.advance(1h);
  const auto passed = registrations.substitute(partner_a, r.id, bo);
  CHECK(passed.id == r.id);
  CHECK(passed.contact_id == bo);
  CHECK(passed.status == RegistrationStatus::confirmed);
  CHECK(registration(r.id).contact_id == bo);
  CHECK(registration(r.id).registered_at == r.registered_at);
  const auto steps = registrations.history(partner_a, r.id);
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].action == "substituted");
  CHECK(steps[1].user_id == partner_a.user_id);
  CHECK(steps[1].at == clock.now());
  CHECK(steps[1].from_contact_id == anne);
  CHECK(steps[1].to_contact_id == bo);
  CHECK(steps[1].from_status == RegistrationStatus::confirmed);
  CHECK(steps[1].to_status == RegistrationStatus::confirmed);
  // Anne is free to register again.
  CHECK(registrations.registerOne(partner_a, id, anne).status == RegistrationStatus::confirmed);
  CHECK(stored(id).confirmed == 3);

  // Not after the start, and not for a cancelled registration.
  registrations.cancel(partner_a, carls.id);
  CHECK(errorOf([&] { registrations.substitute(partner_a, carls.id, carl); }).code() == ErrorCode::conflict);
  clock.set(stored(id).starts_at);
  CHECK(fieldNames(errorOf([&] { registrations.substitute(partner_a, r.id, carl); })) ==
        std::vector<std::string>{"event"});
}

TEST_CASE_METHOD(EventFixture, "A substitute keeps the place in the queue", "[registration][substitute]") {
  const auto id = eventWithSeats(1);
  const auto first = arrive(id, person(org_b, "B1"));
  const auto queued = arrive(id, person(org_a, "A1"));
  arrive(id, person(org_c, "C1"));
  const auto stand_in = person(org_a, "A2");
  registrations.substitute(partner_a, queued.id, stand_in);
  CHECK(registration(queued.id).status == RegistrationStatus::waitlisted);
  registrations.cancel(officer, first.id);
  CHECK(contactsWithStatus(id, RegistrationStatus::confirmed) == std::vector<Id>{stand_in});
}

// --- check-in ---

TEST_CASE_METHOD(EventFixture, "Check-in opens two hours before the start, for confirmed people, once",
                 "[registration][checkin]") {
  const auto id = eventWithSeats(1);
  const auto r = arrive(id, person(org_a, "Anne"));
  const auto waiting = arrive(id, person(org_a, "Bo"));
  const auto start = stored(id).starts_at;
  CHECK(errorOf([&] { registrations.checkIn(partner_a, r.id); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { registrations.checkIn(manager, r.id); }).code() == ErrorCode::forbidden);

  clock.set(start - 2h - 1s);
  const auto early = errorOf([&] { registrations.checkIn(officer, r.id); });
  CHECK(early.code() == ErrorCode::invalid);
  CHECK(fieldNames(early) == std::vector<std::string>{"event"});

  clock.set(start - 2h);
  const auto in = registrations.checkIn(officer, r.id);
  CHECK(in.status == RegistrationStatus::attended);
  CHECK(in.checked_in_at == clock.now());
  CHECK(in.checked_in_by == officer_id);
  CHECK(stored(id).confirmed == 1);  // an attended person keeps the seat
  const auto steps = registrations.history(officer, r.id);
  REQUIRE(steps.size() == 2);
  CHECK(steps[1].action == "checked_in");
  CHECK(steps[1].user_id == officer_id);
  CHECK(steps[1].from_status == RegistrationStatus::confirmed);
  CHECK(steps[1].to_status == RegistrationStatus::attended);

  // At the door twice: fine, and nothing changes.
  clock.advance(10min);
  const auto twice = registrations.checkIn(admin, r.id);
  CHECK(twice.status == RegistrationStatus::attended);
  CHECK(twice.checked_in_at == start - 2h);
  CHECK(twice.checked_in_by == officer_id);
  CHECK(registrations.history(officer, r.id).size() == 2);

  // Only confirmed people.
  CHECK(errorOf([&] { registrations.checkIn(officer, waiting.id); }).code() == ErrorCode::conflict);
  const auto late = arrive(id, person(org_b, "Bente"));
  CHECK(late.status == RegistrationStatus::waitlisted);
  registrations.cancel(officer, late.id);
  CHECK(errorOf([&] { registrations.checkIn(officer, late.id); }).code() == ErrorCode::conflict);
}

TEST_CASE_METHOD(EventFixture, "Check-in lasts until the event is closed", "[registration][checkin]") {
  const auto id = eventWithSeats(10);
  const auto anne = arrive(id, person(org_a, "Anne"));
  const auto bo = arrive(id, person(org_a, "Bo"));
  const auto carl = arrive(id, person(org_a, "Carl"));
  clock.set(stored(id).ends_at + 30min);  // ended, not yet closed
  CHECK(registrations.checkIn(officer, anne.id).status == RegistrationStatus::attended);
  events.close(officer, id, std::nullopt);
  CHECK(registration(bo.id).status == RegistrationStatus::no_show);
  CHECK(errorOf([&] { registrations.checkIn(officer, bo.id); }).code() == ErrorCode::conflict);
  CHECK(registrations.checkIn(officer, anne.id).status == RegistrationStatus::attended);  // still idempotent
  (void)carl;

  const auto cancelledEvent = eventWithSeats(10);
  const auto dora = arrive(cancelledEvent, person(org_b, "Dora"));
  events.cancel(officer, cancelledEvent, "Aflyst", std::nullopt);
  clock.set(stored(cancelledEvent).starts_at);
  CHECK(errorOf([&] { registrations.checkIn(officer, dora.id); }).code() == ErrorCode::conflict);
}

// --- reading ---

TEST_CASE_METHOD(EventFixture, "Partners read only their own organisation's registrations", "[registration][access]") {
  const auto id = eventWithSeats(2);
  const auto a1 = arrive(id, person(org_a, "A1"));
  const auto b1 = arrive(id, person(org_b, "B1"));
  const auto a2 = arrive(id, person(org_a, "A2"));
  const auto b2 = arrive(id, person(org_b, "B2"));
  RegistrationQuery all{id, std::nullopt, std::nullopt, {}};
  CHECK(contactIdsOf(registrations.list(officer, all)) ==
        std::vector<Id>{a1.contact_id, b1.contact_id, a2.contact_id, b2.contact_id});
  CHECK(contactIdsOf(registrations.list(partner_a, all)) == std::vector<Id>{a1.contact_id, a2.contact_id});
  // A partner's own filter does not widen its view.
  RegistrationQuery sneaky{id, std::nullopt, org_b, {}};
  CHECK(contactIdsOf(registrations.list(partner_a, sneaky)) == std::vector<Id>{a1.contact_id, a2.contact_id});
  RegistrationQuery waiting{id, RegistrationStatus::waitlisted, std::nullopt, {}};
  CHECK(contactIdsOf(registrations.list(officer, waiting)) == std::vector<Id>{a2.contact_id, b2.contact_id});
  CHECK(errorOf([&] { registrations.list(manager, all); }).code() == ErrorCode::forbidden);

  CHECK(registrations.get(partner_a, a1.id).contact_id == a1.contact_id);
  CHECK(errorOf([&] { registrations.get(partner_a, b1.id); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.history(partner_a, b1.id); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.get(manager, b1.id); }).code() == ErrorCode::forbidden);

  // Events a partner cannot see hide their registrations too.
  auto input = seminar();
  input.audience = Audience::invited;
  input.invited_organisation_ids = {org_b};
  const auto hidden = publishedEvent(input);
  const auto a3 = registrations.registerOne(officer, hidden, person(org_a, "A3"));
  RegistrationQuery hiddenQuery{hidden, std::nullopt, std::nullopt, {}};
  CHECK(errorOf([&] { registrations.list(partner_a, hiddenQuery); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.get(partner_a, a3.id); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { registrations.cancel(partner_a, a3.id); }).code() == ErrorCode::not_found);
}
