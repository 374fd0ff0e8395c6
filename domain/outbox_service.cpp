#include "domain/outbox_service.hpp"
#include "domain/write.hpp"

#include <algorithm>

#include "domain/audit.hpp"
#include "domain/date_time.hpp"
#include "domain/error.hpp"
#include "domain/message_service.hpp"
#include "domain/policy.hpp"

namespace brobygger::domain {

namespace {

// A copy of a text written by staff (an event message or an announcement) as plain-text mail to one
// person (who has an email address), its placeholders filled in for them.
MailMessage plainMail(const OutboxSettings& settings, OutboxMessage& message, const Contact& contact,
                      const std::string& subject, const std::string& body, const PlaceholderValues& values) {
  message.recipient = *contact.email;
  MailMessage mail;
  mail.to_email = *contact.email;
  mail.to_name = contact.name;
  mail.from_email = settings.from_email;
  mail.from_name = settings.from_name;
  mail.message_id = "outbox-" + std::to_string(message.id) + "@brobygger";
  mail.subject = fillPlaceholders(subject, values);
  mail.text = fillPlaceholders(body, values);
  return mail;
}

// Waiting before the next attempt: 1, 5, 15, 60, 180 minutes.
std::chrono::minutes backoff(int attempts) {
  static constexpr int kMinutes[] = {1, 5, 15, 60, 180};
  const auto index = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, attempts - 1)), 4);
  return std::chrono::minutes(kMinutes[index]);
}

}  // namespace

void queueInvitedNotices(UnitOfWork& uow, const Event& event, const std::vector<Id>& organisationIds, Timestamp now) {
  for (const auto organisationId : organisationIds) {
    UserQuery query;
    query.role = Role::partner;
    query.status = UserStatus::active;
    query.organisation_id = organisationId;
    query.page.limit = 200;
    for (const auto& user : uow.users().list(query).items) {
      OutboxMessage message;
      message.event_id = event.id;
      message.user_id = user.id;
      message.reason = "invited";
      message.created_at = message.next_attempt_at = now;
      uow.outbox().enqueue(message);
    }
  }
}

Page<OutboxMessage> OutboxService::list(const Actor& actor, const OutboxQuery& query) {
  // It names people of every district: an officer limited to districts has no need to see it.
  authorize(actor, Action::read_outbox);
  auto uow = store_.begin(Access::read);
  return uow->outbox().list(query);
}

OutboxService::Figures OutboxService::figures() {
  auto uow = store_.begin(Access::read);
  const auto count = [&](OutboxStatus status) {
    OutboxQuery query;
    query.status = status;
    query.page = {1, 0};
    return uow->outbox().list(query).total;
  };
  return {count(OutboxStatus::queued), count(OutboxStatus::failed)};
}

OutboxMessage OutboxService::resend(const Actor& actor, Id id) {
  authorize(actor, Action::resend_outbox);
  return write(store_, [&](UnitOfWork& uow) {
    const auto message = uow.outbox().find(id);
    if (!message) throwNotFound("Outbox message");
    const auto now = clock_.now();
    if (!uow.outbox().requeueFailed(id, now))
      throwInvalid("status", std::string("is ") + toString(message->status) + ": only a failed message is sent again");
    uow.audit().record(auditEntry(&actor, now, AuditAction::update, "outbox", id,
                                  message->contact_id ? std::vector<Id>{message->contact_id} : std::vector<Id>{},
                                  {{"status", false, std::string("failed"), std::string("queued")}}));
    auto again = *uow.outbox().find(id);
    uow.commit();
    return again;
  });
}

std::int64_t OutboxService::exportList(const Actor& actor, OutboxQuery query, const RowBatches<OutboxMessage>& sink) {
  authorize(actor, Action::read_outbox);
  auto uow = store_.begin(Access::read);
  return readAllPages<OutboxMessage>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->outbox().list(query);
      },
      sink);
}

int OutboxService::queueReminders() {
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    const auto queued = uow.outbox().queueReminders(now, now + kReminderMinimumLead);
    uow.commit();
    return queued;
  });
}

