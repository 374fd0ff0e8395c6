// Series of network meetings: a rule (RRULE, expanded by libical), a wall-clock time of day kept across
// daylight saving, a standing roster invited to every occurrence, occurrences materialised a year ahead
// and extended as time passes, changes from one occurrence onward that leave individually changed
// occurrences alone, cancelling the rest, and attendance per roster member.
#include <catch2/catch.hpp>

#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct SeriesFixture : EventFixture {
  SeriesFixture() { clock.set(utc(2026, 3, 1, 8)); }  // a Sunday in winter; the horizon is 2 March 2027

  // Infohus Østjylland: the second Tuesday of every third month, 10:00-12:00 in Copenhagen, from 10 March 2026.
  NewSeries quarterly() const {
    NewSeries s;
    s.details.kind = "network_meeting";
    s.details.title = "Infohus Østjylland";
    s.details.venue = Venue{"Politigården", "Ridderstræde 1\n8000 Aarhus C", 751};
    s.details.capacity = 30;
    s.rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU";
    s.starts_at = utc(2026, 3, 10, 9);  // 10:00 +01:00
    s.ends_at = utc(2026, 3, 10, 11);
    s.roster_organisation_ids = {org_b, org_a, org_b};
    return s;
  }

  DomainError createError(NewSeries input) {
    return errorOf([&] { series.create(officer, std::move(input)); });
  }

  std::vector<Timestamp> startsOf(Id seriesId) {
    std::vector<Timestamp> out;
    for (const auto& e : occurrences(seriesId)) out.push_back(e.starts_at);
    return out;
  }
};

}  // namespace

TEST_CASE_METHOD(SeriesFixture, "Stored series: ids, versions, order and the active ones as storage",
                 "[store][series]") {
  const auto first = series.create(officer, quarterly());
  const auto second = series.create(officer, quarterly());
  CHECK(first.id == 1);
  CHECK(second.id == 2);
  auto uow = store.begin(Access::write);
  auto s = *uow->series().find(first.id);
  CHECK(s.version == 2);  // inserted, then updated with its horizon
  s.status = SeriesStatus::ended;
  CHECK_FALSE(uow->series().update(s, 1));
  CHECK(uow->series().update(s, 2));
  CHECK(uow->series().active().size() == 1);
  CHECK(uow->series().active().front().id == second.id);
  PageRequest page;
  page.limit = 1;
  page.offset = 1;
  const auto listed = uow->series().list(page);
  CHECK(listed.total == 2);
  REQUIRE(listed.items.size() == 1);
  CHECK(listed.items.front().id == second.id);
  // occurrences in start order
  const auto of = uow->events().ofSeries(first.id);
  REQUIRE(of.size() == 4);
  CHECK(std::is_sorted(of.begin(), of.end(), [](const Event& a, const Event& b) { return a.starts_at < b.starts_at; }));
  s.details.kind = "party";
  CHECK(errorOf([&] { uow->series().update(s, 3); }).code() == ErrorCode::conflict);
}

// --- creating ---

