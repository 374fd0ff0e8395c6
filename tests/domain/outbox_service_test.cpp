// Invitation emails: queued with their cause, rendered at delivery, retried, never sent twice.
#include <catch2/catch.hpp>

#include "adapters/calendar/ics_writer.hpp"
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
