// Invitation emails: queued with their cause, rendered at delivery, retried, never sent twice.
#include <catch2/catch.hpp>

#include "adapters/calendar/ics_writer.hpp"
#include "domain/message_service.hpp"
#include "domain/outbox_service.hpp"
#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct RecordingTransport final : MailTransport {
  std::vector<MailMessage> sent;
  int failuresLeft = 0;
  void send(const MailMessage& message) override {
    if (failuresLeft > 0) {
      --failuresLeft;
      throw std::runtime_error("relay refused");
    }
    sent.push_back(message);
  }
};

struct OutboxFixture : EventFixture {
  FakeSecrets secrets;
  CalendarService calendar{store, clock, zone, secrets};
  brobygger::calendar::IcsWriter writer{zone};
  OutboxService outbox{store, calendar, writer, clock, zone};
  RecordingTransport transport;

  std::vector<OutboxMessage> messages() { return store.outbox(); }
};

}  // namespace

TEST_CASE_METHOD(OutboxFixture, "A confirmed registration sends one REQUEST, its cancellation one CANCEL", "[outbox]") {
  const auto eventId = eventWithSeats(5);
  const auto anna = addContact(store, org_a, "Anna Ærø", "anna@example.dk");
  const auto registration = registrations.registerOne(officer, eventId, anna);
  REQUIRE(messages().size() == 1);
  CHECK(messages()[0].reason == "registered");
  CHECK(outbox.deliver(transport) == 1);
  REQUIRE(transport.sent.size() == 1);
  CHECK(transport.sent[0].to_email == "anna@example.dk");
  CHECK(transport.sent[0].method == "REQUEST");
  CHECK(transport.sent[0].calendar.find("METHOD:REQUEST") != std::string::npos);
  CHECK(transport.sent[0].text.find("Du er tilmeldt") != std::string::npos);  // Danish by default
  CHECK(messages()[0].status == OutboxStatus::sent);
  CHECK(outbox.deliver(transport) == 0);  // never twice

  registrations.cancel(officer, registration.id);
  CHECK(outbox.deliver(transport) == 1);
  REQUIRE(transport.sent.size() == 2);
  CHECK(transport.sent[1].method == "CANCEL");
  CHECK(transport.sent[1].calendar.find("STATUS:CANCELLED") == std::string::npos);
}

TEST_CASE_METHOD(OutboxFixture, "Waiting people get nothing until promoted, a later message supersedes an earlier one",
                 "[outbox]") {
  const auto eventId = eventWithSeats(1);
  const auto anna = addContact(store, org_a, "Anna", "anna@example.dk");
  const auto bo = addContact(store, org_a, "Bo", "bo@example.dk");
  const auto first = registrations.registerOne(officer, eventId, anna);
  registrations.registerOne(officer, eventId, bo);  // waiting: no message
  CHECK(messages().size() == 1);
  registrations.cancel(officer, first.id);  // Anna out (CANCEL), Bo promoted (REQUEST)
  CHECK(outbox.deliver(transport) == 2);
  REQUIRE(transport.sent.size() == 2);
  // Anna's REQUEST was overtaken by her CANCEL before it went out.
  CHECK(transport.sent[0].to_email == "anna@example.dk");
  CHECK(transport.sent[0].method == "CANCEL");
  CHECK(transport.sent[1].to_email == "bo@example.dk");
  CHECK(transport.sent[1].method == "REQUEST");
  CHECK(messages()[0].status == OutboxStatus::superseded);
}

TEST_CASE_METHOD(OutboxFixture, "No consent, no mail, a refusing relay is retried with backoff", "[outbox]") {
  const auto eventId = eventWithSeats(5);
  const auto anna = addContact(store, org_a, "Anna", "anna@example.dk");
  {
    auto uow = store.begin(Access::write);
    auto c = *uow->contacts().find(anna);
    c.consent.invitations = false;
    uow->contacts().update(c, c.version);
    uow->commit();
  }
  registrations.registerOne(officer, eventId, anna);
  CHECK(outbox.deliver(transport) == 0);
  CHECK(messages()[0].status == OutboxStatus::skipped);
  CHECK(transport.sent.empty());

  const auto bo = addContact(store, org_a, "Bo", "bo@example.dk");
  registrations.registerOne(officer, eventId, bo);
  transport.failuresLeft = 1;
  CHECK(outbox.deliver(transport) == 0);
  const auto failed = messages().back();
  CHECK(failed.status == OutboxStatus::queued);
  CHECK(failed.attempts == 1);
  CHECK(failed.last_error == std::optional<std::string>("relay refused"));
  CHECK(outbox.deliver(transport) == 0);  // not due yet
  clock.advance(1min);
  CHECK(outbox.deliver(transport) == 1);
  CHECK(messages().back().status == OutboxStatus::sent);
}

