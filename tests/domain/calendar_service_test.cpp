// What calendar files say: downloads, iTIP invitations through a registration's life, series with
// exceptions, and feed tokens.
#include <catch2/catch.hpp>

#include "domain/calendar_service.hpp"
#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct CalendarFixture : EventFixture {
  FakeSecrets secrets;
  CalendarService calendar{store, clock, zone, secrets};
  ContactService contacts{store, clock};

  Id emailedPerson(Id organisation, const std::string& name, const std::string& email) {
    return addContact(store, organisation, name, email);
  }
};

}  // namespace

TEST_CASE_METHOD(CalendarFixture, "A download is the event alone: no method, no attendees, SEQUENCE = revision",
                 "[calendar]") {
  const auto id = eventWithSeats(10);
  EventChanges retitle;
  retitle.title = "Seminar om forebyggelse (ny titel)";
  events.update(officer, id, retitle, std::nullopt);
  const auto document = calendar.eventDownload(officer, id);
  CHECK(document.method == CalendarMethod::none);
  REQUIRE(document.entries.size() == 1);
  const auto& entry = document.entries[0];
  CHECK(entry.uid == "event-" + std::to_string(id) + "@brobygger.dk");
  CHECK(entry.sequence == 1);
  CHECK(entry.summary == "Seminar om forebyggelse (ny titel)");
  CHECK(entry.location == std::optional<std::string>("Dokk1, Hack Kampmanns Plads 2, 8000 Aarhus C"));
  CHECK(entry.status == EntryStatus::confirmed);
  CHECK(entry.attendees.empty());
  CHECK_FALSE(entry.organizer);
  CHECK(calendar.eventDownload(partner_a, id).entries[0].uid == entry.uid);  // stable, and open to partners
  const auto draft = createEvent(seminar(20, "Kladde"));
  CHECK(errorOf([&] { calendar.eventDownload(partner_a, draft); }).code() == ErrorCode::not_found);
}

