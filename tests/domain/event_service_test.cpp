// Events: what a valid event is (also across the daylight-saving changes of Europe/Copenhagen), its
// life from draft to completed or cancelled, when a change is material for calendars, what lowering or
// raising the capacity does, and which events a partner may see. The first cases check the in-memory
// events repository itself, since every other case leans on its promises.
#include <catch2/catch.hpp>

#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

DomainError createError(EventFixture& f, NewEvent input) {
  return errorOf([&] { f.events.create(f.officer, std::move(input)); });
}

}  // namespace

// --- the store keeps the repository contract (more of it in tests/storage/contract, on both backends) ---

TEST_CASE_METHOD(EventFixture, "Stored events: list filters, order, paging and partner scoping as storage",
                 "[store][event]") {
  auto at = [](int day, int hour) { return utc(2026, 4, static_cast<unsigned>(day), static_cast<unsigned>(hour)); };
  auto make = [&](const std::string& title, Timestamp start, Timestamp end, EventStatus status, Audience audience,
                  std::vector<Id> invited, int district) {
    Event e;
    e.details.kind = title.find("Netværk") == 0 ? "network_meeting" : "seminar";
    e.details.title = title;
    e.details.venue.name = "Sal " + title.substr(0, 3);
    e.details.police_district_id = district;
    e.starts_at = start;
    e.ends_at = end;
    e.status = status;
    if (status == EventStatus::cancelled) e.revision = 1;  // cancelled after it went out
    e.audience = audience;
    e.invited_organisation_ids = std::move(invited);
    auto uow = store.begin(Access::write);
    const auto id = uow->events().insert(e);
    uow->commit();
    return id;
  };
  const auto e1 = make("Netværk Øst", at(10, 9), at(10, 12), EventStatus::published, Audience::open, {}, 2);
  const auto e2 = make("Seminar B", at(5, 9), at(12, 9), EventStatus::published, Audience::invited, {org_b, org_a}, 2);
  const auto e3 = make("Seminar C", at(10, 9), at(10, 10), EventStatus::draft, Audience::open, {}, 1);
  const auto e4 = make("Seminar D", at(20, 9), at(20, 10), EventStatus::cancelled, Audience::invited, {org_c}, 1);
  const auto e5 = make("Netværk Vest", at(1, 9), at(1, 10), EventStatus::completed, Audience::open, {}, 1);
  CHECK(e1 == 1);
  CHECK(e5 == 5);

  auto uow = store.begin(Access::read);
  auto& repo = uow->events();
  EventQuery q;
  // ordered by starts_at, then id
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e5, e2, e1, e3, e4});
  q.descending = true;
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e4, e3, e1, e2, e5});
  q = {};
  // from: ends at or after; to: starts before
  q.from = at(10, 10);
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e2, e1, e3, e4});
  q.to = at(10, 9);
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e2});
  q = {};
  q.kind = "network_meeting";
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e5, e1});
  q = {};
  q.status = EventStatus::draft;
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e3});
  q = {};
  q.police_district_id = 2;
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e2, e1});
  q = {};
  q.q = "ØST SAL";  // title and venue name joined by a space, folded
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e1});
  q.q = "NETVÆRK";
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e5, e1});
  q = {};
  // a partner: no drafts; open ones, and invited ones with the organisation on the list
  q.visible_to_organisation = org_a;
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e5, e2, e1});
  q.visible_to_organisation = org_c;
  CHECK(idsOf(repo.list(q)) == std::vector<Id>{e5, e1, e4});
  q = {};
  q.page.limit = 2;
  q.page.offset = 1;
  const auto page = repo.list(q);
  CHECK(idsOf(page) == std::vector<Id>{e2, e1});
  CHECK(page.total == 5);
  // invitations read back sorted, and only for audience invited
  CHECK(repo.find(e2)->invited_organisation_ids == std::vector<Id>{org_a, org_b});
  CHECK(repo.find(e1)->invited_organisation_ids.empty());
}

