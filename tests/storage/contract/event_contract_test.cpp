// The event, registration and series repositories, run unchanged against SQLite and MariaDB.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "tests/storage/storage_fixture.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using brobygger::testing::at;
using brobygger::testing::FreshDatabase;

namespace {

struct World {
  FreshDatabase db;
  Id officer = 0;
  Id orgA = 0, orgB = 0;
  Id anna = 0, bo = 0, carl = 0;

  World() {
    auto uow = db.database->begin(Access::write);
    User u;
    u.email = "officer@example.dk";
    u.name = "Officer";
    u.role = Role::officer;
    u.password_hash = "x";
    u.created_at = u.updated_at = at(2026, 1, 1);
    officer = uow->users().insert(u);
    orgA = uow->organisations().insert(organisation("Forening A"));
    orgB = uow->organisations().insert(organisation("Forening B"));
    anna = uow->contacts().insert(contact(orgA, "Anna Ærø"));
    bo = uow->contacts().insert(contact(orgA, "Bo Berg"));
    carl = uow->contacts().insert(contact(orgB, "Carl Øst"));
    uow->commit();
  }

  static Organisation organisation(std::string name) {
    Organisation o;
    o.name = std::move(name);
    o.kind = "sports_club";
    o.municipality_id = 101;
    o.police_district_id = 11;
    o.region_id = 1084;
    o.created_at = o.updated_at = at(2026, 1, 1);
    return o;
  }
  static Contact contact(Id organisationId, std::string name) {
    Contact c;
    c.organisation_id = organisationId;
    c.name = std::move(name);
    c.created_at = c.updated_at = at(2026, 1, 1);
    return c;
  }

  Event event(std::string title, Timestamp start, EventStatus status = EventStatus::published) const {
    Event e;
    e.details.kind = "seminar";
    e.details.title = std::move(title);
    e.details.description = "Linje 1\nLinje 2";
    e.details.venue = Venue{"Politigården", "Polititorvet 14\n1780 København V", 101};
    e.details.tags = {"unge", "online"};
    e.details.organiser_user_id = officer;
    e.details.capacity = 30;
    e.details.per_organisation_quota = 3;
    e.details.police_district_id = 11;
    e.starts_at = start;
    e.ends_at = start + std::chrono::hours(3);
    e.status = status;
    e.created_at = e.updated_at = at(2026, 2, 1);
    return e;
  }

  Id insert(const Event& e) {
    auto uow = db.database->begin(Access::write);
    const auto id = uow->events().insert(e);
    uow->commit();
    return id;
  }

  Registration registration(Id eventId, Id contactId, Id organisationId, RegistrationStatus status,
                            Timestamp when) const {
    Registration r;
    r.event_id = eventId;
    r.contact_id = contactId;
    r.organisation_id = organisationId;
    r.status = status;
    r.registered_at = r.updated_at = when;
    r.registered_by = officer;
    return r;
  }
};

}  // namespace

TEST_CASE("an event round-trips with every field, its invitations and UTC times", "[events]") {
  World w;
  auto e = w.event("Seminar om forebyggelse", at(2026, 7, 10, 7));
  e.all_day = false;
  e.registration_opens_at = at(2026, 6, 1, 8);
  e.registration_closes_at = at(2026, 7, 9, 22);
  e.audience = Audience::invited;
  e.invited_organisation_ids = {w.orgB, w.orgA};
  e.revision = 2;
  const auto id = w.insert(e);
  auto uow = w.db.database->begin(Access::read);
  const auto found = uow->events().find(id);
  REQUIRE(found);
  CHECK(found->details.title == "Seminar om forebyggelse");
  CHECK(found->details.description == e.details.description);
  CHECK(found->details.venue == e.details.venue);
  CHECK(found->details.tags == e.details.tags);
  CHECK(found->details.organiser_user_id == w.officer);
  CHECK(found->details.capacity == 30);
  CHECK(found->details.per_organisation_quota == 3);
  CHECK(found->starts_at == at(2026, 7, 10, 7));
  CHECK(found->ends_at == at(2026, 7, 10, 10));
  CHECK(found->registration_opens_at == at(2026, 6, 1, 8));
  CHECK(found->registration_closes_at == at(2026, 7, 9, 22));
  CHECK(found->audience == Audience::invited);
  CHECK(found->invited_organisation_ids == std::vector<Id>{std::min(w.orgA, w.orgB), std::max(w.orgA, w.orgB)});
  CHECK(found->status == EventStatus::published);
  CHECK(found->revision == 2);
  CHECK(found->version == 1);
  CHECK_FALSE(found->series_id);
  CHECK(uow->events().findForUpdate(id)->id == id);
  CHECK_FALSE(uow->events().find(id + 100));
}