std::optional<MailMessage> OutboxService::renderNotice(UnitOfWork& uow, OutboxMessage& message,
                                                       const TemplateSet& templates) {
  const auto user = uow.users().find(*message.user_id);
  const auto event = uow.events().find(message.event_id);
  const auto skip = [&](const char* why) -> std::optional<MailMessage> {
    message.status = OutboxStatus::skipped;
    message.last_error = why;
    return std::nullopt;
  };
  if (!user || user->status != UserStatus::active || !user->organisation_id) return skip("the user is not active");
  if (!event || event->status != EventStatus::published) return skip("the event is not published (any more)");
  const auto& invited = event->invited_organisation_ids;
  if (event->audience == Audience::invited &&
      std::find(invited.begin(), invited.end(), *user->organisation_id) == invited.end())
    return skip("the organisation is no longer invited");
  const auto organisation = uow.organisations().find(*user->organisation_id);
  message.recipient = user->email;
  MailMessage mail;
  mail.to_email = user->email;
  mail.to_name = user->name;
  mail.from_email = settings_.from_email;
  mail.from_name = settings_.from_name;
  mail.message_id = "outbox-" + std::to_string(message.id) + "@brobygger";
  // In the user's own language (Danish unless they chose English).
  const auto values = templateValues(zone_, TemplateCode::invited_notice, *event, user->name,
                                     organisation ? organisation->name : std::string(), user->language);
  auto text = renderTemplate(templates.get(TemplateCode::invited_notice).texts, user->language, values);
  mail.subject = std::move(text.subject);
  mail.text = std::move(text.body);
  return mail;  // no calendar file: the partner is told, the people it registers get the invitations
}

std::optional<MailMessage> OutboxService::renderAnnouncement(UnitOfWork& uow, OutboxMessage& message) {
  const auto skip = [&](const char* why) -> std::optional<MailMessage> {
    message.status = OutboxStatus::skipped;
    message.last_error = why;
    return std::nullopt;
  };
  const auto contact = uow.contacts().find(message.contact_id);
  const auto announcement = uow.messages().findAnnouncement(*message.announcement_id);
  if (!contact || !announcement) return skip("the person or the announcement is gone");
  // Checked again at delivery: consent withdrawn, a person archived or erased since it was queued.
  if (contact->erased_at || contact->status != RecordStatus::active) return skip("the person is not active");
  if (!contact->email) return skip("the person has no email address");
  if (!contact->consent.newsletter) return skip("the person has not consented to the newsletter");
  const auto organisation = uow.organisations().find(contact->organisation_id);
  const std::string organisationName = organisation ? organisation->name : std::string();
  PlaceholderValues values;
  if (announcement->event_id) {
    const auto event = uow.events().find(*announcement->event_id);
    if (!event) return skip("the event is gone");
    values = placeholderValues(zone_, *event, contact->name, organisationName);
  } else {
    values.name = contact->name;
    values.organisation = organisationName;
  }
  return plainMail(settings_, message, *contact, announcement->subject, announcement->body, values);
}

