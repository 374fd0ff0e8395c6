#pragma once
// Invitations by email (iMIP): a message is queued in the same transaction as the change that calls
// for it, and a sender delivers it later. Rendering happens at delivery from the current state, so a
// message that a later one for the same registration supersedes is never sent.
#include <optional>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

struct Segment;  // domain/message.hpp

enum class OutboxStatus { queued, sending, sent, failed, superseded, skipped };
const char* toString(OutboxStatus status) noexcept;
std::optional<OutboxStatus> outboxStatusFrom(std::string_view code) noexcept;

struct OutboxMessage {
  Id id = 0;
  Id registration_id = 0;  // 0: none (a notice to a user)
  Id event_id = 0;
  Id contact_id = 0;             // who is written to (after a substitution, the person who gave up the seat); 0: a user
  std::optional<Id> user_id;     // a notice to a user (a partner told that their organisation is invited)
  std::optional<Id> message_id;  // a copy of an event message (reason "message")
  std::optional<Id> announcement_id;  // a copy of an announcement (reason "announcement"; event_id 0 if none)
  // registered, promoted, updated, cancelled, event_cancelled, substituted_*, reminder, message; to users:
  // invited
  std::string reason;
  OutboxStatus status = OutboxStatus::queued;
  int attempts = 0;
  Timestamp created_at{};
  Timestamp next_attempt_at{};
  std::optional<Timestamp> sent_at;
  std::optional<std::string> last_error;
  std::optional<std::string> recipient;  // filled when rendered
};

struct OutboxQuery {
  std::optional<OutboxStatus> status;
  std::optional<Id> event_id;
  PageRequest page;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual void enqueue(const OutboxMessage& message) = 0;
  virtual void enqueueMany(const std::vector<OutboxMessage>& messages) = 0;  // one statement
  virtual Page<OutboxMessage> list(const OutboxQuery& query) = 0;
  // Claims up to `max` due messages for this sender (queued -> sending, atomically per message; a
  // claim older than `staleBefore` is taken back from a sender that died).
  virtual std::vector<OutboxMessage> claimDue(Timestamp now, Timestamp staleBefore, int max) = 0;
  virtual void finish(const OutboxMessage& message) = 0;  // status, attempts, times, error, recipient
  // True when a newer message for the same registration is waiting or was sent after this one.
  virtual bool supersededBy(const OutboxMessage& message) = 0;
  // Marks every queued message skipped (demo data must never email anyone). Answers how many.
  virtual int skipQueued(const std::string& why) = 0;
  // Queues a reminder (reason and once-kind "reminder") for every confirmed registration of every
  // published event with reminder_hours > 0 whose start lies in (soonestStart, now + reminder_hours],
  // unless one exists for that (event, registration). The database's unique key on (once kind, event,
  // registration) makes this exactly once with any number of callers. Answers how many were queued.
  virtual int queueReminders(Timestamp now, Timestamp soonestStart) = 0;

  virtual std::optional<OutboxMessage> find(Id id) = 0;
  // The registrations of the event whose reminder is already queued (or sent, skipped...).
  virtual std::vector<Id> remindedRegistrations(Id eventId) = 0;
  // A failed message queued again (status queued, attempts 0, due now), if it is still failed: one
  // conditional update, so of two callers one wins. Answers whether it was.
  virtual bool requeueFailed(Id id, Timestamp now) = 0;
  // Queues a copy of announcement `announcementId` for every active, not erased person with an email
  // address and newsletter consent of the segment's active organisations: ONE INSERT ... SELECT.
  // Answers how many were queued.
  virtual int queueAnnouncement(Id announcementId, std::optional<Id> eventId, const Segment& segment,
                                Timestamp now) = 0;
};

}  // namespace brobygger::domain