TEST_CASE_METHOD(SeriesFixture, "A series materialises its occurrences a year ahead, each inviting the roster",
                 "[series]") {
  const auto created = series.create(officer, quarterly());
  CHECK(created.status == SeriesStatus::active);
  CHECK(created.first_start == wall(2026, 3, 10, 10, 0));
  CHECK(created.duration_minutes == 120);
  CHECK(created.roster_organisation_ids == std::vector<Id>{org_a, org_b});
  CHECK(created.details.organiser_user_id == officer_id);
  CHECK(created.details.police_district_id == 2);
  CHECK(created.materialised_until == wall(2027, 3, 2, 9, 0));  // 366 days ahead, on the wall clock
  CHECK(storedSeries(created.id).materialised_until == created.materialised_until);

  // 10:00 on the wall every time: 09:00Z in winter, 08:00Z in summer. 9 March 2027 is past the horizon.
  CHECK(startsOf(created.id) ==
        std::vector<Timestamp>{utc(2026, 3, 10, 9), utc(2026, 6, 9, 8), utc(2026, 9, 8, 8), utc(2026, 12, 8, 9)});
  for (const auto& e : occurrences(created.id)) {
    CHECK(e.series_id == created.id);
    CHECK(e.status == EventStatus::published);  // announced by default
    CHECK(e.audience == Audience::invited);
    CHECK(e.invited_organisation_ids == std::vector<Id>{org_a, org_b});
    CHECK(e.occurrence_start == e.starts_at);
    CHECK(e.ends_at - e.starts_at == 2h);
    CHECK(e.details.title == "Infohus Østjylland");
    CHECK(e.details.kind == "network_meeting");
    CHECK(e.details.capacity == 30);
    CHECK(e.details.police_district_id == 2);
    CHECK(e.details.organiser_user_id == officer_id);
    CHECK_FALSE(e.series_override);
    CHECK(e.revision == 0);
  }
  // The roster's partners see the occurrences; others do not.
  CHECK(events.list(partner_a, {}).total == 4);
  CHECK(events.list(partner_c, {}).total == 0);
}

TEST_CASE_METHOD(SeriesFixture, "A series asked not to publish keeps its occurrences as drafts", "[series]") {
  auto input = quarterly();
  input.publish = false;
  const auto created = series.create(officer, input);
  const auto all = occurrences(created.id);
  REQUIRE(all.size() == 4);
  for (const auto& e : all) CHECK(e.status == EventStatus::draft);
  CHECK(events.list(partner_a, {}).total == 0);
  clock.set(utc(2026, 3, 10, 9));
  CHECK(series.extendHorizons() == 1);
  CHECK(occurrences(created.id).back().status == EventStatus::draft);
}

TEST_CASE_METHOD(SeriesFixture, "Creating a series checks the rule, the times, the roster and the defaults",
                 "[series][validation]") {
  auto input = quarterly();
  SECTION("the rule") {
    for (const auto* rule : {"", "FREQ=HOURLY", "RRULE:FREQ=WEEKLY", "FREQ=WEEKLY;COUNT=3;UNTIL=20270101",
                             "FREQ=MONTHLY;BYDAY=2XX", "hver tirsdag"}) {
      input.rrule = rule;
      const auto error = createError(input);
      CHECK(error.code() == ErrorCode::invalid);
      CHECK(fieldNames(error) == std::vector<std::string>{"rrule"});
    }
  }
  SECTION("the roster is required and must exist") {
    input.roster_organisation_ids = {};
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"roster_organisation_ids"});
    input.roster_organisation_ids = {org_a, 4242};
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"roster_organisation_ids"});
  }
  SECTION("an occurrence ends after it starts and lasts at most a day") {
    input.ends_at = input.starts_at;
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"ends_at"});
    input.ends_at = input.starts_at + 24h + 1min;
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"ends_at"});
  }
  SECTION("the start is itself an occurrence of the rule") {
    input.starts_at = utc(2026, 3, 11, 9);  // a Wednesday
    input.ends_at = utc(2026, 3, 11, 11);
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"starts_at"});
    input.starts_at = utc(2026, 3, 3, 9);  // the first Tuesday
    input.ends_at = utc(2026, 3, 3, 11);
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"starts_at"});
  }
  SECTION("the defaults are checked like an event's") {
    input.details.title = "Infohus\nØst";
    input.details.kind = "party";
    input.details.capacity = 0;
    const auto error = createError(input);
    CHECK(hasField(error, "title"));
    CHECK(hasField(error, "kind"));
    CHECK(hasField(error, "capacity"));
  }
  SECTION("all problems of the request at once") {
    input.rrule = "FREQ=HOURLY";
    input.roster_organisation_ids = {};
    input.ends_at = input.starts_at;
    CHECK(fieldNames(createError(input)) == std::vector<std::string>{"rrule", "ends_at", "roster_organisation_ids"});
  }
  SECTION("only officers and administrators plan series") {
    CHECK(errorOf([&] { series.create(partner_a, quarterly()); }).code() == ErrorCode::forbidden);
    CHECK(errorOf([&] { series.create(manager, quarterly()); }).code() == ErrorCode::forbidden);
    CHECK(errorOf([&] { series.list(partner_a, {}); }).code() == ErrorCode::forbidden);
  }
  CHECK(store.count("series") == 0);
  CHECK(store.count("events") == 0);
}