TEST_CASE_METHOD(EventFixture, "Stored events: versions, untouched counts and constraints as storage",
                 "[store][event]") {
  const auto id = createEvent(seminar());
  auto uow = store.begin(Access::write);
  auto e = *uow->events().find(id);
  CHECK(e.version == 1);
  uow->events().setCounts(id, 3, 2);
  CHECK(uow->events().find(id)->version == 1);  // the counts are no change of the event
  e.details.title = "Changed";
  e.confirmed = 99;
  CHECK_FALSE(uow->events().update(e, 2));
  CHECK(uow->events().update(e, 1));
  const auto after = *uow->events().find(id);
  CHECK(after.version == 2);
  CHECK(after.confirmed == 3);  // UPDATE leaves the maintained counts alone
  CHECK(after.waitlisted == 2);
  uow->commit();
  // A refused write ends its unit of work (what it wrote before the refusal is rolled back with it).
  const auto refusal = [&](const Event& bad) {
    auto attempt = store.begin(Access::write);
    return errorOf([&] { attempt->events().update(bad, 2); }).code();
  };
  auto bad = after;
  bad.details.kind = "party";
  CHECK(refusal(bad) == ErrorCode::conflict);
  bad = after;
  bad.audience = Audience::invited;
  bad.invited_organisation_ids = {org_a, org_a};
  CHECK(refusal(bad) == ErrorCode::conflict);
  bad.invited_organisation_ids = {4242};
  CHECK(refusal(bad) == ErrorCode::conflict);
  CHECK(stored(id).details.title == "Changed");
  CHECK(stored(id).version == 2);
}

// --- creating and validating ---

TEST_CASE_METHOD(EventFixture, "An officer creates a draft, the organiser defaults to them", "[event]") {
  const auto event = events.create(officer, seminar());
  CHECK(event.id > 0);
  CHECK(event.status == EventStatus::draft);
  CHECK(event.revision == 0);
  CHECK(event.details.organiser_user_id == officer_id);
  CHECK(event.created_at == clock.now());
  CHECK(stored(event.id).details.title == "Seminar om forebyggelse");
  CHECK(events.create(admin, seminar()).details.organiser_user_id == admin_id);
}

