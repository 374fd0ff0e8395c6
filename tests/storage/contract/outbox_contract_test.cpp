// The outbox of invitation emails: queueing, listing, claiming due messages once, finishing,
// superseding and skipping.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;
using namespace std::chrono_literals;

namespace {

struct OutboxWorld : World {
  Id event_id = 0, other_event = 0;
  Id anna_reg = 0, bo_reg = 0, carl_reg = 0;

  OutboxWorld() {
    committed([&](UnitOfWork& uow) {
      event_id = uow.events().insert(event("Seminar", at(2026, 4, 1, 9)));
      other_event = uow.events().insert(event("Workshop", at(2026, 5, 1, 9)));
      anna_reg = uow.registrations().insert(registration(event_id, anna, org_a, RegistrationStatus::confirmed));
      bo_reg = uow.registrations().insert(registration(event_id, bo, org_a, RegistrationStatus::confirmed));
      carl_reg = uow.registrations().insert(registration(other_event, carl, org_b, RegistrationStatus::confirmed));
    });
  }

  static OutboxMessage message(Id registrationId, Id eventId, Id contactId, Timestamp due,
                               std::string reason = "registered") {
    OutboxMessage m;
    m.registration_id = registrationId;
    m.event_id = eventId;
    m.contact_id = contactId;
    m.reason = std::move(reason);
    m.created_at = due - 1min;
    m.next_attempt_at = due;
    return m;
  }

  std::vector<OutboxMessage> all() {
    OutboxQuery query;
    query.page.limit = 100;
    return read()->outbox().list(query).items;
  }
};

}  // namespace

TEST_CASE("queued messages round-trip and list newest first with filters, paging and totals", "[contract][outbox]") {
  OutboxWorld w;
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, at(2026, 3, 10, 9)));
    uow.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.bo, at(2026, 3, 10, 9, 1), "promoted"));
    uow.outbox().enqueue(OutboxWorld::message(w.carl_reg, w.other_event, w.carl, at(2026, 3, 10, 9, 2)));
  });
  const auto all = w.all();
  REQUIRE(all.size() == 3);
  CHECK(all[0].contact_id == w.carl);  // newest first
  CHECK(all[2].contact_id == w.anna);
  const auto& anna = all[2];
  CHECK(anna.id > 0);
  CHECK(anna.registration_id == w.anna_reg);
  CHECK(anna.event_id == w.event_id);
  CHECK(anna.reason == "registered");
  CHECK(anna.status == OutboxStatus::queued);  // whatever the message said
  CHECK(anna.attempts == 0);
  CHECK(anna.created_at == at(2026, 3, 10, 8, 59));
  CHECK(anna.next_attempt_at == at(2026, 3, 10, 9));
  CHECK_FALSE(anna.sent_at.has_value());
  CHECK_FALSE(anna.last_error.has_value());
  CHECK_FALSE(anna.recipient.has_value());
  CHECK(all[1].reason == "promoted");

  auto uow = w.read();
  OutboxQuery ofEvent;
  ofEvent.event_id = w.event_id;
  CHECK(uow->outbox().list(ofEvent).total == 2);
  OutboxQuery sent;
  sent.status = OutboxStatus::sent;
  CHECK(uow->outbox().list(sent).total == 0);
  OutboxQuery paged;
  paged.page.limit = 1;
  paged.page.offset = 1;
  const auto page = uow->outbox().list(paged);
  CHECK(page.total == 3);
  CHECK(page.limit == 1);
  CHECK(page.offset == 1);
  REQUIRE(page.items.size() == 1);
  CHECK(page.items[0].contact_id == w.bo);
  OutboxQuery beyond;
  beyond.page.offset = 3;
  const auto empty = uow->outbox().list(beyond);
  CHECK(empty.total == 3);
  CHECK(empty.items.empty());
}