TEST_CASE_METHOD(SeriesFixture, "Wall-clock time holds across both DST changes", "[series][dst]") {
  auto spring = quarterly();
  spring.rrule = "FREQ=WEEKLY;BYDAY=TH;COUNT=3";
  spring.starts_at = utc(2026, 3, 19, 9);  // Thursday 10:00 +01:00
  spring.ends_at = spring.starts_at + 90min;
  const auto s = series.create(officer, spring);
  CHECK(startsOf(s.id) == std::vector<Timestamp>{utc(2026, 3, 19, 9), utc(2026, 3, 26, 9), utc(2026, 4, 2, 8)});

  auto autumn = quarterly();
  autumn.rrule = "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261106";
  autumn.starts_at = utc(2026, 10, 22, 8);  // Thursday 10:00 +02:00
  autumn.ends_at = autumn.starts_at + 90min;
  const auto a = series.create(officer, autumn);
  CHECK(startsOf(a.id) == std::vector<Timestamp>{utc(2026, 10, 22, 8), utc(2026, 10, 29, 9), utc(2026, 11, 5, 9)});
  for (const auto& e : occurrences(a.id)) CHECK(e.ends_at - e.starts_at == 90min);

  // A rule that has ended makes nothing more, however far the clock moves.
  clock.set(utc(2027, 6, 1));
  CHECK(series.extendHorizons() == 0);
  CHECK(occurrences(s.id).size() == 3);
  CHECK(occurrences(a.id).size() == 3);
}

// --- extending the horizon ---

TEST_CASE_METHOD(SeriesFixture, "Occurrences are added as the clock moves on, never twice", "[series][horizon]") {
  const auto s = series.create(officer, quarterly());
  CHECK(series.extendHorizons() == 0);
  clock.set(utc(2026, 3, 10, 9));  // the horizon reaches 11 March 2027
  CHECK(series.extendHorizons() == 1);
  CHECK(startsOf(s.id).back() == utc(2027, 3, 9, 9));
  CHECK(storedSeries(s.id).materialised_until == wall(2027, 3, 11, 10, 0));
  CHECK(series.extendHorizons() == 0);
  clock.set(utc(2027, 3, 10, 9));
  CHECK(series.extendHorizons() == 3);  // June, September and December 2027
  CHECK(series.extendHorizons() == 0);
  clock.set(utc(2027, 3, 14, 9));
  CHECK(series.extendHorizons() == 1);  // 14 March 2028 is the second Tuesday
  const auto starts = startsOf(s.id);
  CHECK(starts.size() == 9);
  CHECK(std::adjacent_find(starts.begin(), starts.end()) == starts.end());
  CHECK(starts.back() == utc(2028, 3, 14, 9));
}

TEST_CASE_METHOD(SeriesFixture, "A daily series stays a year ahead however long it runs", "[series][horizon]") {
  auto input = quarterly();
  input.rrule = "FREQ=DAILY";
  input.starts_at = utc(2026, 3, 2, 9);
  input.ends_at = utc(2026, 3, 2, 10);
  const auto s = series.create(officer, input);
  CHECK(occurrences(s.id).size() ==
        365);  // 2 March 2026 to 1 March 2027 (on 2 March 10:00 is after the horizon's 09:00)
  CHECK(occurrences(s.id).back().starts_at == utc(2027, 3, 1, 9));
  clock.set(utc(2026, 5, 1, 8));
  series.extendHorizons();
  const auto all = occurrences(s.id);
  CHECK(all.back().starts_at == utc(2027, 5, 2, 8));  // 10:00 +02:00 on the horizon's day (08:00Z + 366 days)
  CHECK(all.size() == 427);                           // every day, none missing, none twice
  clock.set(utc(2027, 5, 1, 8));
  series.extendHorizons();
  CHECK(occurrences(s.id).back().starts_at == utc(2028, 5, 1, 8));
}