TEST_CASE("event updates check the version and replace the invitations, counts are no edit", "[events]") {
  World w;
  auto e = w.event("Versioneret", at(2026, 9, 1, 8));
  e.audience = Audience::invited;
  e.invited_organisation_ids = {w.orgA};
  const auto id = w.insert(e);
  auto uow = w.db.database->begin(Access::write);
  auto loaded = *uow->events().find(id);
  loaded.invited_organisation_ids = {w.orgB};
  loaded.details.venue = Venue{};
  loaded.status = EventStatus::cancelled;
  loaded.cancellation_reason = "Sygdom";
  CHECK(uow->events().update(loaded, 1));
  CHECK_FALSE(uow->events().update(loaded, 1));
  uow->events().setCounts(id, 7, 2);
  uow->commit();
  auto read = w.db.database->begin(Access::read);
  const auto after = *read->events().find(id);
  CHECK(after.version == 2);
  CHECK(after.invited_organisation_ids == std::vector<Id>{w.orgB});
  CHECK(after.details.venue == Venue{});
  CHECK(after.cancellation_reason == std::optional<std::string>("Sygdom"));
  CHECK(after.confirmed == 7);
  CHECK(after.waitlisted == 2);
}

TEST_CASE("event lists filter by time, kind, status, district, text and partner visibility", "[events]") {
  World w;
  const auto past = w.insert(w.event("Forårsseminar", at(2026, 3, 1, 8)));
  const auto summer = w.insert(w.event("Sommerkursus", at(2026, 7, 1, 8)));
  const auto draft = w.insert(w.event("Kladde", at(2026, 8, 1, 8), EventStatus::draft));
  auto invited = w.event("Kun for B", at(2026, 9, 1, 8));
  invited.audience = Audience::invited;
  invited.invited_organisation_ids = {w.orgB};
  const auto forB = w.insert(invited);
  auto withdrawn = w.event("Trukket tilbage", at(2026, 10, 1, 8), EventStatus::cancelled);  // never published
  const auto neverOut = w.insert(withdrawn);
  auto uow = w.db.database->begin(Access::read);
  const auto ids = [&](const EventQuery& q) {
    std::vector<Id> out;
    for (const auto& e : uow->events().list(q).items) out.push_back(e.id);
    return out;
  };
  EventQuery all;
  CHECK(ids(all) == std::vector<Id>{past, summer, draft, forB, neverOut});
  EventQuery window;
  window.from = at(2026, 6, 1);
  window.to = at(2026, 8, 15);
  CHECK(ids(window) == std::vector<Id>{summer, draft});
  EventQuery published;
  published.status = EventStatus::published;
  CHECK(ids(published) == std::vector<Id>{past, summer, forB});
  EventQuery text;
  text.q = "SOMMER";
  CHECK(ids(text) == std::vector<Id>{summer});
  EventQuery asA;
  asA.visible_to_organisation = w.orgA;
  CHECK(ids(asA) == std::vector<Id>{past, summer});
  EventQuery asB;
  asB.visible_to_organisation = w.orgB;
  CHECK(ids(asB) == std::vector<Id>{past, summer, forB});
  EventQuery newestFirst;
  newestFirst.descending = true;
  newestFirst.page.limit = 2;
  const auto page = uow->events().list(newestFirst);
  CHECK(page.total == 5);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].id == neverOut);
}

