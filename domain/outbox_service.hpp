#pragma once
// Delivers queued invitation emails (iMIP): renders each from the current state, skips what a later
// message supersedes or what the person did not consent to, and hands the rest to a transport.
#include <chrono>
#include <optional>
#include <string>

#include "domain/calendar_service.hpp"
#include "domain/message_template.hpp"
#include "domain/repositories.hpp"
#include "domain/table.hpp"

namespace brobygger::domain {

struct MailMessage {
  std::string to_email, to_name;
  std::string from_email, from_name;
  std::string subject;
  std::string text;      // the readable part, in the person's language
  std::string calendar;  // the iCalendar part; empty: none (a plain-text notice)
  std::string method;    // REQUEST or CANCEL, as in the calendar part
  std::string message_id;
};

// SMTP or anything else that carries mail. Throws on failure (the message is retried later).
class MailTransport {
 public:
  virtual ~MailTransport() = default;
  virtual void send(const MailMessage& message) = 0;
};

// A reminder is due for a confirmed registration of a published event while
//   start - reminder_hours <= now < start - kReminderMinimumLead,
// and is queued at most once per (event, registration), ever. Nothing is queued once the start is less
// than the minimum lead away (nor for a past event): a rule added, a reminder_hours raised or an event
// created at the last moment never mails people on their way to the door, and never about the past.
inline constexpr std::chrono::hours kReminderMinimumLead{1};

struct OutboxSettings {
  int batch = 20;
  int max_attempts = 6;
  std::chrono::minutes stale_claim{10};
  std::string from_email = "arrangementer@brobygger.dk";
  std::string from_name = "Brobygger";
};

// Queues, in the caller's unit of work, a notice to every active partner user of each of these
// organisations that it is invited to `event` (reason "invited"; rendered from the invited_notice template in
// the user's own language).
void queueInvitedNotices(UnitOfWork& uow, const Event& event, const std::vector<Id>& organisationIds, Timestamp now);

class OutboxService {
 public:
  OutboxService(Store& store, CalendarService& calendar, const CalendarWriter& writer, const Clock& clock,
                const TimeZone& zone, OutboxSettings settings = {})
      : store_(store),
        calendar_(calendar),
        writer_(writer),
        clock_(clock),
        zone_(zone),
        settings_(std::move(settings)) {}

  Page<OutboxMessage> list(const Actor& actor, const OutboxQuery& query);
  std::int64_t exportList(const Actor& actor, OutboxQuery query, const RowBatches<OutboxMessage>& sink);
  // How many messages wait and how many failed for good: operational counts without personal data
  // (for `/metrics`), so no actor.
  struct Figures {
    std::int64_t queued = 0;
    std::int64_t failed = 0;
  };
  Figures figures();
  // A failed message queued again (attempts from 0, due now); 404 for none, 422 naming `status` for
  // one that is not failed (a concurrent resend included). Recorded in the audit trail.
  OutboxMessage resend(const Actor& actor, Id id);
  // One round: claims due messages and delivers them through `transport`. Answers how many were sent.
  int deliver(MailTransport& transport);
  // Queues the reminders that are due (see kReminderMinimumLead); answers how many. Runs at the start
  // of every delivery round, in every server process: the database keeps it to one per person.
  int queueReminders();

 private:
  // The automatic mail is rendered from the templates in force (read once per round, not per mail).
  std::optional<MailMessage> render(UnitOfWork& uow, OutboxMessage& message, const TemplateSet& templates);
  std::optional<MailMessage> renderNotice(UnitOfWork& uow, OutboxMessage& message, const TemplateSet& templates);
  std::optional<MailMessage> renderAnnouncement(UnitOfWork& uow, OutboxMessage& message);
  Store& store_;
  CalendarService& calendar_;
  const CalendarWriter& writer_;
  const Clock& clock_;
  const TimeZone& zone_;
  OutboxSettings settings_;
};

}  // namespace brobygger::domain