TEST_CASE("due messages are claimed once, in order, up to the maximum, stale claims are taken back",
          "[contract][outbox]") {
  OutboxWorld w;
  const auto now = at(2026, 3, 10, 10);
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now - 5min));
    uow.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.bo, now));              // due exactly now
    uow.outbox().enqueue(OutboxWorld::message(w.carl_reg, w.other_event, w.carl, now + 1s));  // not yet
  });
  const auto stale = now - 10min;
  auto first = w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now, stale, 1); });
  REQUIRE(first.size() == 1);
  CHECK(first[0].contact_id == w.anna);  // oldest first
  CHECK(first[0].status == OutboxStatus::sending);
  auto second = w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now, stale, 10); });
  REQUIRE(second.size() == 1);  // Anna's is claimed already, Carl's not due
  CHECK(second[0].contact_id == w.bo);
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now, stale, 10); }).empty());

  OutboxQuery sending;
  sending.status = OutboxStatus::sending;
  CHECK(w.read()->outbox().list(sending).total == 2);

  // A sender that claimed at `now` and died: its claims are stale once `staleBefore` passes the claim.
  const auto later = now + 30min;
  const auto retaken = w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(later, now + 1s, 10); });
  CHECK(retaken.size() == 3);  // Anna's and Bo's taken back, Carl's now due
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(later, now + 1s, 10); }).empty());
}

TEST_CASE("finishing a message stores its outcome, a long error is cut to 500 characters", "[contract][outbox]") {
  OutboxWorld w;
  const auto now = at(2026, 3, 10, 10);
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now));
    uow.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.bo, now));
  });
  auto claimed = w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now, now - 1h, 10); });
  REQUIRE(claimed.size() == 2);
  auto sent = claimed[0];
  sent.status = OutboxStatus::sent;
  sent.attempts = 1;
  sent.sent_at = now + 1s;
  sent.recipient = "anna@example.dk";
  auto failed = claimed[1];
  failed.status = OutboxStatus::failed;
  failed.attempts = 3;
  failed.next_attempt_at = now + 1h;
  failed.last_error = std::string(600, 'x');
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().finish(sent);
    uow.outbox().finish(failed);
  });
  const auto all = w.all();
  REQUIRE(all.size() == 2);
  const auto& b = all[0];
  const auto& a = all[1];
  CHECK(a.status == OutboxStatus::sent);
  CHECK(a.attempts == 1);
  CHECK(a.sent_at == std::optional<Timestamp>(now + 1s));
  CHECK(a.recipient == std::optional<std::string>("anna@example.dk"));
  CHECK_FALSE(a.last_error.has_value());
  CHECK(b.status == OutboxStatus::failed);
  CHECK(b.attempts == 3);
  CHECK(b.next_attempt_at == now + 1h);
  CHECK_FALSE(b.sent_at.has_value());
  REQUIRE(b.last_error.has_value());
  CHECK(b.last_error->size() == 500);
  CHECK_FALSE(b.recipient.has_value());
  // Neither is claimed again: a failed message is final, a sent one done.
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now + 2h, now + 2h, 10); }).empty());
}

TEST_CASE("a message is superseded by a newer one for the same registration and person", "[contract][outbox]") {
  OutboxWorld w;
  const auto now = at(2026, 3, 10, 10);
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now));
    uow.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.bo, now));
  });
  auto all = w.all();
  const auto annaFirst = all[1];
  const auto boFirst = all[0];
  auto uow = w.read();
  CHECK_FALSE(uow->outbox().supersededBy(annaFirst));  // Bo's newer message is another registration
  w.committed([&](UnitOfWork& u) {
    u.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now, "updated"));
    // A message to someone else about the same registration (a substitution) does not supersede.
    u.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.carl, now, "updated"));
  });
  CHECK(uow->outbox().supersededBy(annaFirst));
  CHECK_FALSE(uow->outbox().supersededBy(boFirst));
  // A newer message that was skipped or failed supersedes nothing.
  const auto newest = w.all()[1];  // Anna's "updated"
  REQUIRE(newest.contact_id == w.anna);
  auto failed = newest;
  failed.status = OutboxStatus::failed;
  w.committed([&](UnitOfWork& u) { u.outbox().finish(failed); });
  CHECK_FALSE(uow->outbox().supersededBy(annaFirst));
}

TEST_CASE("skipping marks every queued message and only those, with the reason", "[contract][outbox]") {
  OutboxWorld w;
  const auto now = at(2026, 3, 10, 10);
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now));
    uow.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.bo, now + 1h));
    uow.outbox().enqueue(OutboxWorld::message(w.carl_reg, w.other_event, w.carl, now + 1h));
  });
  const auto claimed = w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now, now - 1h, 10); });
  REQUIRE(claimed.size() == 1);
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.outbox().skipQueued("demo data"); }) == 2);
  const auto all = w.all();
  REQUIRE(all.size() == 3);
  CHECK(all[0].status == OutboxStatus::skipped);
  CHECK(all[0].last_error == std::optional<std::string>("demo data"));
  CHECK(all[1].status == OutboxStatus::skipped);
  CHECK(all[2].status == OutboxStatus::sending);  // a claimed message is the sender's
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.outbox().skipQueued("again"); }) == 0);
}