TEST_CASE("registrations: active lookup, seats, waiting list order, counts and history", "[registrations]") {
  World w;
  const auto eventId = w.insert(w.event("Kursus", at(2026, 9, 1, 8)));
  auto uow = w.db.database->begin(Access::write);
  auto& regs = uow->registrations();
  const auto r1 =
      regs.insert(w.registration(eventId, w.anna, w.orgA, RegistrationStatus::confirmed, at(2026, 5, 1, 10)));
  const auto r2 =
      regs.insert(w.registration(eventId, w.carl, w.orgB, RegistrationStatus::waitlisted, at(2026, 5, 1, 12)));
  const auto r3 =
      regs.insert(w.registration(eventId, w.bo, w.orgA, RegistrationStatus::waitlisted, at(2026, 5, 1, 11)));
  regs.record({0, r1, eventId, at(2026, 5, 1, 10), w.officer, "registered", std::nullopt, RegistrationStatus::confirmed,
               std::nullopt, std::nullopt});
  regs.record({0, r1, eventId, at(2026, 5, 2, 10), std::nullopt, "substituted", RegistrationStatus::confirmed,
               RegistrationStatus::confirmed, w.anna, w.bo});
  uow->commit();

  auto read = w.db.database->begin(Access::read);
  auto& r = read->registrations();
  const auto found = r.find(r1);
  REQUIRE(found);
  CHECK(found->contact_name == "Anna Ærø");
  CHECK(found->organisation_name == "Forening A");
  CHECK(found->registered_by == w.officer);
  CHECK(r.findActive(eventId, w.anna)->id == r1);
  CHECK_FALSE(r.findActive(eventId + 1, w.anna));
  CHECK(r.seatsTakenBy(eventId, w.orgA) == 1);
  CHECK(r.seatsTakenBy(eventId, w.orgB) == 0);
  CHECK(r.counts(eventId) == std::make_pair(1, 2));
  const auto waiting = r.waitlist(eventId);
  REQUIRE(waiting.size() == 2);
  CHECK(waiting[0].id == r3);  // arrival order, not insertion order
  CHECK(waiting[1].id == r2);
  const auto history = r.history(r1);
  REQUIRE(history.size() == 2);
  CHECK(history[0].action == "registered");
  CHECK_FALSE(history[0].from_status);
  CHECK(history[1].action == "substituted");
  CHECK_FALSE(history[1].user_id);
  CHECK(history[1].from_contact_id == w.anna);
  CHECK(history[1].to_contact_id == w.bo);
  RegistrationQuery onlyB;
  onlyB.event_id = eventId;
  onlyB.organisation_id = w.orgB;
  const auto page = r.list(onlyB);
  REQUIRE(page.total == 1);
  CHECK(page.items[0].contact_name == "Carl Øst");
}

TEST_CASE("registrations many at once: ids in order, active ids, one statement per table", "[registrations]") {
  World w;
  const auto eventId = w.insert(w.event("Kursus", at(2026, 9, 1, 8)));
  const auto step = [&](Id registration, const char* action, RegistrationStatus to) {
    return RegistrationChange{0,      registration, eventId, at(2026, 5, 1, 10), w.officer,
                              action, std::nullopt, to,      std::nullopt,       std::nullopt};
  };
  std::vector<Id> ids;
  {
    auto uow = w.db.database->begin(Access::write);
    CHECK(uow->contacts().findMany({w.carl, w.anna, 999999}).size() == 2);
    const auto organisations = uow->organisations().findMany({w.orgB});
    REQUIRE(organisations.size() == 1);
    CHECK(organisations.front().name == "Forening B");
    ids = uow->registrations().insertMany(
        {w.registration(eventId, w.carl, w.orgB, RegistrationStatus::confirmed, at(2026, 5, 1, 10)),
         w.registration(eventId, w.anna, w.orgA, RegistrationStatus::waitlisted, at(2026, 5, 1, 10))});
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] != ids[1]);
    CHECK(uow->registrations().find(ids[0])->contact_id == w.carl);  // the order asked for
    CHECK(uow->registrations().activeIds(eventId, {w.anna, w.bo, w.carl}) ==
          std::map<Id, Id>{{w.anna, ids[1]}, {w.carl, ids[0]}});
    uow->registrations().recordMany({step(ids[0], "registered", RegistrationStatus::confirmed),
                                     step(ids[1], "waitlisted", RegistrationStatus::waitlisted)});
    OutboxMessage invitation;
    invitation.registration_id = ids[0];
    invitation.event_id = eventId;
    invitation.contact_id = w.carl;
    invitation.reason = "registered";
    invitation.created_at = invitation.next_attempt_at = at(2026, 5, 1, 10);
    uow->outbox().enqueueMany({invitation});
    uow->events().setCounts(eventId, 1, 1);
    CHECK(uow->registrations().history(ids[1]).size() == 1);
    uow->outbox().enqueueMany({invitation});
    uow->commit();
  }
  auto read = w.db.database->begin(Access::read);
  CHECK(read->registrations().history(ids[0]).front().action == "registered");
  const auto event = read->events().find(eventId);
  CHECK(event->confirmed == 1);
  CHECK(event->waitlisted == 1);
  OutboxQuery outbox;
  outbox.event_id = eventId;
  CHECK(read->outbox().list(outbox).total == 2);

  // A write that fails fails the unit of work, and nothing of it stays.
  {
    auto uow = w.db.database->begin(Access::write);
    const auto more = uow->registrations().insertMany(
        {w.registration(eventId, w.bo, w.orgA, RegistrationStatus::confirmed, at(2026, 5, 1, 11))});
    uow->events().setCounts(eventId, 2, 1);
    CHECK_THROWS([&] {  // a foreign key refused: the driver's error (an internal error, not a rule)
      uow->registrations().recordMany({step(more.at(0) + 1000, "registered", RegistrationStatus::confirmed)});
      uow->commit();
    }());
  }
  CHECK(read->registrations().activeIds(eventId, {w.bo}).empty());
  CHECK(read->events().find(eventId)->confirmed == 1);
}