TEST_CASE_METHOD(EventFixture, "Only officers and administrators plan events", "[event][access]") {
  CHECK(errorOf([&] { events.create(partner_a, seminar()); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { events.create(manager, seminar()); }).code() == ErrorCode::forbidden);
  const auto id = createEvent(seminar());
  EventChanges c;
  c.title = "Nyt";
  // A draft is hidden from partners: 404 before the role's 403 (the policy table conceals these rows).
  CHECK(errorOf([&] { events.update(partner_a, id, c, std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { events.publish(manager, id, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { events.cancel(partner_a, id, "Nej", std::nullopt); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { events.close(manager, id, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(store.event(id).details.title == "Seminar om forebyggelse");
  // Published and open, the partner sees it, and is refused.
  const auto open = publishedEvent(seminar());
  CHECK(errorOf([&] { events.update(partner_a, open, c, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { events.cancel(partner_a, open, "Nej", std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { events.close(partner_a, open, std::nullopt); }).code() == ErrorCode::forbidden);
}

TEST_CASE_METHOD(EventFixture, "Every kind of event is known and no other", "[event][validation]") {
  for (const auto* kind : {"network_meeting", "seminar", "training", "dialogue_meeting"}) {
    auto input = seminar();
    input.details.kind = kind;
    CHECK(events.create(officer, input).details.kind == kind);
  }
  auto input = seminar();
  input.details.kind = "party";
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"kind"});
}

TEST_CASE_METHOD(EventFixture, "The end is after the start", "[event][validation]") {
  auto input = seminar();
  input.ends_at = input.starts_at;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"ends_at"});
  input.ends_at = input.starts_at - 1h;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"ends_at"});
  input.ends_at = input.starts_at + 1min;
  CHECK_NOTHROW(events.create(officer, input));
}

TEST_CASE_METHOD(EventFixture, "An event lasts at most 31 days on the wall clock", "[event][validation][dst]") {
  // In winter 31 days are 744 hours.
  auto input = seminar();
  input.starts_at = utc(2026, 1, 5, 8);
  input.ends_at = utc(2026, 2, 5, 8);
  CHECK_NOTHROW(events.create(officer, input));
  input.ends_at += 1min;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"ends_at"});
  // From 1 October to 1 November at 10:00 is 31 days on the wall but 745 hours: the clocks go back.
  input.starts_at = utc(2026, 10, 1, 8);  // 10:00 +02:00
  input.ends_at = utc(2026, 11, 1, 9);    // 10:00 +01:00
  CHECK_NOTHROW(events.create(officer, input));
  input.ends_at += 1min;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"ends_at"});
  // In spring 31 days are 743 hours, and 743 h 30 min is too long.
  input.starts_at = utc(2026, 3, 15, 9);  // 10:00 +01:00
  input.ends_at = utc(2026, 4, 15, 8);    // 10:00 +02:00
  CHECK_NOTHROW(events.create(officer, input));
  input.ends_at += 30min;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"ends_at"});
}

TEST_CASE_METHOD(EventFixture, "An all-day event runs from local midnight to local midnight, across DST too",
                 "[event][validation][dst]") {
  auto allDay = [&](Timestamp start, Timestamp end) {
    auto input = seminar();
    input.all_day = true;
    input.starts_at = start;
    input.ends_at = end;
    return input;
  };
  // Winter: midnight is 23:00Z the day before.
  CHECK(events.create(officer, allDay(utc(2026, 3, 1, 23), utc(2026, 3, 2, 23))).all_day);
  // Summer: 22:00Z the day before.
  CHECK_NOTHROW(events.create(officer, allDay(utc(2026, 6, 30, 22), utc(2026, 7, 1, 22))));
  // Over the spring change (28 March to 30 March is 47 hours) and the autumn one (24 to 26 October, 49 hours).
  CHECK_NOTHROW(events.create(officer, allDay(utc(2026, 3, 27, 23), utc(2026, 3, 29, 22))));
  CHECK_NOTHROW(events.create(officer, allDay(utc(2026, 10, 23, 22), utc(2026, 10, 25, 23))));
  // A whole month (1 October to 1 November) over the autumn change: 31 days, 745 hours.
  CHECK_NOTHROW(events.create(officer, allDay(utc(2026, 9, 30, 22), utc(2026, 10, 31, 23))));
  CHECK(fieldNames(createError(*this, allDay(utc(2026, 9, 30, 22), utc(2026, 11, 1, 23)))) ==
        std::vector<std::string>{"ends_at"});
  // 48 hours after a winter midnight is no midnight after the spring change (01:00 +02:00).
  CHECK(fieldNames(createError(*this, allDay(utc(2026, 3, 27, 23), utc(2026, 3, 29, 23)))) ==
        std::vector<std::string>{"ends_at"});
  // UTC midnight is 02:00 in summer.
  CHECK(fieldNames(createError(*this, allDay(utc(2026, 7, 1, 0), utc(2026, 7, 1, 22)))) ==
        std::vector<std::string>{"starts_at"});
  // A second past midnight is not midnight.
  CHECK(fieldNames(createError(*this, allDay(utc(2026, 3, 1, 23) + 1s, utc(2026, 3, 2, 23)))) ==
        std::vector<std::string>{"starts_at"});
  // 48 hours after a summer midnight is 23:00 once the clocks have gone back.
  CHECK(fieldNames(createError(*this, allDay(utc(2026, 10, 23, 22), utc(2026, 10, 25, 22)))) ==
        std::vector<std::string>{"ends_at"});
}

TEST_CASE_METHOD(EventFixture, "The registration window stays within sensible bounds", "[event][validation]") {
  auto input = seminar();
  const auto start = input.starts_at;
  const auto end = input.ends_at;
  SECTION("closing after the end is refused; closing during the event is allowed") {
    input.registration_closes_at = end + 1s;
    CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"registration_closes_at"});
    input.registration_closes_at = end;
    CHECK_NOTHROW(events.create(officer, input));
    input.registration_closes_at = start + 1h;
    CHECK(events.create(officer, input).registrationClosesAt() == start + 1h);
  }
  SECTION("opening is before closing, which is the start unless set") {
    input.registration_opens_at = start;
    CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"registration_opens_at"});
    input.registration_closes_at = start - 48h;
    input.registration_opens_at = start - 48h;
    CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"registration_opens_at"});
    input.registration_opens_at = start - 49h;
    CHECK_NOTHROW(events.create(officer, input));
  }
  SECTION("opening at most 366 days before the start") {
    input.registration_opens_at = start - std::chrono::days{366} - 1s;
    CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"registration_opens_at"});
    input.registration_opens_at = start - std::chrono::days{366};
    CHECK_NOTHROW(events.create(officer, input));
  }
}