std::optional<MailMessage> OutboxService::render(UnitOfWork& uow, OutboxMessage& message,
                                                 const TemplateSet& templates) {
  if (message.user_id) return renderNotice(uow, message, templates);
  if (message.announcement_id) return renderAnnouncement(uow, message);
  const auto registration =
      message.registration_id ? uow.registrations().find(message.registration_id) : std::optional<Registration>();
  const auto contact = uow.contacts().find(message.contact_id);
  const auto event = uow.events().find(message.event_id);
  // A message to the people of an invited organisation is about no registration.
  if ((!registration && !message.message_id) || !contact || !event) {
    message.status = OutboxStatus::skipped;
    message.last_error = "the registration, person or event is gone";
    return std::nullopt;
  }
  if (!contact->email) {
    message.status = OutboxStatus::skipped;
    message.last_error = "the person has no email address";
    return std::nullopt;
  }
  if (!contact->consent.invitations) {
    message.status = OutboxStatus::skipped;
    message.last_error = "the person has not consented to invitations";
    return std::nullopt;
  }
  if (message.message_id) {  // a copy of an event message: plain text, filled in for this person
    const auto stored = uow.messages().find(*message.message_id);
    if (!stored) {
      message.status = OutboxStatus::skipped;
      message.last_error = "the message is gone";
      return std::nullopt;
    }
    const auto organisation = uow.organisations().find(contact->organisation_id);
    const auto values = placeholderValues(zone_, *event, contact->name, organisation ? organisation->name : "");
    return plainMail(settings_, message, *contact, stored->subject, stored->body, values);
  }
  const auto document = calendar_.invitationFor(uow, *registration, *contact);
  if (!document) {
    message.status = OutboxStatus::skipped;
    message.last_error = "nothing to send";
    return std::nullopt;
  }
  const bool cancel = document->method == CalendarMethod::cancel;
  const bool reminder = message.reason == "reminder";
  if (reminder && (cancel || registration->status != RegistrationStatus::confirmed ||
                   event->status != EventStatus::published || event->starts_at <= clock_.now())) {
    // Queued while due; since then the person withdrew, the event was cancelled or it began.
    message.status = OutboxStatus::skipped;
    message.last_error = "the reminder is no longer due";
    return std::nullopt;
  }
  message.recipient = *contact->email;
  MailMessage mail;
  mail.to_email = *contact->email;
  mail.to_name = contact->name;
  mail.from_email = settings_.from_email;
  mail.from_name = settings_.from_name;
  mail.method = cancel ? "CANCEL" : "REQUEST";
  mail.calendar = writer_.write(*document);
  mail.message_id = "outbox-" + std::to_string(message.id) + "@brobygger";
  const auto code = reminder                       ? TemplateCode::reminder
                    : cancel                       ? TemplateCode::cancellation
                    : message.reason == "promoted" ? TemplateCode::promotion
                                                   : TemplateCode::invitation;
  const auto& texts = templates.get(code).texts;
  // The organisation is read only for a text that names it (the defaults do not).
  std::string organisationName;
  if (usesPlaceholder(texts, contact->language, "organisation"))
    if (const auto organisation = uow.organisations().find(contact->organisation_id))
      organisationName = organisation->name;
  const auto values = templateValues(zone_, code, *event, contact->name, organisationName, contact->language);
  auto text = renderTemplate(texts, contact->language, values);
  mail.subject = std::move(text.subject);
  mail.text = std::move(text.body);
  return mail;
}

int OutboxService::deliver(MailTransport& transport) {
  const auto now = clock_.now();
  std::vector<OutboxMessage> claimed;
  {
    write(store_, [&](UnitOfWork& uow) {
      claimed = uow.outbox().claimDue(now, now - settings_.stale_claim, settings_.batch);
      uow.commit();
    });
  }
  if (claimed.empty()) return 0;
  // The templates in force, read once for the round's mail.
  const TemplateSet templates = [&] {
    auto uow = store_.begin(Access::read);
    return TemplateSet(uow->messages().templates());
  }();
  int sent = 0;
  for (auto& message : claimed) {
    std::optional<MailMessage> mail;
    {
      auto uow = store_.begin(Access::read);
      // A reminder is checked against the current state when rendered; only calendar messages supersede.
      if (message.reason != "reminder" && !message.user_id && !message.announcement_id &&
          uow->outbox().supersededBy(message)) {
        message.status = OutboxStatus::superseded;
      } else {
        mail = render(*uow, message, templates);
      }
    }
    if (mail) {
      ++message.attempts;
      try {
        transport.send(*mail);
        message.status = OutboxStatus::sent;
        message.sent_at = clock_.now();
        message.last_error.reset();
        ++sent;
      } catch (const std::exception& e) {
        message.last_error = e.what();
        if (message.attempts >= settings_.max_attempts) {
          message.status = OutboxStatus::failed;
        } else {
          message.status = OutboxStatus::queued;
          message.next_attempt_at = clock_.now() + backoff(message.attempts);
        }
      }
    }
    write(store_, [&](UnitOfWork& uow) {
      uow.outbox().finish(message);
      uow.commit();
    });
  }
  return sent;
}

}  // namespace brobygger::domain