TEST_CASE("a registration update changes status and stamps and keeps it findable", "[registrations]") {
  World w;
  const auto eventId = w.insert(w.event("Kursus", at(2026, 9, 1, 8)));
  auto uow = w.db.database->begin(Access::write);
  const auto id = uow->registrations().insert(
      w.registration(eventId, w.anna, w.orgA, RegistrationStatus::confirmed, at(2026, 5, 1)));
  auto r = *uow->registrations().find(id);
  r.status = RegistrationStatus::cancelled;
  r.cancelled_at = at(2026, 6, 1, 9);
  r.cancelled_by = w.officer;
  uow->registrations().update(r);
  uow->commit();
  auto read = w.db.database->begin(Access::read);
  const auto after = *read->registrations().find(id);
  CHECK(after.status == RegistrationStatus::cancelled);
  CHECK(after.cancelled_at == at(2026, 6, 1, 9));
  CHECK(after.cancelled_by == w.officer);
  CHECK(after.version == 2);
  CHECK_FALSE(read->registrations().findActive(eventId, w.anna));
  CHECK(read->registrations().counts(eventId) == std::make_pair(0, 0));
}

TEST_CASE("a series round-trips with its roster and wall-clock times, occurrences and attendance", "[series]") {
  World w;
  Series s;
  s.details.kind = "network_meeting";
  s.details.title = "Netværksmøde";
  s.details.venue = Venue{"Infohus", std::nullopt, 751};
  s.rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU";
  s.first_start = LocalDateTime{2026, 1, 13, 10, 0};
  s.duration_minutes = 120;
  s.roster_organisation_ids = {w.orgA, w.orgB};
  s.materialised_until = LocalDateTime{2027, 1, 12, 10, 0};
  s.created_at = s.updated_at = at(2026, 1, 1);
  Id seriesId = 0;
  {
    auto uow = w.db.database->begin(Access::write);
    seriesId = uow->series().insert(s);
    auto occurrence = w.event("Netværksmøde", at(2026, 1, 13, 9));
    occurrence.series_id = seriesId;
    occurrence.occurrence_start = occurrence.starts_at;
    const auto eventId = uow->events().insert(occurrence);
    uow->registrations().insert(w.registration(eventId, w.anna, w.orgA, RegistrationStatus::attended, at(2026, 1, 1)));
    uow->registrations().insert(w.registration(eventId, w.bo, w.orgA, RegistrationStatus::attended, at(2026, 1, 2)));
    uow->registrations().insert(w.registration(eventId, w.carl, w.orgB, RegistrationStatus::no_show, at(2026, 1, 3)));
    uow->commit();
  }
  auto uow = w.db.database->begin(Access::write);
  auto found = *uow->series().find(seriesId);
  CHECK(found.rrule == s.rrule);
  CHECK(found.first_start == s.first_start);
  CHECK(found.materialised_until == s.materialised_until);
  CHECK(found.roster_organisation_ids == s.roster_organisation_ids);
  CHECK(found.details.venue == s.details.venue);
  CHECK(found.status == SeriesStatus::active);
  CHECK(uow->series().active().size() == 1);
  const auto occurrences = uow->events().ofSeries(seriesId);
  REQUIRE(occurrences.size() == 1);
  CHECK(occurrences[0].occurrence_start == at(2026, 1, 13, 9));
  const auto attended = uow->registrations().attendedInSeries(seriesId);
  REQUIRE(attended.size() == 1);  // distinct per organisation and event
  CHECK(attended[0].first == w.orgA);
  found.status = SeriesStatus::ended;
  CHECK(uow->series().update(found, 1));
  CHECK_FALSE(uow->series().update(found, 1));
  uow->commit();
  auto read = w.db.database->begin(Access::read);
  CHECK(read->series().active().empty());
  CHECK(read->series().list(PageRequest{}).total == 1);
}