TEST_CASE_METHOD(EventFixture, "Capacity and per-organisation quota are in range", "[event][validation]") {
  auto withSeats = [&](std::optional<int> capacity, std::optional<int> quota) {
    auto input = seminar();
    input.details.capacity = capacity;
    input.details.per_organisation_quota = quota;
    return input;
  };
  CHECK(fieldNames(createError(*this, withSeats(0, std::nullopt))) == std::vector<std::string>{"capacity"});
  CHECK(fieldNames(createError(*this, withSeats(-5, std::nullopt))) == std::vector<std::string>{"capacity"});
  CHECK(fieldNames(createError(*this, withSeats(100001, std::nullopt))) == std::vector<std::string>{"capacity"});
  CHECK(fieldNames(createError(*this, withSeats(std::nullopt, 0))) ==
        std::vector<std::string>{"per_organisation_quota"});
  CHECK(fieldNames(createError(*this, withSeats(std::nullopt, 10001))) ==
        std::vector<std::string>{"per_organisation_quota"});
  CHECK_NOTHROW(events.create(officer, withSeats(1, 1)));
  CHECK_NOTHROW(events.create(officer, withSeats(100000, 10000)));
  CHECK_FALSE(events.create(officer, withSeats(std::nullopt, std::nullopt)).details.capacity);  // unlimited
}

TEST_CASE_METHOD(EventFixture, "A title is one trimmed line, descriptions and addresses may span lines",
                 "[event][validation]") {
  auto input = seminar();
  input.details.title = "  Netværksmøde i Infohus Øst  ";
  input.details.description = "Første linje\nAnden linje";
  const auto event = events.create(officer, input);
  CHECK(event.details.title == "Netværksmøde i Infohus Øst");
  CHECK(event.details.description == "Første linje\nAnden linje");
  CHECK(event.details.venue.address == "Hack Kampmanns Plads 2\n8000 Aarhus C");
  for (const auto* title : {"Første\nanden", "Første\r\nanden", "Første\u2028anden", "A", ""}) {
    input.details.title = title;
    CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"title"});
  }
  input.details.title = std::string(201, 'x');
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"title"});
}

TEST_CASE_METHOD(EventFixture, "Invited organisations must exist, the list is sorted and without repeats",
                 "[event][validation]") {
  auto input = seminar();
  input.audience = Audience::invited;
  input.invited_organisation_ids = {org_c, org_a, org_c};
  const auto event = events.create(officer, input);
  CHECK(event.invited_organisation_ids == std::vector<Id>{org_a, org_c});
  CHECK(stored(event.id).invited_organisation_ids == std::vector<Id>{org_a, org_c});
  input.invited_organisation_ids = {org_a, 4242};
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"invited_organisation_ids"});
  // An open event has no invitation list.
  input.audience = Audience::open;
  CHECK(events.create(officer, input).invited_organisation_ids.empty());
}

TEST_CASE_METHOD(EventFixture, "The police district comes from the venue's municipality unless given",
                 "[event][validation]") {
  auto input = seminar();
  CHECK(events.create(officer, input).details.police_district_id == 2);  // Aarhus: Østjyllands Politi
  input.details.venue.municipality_id = 851;
  CHECK(events.create(officer, input).details.police_district_id == 1);  // Aalborg: Nordjyllands Politi
  input.details.police_district_id = 11;
  CHECK(events.create(officer, input).details.police_district_id == 11);  // given: kept
  input.details.police_district_id.reset();
  input.details.venue = Venue{};
  input.details.online_url = "https://moede.example.dk/forebyggelse";
  CHECK_FALSE(events.create(officer, input).details.police_district_id);  // online only: none
  input.details.police_district_id = 99;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"police_district_id"});
  input.details.police_district_id.reset();
  input.details.venue.municipality_id = 999;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"venue.municipality_id"});
  input.details.venue.municipality_id.reset();
  input.details.online_url = "ftp://example.dk";
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"online_url"});

  // A new venue derives the district again; a given one wins.
  const auto id = createEvent(seminar());
  EventChanges c;
  c.venue = Venue{"Nordkraft", std::nullopt, 851};
  CHECK(events.update(officer, id, c, std::nullopt).details.police_district_id == 1);
  c.police_district_id = 11;
  CHECK(events.update(officer, id, c, std::nullopt).details.police_district_id == 11);
}