TEST_CASE_METHOD(OutboxFixture, "A material change and a cancelled event reach everyone holding a seat", "[outbox]") {
  const auto eventId = eventWithSeats(5);
  registrations.registerOne(officer, eventId, addContact(store, org_a, "Anna", "anna@example.dk"));
  registrations.registerOne(officer, eventId, addContact(store, org_b, "Bo", "bo@example.dk"));
  outbox.deliver(transport);
  transport.sent.clear();
  EventChanges retitle;
  retitle.title = "Nyt navn";
  events.update(officer, eventId, retitle, std::nullopt);
  CHECK(outbox.deliver(transport) == 2);
  for (const auto& m : transport.sent) CHECK(m.calendar.find("SUMMARY:Nyt navn") != std::string::npos);
  transport.sent.clear();
  events.cancel(officer, eventId, "Sygdom", std::nullopt);
  CHECK(outbox.deliver(transport) == 2);
  for (const auto& m : transport.sent) CHECK(m.calendar.find("STATUS:CANCELLED") != std::string::npos);
  CHECK(errorOf([&] { outbox.list(partner_a, OutboxQuery{}); }).code() == ErrorCode::forbidden);
}

// ---------------------------------------------------------------------------------------------
// Reminders (issue 15): due while start - reminder_hours <= now < start - 1 hour, once per person.

TEST_CASE_METHOD(OutboxFixture,
                 "A reminder is queued once the start is reminder_hours away, exactly once, with the "
                 "practical details and the calendar file",
                 "[outbox][reminders]") {
  auto input = seminar(14);  // starts 2026-03-24 09:00Z, reminder_hours 48 by default
  input.details.online_url = "https://meet.example.dk/seminar";
  const auto eventId = publishedEvent(input);
  const auto start = stored(eventId).starts_at;
  CHECK(stored(eventId).details.reminder_hours == 48);
  const auto anna = addContact(store, org_a, "Anna Ærø", "anna@example.dk");
  registrations.registerOne(officer, eventId, anna);
  {
    const auto emma = addContact(store, org_b, "Emma Walsh", "emma@example.dk");
    auto uow = store.begin(Access::write);
    auto c = *uow->contacts().find(emma);
    c.language = Language::en;
    uow->contacts().update(c, c.version);
    uow->commit();
    registrations.registerOne(officer, eventId, c.id);
  }
  outbox.deliver(transport);  // the two invitations
  transport.sent.clear();

  CHECK(outbox.queueReminders() == 0);  // two weeks ahead: not yet
  clock.advance((start - 48h - 1min) - clock.now());
  CHECK(outbox.queueReminders() == 0);  // a minute before the window opens
  clock.advance(1min);
  CHECK(outbox.queueReminders() == 2);
  CHECK(outbox.queueReminders() == 0);  // never twice, however often the round runs
  clock.advance(5h);
  CHECK(outbox.queueReminders() == 0);
  CHECK(outbox.deliver(transport) == 2);
  REQUIRE(transport.sent.size() == 2);
  const auto& da = transport.sent[0].to_email == "anna@example.dk" ? transport.sent[0] : transport.sent[1];
  const auto& en = transport.sent[0].to_email == "anna@example.dk" ? transport.sent[1] : transport.sent[0];
  CHECK(da.subject == "Påmindelse: Seminar om forebyggelse");
  CHECK(en.subject == "Reminder: Seminar om forebyggelse");
  CHECK(da.text.find("Kære Anna Ærø") != std::string::npos);
  CHECK(da.text.find("Dokk1") != std::string::npos);
  CHECK(da.text.find("Hack Kampmanns Plads 2") != std::string::npos);
  CHECK(da.text.find("8000 Aarhus C") != std::string::npos);
  CHECK(da.text.find("https://meet.example.dk/seminar") != std::string::npos);
  CHECK(en.text.find("Dear Emma Walsh") != std::string::npos);
  for (const auto& mail : transport.sent) {
    CHECK(mail.method == "REQUEST");
    CHECK(mail.calendar.find("METHOD:REQUEST") != std::string::npos);
  }
  // The invitations were not superseded by the reminders that followed them.
  int invitationsSent = 0;
  for (const auto& m : messages()) {
    if (m.reason == "registered" && m.status == OutboxStatus::sent) ++invitationsSent;
  }
  CHECK(invitationsSent == 2);

  // Raising reminder_hours afterwards mails nobody again.
  EventChanges longer;
  longer.reminder_hours = 72;
  events.update(officer, eventId, longer, std::nullopt);
  CHECK(outbox.queueReminders() == 0);
}