// ---- engagement overviews ----

namespace {

// The dormant page of everything (cutoff far ahead): each active organisation's last attendance.
std::map<Id, std::optional<Timestamp>> lastAttended(storage::Database& db) {
  auto uow = db.begin(Access::read);
  std::map<Id, std::optional<Timestamp>> out;
  for (const auto& d : uow->reports().dormant({at(2100, 1, 1), {}, {200, 0}}).items)
    out[d.organisation_id] = d.last_attended_at;
  return out;
}

}  // namespace

TEST_CASE("report reads: the period's counted events and their seats, and every organisation's profile", "[reports]") {
  World w;
  const auto held = w.insert(w.event("Holdt", at(2025, 3, 1, 9), EventStatus::completed));
  const auto draft = w.insert(w.event("Kladde", at(2025, 3, 2, 9), EventStatus::draft));
  const auto later = w.insert(w.event("Senere", at(2025, 4, 1, 9)));
  {
    auto uow = w.db.database->begin(Access::write);
    uow->registrations().insert(w.registration(held, w.anna, w.orgA, RegistrationStatus::attended, at(2025, 2, 1)));
    uow->registrations().insert(w.registration(held, w.bo, w.orgA, RegistrationStatus::no_show, at(2025, 2, 1)));
    uow->registrations().insert(w.registration(held, w.carl, w.orgB, RegistrationStatus::waitlisted, at(2025, 2, 1)));
    uow->registrations().insert(w.registration(draft, w.anna, w.orgA, RegistrationStatus::confirmed, at(2025, 2, 1)));
    uow->registrations().insert(w.registration(later, w.carl, w.orgB, RegistrationStatus::confirmed, at(2025, 2, 1)));
    uow->commit();
  }
  auto uow = w.db.database->begin(Access::read);
  const auto events = uow->reports().eventsStarting(at(2025, 3, 1, 9), at(2025, 4, 1, 9));  // [from, to)
  REQUIRE(events.size() == 1);
  CHECK(events[0].id == held);
  CHECK(events[0].completed);
  CHECK(events[0].kind == "seminar");
  CHECK(events[0].starts_at == at(2025, 3, 1, 9));
  auto seats = uow->reports().seatsAtEventsStarting(at(2025, 1, 1), at(2025, 12, 31));
  std::sort(seats.begin(), seats.end(), [](const auto& a, const auto& b) { return a.contact_id < b.contact_id; });
  REQUIRE(seats.size() == 3);  // not the waiting one, not the draft's
  CHECK(seats[0].contact_id == w.anna);
  CHECK(seats[0].outcome == SeatOutcome::attended);
  CHECK(seats[1].outcome == SeatOutcome::no_show);
  CHECK(seats[2].event_id == later);
  CHECK(seats[2].outcome == SeatOutcome::booked);
  CHECK(seats[2].organisation_id == w.orgB);
  const auto profiles = uow->reports().organisationProfiles();
  REQUIRE(profiles.size() == 2);
  CHECK(profiles[0].police_district_id == 11);
  CHECK(profiles[0].region_id == 1084);
  CHECK(profiles[0].municipality_id == 101);
  CHECK(profiles[0].kind == "sports_club");
  CHECK(profiles[0].active);
  const auto counts = uow->reports().seatCounts(held);
  int waiting = 0, attended = 0;
  for (const auto& c : counts) {
    if (c.status == RegistrationStatus::waitlisted) waiting += c.count;
    if (c.status == RegistrationStatus::attended) attended += c.count;
  }
  CHECK(waiting == 1);
  CHECK(attended == 1);
}