TEST_CASE_METHOD(SeriesFixture, "New occurrences keep being announced after earlier ones are held",
                 "[series][horizon]") {
  const auto s = series.create(officer, quarterly());
  const auto first = occurrences(s.id).front();
  clock.set(first.ends_at + 1h);
  events.close(officer, first.id, std::nullopt);
  CHECK(series.extendHorizons() == 1);
  CHECK(occurrences(s.id).back().status == EventStatus::published);
}

TEST_CASE_METHOD(SeriesFixture, "An organiser who has left does not stop a series", "[series][horizon]") {
  const auto leaver = addUser(store, Role::officer, "leaver@example.dk");
  auto input = quarterly();
  input.details.organiser_user_id = leaver;
  const auto orphan = series.create(officer, input);
  const auto other = series.create(officer, quarterly());
  setUserStatus(store, leaver, UserStatus::disabled);  // the organiser has left
  clock.set(utc(2026, 3, 10, 9));
  series.extendHorizons();
  CHECK(occurrences(other.id).size() == 5);
  CHECK(occurrences(orphan.id).size() == 5);  // the meetings go on; an officer may name a new organiser
  SeriesChanges title;
  title.title = "Infohus Østjylland (uden Lone)";
  CHECK_NOTHROW(series.update(officer, orphan.id, title, std::nullopt));  // an unchanged organiser is not re-checked
  SeriesChanges organiser;
  organiser.organiser_user_id = std::optional<Id>(leaver);
  CHECK(fieldNames(errorOf([&] { series.update(officer, other.id, organiser, std::nullopt); })) ==
        std::vector<std::string>{"organiser_user_id"});
  organiser.organiser_user_id = std::optional<Id>(admin_id);
  series.update(officer, orphan.id, organiser, std::nullopt);
  CHECK(occurrences(orphan.id).back().details.organiser_user_id == admin_id);
}

// --- changing one occurrence, or the series from an occurrence onward ---

TEST_CASE_METHOD(SeriesFixture, "One occurrence changed on its own is left alone by later series changes",
                 "[series][update]") {
  const auto s = series.create(officer, quarterly());
  auto all = occurrences(s.id);
  // The September meeting moves two days and gets its own agenda; the June one is cancelled.
  EventChanges moved;
  moved.starts_at = utc(2026, 9, 10, 8);
  moved.ends_at = utc(2026, 9, 10, 10);
  moved.description = std::optional<std::string>("Særligt tema");
  const auto septemberAfter = events.update(officer, all[2].id, moved, std::nullopt);
  CHECK(septemberAfter.series_override);
  CHECK(septemberAfter.revision == 1);
  events.cancel(officer, all[1].id, "Sommerferie", std::nullopt);
  // The others are untouched.
  CHECK(stored(all[0].id).version == all[0].version);
  CHECK(stored(all[3].id).version == all[3].version);

  SeriesChanges c;
  c.title = "Infohus Østjylland – netværksmøde";
  c.start_hour = 13u;
  series.update(officer, s.id, c, std::nullopt);
  all = occurrences(s.id);
  REQUIRE(all.size() == 4);
  CHECK(all[0].details.title == "Infohus Østjylland – netværksmøde");
  CHECK(all[1].details.title == "Infohus Østjylland");  // cancelled: left as it was
  CHECK(all[1].status == EventStatus::cancelled);
  CHECK(all[2].details.title == "Infohus Østjylland");  // changed on its own
  CHECK(all[2].starts_at == utc(2026, 9, 10, 8));
  CHECK(all[3].details.title == "Infohus Østjylland – netværksmøde");
  CHECK(all[3].starts_at == utc(2026, 12, 8, 12));  // 13:00 +01:00

  // Neither the moved nor the cancelled occurrence is made again.
  clock.set(utc(2026, 3, 10, 9));
  CHECK(series.extendHorizons() == 1);
  CHECK(occurrences(s.id).size() == 5);
  CHECK(occurrences(s.id).back().starts_at == utc(2027, 3, 9, 12));  // the new time of day
  CHECK(occurrences(s.id).back().details.title == "Infohus Østjylland – netværksmøde");
}