TEST_CASE_METHOD(EventFixture, "The organiser is an active officer or administrator", "[event][validation]") {
  auto input = seminar();
  input.details.organiser_user_id = partner_a.user_id;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"organiser_user_id"});
  input.details.organiser_user_id = manager_id;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"organiser_user_id"});
  input.details.organiser_user_id =
      addUser(store, Role::officer, "gone@example.dk", std::nullopt, UserStatus::disabled);
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"organiser_user_id"});
  input.details.organiser_user_id = 4242;
  CHECK(fieldNames(createError(*this, input)) == std::vector<std::string>{"organiser_user_id"});
  input.details.organiser_user_id = admin_id;
  CHECK(events.create(officer, input).details.organiser_user_id == admin_id);
}

TEST_CASE_METHOD(EventFixture, "All broken rules are reported at once and nothing is stored", "[event][validation]") {
  auto input = seminar();
  input.details.kind = "party";
  input.details.title = "x\ny";
  input.details.capacity = 0;
  input.ends_at = input.starts_at;
  const auto error = createError(*this, input);
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"kind", "title", "capacity", "ends_at"});
  CHECK(store.count("events") == 0);
}

TEST_CASE_METHOD(EventFixture, "Past events may be created, to record history", "[event]") {
  auto input = seminar(-30);
  CHECK(events.create(officer, input).starts_at < clock.now());
}

// --- lifecycle ---

TEST_CASE_METHOD(EventFixture, "Draft -> published -> completed, publishing only from a draft", "[event][lifecycle]") {
  const auto id = createEvent(seminar());
  const auto published = events.publish(officer, id, 1);
  CHECK(published.status == EventStatus::published);
  CHECK(published.version == 2);
  CHECK(published.revision == 0);  // nobody has heard of it before
  CHECK(stored(id).status == EventStatus::published);
  CHECK(errorOf([&] { events.publish(officer, id, std::nullopt); }).code() == ErrorCode::conflict);
  clock.set(published.ends_at);
  const auto completed = events.close(officer, id, std::nullopt);
  CHECK(completed.status == EventStatus::completed);
  CHECK(errorOf([&] { events.publish(officer, id, std::nullopt); }).code() == ErrorCode::conflict);
  CHECK(errorOf([&] { events.close(officer, id, std::nullopt); }).code() == ErrorCode::conflict);
  CHECK(errorOf([&] { events.cancel(officer, id, "For sent", std::nullopt); }).code() == ErrorCode::conflict);
}

TEST_CASE_METHOD(EventFixture, "Closing waits for the end and needs a published event", "[event][lifecycle]") {
  const auto draft = createEvent(seminar());
  const auto id = publishedEvent(seminar());
  clock.set(stored(id).ends_at - 1s);
  const auto early = errorOf([&] { events.close(officer, id, std::nullopt); });
  CHECK(early.code() == ErrorCode::invalid);
  CHECK(fieldNames(early) == std::vector<std::string>{"ends_at"});
  clock.set(stored(id).ends_at + 24h);
  CHECK(errorOf([&] { events.close(officer, draft, std::nullopt); }).code() == ErrorCode::conflict);
  CHECK(events.close(officer, id, std::nullopt).status == EventStatus::completed);
}

TEST_CASE_METHOD(EventFixture, "Cancelling needs a reason and works on drafts and published events",
                 "[event][lifecycle]") {
  const auto draft = createEvent(seminar());
  const auto id = publishedEvent(seminar());
  for (const auto* reason : {"", "   "}) {
    const auto error = errorOf([&] { events.cancel(officer, id, reason, std::nullopt); });
    CHECK(fieldNames(error) == std::vector<std::string>{"reason"});
  }
  const auto cancelledDraft = events.cancel(officer, draft, "Dobbeltbooket", std::nullopt);
  CHECK(cancelledDraft.status == EventStatus::cancelled);
  CHECK(cancelledDraft.revision == 0);  // never announced
  const auto cancelled = events.cancel(officer, id, "  Taleren er syg.\nNy dato følger.  ", std::nullopt);
  CHECK(cancelled.status == EventStatus::cancelled);
  CHECK(cancelled.cancellation_reason == "Taleren er syg.\nNy dato følger.");
  CHECK(cancelled.revision == 1);  // calendars must hear of it
  CHECK(stored(id).cancellation_reason == "Taleren er syg.\nNy dato følger.");
  CHECK(errorOf([&] { events.cancel(officer, id, "Igen", std::nullopt); }).code() == ErrorCode::conflict);
  CHECK(errorOf([&] { events.publish(officer, id, std::nullopt); }).code() == ErrorCode::conflict);
}