TEST_CASE("each organisation's last attendance follows check-ins, undone ones, moved and cancelled events",
          "[reports]") {
  World w;
  auto first = w.event("Først", at(2025, 3, 1, 9), EventStatus::completed);
  first.id = w.insert(first);
  auto second = w.event("Siden", at(2025, 9, 1, 9), EventStatus::completed);
  second.id = w.insert(second);
  Id late = 0;
  {
    auto uow = w.db.database->begin(Access::write);
    uow->registrations().insert(w.registration(first.id, w.anna, w.orgA, RegistrationStatus::attended, at(2025, 2, 1)));
    late = uow->registrations().insert(
        w.registration(second.id, w.bo, w.orgA, RegistrationStatus::confirmed, at(2025, 2, 1)));
    uow->commit();
  }
  auto last = lastAttended(*w.db.database);
  CHECK(last.at(w.orgA) == at(2025, 3, 1, 9));
  CHECK_FALSE(last.at(w.orgB));

  const auto setStatus = [&](RegistrationStatus status) {
    auto uow = w.db.database->begin(Access::write);
    auto r = *uow->registrations().find(late);
    r.status = status;
    uow->registrations().update(r);
    uow->commit();
  };
  setStatus(RegistrationStatus::attended);
  CHECK(lastAttended(*w.db.database).at(w.orgA) == at(2025, 9, 1, 9));
  setStatus(RegistrationStatus::confirmed);  // a check-in undone
  CHECK(lastAttended(*w.db.database).at(w.orgA) == at(2025, 3, 1, 9));
  setStatus(RegistrationStatus::attended);

  {  // the event moves a day later
    auto uow = w.db.database->begin(Access::write);
    second.starts_at = at(2025, 9, 2, 9);
    second.ends_at = at(2025, 9, 2, 12);
    REQUIRE(uow->events().update(second, second.version));
    ++second.version;
    uow->commit();
  }
  CHECK(lastAttended(*w.db.database).at(w.orgA) == at(2025, 9, 2, 9));
  {  // and is cancelled after all: it no longer counts
    auto uow = w.db.database->begin(Access::write);
    second.status = EventStatus::cancelled;
    REQUIRE(uow->events().update(second, second.version));
    uow->commit();
  }
  CHECK(lastAttended(*w.db.database).at(w.orgA) == at(2025, 3, 1, 9));

  // Rebuilding from the registrations gives the same as maintaining.
  const auto maintained = lastAttended(*w.db.database);
  w.db.database->rebuildDerivedData();
  CHECK(lastAttended(*w.db.database) == maintained);

  // Dormant since a cutoff: organisation B never attended; A not since 2025-03-01 09:00.
  auto uow = w.db.database->begin(Access::read);
  const auto dormant = uow->reports().dormant({at(2025, 6, 1), {}, {50, 0}});
  REQUIRE(dormant.total == 2);
  CHECK(dormant.items[0].organisation_id == w.orgB);
  CHECK(dormant.items[1].organisation_id == w.orgA);
  CHECK(uow->reports().dormant({at(2025, 3, 1, 9), {}, {50, 0}}).total == 1);
  EngagementFilter elsewhere;
  elsewhere.police_district_id = 1;
  CHECK(uow->reports().dormant({at(2025, 6, 1), elsewhere, {50, 0}}).total == 0);
}

TEST_CASE("an events list from a day on keeps the events still running then, in start order", "[events]") {
  World w;
  const auto over = w.insert(w.event("Forårsseminar", at(2026, 3, 1, 8)));
  auto camp = w.event("Sommerlejr", at(2026, 5, 25, 8));  // started before the day, still running on it
  camp.ends_at = at(2026, 6, 5, 16);
  const auto running = w.insert(camp);
  const auto later = w.insert(w.event("Sommerkursus", at(2026, 7, 1, 8)));
  const auto laterStill = w.insert(w.event("Efterårskursus", at(2026, 9, 1, 8)));
  auto uow = w.db.database->begin(Access::read);
  const auto ids = [&](const EventQuery& q) {
    std::vector<Id> out;
    for (const auto& e : uow->events().list(q).items) out.push_back(e.id);
    return out;
  };
  EventQuery from;
  from.from = at(2026, 6, 1);
  CHECK(ids(from) == std::vector<Id>{running, later, laterStill});
  CHECK(uow->events().list(from).total == 3);
  from.descending = true;
  CHECK(ids(from) == std::vector<Id>{laterStill, later, running});
  from.to = at(2026, 8, 1);
  CHECK(ids(from) == std::vector<Id>{later, running});
  EventQuery afterAll;
  afterAll.from = at(2027, 1, 1);
  const auto none = uow->events().list(afterAll);
  CHECK(none.total == 0);
  CHECK(none.items.empty());
  EventQuery all;
  CHECK(uow->events().list(all).total == 4);
  CHECK(ids(all).front() == over);
}