TEST_CASE_METHOD(CalendarFixture, "An invitation follows the registration: REQUEST, update, attendee CANCEL",
                 "[calendar][invitation]") {
  const auto eventId = eventWithSeats(1);
  const auto anna = emailedPerson(org_a, "Anna \"Ærø\" Jensen", "anna@example.dk");
  const auto bo = emailedPerson(org_a, "Bo Berg", "bo@example.dk");
  const auto first = registrations.registerOne(officer, eventId, anna);
  const auto waiting = registrations.registerOne(officer, eventId, bo);
  REQUIRE(waiting.status == RegistrationStatus::waitlisted);
  CHECK(errorOf([&] { calendar.invitation(officer, waiting.id); }).code() == ErrorCode::not_found);

  auto request = calendar.invitation(officer, first.id);
  CHECK(request.method == CalendarMethod::request);
  REQUIRE(request.entries.size() == 1);
  CHECK(request.entries[0].status == EntryStatus::confirmed);
  REQUIRE(request.entries[0].organizer);
  CHECK(request.entries[0].organizer->email == "officer@example.dk");
  REQUIRE(request.entries[0].attendees.size() == 1);
  CHECK(request.entries[0].attendees[0].person.email == "anna@example.dk");
  const auto firstSequence = request.entries[0].sequence;

  EventChanges move;
  move.starts_at = stored(eventId).starts_at + 1h;
  move.ends_at = stored(eventId).ends_at + 1h;
  events.update(officer, eventId, move, std::nullopt);
  const auto updated = calendar.invitation(officer, first.id);
  CHECK(updated.entries[0].sequence == firstSequence + 1);
  CHECK(updated.entries[0].uid == request.entries[0].uid);

  registrations.cancel(officer, first.id);
  const auto withdrawn = calendar.invitation(officer, first.id);
  CHECK(withdrawn.method == CalendarMethod::cancel);
  CHECK(withdrawn.entries[0].status == EntryStatus::none);  // never STATUS:CANCELLED for one attendee
  CHECK(withdrawn.entries[0].sequence > updated.entries[0].sequence);

  // Bo was promoted into the freed seat; the whole event is then cancelled.
  events.cancel(officer, eventId, "Sygdom", std::nullopt);
  const auto called = calendar.invitation(officer, waiting.id);
  CHECK(called.method == CalendarMethod::cancel);
  CHECK(called.entries[0].status == EntryStatus::cancelled);

  CHECK(errorOf([&] { calendar.invitation(manager, first.id); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { calendar.invitation(partner_b, first.id); }).code() == ErrorCode::not_found);
  CHECK(calendar.invitation(partner_a, first.id).method == CalendarMethod::cancel);
}

TEST_CASE_METHOD(CalendarFixture, "Registering again after a cancellation raises SEQUENCE above the CANCEL",
                 "[calendar][invitation]") {
  const auto eventId = eventWithSeats(10);
  const auto anna = emailedPerson(org_a, "Anna", "anna@example.dk");
  const auto first = registrations.registerOne(officer, eventId, anna);
  registrations.cancel(officer, first.id);
  const auto cancelSequence = calendar.invitation(officer, first.id).entries[0].sequence;
  const auto again = registrations.registerOne(officer, eventId, anna);
  CHECK(calendar.invitation(officer, again.id).entries[0].sequence > cancelSequence);
}

TEST_CASE_METHOD(CalendarFixture, "A series downloads as one rule with its exceptions", "[calendar][series]") {
  NewSeries s;
  s.details.kind = "network_meeting";
  s.details.title = "Infohus Østjylland";
  s.rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU";
  s.starts_at = utc(2026, 3, 10, 9);
  s.ends_at = utc(2026, 3, 10, 11);
  s.roster_organisation_ids = {org_a};
  const auto created = series.create(officer, s);
  const auto all = occurrences(created.id);
  REQUIRE(all.size() >= 4);
  events.cancel(officer, all[1].id, "Flyttet til august", std::nullopt);
  EventChanges later;
  later.starts_at = all[2].starts_at + 2h;
  later.ends_at = all[2].ends_at + 2h;
  events.update(officer, all[2].id, later, std::nullopt);

  const auto document = calendar.eventDownload(officer, all[0].id);
  REQUIRE(document.entries.size() == 2);
  const auto& master = document.entries[0];
  CHECK(master.uid == "series-" + std::to_string(created.id) + "@brobygger.dk");
  CHECK(master.rrule == std::optional<std::string>("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"));
  CHECK(master.starts_at == utc(2026, 3, 10, 9));
  CHECK(master.exdates == std::vector<Timestamp>{all[1].starts_at});
  const auto& moved = document.entries[1];
  CHECK(moved.uid == master.uid);
  CHECK(moved.recurrence_id == all[2].starts_at);
  CHECK(moved.starts_at == all[2].starts_at + 2h);

  // Ending the series bounds the rule at the last meeting that happens.
  series.cancelRest(officer, created.id, all[3].id, "Slut");
  const auto ended = calendar.eventDownload(officer, all[0].id).entries[0];
  REQUIRE(ended.rrule);
  CHECK(ended.rrule->find("UNTIL=") != std::string::npos);
  CHECK(ended.rrule->find("COUNT=") == std::string::npos);
}

TEST_CASE_METHOD(CalendarFixture, "Feed tokens: made once, rotated, and only for whom may see them",
                 "[calendar][feed]") {
  const auto anna = emailedPerson(org_a, "Anna", "anna@example.dk");
  const auto eventId = eventWithSeats(10);
  registrations.registerOne(officer, eventId, anna);
  const auto token = calendar.feedToken(officer, FeedOwner::contact, anna);
  CHECK(calendar.feedToken(officer, FeedOwner::contact, anna) == token);
  const auto feed = calendar.feed(token);
  REQUIRE(feed);
  CHECK(feed->method == CalendarMethod::none);
  REQUIRE(feed->entries.size() == 1);
  CHECK(feed->entries[0].attendees.empty());
  const auto rotated = calendar.rotateFeed(officer, FeedOwner::contact, anna);
  CHECK(rotated != token);
  CHECK_FALSE(calendar.feed(token));
  CHECK(calendar.feed(rotated));
  CHECK(errorOf([&] { calendar.feedToken(partner_b, FeedOwner::contact, anna); }).code() == ErrorCode::not_found);
  CHECK(errorOf([&] { calendar.feedToken(partner_b, FeedOwner::organisation, org_a); }).code() == ErrorCode::not_found);
  CHECK(calendar.feedToken(partner_a, FeedOwner::organisation, org_a).size() > 0);
  CHECK(errorOf([&] { calendar.feedToken(manager, FeedOwner::contact, anna); }).code() == ErrorCode::forbidden);
  const auto mine = calendar.feed(calendar.feedToken(officer, FeedOwner::user, officer_id));
  REQUIRE(mine);
  CHECK(mine->entries.size() == 1);  // the officer organises the one event
}

TEST_CASE_METHOD(CalendarFixture,
                 "A kept feed's stamp holds until an event, a registration, the owner's name or time changes it",
                 "[calendar][feed][cache]") {
  const auto anna = emailedPerson(org_a, "Anna", "anna@example.dk");
  const auto bo = emailedPerson(org_a, "Bo", "bo@example.dk");
  const auto eventId = eventWithSeats(10);
  const auto registration = registrations.registerOne(officer, eventId, anna);
  const auto annas = calendar.feedToken(officer, FeedOwner::contact, anna);
  const auto bos = calendar.feedToken(officer, FeedOwner::contact, bo);
  const auto first = calendar.readFeed(annas, std::nullopt);
  REQUIRE(first);
  REQUIRE(first->document);
  CHECK(first->document->entries.size() == 1);
  CHECK(first->at == clock.now());
  // The event leaves the feed 180 days after it ends: until then the file stays the feed.
  CHECK(first->stamp.valid_until == startOfTests() + std::chrono::days{14 + 180} + std::chrono::hours{2});
  const auto bosFirst = calendar.readFeed(bos, std::nullopt);
  REQUIRE(bosFirst);
  REQUIRE(bosFirst->document);
  CHECK(bosFirst->document->entries.empty());

  // Nothing changed: the events are not read, the stamp is the same.
  clock.advance(std::chrono::hours{1});
  const auto unchanged = calendar.readFeed(annas, first->stamp);
  REQUIRE(unchanged);
  CHECK_FALSE(unchanged->document);
  CHECK(unchanged->stamp.events_revision == first->stamp.events_revision);
  CHECK(unchanged->at == clock.now());

  // The seat passes to a colleague (no count changes): both people's feeds are read again.
  registrations.substitute(officer, registration.id, bo, std::nullopt);
  const auto annaAfter = calendar.readFeed(annas, first->stamp);
  REQUIRE(annaAfter);
  REQUIRE(annaAfter->document);
  CHECK(annaAfter->document->entries.empty());
  const auto boAfter = calendar.readFeed(bos, bosFirst->stamp);
  REQUIRE(boAfter);
  REQUIRE(boAfter->document);
  CHECK(boAfter->document->entries.size() == 1);

  // The event is renamed: read again, with the new title.
  EventChanges retitle;
  retitle.title = "Nyt navn";
  events.update(officer, eventId, retitle, std::nullopt);
  const auto renamed = calendar.readFeed(bos, boAfter->stamp);
  REQUIRE(renamed);
  REQUIRE(renamed->document);
  REQUIRE(renamed->document->entries.size() == 1);
  CHECK(renamed->document->entries[0].summary == "Nyt navn");

  // The owner is renamed: the calendar's name changes.
  ContactChanges name;
  name.name = "Bo Berg";
  contacts.update(officer, bo, name, std::nullopt);
  const auto owner = calendar.readFeed(bos, renamed->stamp);
  REQUIRE(owner);
  REQUIRE(owner->document);
  CHECK(owner->document->name == std::optional<std::string>("Brobygger: Bo Berg"));
  CHECK_FALSE(calendar.readFeed(bos, owner->stamp)->document);

  // Time alone: once the event has left the feed's reach, the file is written again, without it.
  clock.set(owner->stamp.valid_until + std::chrono::seconds{1});
  const auto later = calendar.readFeed(bos, owner->stamp);
  REQUIRE(later);
  REQUIRE(later->document);
  CHECK(later->document->entries.empty());
  CHECK(later->stamp.valid_until == Timestamp::max());

  // A revoked token is never answered from a kept stamp.
  calendar.rotateFeed(officer, FeedOwner::contact, bo);
  CHECK_FALSE(calendar.readFeed(bos, later->stamp));
}

TEST_CASE_METHOD(CalendarFixture,
                 "A check-in and its undo keep every kept feed, a withdrawal and a promotion from the waiting list do "
                 "not",
                 "[calendar][feed][cache]") {
  const auto anna = emailedPerson(org_a, "Anna", "anna@example.dk");
  const auto bo = emailedPerson(org_a, "Bo", "bo@example.dk");
  const auto eventId = eventWithSeats(1);
  const auto annasSeat = registrations.registerOne(officer, eventId, anna);
  REQUIRE(registrations.registerOne(officer, eventId, bo).status == RegistrationStatus::waitlisted);
  const auto annas = calendar.feedToken(officer, FeedOwner::contact, anna);
  const auto bos = calendar.feedToken(officer, FeedOwner::contact, bo);
  const auto organisation = calendar.feedToken(officer, FeedOwner::organisation, org_a);
  const auto revision = [&] { return store.begin(Access::read)->events().revision(); };
  auto annaFeed = calendar.readFeed(annas, std::nullopt);
  auto boFeed = calendar.readFeed(bos, std::nullopt);
  auto organisationFeed = calendar.readFeed(organisation, std::nullopt);
  REQUIRE(annaFeed);
  REQUIRE(boFeed);
  REQUIRE(organisationFeed);
  CHECK(annaFeed->document->entries.size() == 1);
  CHECK(boFeed->document->entries.empty());  // waiting: not in the person's own feed
  CHECK(organisationFeed->document->entries.size() == 1);
  const auto before = revision();

  // At the door: checked in and undone again. No feed and no events page shows that.
  clock.set(stored(eventId).starts_at - std::chrono::hours{1});
  registrations.checkIn(officer, annasSeat.id);
  CHECK(registration(annasSeat.id).status == RegistrationStatus::attended);
  CHECK(revision() == before);
  registrations.undoCheckIn(officer, annasSeat.id);
  CHECK(registration(annasSeat.id).status == RegistrationStatus::confirmed);
  CHECK(revision() == before);
  for (const auto& [token, known] : {std::pair{annas, annaFeed->stamp}, std::pair{bos, boFeed->stamp},
                                     std::pair{organisation, organisationFeed->stamp}}) {
    const auto again = calendar.readFeed(token, known);
    REQUIRE(again);
    CHECK_FALSE(again->document);
  }

  // Anna withdraws and Bo gets her seat: both people's feeds change (the organisation's shows the event
  // all along, but its counts changed).
  registrations.cancel(officer, annasSeat.id);
  CHECK(revision() > before);
  annaFeed = calendar.readFeed(annas, annaFeed->stamp);
  REQUIRE(annaFeed);
  REQUIRE(annaFeed->document);
  REQUIRE(annaFeed->document->entries.size() == 1);
  CHECK(annaFeed->document->entries[0].status == EntryStatus::cancelled);
  boFeed = calendar.readFeed(bos, boFeed->stamp);
  REQUIRE(boFeed);
  REQUIRE(boFeed->document);
  REQUIRE(boFeed->document->entries.size() == 1);
  CHECK(boFeed->document->entries[0].status == EntryStatus::confirmed);
}

TEST_CASE_METHOD(CalendarFixture, "A feed that reaches its limit is written afresh on every fetch, never kept",
                 "[calendar][feed][cache]") {
  CalendarSettings small;
  small.feed_limit = 2;
  CalendarService limited{store, clock, zone, secrets, small};

  // An organisation's registrations count against the limit: below it, the feed is kept as before.
  // Not open to the organisation: in its feed by its people's registrations alone.
  auto invitedOnly = seminar(200, "Kun for inviterede");
  invitedOnly.audience = Audience::invited;
  const auto closed = publishedEvent(invitedOnly);
  const auto organisation = limited.feedToken(officer, FeedOwner::organisation, org_b);
  registrations.registerOne(officer, closed, emailedPerson(org_b, "Anna", "anna@b.dk"));
  const auto few = limited.readFeed(organisation, std::nullopt);
  REQUIRE(few);
  REQUIRE(few->document);
  CHECK(few->document->entries.size() == 1);
  CHECK(few->stamp.valid_until > few->at);
  registrations.registerOne(officer, closed, emailedPerson(org_b, "Bo", "bo@b.dk"));
  const auto full = limited.readFeed(organisation, few->stamp);
  REQUIRE(full);
  REQUIRE(full->document);
  CHECK(full->stamp.valid_until == full->at);

  // By start: a draft (read, but not shown), then two published events; the officer organises all of them.
  const auto draft = createEvent(seminar(1, "Kladde"));
  const auto first = publishedEvent(seminar(30, "Første"));
  const auto third = publishedEvent(seminar(60, "Tredje"));
  const auto mine = limited.feedToken(officer, FeedOwner::user, officer_id);
  const auto read = limited.readFeed(mine, std::nullopt);
  REQUIRE(read);
  REQUIRE(read->document);
  REQUIRE(read->document->entries.size() == 1);  // the draft took the second place
  CHECK(read->document->entries[0].uid == "event-" + std::to_string(first) + "@brobygger.dk");
  // The draft leaves the window 180 days after its end and the third event takes its place, though no
  // event the feed shows has changed: the stamp cannot hold past the moment it was read.
  CHECK(read->stamp.valid_until == read->at);
  CHECK(limited.readFeed(mine, read->stamp)->document);  // not taken for current, even at once
  clock.set(stored(draft).ends_at + std::chrono::days{180} + std::chrono::seconds{1});
  const auto later = limited.readFeed(mine, read->stamp);
  REQUIRE(later);
  REQUIRE(later->document);
  REQUIRE(later->document->entries.size() == 2);
  CHECK(later->document->entries[1].uid == "event-" + std::to_string(third) + "@brobygger.dk");
  CHECK(later->stamp.valid_until == later->at);  // still at its limit
}

TEST_CASE_METHOD(CalendarFixture,
                 "A person registered again after a withdrawal has the event in the feed, not cancelled",
                 "[calendar][feed]") {
  const auto anna = emailedPerson(org_a, "Anna", "anna@example.dk");
  const auto eventId = eventWithSeats(10);
  const auto first = registrations.registerOne(officer, eventId, anna);
  const auto token = calendar.feedToken(officer, FeedOwner::contact, anna);
  registrations.cancel(officer, first.id);
  const auto withdrawn = calendar.feed(token);
  REQUIRE(withdrawn);
  REQUIRE(withdrawn->entries.size() == 1);
  CHECK(withdrawn->entries[0].status == EntryStatus::cancelled);
  clock.advance(std::chrono::hours{1});
  REQUIRE(registrations.registerOne(officer, eventId, anna).status == RegistrationStatus::confirmed);
  const auto again = calendar.feed(token);
  REQUIRE(again);
  REQUIRE(again->entries.size() == 1);  // the withdrawn registration comes first by id
  CHECK(again->entries[0].status == EntryStatus::confirmed);
  // Above the CANCELLED copy the calendars got, or they keep it.
  CHECK(withdrawn->entries[0].sequence == stored(eventId).revision + 1);
  CHECK(again->entries[0].sequence == stored(eventId).revision + 2);
}

namespace {

// What a feed shows of an entry, for comparing two reads of it.
std::vector<std::string> shown(const CalendarDocument& document) {
  std::vector<std::string> out;
  for (const auto& e : document.entries)
    out.push_back(e.uid + "|" + std::to_string(e.sequence) + "|" + e.summary + "|" + e.description.value_or("-") + "|" +
                  e.location.value_or("-") + "|" + std::to_string(static_cast<int>(e.status)) + "|" +
                  std::to_string(e.starts_at.time_since_epoch().count()) + "|" +
                  std::to_string(e.ends_at.time_since_epoch().count()) + "|" +
                  std::to_string(e.last_modified.time_since_epoch().count()) + "|" +
                  std::to_string(e.stamp.time_since_epoch().count()));
  return out;
}

}  // namespace

TEST_CASE_METHOD(CalendarFixture,
                 "After a change, a feed read from its known document is the feed read whole, and takes the "
                 "unchanged entries over",
                 "[calendar][feed][cache]") {
  const auto first = publishedEvent(seminar(10, "Første"));
  const auto second = publishedEvent(seminar(20, "Anden"));
  const auto third = publishedEvent(seminar(30, "Tredje"));
  const auto mine = calendar.feedToken(officer, FeedOwner::user, officer_id);
  auto read = calendar.readFeed(mine, std::nullopt);
  REQUIRE(read);
  REQUIRE(read->document);
  REQUIRE(read->sources);
  CHECK(read->document->entries.size() == 3);
  CHECK(read->sources->size() == 3);
  FeedKnown known{read->stamp, read->document, read->sources};

  // Each change, read from the known document and read whole: the same entries.
  const auto compare = [&](const std::string& what) {
    INFO(what);
    clock.advance(std::chrono::minutes{1});
    const auto fromKnown = calendar.readFeed(mine, known);
    REQUIRE(fromKnown);
    REQUIRE(fromKnown->document);
    REQUIRE(fromKnown->sources);
    const auto whole = calendar.readFeed(mine, std::nullopt);
    REQUIRE(whole);
    CHECK(shown(*fromKnown->document) == shown(*whole->document));
    CHECK(fromKnown->document->name == whole->document->name);
    CHECK(fromKnown->stamp.events_revision == whole->stamp.events_revision);
    CHECK(fromKnown->stamp.valid_until <= whole->stamp.valid_until);  // never later than it may be
    std::vector<std::pair<Id, int>> a, b;
    for (const auto& s : *fromKnown->sources) a.emplace_back(s.event_id, s.entry);
    for (const auto& s : *whole->sources) b.emplace_back(s.event_id, s.entry);
    CHECK(a == b);
    known = {fromKnown->stamp, fromKnown->document, fromKnown->sources};
    return fromKnown->document;
  };

  EventChanges retitle;
  retitle.title = "Anden, omdøbt";
  events.update(officer, second, retitle, std::nullopt);
  auto document = compare("a title");
  REQUIRE(document->entries.size() == 3);
  CHECK(document->entries[1].summary == "Anden, omdøbt");
  // The unchanged entries are taken over from the known document (the same text), with this read's stamp.
  CHECK(document->entries[0].summary == "Første");
  CHECK(document->entries[0].stamp == clock.now());
  CHECK(document->entries[2].uid == "event-" + std::to_string(third) + "@brobygger.dk");

  events.cancel(officer, first, "Aflyst", std::nullopt);
  document = compare("a cancellation");
  CHECK(document->entries[0].status == EntryStatus::cancelled);

  const auto draft = createEvent(seminar(5, "Kladde"));
  const auto fourth = publishedEvent(seminar(40, "Fjerde"));
  document = compare("a draft and a new event");
  REQUIRE(document->entries.size() == 4);
  CHECK(document->entries[3].uid == "event-" + std::to_string(fourth) + "@brobygger.dk");
  CHECK(known.sources->size() == 5);  // the draft weighed, not shown
  CHECK(known.sources->at(3).event_id == draft);
  CHECK(known.sources->at(3).entry == -1);

  events.publish(officer, draft, std::nullopt);
  document = compare("the draft published");
  CHECK(document->entries.size() == 5);

  // Time alone: the cancelled event leaves the feed after 30 days. The known stamp does not hold past
  // then, so the feed is read whole, without it.
  clock.set(known.stamp.valid_until + std::chrono::seconds{1});
  const auto later = calendar.readFeed(mine, known);
  REQUIRE(later);
  REQUIRE(later->document);
  for (const auto& entry : later->document->entries)
    CHECK(entry.uid != "event-" + std::to_string(first) + "@brobygger.dk");
  CHECK(shown(*later->document) == shown(*calendar.readFeed(mine, std::nullopt)->document));
}
