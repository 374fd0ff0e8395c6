#pragma once
// Messages to an event's people (issue 15): an officer writes a subject and a body with placeholders,
// picks who gets it by registration status (or the people of the invited organisations), sees the count,
// a filled-in sample and who is left out and why, then sends. Each person's copy goes through the outbox
// (reason "message"), rendered at delivery from the stored message in plain text.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contact.hpp"
#include "domain/error.hpp"
#include "domain/message_template.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

enum class MessageAudience { confirmed, waitlisted, attended, registered, invited };
const char* toString(MessageAudience audience) noexcept;
std::optional<MessageAudience> messageAudienceFrom(std::string_view code) noexcept;

inline constexpr std::size_t kMaxMessageSubjectChars = 200;
inline constexpr std::size_t kMaxMessageBodyBytes = 50 * 1024;

// What {{name}}, {{event_title}}, {{starts_at}}, {{venue}} and {{organisation}} become for one person.
struct PlaceholderValues {
  std::string name, event_title, starts_at, venue, organisation;
};

// Adds a violation on `field` for every placeholder that is empty ({{}}), unknown or not closed. Without
// an event (an announcement about none), only {{name}} and {{organisation}} are known.
void checkPlaceholders(Violations& violations, const std::string& field, const std::string& text,
                       bool eventPlaceholders = true);
// The same against a list of known names (without braces); `knownText` lists them in the message ("":
// the list itself).
void checkPlaceholders(Violations& violations, const std::string& field, const std::string& text,
                       const std::vector<std::string>& known, const std::string& knownText = "");
// The text with every placeholder replaced (the text must have passed checkPlaceholders).
std::string fillPlaceholders(const std::string& text, const PlaceholderValues& values);
// Whether `text` uses the placeholder `name` (spaces inside the braces allowed, as when filled in).
bool mentionsPlaceholder(const std::string& text, std::string_view name);
// The same with the value of each name from `valueOf` (nullptr: nothing).
std::string fillPlaceholders(const std::string& text,
                             const std::function<const std::string*(std::string_view name)>& valueOf);

struct EventMessage {
  Id id = 0;
  Id event_id = 0;
  std::string subject;
  std::string body;
  MessageAudience to = MessageAudience::confirmed;
  int recipients = 0;
  std::optional<Id> created_by;
  Timestamp created_at{};
  // Read model: how its copies fare in the outbox.
  int queued = 0, sent = 0, failed = 0, skipped = 0;
};

struct MessageDraft {
  std::string subject;
  std::string body;
  std::optional<MessageAudience> to;
  bool dry_run = false;
};

struct MessageRecipient {
  Id contact_id = 0;
  Id registration_id = 0;  // 0: none (a person of an invited organisation)
  std::string name;
  std::string organisation;
};

// Someone the audience names who gets nothing: `no_consent` (no consent to event mail), `erased`,
// `no_email`.
struct ExcludedRecipient {
  Id contact_id = 0;
  std::string name;
  std::string reason;
};

struct MessagePlan {
  Id id = 0;  // the stored message; 0 for a dry run
  std::vector<MessageRecipient> recipients;
  std::vector<ExcludedRecipient> excluded;
  std::string sample_subject, sample_body;  // filled in for the first recipient
};

// Announcements (issue 15 point 4): a text to the people of a segment of the network who consented to
// the newsletter. An organisation matches when it is active and meets every list given (any value of a
// list); an empty list does not restrict.
struct Segment {
  std::vector<std::string> kinds;
  std::vector<int> police_district_ids;
  std::vector<int> region_ids;
};

inline constexpr std::size_t kMaxSegmentValues = 100;

struct Announcement {
  Id id = 0;
  std::string subject;
  std::string body;
  Segment segment;
  std::optional<Id> event_id;
  int recipients = 0;
  std::optional<Id> created_by;
  std::string created_by_name;  // read model: the sender's name ("" when the user is gone)
  Timestamp created_at{};
  // Read model: how its copies fare in the outbox.
  int queued = 0, sent = 0, failed = 0, skipped = 0;
};

struct AnnouncementDraft {
  std::string subject;
  std::string body;
  Segment segment;
  std::optional<Id> event_id;
  bool dry_run = false;
};

// One person of a segment's organisations, as a dry run weighs them.
struct SegmentPerson {
  Id contact_id = 0;
  std::string name;
  std::string organisation;
  bool active = true, has_email = true, newsletter = false, erased = false;
};

// An announcement's plan: `recipients` counts everyone it goes to; `sample` names the first few and
// `excluded` everyone of the segment left out, with the reason (`inactive`, `erased`, `no_email`,
// `no_consent`); both only in a dry run.
struct AnnouncementPlan {
  Id id = 0;  // 0 for a dry run
  int recipients = 0;
  std::vector<MessageRecipient> sample;
  std::vector<ExcludedRecipient> excluded;
  std::string sample_subject, sample_body;
};

// Who will get the event's reminder and when (shown on the event page before anything is sent): the
// confirmed people (each marked when theirs is already queued or sent) and everyone left out with the
// reason. `due_at` is the start less `reminder_hours` (none when 0: no reminders).
struct ReminderPlan {
  int reminder_hours = 0;
  std::optional<Timestamp> due_at;
  struct Recipient {
    Id contact_id = 0;
    std::string name;
    std::string organisation;
    bool reminded = false;
  };
  std::vector<Recipient> recipients;
  std::vector<ExcludedRecipient> excluded;
};

class EventMessageRepository {
 public:
  virtual ~EventMessageRepository() = default;
  virtual Id insert(const EventMessage& message) = 0;
  virtual std::optional<EventMessage> find(Id id) = 0;
  // The event's messages, newest first, with their outbox counts.
  virtual std::vector<EventMessage> ofEvent(Id eventId) = 0;

  // Announcements live beside event messages.
  virtual Id insertAnnouncement(const Announcement& announcement) = 0;
  virtual void setAnnouncementRecipients(Id id, int recipients) = 0;
  virtual std::optional<Announcement> findAnnouncement(Id id) = 0;
  // Newest first, with their outbox counts and the sender's name.
  virtual Page<Announcement> announcements(const PageRequest& page) = 0;
  // Every person of the segment's active organisations (also those who will not get it), by id.
  virtual std::vector<SegmentPerson> segmentPeople(const Segment& segment) = 0;

  // The stored texts of the automatic mail (a code never edited has no row: its default is in force).
  virtual std::vector<MessageTemplate> templates() = 0;
  // Stores a template's texts (a new row or over the one stored).
  virtual void saveTemplate(const MessageTemplate& stored) = 0;
};

}  // namespace brobygger::domain