TEST_CASE_METHOD(OutboxFixture,
                 "No reminder when it is switched off, for waiting people, drafts, cancelled events, "
                 "past events or once the start is less than an hour away",
                 "[outbox][reminders]") {
  const auto off = [&] {
    auto input = seminar(2, "Uden påmindelse");
    input.details.reminder_hours = 0;
    return publishedEvent(input);
  }();
  const auto full = [&] {
    auto input = seminar(2, "Fuldt");
    input.details.capacity = 1;
    return publishedEvent(input);
  }();
  const auto draft = createEvent(seminar(2, "Kladde"));
  const auto cancelled = publishedEvent(seminar(2, "Aflyst"));
  const auto anna = addContact(store, org_a, "Anna", "anna@example.dk");
  const auto bo = addContact(store, org_a, "Bo", "bo@example.dk");
  registrations.registerOne(officer, off, anna);
  registrations.registerOne(officer, full, anna);
  const auto waiting = registrations.registerOne(officer, full, bo);
  CHECK(waiting.status == RegistrationStatus::waitlisted);
  registrations.registerOne(officer, cancelled, bo);
  events.cancel(officer, cancelled, "Sygdom", std::nullopt);
  CHECK(stored(draft).status == EventStatus::draft);

  // The clock is 47 hours before the starts (2026-03-12 09:00Z): every window is open.
  clock.advance(1h);
  CHECK(outbox.queueReminders() == 1);  // only Anna at "Fuldt"; Bo waits, "off" has none
  std::vector<OutboxMessage> reminders;
  for (const auto& m : messages())
    if (m.reason == "reminder") reminders.push_back(m);
  REQUIRE(reminders.size() == 1);
  CHECK(reminders[0].event_id == full);
  CHECK(reminders[0].contact_id == anna);

  // An event created 50 minutes before its start, and one in the past: never.
  auto soon = seminar(0, "Straks");
  soon.starts_at = clock.now() + 50min;
  soon.ends_at = soon.starts_at + 1h;
  const auto soonId = publishedEvent(soon);
  auto past = seminar(0, "Fortid");
  past.starts_at = clock.now() - 24h;
  past.ends_at = past.starts_at + 1h;
  const auto pastId = publishedEvent(past);
  registrations.registerOne(officer, soonId, bo);
  try {
    registrations.registerOne(officer, pastId, bo);  // history may be recorded; it is never reminded of
  } catch (const DomainError&) {
  }
  CHECK(outbox.queueReminders() == 0);
}

TEST_CASE_METHOD(OutboxFixture, "A reminder queued for someone who then withdraws is skipped, their CANCEL still goes",
                 "[outbox][reminders]") {
  const auto eventId = publishedEvent(seminar(1));  // 23 hours ahead: inside the window at once
  const auto anna = addContact(store, org_a, "Anna", "anna@example.dk");
  const auto registration = registrations.registerOne(officer, eventId, anna);
  CHECK(outbox.queueReminders() == 1);
  registrations.cancel(officer, registration.id);
  outbox.deliver(transport);
  REQUIRE(transport.sent.size() == 1);
  CHECK(transport.sent[0].method == "CANCEL");
  for (const auto& m : messages()) {
    INFO(m.reason);
    if (m.reason == "reminder") CHECK(m.status == OutboxStatus::skipped);
    if (m.reason == "registered") CHECK(m.status == OutboxStatus::superseded);
  }
  CHECK(outbox.queueReminders() == 0);  // the reminder existed: not again
}

TEST_CASE_METHOD(OutboxFixture, "reminder_hours is validated and a series passes it to its occurrences",
                 "[outbox][reminders]") {
  auto input = seminar();
  input.details.reminder_hours = 721;
  CHECK(hasField(errorOf([&] { events.create(officer, input); }), "reminder_hours"));
  input.details.reminder_hours = -1;
  CHECK(hasField(errorOf([&] { events.create(officer, input); }), "reminder_hours"));
  input.details.reminder_hours = 720;
  CHECK(stored(events.create(officer, input).id).details.reminder_hours == 720);

  NewSeries s;
  s.details.kind = "network_meeting";
  s.details.title = "Netværksmøde";
  s.details.reminder_hours = 24;
  s.rrule = "FREQ=MONTHLY;COUNT=3";
  s.starts_at = startOfTests() + 24h * 7;
  s.ends_at = s.starts_at + 2h;
  s.roster_organisation_ids = {org_a};
  const auto made = series.create(officer, s);
  CHECK(storedSeries(made.id).details.reminder_hours == 24);
  for (const auto& e : occurrences(made.id)) CHECK(e.details.reminder_hours == 24);
  SeriesChanges change;
  change.reminder_hours = 6;
  series.update(officer, made.id, change, std::nullopt);
  CHECK(storedSeries(made.id).details.reminder_hours == 6);
  for (const auto& e : occurrences(made.id)) CHECK(e.details.reminder_hours == 6);
}