TEST_CASE_METHOD(SeriesFixture, "Changing the series from an occurrence on changes only that one and later ones",
                 "[series][update]") {
  const auto s = series.create(officer, quarterly());
  const auto before = occurrences(s.id);
  SeriesChanges c;
  c.from_event_id = before[1].id;
  c.title = "Infohus Østjylland (nyt navn)";
  c.description = std::optional<std::string>("Dagsorden følger");
  c.capacity = std::optional<int>(40);
  const auto updated = series.update(officer, s.id, c, 2);
  CHECK(updated.details.title == "Infohus Østjylland (nyt navn)");
  CHECK(updated.version == 3);
  const auto after = occurrences(s.id);
  CHECK(after[0].details.title == "Infohus Østjylland");
  CHECK(after[0].version == before[0].version);
  for (std::size_t i = 1; i < after.size(); ++i) {
    CHECK(after[i].details.title == "Infohus Østjylland (nyt navn)");
    CHECK(after[i].details.description == "Dagsorden følger");
    CHECK(after[i].details.capacity == 40);
    CHECK(after[i].revision == 1);  // the title is material; description and capacity are not
    CHECK_FALSE(after[i].series_override);
  }
  // A description alone does not raise the revision.
  SeriesChanges d;
  d.description = std::optional<std::string>("Ny dagsorden");
  series.update(officer, s.id, d, std::nullopt);
  for (const auto& e : occurrences(s.id)) CHECK(e.revision == (e.id == before[0].id ? 0 : 1));
  // Without from_event_id: the occurrences still to come (the first one started before the clock moved).
  clock.set(utc(2026, 3, 10, 10));
  SeriesChanges t;
  t.title = "Infohus Øst";
  series.update(officer, s.id, t, std::nullopt);
  CHECK(occurrences(s.id)[0].details.title == "Infohus Østjylland");
  CHECK(occurrences(s.id)[1].details.title == "Infohus Øst");

  CHECK(errorOf([&] { series.update(officer, s.id, t, 1); }).code() == ErrorCode::precondition_failed);
  SeriesChanges foreign;
  foreign.from_event_id = createEvent(seminar());
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, foreign, std::nullopt); })) ==
        std::vector<std::string>{"from_event_id"});
  CHECK(errorOf([&] { series.update(partner_a, s.id, t, std::nullopt); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { series.update(officer, 4242, t, std::nullopt); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(SeriesFixture, "A new time of day moves the occurrences and keeps their dates, across DST",
                 "[series][update][dst]") {
  const auto s = series.create(officer, quarterly());
  const auto before = occurrences(s.id);
  SeriesChanges c;
  c.from_event_id = before[1].id;
  c.start_hour = 14u;
  c.start_minute = 30u;
  c.duration_minutes = 90;
  const auto updated = series.update(officer, s.id, c, std::nullopt);
  CHECK(updated.first_start == wall(2026, 3, 10, 14, 30));
  CHECK(updated.duration_minutes == 90);
  CHECK(startsOf(s.id) == std::vector<Timestamp>{utc(2026, 3, 10, 9), utc(2026, 6, 9, 12, 30), utc(2026, 9, 8, 12, 30),
                                                 utc(2026, 12, 8, 13, 30)});
  const auto after = occurrences(s.id);
  CHECK(after[0].ends_at - after[0].starts_at == 2h);
  for (std::size_t i = 1; i < after.size(); ++i) {
    CHECK(after[i].ends_at - after[i].starts_at == 90min);
    CHECK(after[i].occurrence_start == before[i].occurrence_start);  // the rule's date stays the key
    CHECK(after[i].revision == 1);
  }
  // Only the duration: the start stays, the end moves.
  SeriesChanges d;
  d.duration_minutes = 60;
  series.update(officer, s.id, d, std::nullopt);
  CHECK(occurrences(s.id)[3].starts_at == utc(2026, 12, 8, 13, 30));
  CHECK(occurrences(s.id)[3].ends_at == utc(2026, 12, 8, 14, 30));
  // And the next occurrence made keeps the new time and length.
  clock.set(utc(2026, 3, 10, 9));
  CHECK(series.extendHorizons() == 1);
  CHECK(occurrences(s.id).back().starts_at == utc(2027, 3, 9, 13, 30));
  CHECK(occurrences(s.id).back().ends_at == utc(2027, 3, 9, 14, 30));

  SeriesChanges bad;
  bad.start_hour = 24u;
  bad.start_minute = 60u;
  bad.duration_minutes = 4;
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, bad, std::nullopt); })) ==
        std::vector<std::string>{"start_hour", "start_minute", "duration_minutes"});
}