TEST_CASE("erasing a person stops their mail and forgets its addresses", "[contract][outbox][contacts]") {
  OutboxWorld w;
  const auto now = at(2026, 3, 10, 10);
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now));
    uow.outbox().enqueue(OutboxWorld::message(w.anna_reg, w.event_id, w.anna, now));
    uow.outbox().enqueue(OutboxWorld::message(w.bo_reg, w.event_id, w.bo, now));
  });
  auto claimed = w.committed([&](UnitOfWork& uow) { return uow.outbox().claimDue(now, now - 1h, 1); });
  REQUIRE(claimed.size() == 1);
  auto sent = claimed[0];
  sent.status = OutboxStatus::sent;
  sent.sent_at = now;
  sent.recipient = "anna@example.dk";
  w.committed([&](UnitOfWork& uow) {
    uow.outbox().finish(sent);
    uow.contacts().erase(w.anna, now + 1h);
  });
  const auto all = w.all();
  REQUIRE(all.size() == 3);
  CHECK(all[0].status == OutboxStatus::queued);  // Bo's
  CHECK(all[1].status == OutboxStatus::skipped);
  CHECK(all[2].status == OutboxStatus::sent);  // history stays, without the address
  CHECK_FALSE(all[2].recipient.has_value());

  const auto anna = w.read()->contacts().find(w.anna);
  REQUIRE(anna.has_value());
  CHECK(anna->name == kErasedName);
  CHECK_FALSE(anna->email.has_value());
  CHECK_FALSE(anna->title.has_value());
  CHECK_FALSE(anna->phone.has_value());
  CHECK(anna->status == RecordStatus::archived);
  CHECK(anna->erased_at == std::optional<Timestamp>(now + 1h));
  CHECK(anna->version == 2);
  CHECK(anna->organisation_id == w.org_a);  // still counted as the organisation's participant
}

namespace brobygger::testing::contract {

TEST_CASE("message templates: none stored at first, stored whole, stored again over the first",
          "[contract][outbox][templates]") {
  World w;
  CHECK(w.read()->messages().templates().empty());
  MessageTemplate t;
  t.code = TemplateCode::reminder;
  t.texts = {"Påmindelse: {{event_title}}", "Kære {{name}}\n\nÆblerne er klar.\n{{details}}", "Reminder",
             std::string(51200, 'x')};
  t.updated_at = at(2026, 12, 6, 17);
  t.updated_by = Id{7};
  w.committed([&](UnitOfWork& uow) { uow.messages().saveTemplate(t); });
  auto stored = w.read()->messages().templates();
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].code == TemplateCode::reminder);
  CHECK(stored[0].customised);
  CHECK(stored[0].texts.subject_da == t.texts.subject_da);
  CHECK(stored[0].texts.body_da == t.texts.body_da);
  CHECK(stored[0].texts.body_en.size() == 51200);
  CHECK(stored[0].updated_at == t.updated_at);
  CHECK(stored[0].updated_by == Id{7});

  t.texts.subject_en = "Reminder: {{event_title}}";
  t.updated_by.reset();
  w.committed([&](UnitOfWork& uow) { uow.messages().saveTemplate(t); });
  t.code = TemplateCode::invited_notice;
  w.committed([&](UnitOfWork& uow) { uow.messages().saveTemplate(t); });
  stored = w.read()->messages().templates();
  REQUIRE(stored.size() == 2);
  for (const auto& s : stored) {
    CHECK(s.texts.subject_en == "Reminder: {{event_title}}");
    CHECK_FALSE(s.updated_by);
  }
  // The templates in force: the stored ones over the defaults.
  const TemplateSet set(stored);
  CHECK(set.get(TemplateCode::reminder).customised);
  CHECK_FALSE(set.get(TemplateCode::invitation).customised);
  CHECK(set.get(TemplateCode::invitation).texts.subject_en == "Invitation: {{event_title}}");
}

}  // namespace brobygger::testing::contract