TEST_CASE_METHOD(EventFixture, "Cancelled and completed events cannot be edited", "[event][lifecycle]") {
  const auto cancelled = publishedEvent(seminar());
  events.cancel(officer, cancelled, "Aflyst", std::nullopt);
  const auto completed = publishedEvent(seminar(-10));
  events.close(officer, completed, std::nullopt);
  EventChanges c;
  c.description = std::optional<std::string>("Noter");
  for (const auto id : {cancelled, completed}) {
    const auto before = stored(id);
    CHECK(errorOf([&] { events.update(officer, id, c, std::nullopt); }).code() == ErrorCode::conflict);
    CHECK(stored(id).version == before.version);
  }
}

TEST_CASE_METHOD(EventFixture, "A stale version is refused everywhere", "[event][lifecycle]") {
  const auto id = createEvent(seminar());
  EventChanges c;
  c.title = "Nyt navn";
  CHECK(errorOf([&] { events.update(officer, id, c, 2); }).code() == ErrorCode::precondition_failed);
  CHECK(events.update(officer, id, c, 1).version == 2);
  CHECK(errorOf([&] { events.publish(officer, id, 1); }).code() == ErrorCode::precondition_failed);
  CHECK(events.publish(officer, id, 2).version == 3);
  CHECK(errorOf([&] { events.cancel(officer, id, "x", 2); }).code() == ErrorCode::precondition_failed);
  clock.set(stored(id).ends_at);
  CHECK(errorOf([&] { events.close(officer, id, 2); }).code() == ErrorCode::precondition_failed);
  CHECK(events.close(officer, id, 3).version == 4);
  CHECK(errorOf([&] { events.update(officer, 4242, c, std::nullopt); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(EventFixture, "Closing marks unchecked confirmed people no-show and recounts", "[event][lifecycle]") {
  const auto id = eventWithSeats(3);
  const auto came = arrive(id, person(org_a, "Anne"));
  const auto stayedAway = arrive(id, person(org_a, "Bo"));
  const auto cancelled = arrive(id, person(org_b, "Cecilie"));
  const auto third = arrive(id, person(org_b, "Dorte"));
  CHECK(third.status == RegistrationStatus::waitlisted);
  registrations.cancel(officer, cancelled.id);  // Dorte moves up: three confirmed, nobody waiting
  CHECK(registration(third.id).status == RegistrationStatus::confirmed);
  const auto queued = arrive(id, person(org_c, "Erik"));
  CHECK(queued.status == RegistrationStatus::waitlisted);
  clock.set(stored(id).starts_at);
  registrations.checkIn(officer, came.id);
  clock.set(stored(id).ends_at + 1h);
  const auto closed = events.close(officer, id, std::nullopt);
  CHECK(closed.status == EventStatus::completed);
  CHECK(registration(came.id).status == RegistrationStatus::attended);
  CHECK(registration(stayedAway.id).status == RegistrationStatus::no_show);
  CHECK(registration(third.id).status == RegistrationStatus::no_show);
  CHECK(registration(cancelled.id).status == RegistrationStatus::cancelled);
  CHECK(registration(queued.id).status == RegistrationStatus::waitlisted);
  CHECK(closed.confirmed == 1);  // seats taken: attended only now
  CHECK(closed.waitlisted == 1);
  CHECK(stored(id).confirmed == 1);
  CHECK(stored(id).waitlisted == 1);
  const auto steps = registrations.history(officer, stayedAway.id);
  REQUIRE(steps.size() == 2);
  CHECK(steps.back().action == "no_show");
  CHECK(steps.back().user_id == officer_id);
  CHECK(steps.back().at == clock.now());
  CHECK(steps.back().from_status == RegistrationStatus::confirmed);
  CHECK(steps.back().to_status == RegistrationStatus::no_show);
}

// --- revisions: what calendars must hear about ---

TEST_CASE_METHOD(EventFixture, "A published event's revision rises with time, place, title and status",
                 "[event][revision]") {
  const auto draftId = createEvent(seminar());
  EventChanges title;
  title.title = "Nyt navn";
  CHECK(events.update(officer, draftId, title, std::nullopt).revision == 0);  // drafts are nobody's business yet

  const auto id = publishedEvent(seminar());
  auto revisionAfter = [&](const EventChanges& c) { return events.update(officer, id, c, std::nullopt).revision; };
  EventChanges c;
  c.description = std::optional<std::string>("Program følger");
  CHECK(revisionAfter(c) == 0);
  c = {};
  c.capacity = std::optional<int>(40);
  CHECK(revisionAfter(c) == 0);
  c = {};
  c.tags = std::vector<std::string>{"radikalisering"};
  CHECK(revisionAfter(c) == 0);
  c = {};
  c.title = "Seminar om forebyggelse";  // the same title: no change
  CHECK(revisionAfter(c) == 0);
  c.title = "Seminar om forebyggelse, del 2";
  CHECK(revisionAfter(c) == 1);
  c = {};
  c.starts_at = stored(id).starts_at + 1h;
  c.ends_at = stored(id).ends_at + 1h;
  CHECK(revisionAfter(c) == 2);
  c = {};
  c.ends_at = stored(id).ends_at + 30min;
  CHECK(revisionAfter(c) == 3);
  c = {};
  c.venue = Venue{"Godsbanen", std::nullopt, 751};
  CHECK(revisionAfter(c) == 4);
  c = {};
  c.online_url = std::optional<std::string>("https://moede.example.dk/x");
  CHECK(revisionAfter(c) == 5);
  CHECK(events.cancel(officer, id, "Aflyst", std::nullopt).revision == 6);
  CHECK(stored(id).revision == 6);
}

// --- capacity ---

TEST_CASE_METHOD(EventFixture, "Capacity cannot go below the seats already taken", "[event][capacity]") {
  const auto id = eventWithSeats(5);
  for (const auto* name : {"Anne", "Bo", "Carl"}) arrive(id, person(org_a, name));
  EventChanges c;
  c.capacity = std::optional<int>(2);
  const auto error = errorOf([&] { events.update(officer, id, c, std::nullopt); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(fieldNames(error) == std::vector<std::string>{"capacity"});
  CHECK(stored(id).details.capacity == 5);
  c.capacity = std::optional<int>(3);
  CHECK(events.update(officer, id, c, std::nullopt).details.capacity == 3);
}

TEST_CASE_METHOD(EventFixture, "Raising the capacity promotes the waiting list in arrival order, respecting the quota",
                 "[event][capacity]") {
  const auto id = eventWithSeats(2, 2);
  const auto a1 = person(org_a, "A1"), a2 = person(org_a, "A2"), a3 = person(org_a, "A3");
  const auto b1 = person(org_b, "B1"), c1 = person(org_c, "C1"), b2 = person(org_b, "B2");
  for (const auto contact : {a1, a2, a3, b1, c1, b2}) arrive(id, contact);
  CHECK(contactsWithStatus(id, RegistrationStatus::confirmed) == std::vector<Id>{a1, a2});
  CHECK(contactsWithStatus(id, RegistrationStatus::waitlisted) == std::vector<Id>{a3, b1, c1, b2});
  CHECK(stored(id).waitlisted == 4);

  EventChanges c;
  c.capacity = std::optional<int>(4);
  const auto updated = events.update(officer, id, c, std::nullopt);
  // A3 is first in line but A has its two seats; B1 and C1 come next.
  CHECK(contactsWithStatus(id, RegistrationStatus::confirmed) == std::vector<Id>{a1, a2, b1, c1});
  CHECK(contactsWithStatus(id, RegistrationStatus::waitlisted) == std::vector<Id>{a3, b2});
  CHECK(updated.confirmed == 4);
  CHECK(updated.waitlisted == 2);
  CHECK(stored(id).confirmed == 4);

  // The promotion is recorded, by the system, so an invitation can be sent.
  const auto promoted = registrations.list(officer, {id, RegistrationStatus::confirmed, std::nullopt, {}}).items;
  const auto steps = registrations.history(officer, promoted[2].id);
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].action == "waitlisted");
  CHECK(steps[1].action == "promoted");
  CHECK_FALSE(steps[1].user_id);
  CHECK(steps[1].from_status == RegistrationStatus::waitlisted);
  CHECK(steps[1].to_status == RegistrationStatus::confirmed);

  // Unlimited seats: everybody the quota lets in.
  c.capacity = std::optional<int>();
  events.update(officer, id, c, std::nullopt);
  CHECK(contactsWithStatus(id, RegistrationStatus::waitlisted) == std::vector<Id>{a3});
  // A higher quota lets the rest in.
  c = {};
  c.per_organisation_quota = std::optional<int>(3);
  CHECK(events.update(officer, id, c, std::nullopt).waitlisted == 0);
  CHECK(contactsWithStatus(id, RegistrationStatus::confirmed) == std::vector<Id>{a1, a2, a3, b1, c1, b2});
}

// --- who sees what ---

TEST_CASE_METHOD(EventFixture, "Partners see published events open to them, others are not found", "[event][access]") {
  const auto draft = createEvent(seminar(3, "Kladde"));
  const auto open = publishedEvent(seminar(4, "Åbent seminar"));
  auto invitedInput = seminar(5, "Kun for inviterede");
  invitedInput.audience = Audience::invited;
  invitedInput.invited_organisation_ids = {org_a};
  const auto invited = publishedEvent(invitedInput);
  auto invitedDraftInput = invitedInput;
  invitedDraftInput.details.title = "Inviteret kladde";
  const auto invitedDraft = createEvent(invitedDraftInput);
  const auto cancelled = publishedEvent(seminar(6, "Aflyst"));
  events.cancel(officer, cancelled, "Aflyst", std::nullopt);

  CHECK(idsOf(events.list(officer, {})) == std::vector<Id>{draft, open, invited, invitedDraft, cancelled});
  CHECK(idsOf(events.list(manager, {})) == std::vector<Id>{draft, open, invited, invitedDraft, cancelled});
  // Cancelled events stay visible so that partners learn of the cancellation.
  CHECK(idsOf(events.list(partner_a, {})) == std::vector<Id>{open, invited, cancelled});
  CHECK(idsOf(events.list(partner_b, {})) == std::vector<Id>{open, cancelled});
  // A partner cannot widen its view with a filter of its own.
  EventQuery sneaky;
  sneaky.visible_to_organisation = org_a;
  CHECK(idsOf(events.list(partner_b, sneaky)) == std::vector<Id>{open, cancelled});
  // A partner user without an organisation sees only what is open to all.
  CHECK(events.list(Actor{partner_a.user_id, Role::partner, std::nullopt}, {}).items.size() == 2);

  CHECK(events.get(partner_a, invited).id == invited);
  CHECK(events.get(partner_b, open).id == open);
  CHECK(events.get(manager, draft).id == draft);
  for (const auto id : {draft, invited, invitedDraft, Id{4242}})
    CHECK(errorOf([&] { events.get(partner_b, id); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { events.get(partner_a, invitedDraft); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(EventFixture, "Listing filters by time window, kind, status, district and text", "[event]") {
  const auto early = publishedEvent(seminar(2, "Tidligt seminar"));
  auto training = seminar(10, "Kursus i tegn på radikalisering");
  training.details.kind = "training";
  training.details.venue.municipality_id = 851;
  const auto late = createEvent(training);
  EventQuery q;
  q.from = stored(early).ends_at;  // ends at or after
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{early, late});
  q.from = stored(early).ends_at + 1s;
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{late});
  q = {};
  q.to = stored(late).starts_at;  // starts before
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{early});
  q = {};
  q.kind = "training";
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{late});
  q = {};
  q.status = EventStatus::published;
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{early});
  q = {};
  q.police_district_id = 1;
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{late});
  q = {};
  q.q = "RADIKAL";
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{late});
  q = {};
  q.descending = true;
  CHECK(idsOf(events.list(officer, q)) == std::vector<Id>{late, early});
}

TEST_CASE_METHOD(EventFixture, "A draft cancelled before publication stays hidden from partners",
                 "[event][visibility]") {
  const auto draft = createEvent(seminar(14, "Aldrig udsendt"));
  events.cancel(officer, draft, "Planerne ændret", std::nullopt);
  CHECK(errorOf([&] { events.get(partner_a, draft); }).code() == ErrorCode::not_found);
  for (const auto& e : events.list(partner_a, EventQuery{}).items) CHECK(e.id != draft);
  const auto published = publishedEvent(seminar(15, "Udsendt og aflyst"));
  events.cancel(officer, published, "Sygdom", std::nullopt);
  CHECK(events.get(partner_a, published).status == EventStatus::cancelled);
}