TEST_CASE_METHOD(SeriesFixture, "The roster changes the invitations, it cannot become empty", "[series][update]") {
  const auto s = series.create(officer, quarterly());
  SeriesChanges c;
  c.roster_organisation_ids = std::vector<Id>{org_c, org_a, org_c};
  const auto updated = series.update(officer, s.id, c, std::nullopt);
  CHECK(updated.roster_organisation_ids == std::vector<Id>{org_a, org_c});
  for (const auto& e : occurrences(s.id)) {
    CHECK(e.invited_organisation_ids == std::vector<Id>{org_a, org_c});
    CHECK(e.revision == 0);  // who is invited is not a change of time, place or title
  }
  CHECK(events.list(partner_b, {}).total == 0);
  CHECK(events.list(partner_c, {}).total == 4);

  c.roster_organisation_ids = std::vector<Id>{};
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, c, std::nullopt); })) ==
        std::vector<std::string>{"roster_organisation_ids"});
  c.roster_organisation_ids = std::vector<Id>{org_a, 4242};
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, c, std::nullopt); })) ==
        std::vector<std::string>{"roster_organisation_ids"});
  CHECK(storedSeries(s.id).roster_organisation_ids == std::vector<Id>{org_a, org_c});
}

TEST_CASE_METHOD(SeriesFixture, "Series defaults are checked even when no occurrence is left to change",
                 "[series][update][validation]") {
  const auto s = series.create(officer, quarterly());
  clock.set(utc(2027, 1, 1));  // every materialised occurrence is past
  SeriesChanges c;
  c.title = "Infohus\nØst";
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, c, std::nullopt); })) ==
        std::vector<std::string>{"title"});
  SeriesChanges capacity;
  capacity.capacity = std::optional<int>(0);
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, capacity, std::nullopt); })) ==
        std::vector<std::string>{"capacity"});
  CHECK(storedSeries(s.id).details.title == "Infohus Østjylland");
  SeriesChanges trimmed;
  trimmed.title = "  Infohus Øst  ";
  CHECK(series.update(officer, s.id, trimmed, std::nullopt).details.title == "Infohus Øst");
  // and the horizon still extends with good defaults (March to December 2027)
  CHECK(series.extendHorizons() == 4);
  CHECK(occurrences(s.id).back().details.title == "Infohus Øst");
}

TEST_CASE_METHOD(SeriesFixture, "Raising a series' capacity lets waiting people in", "[series][update][capacity]") {
  auto input = quarterly();
  input.details.capacity = 1;
  const auto s = series.create(officer, input);
  const auto next = occurrences(s.id)[1];
  const auto first = arrive(next.id, person(org_a, "A1"));
  const auto second = arrive(next.id, person(org_b, "B1"));
  CHECK(second.status == RegistrationStatus::waitlisted);
  SeriesChanges c;
  c.capacity = std::optional<int>(2);
  series.update(officer, s.id, c, std::nullopt);
  CHECK(registration(second.id).status == RegistrationStatus::confirmed);
  CHECK(stored(next.id).confirmed == 2);
  // and lowering it below the seats taken is refused, as for a single event
  c.capacity = std::optional<int>(1);
  CHECK(fieldNames(errorOf([&] { series.update(officer, s.id, c, std::nullopt); })) ==
        std::vector<std::string>{"capacity"});
  (void)first;
}