// ---------------------------------------------------------------------------------------------
// Notices (issue 15): partner users told of an invitation, the promotion and the cancellation's reason.

TEST_CASE_METHOD(OutboxFixture, "Partner users hear when their organisation is invited, once, in plain text",
                 "[outbox][notices]") {
  auto input = seminar(10, "Lukket seminar");
  input.audience = Audience::invited;
  input.invited_organisation_ids = {org_a};
  const auto eventId = createEvent(input);
  CHECK(messages().empty());  // a draft tells nobody
  events.publish(officer, eventId, std::nullopt);
  REQUIRE(messages().size() == 1);
  CHECK(messages()[0].user_id == std::optional<Id>(partner_a.user_id));
  CHECK(messages()[0].reason == "invited");
  CHECK(messages()[0].registration_id == 0);
  CHECK(messages()[0].contact_id == 0);
  CHECK(outbox.deliver(transport) == 1);
  REQUIRE(transport.sent.size() == 1);
  CHECK(transport.sent[0].to_email == "partner" + std::to_string(org_a) + "@example.dk");
  CHECK(transport.sent[0].subject.find("Lukket seminar") != std::string::npos);
  CHECK(transport.sent[0].calendar.empty());
  CHECK(transport.sent[0].text.find("Aarhus Boldklub er inviteret til") != std::string::npos);
  // In the user's own language (Danish unless they chose English), not in both.
  CHECK(transport.sent[0].subject == "Inviteret: Lukket seminar");
  CHECK(transport.sent[0].text.find("is invited to") == std::string::npos);
  CHECK(messages()[0].recipient == std::optional<std::string>(transport.sent[0].to_email));

  // Inviting B as well tells B's users, not A's again; a change that invites nobody new tells nobody.
  EventChanges more;
  more.invited_organisation_ids = std::vector<Id>{org_a, org_b};
  events.update(officer, eventId, more, std::nullopt);
  EventChanges retitle;
  retitle.description = "Mere om dagen";
  events.update(officer, eventId, retitle, std::nullopt);
  CHECK(outbox.deliver(transport) == 1);
  REQUIRE(transport.sent.size() == 2);
  CHECK(transport.sent[1].to_email == "partner" + std::to_string(org_b) + "@example.dk");
  CHECK(outbox.deliver(transport) == 0);
}

TEST_CASE_METHOD(OutboxFixture, "The promoted person is told they moved up, a cancelled event's mail gives the reason",
                 "[outbox][notices]") {
  const auto eventId = eventWithSeats(1);
  const auto anna = addContact(store, org_a, "Anna", "anna@example.dk");
  const auto bo = addContact(store, org_a, "Bo", "bo@example.dk");
  const auto first = registrations.registerOne(officer, eventId, anna);
  registrations.registerOne(officer, eventId, bo);
  outbox.deliver(transport);
  transport.sent.clear();
  registrations.cancel(officer, first.id);
  outbox.deliver(transport);
  const auto toBo = std::find_if(transport.sent.begin(), transport.sent.end(),
                                 [](const MailMessage& m) { return m.to_email == "bo@example.dk"; });
  REQUIRE(toBo != transport.sent.end());
  CHECK(toBo->subject.rfind("Du har fået en plads", 0) == 0);
  CHECK(toBo->text.find("rykket op fra ventelisten") != std::string::npos);
  CHECK(toBo->method == "REQUEST");
  transport.sent.clear();
  events.cancel(officer, eventId, "Oversvømmelse i salen", std::nullopt);
  CHECK(outbox.deliver(transport) == 1);
  REQUIRE(transport.sent.size() == 1);
  CHECK(transport.sent[0].text.find("Begrundelse: Oversvømmelse i salen") != std::string::npos);
  CHECK(transport.sent[0].method == "CANCEL");
}

// ---------------------------------------------------------------------------------------------
// Messages to an event's people (issue 15, point 3).

