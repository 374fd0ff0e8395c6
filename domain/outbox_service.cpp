#include "domain/outbox_service.hpp"
#include "domain/write.hpp"

#include <algorithm>

#include "domain/date_time.hpp"
#include "domain/error.hpp"
#include "domain/policy.hpp"

namespace brobygger::domain {

namespace {

std::string when(const TimeZone& zone, Timestamp t) { return formatDanishDateTime(zone.toLocal(t)); }

// Waiting before the next attempt: 1, 5, 15, 60, 180 minutes.
std::chrono::minutes backoff(int attempts) {
  static constexpr int kMinutes[] = {1, 5, 15, 60, 180};
  const auto index = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, attempts - 1)), 4);
  return std::chrono::minutes(kMinutes[index]);
}

}  // namespace

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

std::optional<MailMessage> OutboxService::render(UnitOfWork& uow, OutboxMessage& message) {
  const auto registration = uow.registrations().find(message.registration_id);
  const auto contact = uow.contacts().find(message.contact_id);
  const auto event = uow.events().find(message.event_id);
  if (!registration || !contact || !event) {
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
  const auto document = calendar_.invitationFor(uow, *registration, *contact);
  if (!document) {
    message.status = OutboxStatus::skipped;
    message.last_error = "nothing to send";
    return std::nullopt;
  }
  message.recipient = *contact->email;
  const bool cancel = document->method == CalendarMethod::cancel;
  const bool english = contact->language == Language::en;
  const auto& title = event->details.title;
  MailMessage mail;
  mail.to_email = *contact->email;
  mail.to_name = contact->name;
  mail.from_email = settings_.from_email;
  mail.from_name = settings_.from_name;
  mail.method = cancel ? "CANCEL" : "REQUEST";
  mail.calendar = writer_.write(*document);
  mail.message_id = "outbox-" + std::to_string(message.id) + "@brobygger";
  const auto time = when(zone_, event->starts_at);
  const auto place = event->details.venue.name.value_or(event->details.online_url.value_or(""));
  if (english) {
    mail.subject = (cancel ? "Cancelled: " : "Invitation: ") + title;
    mail.text = "Dear " + contact->name + ",\n\n" +
                (cancel ? (event->status == EventStatus::cancelled ? "The event has been cancelled:\n"
                                                                   : "Your registration has been cancelled:\n")
                        : "You are registered for:\n") +
                "\n  " + title + "\n  " + time + (place.empty() ? "" : "\n  " + place) +
                "\n\nThe attached calendar file updates your calendar.\n\nKind regards\nBrobygger\n";
  } else {
    mail.subject = (cancel ? "Aflyst: " : "Invitation: ") + title;
    mail.text = "Kære " + contact->name + "\n\n" +
                (cancel ? (event->status == EventStatus::cancelled ? "Arrangementet er aflyst:\n"
                                                                   : "Din tilmelding er annulleret:\n")
                        : "Du er tilmeldt:\n") +
                "\n  " + title + "\n  " + time + (place.empty() ? "" : "\n  " + place) +
                "\n\nDen vedhæftede kalenderfil opdaterer din kalender.\n\nVenlig hilsen\nBrobygger\n";
  }
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
  int sent = 0;
  for (auto& message : claimed) {
    std::optional<MailMessage> mail;
    {
      auto uow = store_.begin(Access::read);
      if (uow->outbox().supersededBy(message)) {
        message.status = OutboxStatus::superseded;
      } else {
        mail = render(*uow, message);
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