// --- cancelling the rest ---

TEST_CASE_METHOD(SeriesFixture, "Cancelling the rest from an occurrence ends the series", "[series][cancel]") {
  const auto s = series.create(officer, quarterly());
  const auto all = occurrences(s.id);
  CHECK(fieldNames(errorOf([&] { series.cancelRest(officer, s.id, all[2].id, " "); })) ==
        std::vector<std::string>{"reason"});
  CHECK(errorOf([&] { series.cancelRest(partner_a, s.id, all[2].id, "x"); }).code() == ErrorCode::forbidden);
  const auto ended = series.cancelRest(officer, s.id, all[2].id, "Infohuset lukker");
  CHECK(ended.status == SeriesStatus::ended);
  CHECK(storedSeries(s.id).status == SeriesStatus::ended);
  const auto after = occurrences(s.id);
  CHECK(after[0].status == EventStatus::published);
  CHECK(after[1].status == EventStatus::published);
  for (std::size_t i = 2; i < after.size(); ++i) {
    CHECK(after[i].status == EventStatus::cancelled);
    CHECK(after[i].cancellation_reason == "Infohuset lukker");
    CHECK(after[i].revision == 1);
  }
  clock.set(utc(2027, 6, 1));
  CHECK(series.extendHorizons() == 0);
  CHECK(occurrences(s.id).size() == 4);
  SeriesChanges c;
  c.title = "Igen";
  CHECK(errorOf([&] { series.update(officer, s.id, c, std::nullopt); }).code() == ErrorCode::conflict);
}

TEST_CASE_METHOD(SeriesFixture, "Cancelling the rest without an occurrence cancels those still to come",
                 "[series][cancel]") {
  const auto s = series.create(officer, quarterly());
  const auto all = occurrences(s.id);
  clock.set(all[0].starts_at + 30min);  // the first meeting is under way
  CHECK(fieldNames(errorOf([&] { series.cancelRest(officer, s.id, createEvent(seminar()), "x"); })) ==
        std::vector<std::string>{"from_event_id"});
  series.cancelRest(officer, s.id, std::nullopt, "Slået sammen med Infohus Syd");
  const auto after = occurrences(s.id);
  CHECK(after[0].status == EventStatus::published);
  for (std::size_t i = 1; i < after.size(); ++i) CHECK(after[i].status == EventStatus::cancelled);
  // An ended series is not cancelled again (which would reach back to earlier occurrences).
  CHECK(errorOf([&] { series.cancelRest(officer, s.id, std::nullopt, "Igen"); }).code() == ErrorCode::conflict);
}

// --- attendance ---