TEST_CASE("Placeholders: known ones are filled in, unknown, empty and unclosed ones are refused", "[messages]") {
  Violations bad;
  checkPlaceholders(bad, "body", "Kære {{name}} og {{ organisation }}, {{event_title}} {{starts_at}} {{venue}}");
  CHECK(bad.empty());
  for (const auto* text : {"Kære {{navn}}", "Hej {{}}", "Hej {{ }}", "Kære {{name"}) {
    Violations one;
    checkPlaceholders(one, "body", text);
    INFO(text);
    REQUIRE(one.fields().size() == 1);
    CHECK(one.fields()[0].field == "body");
  }
  PlaceholderValues v{"Anna", "Seminar", "10. marts", "Dokk1", "Aarhus Boldklub"};
  CHECK(fillPlaceholders("Kære {{name}} fra {{ organisation }}: {{event_title}}, {{starts_at}}, {{venue}}.", v) ==
        "Kære Anna fra Aarhus Boldklub: Seminar, 10. marts, Dokk1.");
}

TEST_CASE_METHOD(OutboxFixture,
                 "A message is planned, refused without recipients, queued once per person and "
                 "filled in per person at delivery",
                 "[messages]") {
  MessageService messages{store, clock, zone};
  const auto eventId = eventWithSeats(1);
  const auto anna = addContact(store, org_a, "Anna", "anna@example.dk");
  const auto bo = addContact(store, org_b, "Bo", "bo@example.dk");
  registrations.registerOne(officer, eventId, anna);
  registrations.registerOne(officer, eventId, bo);  // waiting
  outbox.deliver(transport);
  transport.sent.clear();

  MessageDraft draft{"Nyt om {{event_title}}", "Kære {{name}} ({{organisation}})", MessageAudience::attended, true};
  CHECK(hasField(errorOf([&] { messages.send(officer, eventId, draft); }), "to"));  // nobody attended
  CHECK(errorOf([&] { messages.send(partner_a, eventId, draft); }).code() == ErrorCode::forbidden);
  CHECK(errorOf([&] { messages.send(manager, eventId, draft); }).code() == ErrorCode::forbidden);
  draft.to = MessageAudience::registered;
  const auto plan = messages.send(officer, eventId, draft);
  CHECK(plan.id == 0);
  CHECK(plan.recipients.size() == 2);
  CHECK(plan.sample_subject == "Nyt om Seminar om forebyggelse");
  CHECK(plan.sample_body == "Kære Anna (Aarhus Boldklub)");
  CHECK(messages.history(officer, eventId).empty());

  draft.dry_run = false;
  draft.to = MessageAudience::waitlisted;
  const auto sent = messages.send(officer, eventId, draft);
  CHECK(sent.id > 0);
  REQUIRE(sent.recipients.size() == 1);
  CHECK(outbox.deliver(transport) == 1);
  REQUIRE(transport.sent.size() == 1);
  CHECK(transport.sent[0].to_email == "bo@example.dk");
  CHECK(transport.sent[0].subject == "Nyt om Seminar om forebyggelse");
  CHECK(transport.sent[0].text == "Kære Bo (Moskeforeningen Aarhus)");
  CHECK(transport.sent[0].calendar.empty());
  const auto history = messages.history(officer, eventId);
  REQUIRE(history.size() == 1);
  CHECK(history[0].recipients == 1);
  CHECK(history[0].sent == 1);
  CHECK(history[0].queued == 0);
}

TEST_CASE_METHOD(OutboxFixture, "A failed message is queued again once, and only a failed one", "[outbox][resend]") {
  OutboxSettings once;
  once.max_attempts = 1;
  OutboxService sender{store, calendar, writer, clock, zone, once};
  const auto eventId = eventWithSeats(5);
  registrations.registerOne(officer, eventId, addContact(store, org_a, "Bo", "bo@example.dk"));
  transport.failuresLeft = 1;
  CHECK(sender.deliver(transport) == 0);
  const auto failed = messages().back();
  REQUIRE(failed.status == OutboxStatus::failed);
  CHECK(errorOf([&] { sender.resend(partner_a, failed.id); }).code() == ErrorCode::forbidden);
  const auto again = sender.resend(officer, failed.id);
  CHECK(again.status == OutboxStatus::queued);
  CHECK(again.attempts == 0);
  CHECK(errorOf([&] { sender.resend(officer, failed.id); }).code() == ErrorCode::invalid);  // queued now
  CHECK(sender.deliver(transport) == 1);
  CHECK(messages().back().status == OutboxStatus::sent);
  CHECK(errorOf([&] { sender.resend(officer, 999999); }).code() == ErrorCode::not_found);
}