TEST_CASE_METHOD(SeriesFixture, "Attendance per roster member counts the held occurrences it attended",
                 "[series][attendance]") {
  auto input = quarterly();
  input.roster_organisation_ids = {org_a, org_b};
  const auto s = series.create(officer, input);
  const auto all = occurrences(s.id);
  const auto a1 = person(org_a, "A1"), a2 = person(org_a, "A2"), b1 = person(org_b, "B1"), c1 = person(org_c, "C1");

  // March: two of A's people and B's one come; the meeting is closed.
  std::vector<Registration> march;
  for (const auto contact : {a1, a2, b1}) march.push_back(registrations.registerOne(officer, all[0].id, contact));
  clock.set(all[0].starts_at);
  for (const auto& r : march) registrations.checkIn(officer, r.id);
  clock.set(all[0].ends_at);
  events.close(officer, all[0].id, std::nullopt);

  // June: A comes, B stays away, C (not on the roster) is let in by the officer. Not closed, but over.
  const auto juneA = registrations.registerOne(officer, all[1].id, a1);
  registrations.registerOne(officer, all[1].id, b1);
  const auto juneC = registrations.registerOne(officer, all[1].id, c1);
  clock.set(all[1].starts_at);
  registrations.checkIn(officer, juneA.id);
  registrations.checkIn(officer, juneC.id);
  // September is cancelled; December is still to come.
  events.cancel(officer, all[2].id, "Aflyst", std::nullopt);
  const auto decemberA = registrations.registerOne(officer, all[3].id, a2);
  clock.set(all[1].ends_at);

  {
    auto uow = store.begin(Access::read);
    const auto pairs = uow->registrations().attendedInSeries(s.id);
    CHECK(pairs.size() == 4);  // (A, March) once although two of A's people came
  }
  const auto rows = series.attendance(officer, s.id);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].organisation_id == org_a);
  CHECK(rows[0].occurrences_held == 2);
  CHECK(rows[0].occurrences_attended == 2);
  CHECK(rows[1].organisation_id == org_b);
  CHECK(rows[1].occurrences_held == 2);
  CHECK(rows[1].occurrences_attended == 1);
  CHECK(series.attendance(manager, s.id).size() == 2);  // organisations, not people
  CHECK(errorOf([&] { series.attendance(partner_a, s.id); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { series.attendance(officer, 4242); }).code() == ErrorCode::not_found);
  (void)decemberA;
}

TEST_CASE_METHOD(SeriesFixture, "One series that cannot be extended does not hold up the others", "[series][horizon]") {
  const auto broken = series.create(officer, quarterly());
  const auto other = series.create(officer, quarterly());
  {  // say, data from an older version: a kind the database still has but the catalog no longer offers
    auto uow = store.begin(Access::write);
    auto data = uow->reference().load();
    data.event_kinds.push_back({"retired_kind", "Udgået", "Retired"});
    uow->reference().upsert(data);
    auto stored = *uow->series().find(broken.id);
    stored.details.kind = "retired_kind";
    REQUIRE(uow->series().update(stored, stored.version));
    uow->commit();
  }
  clock.set(utc(2026, 3, 10, 9));
  const auto error = errorOf([&] { series.extendHorizons(); });
  CHECK(error.code() == ErrorCode::invalid);
  CHECK(std::string(error.what()).find("Series " + std::to_string(broken.id)) != std::string::npos);
  CHECK(fieldNames(error) == std::vector<std::string>{"kind"});
  CHECK(occurrences(other.id).size() == 5);
  CHECK(occurrences(broken.id).size() == 4);
  // Unreachable storage is not one series' problem: it stops the run.
  store.reachable = false;
  CHECK(errorOf([&] { series.extendHorizons(); }).code() == ErrorCode::unavailable);
}

TEST_CASE_METHOD(SeriesFixture, "A capped run makes the rest of the occurrences on the next runs",
                 "[series][horizon]") {
  EventRules rules;
  rules.max_occurrences_per_series = 20;
  SeriesService capped{store, events, clock, zone, recurrence, rules};
  auto input = quarterly();
  input.rrule = "FREQ=WEEKLY;BYDAY=TU";
  const auto s = capped.create(officer, input);
  CHECK(occurrences(s.id).size() == 20);
  CHECK(storedSeries(s.id).materialised_until == wall(2026, 7, 21, 10, 0));  // the 20th Tuesday from 10 March
  CHECK(capped.extendHorizons() == 20);
  CHECK(capped.extendHorizons() == 11);  // up to the horizon, 2 March 2027 09:00: 51 Tuesdays in all
  CHECK(capped.extendHorizons() == 0);
  const auto starts = startsOf(s.id);
  CHECK(starts.size() == 51);
  CHECK(std::adjacent_find(starts.begin(), starts.end()) == starts.end());
  CHECK(starts.back() == utc(2027, 2, 23, 9));
}
