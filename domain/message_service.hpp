#pragma once
// Messages to an event's people (issue 15): plan (who, who not and why, a filled-in sample), send (one
// stored message and an outbox row per recipient, in one unit of work) and the event's history.
#include <vector>

#include "domain/message.hpp"
#include "domain/message_template.hpp"
#include "domain/repositories.hpp"

namespace brobygger::domain {

class MessageService {
 public:
  MessageService(Store& store, const Clock& clock, const TimeZone& zone) : store_(store), clock_(clock), zone_(zone) {}

  // Checks the draft (422 naming the field: empty subject or body, a subject over 200 characters or on
  // more than one line, a body over 50 KiB, an unknown or empty placeholder, an unknown `to`, nobody
  // to write to). A dry run answers the plan and stores nothing; otherwise the message is stored and
  // queued for every recipient, all or nothing.
  MessagePlan send(const Actor& actor, Id eventId, const MessageDraft& draft);
  std::vector<EventMessage> history(const Actor& actor, Id eventId);
  // Who will get the event's reminder and when, and who not and why (a read of their names, audited).
  ReminderPlan reminderPlan(const Actor& actor, Id eventId);

  // An announcement to a segment (see Segment): the same checks as a message (422 naming the field),
  // placeholders {{name}} and {{organisation}} (and the event's, when it is about one). An officer
  // limited to districts writes only within them (no district given: all of its own). A dry run answers
  // the count, a sample and everyone left out with the reason, and stores nothing; otherwise the
  // announcement is stored and queued for everyone with one set-based insert, all or nothing.
  AnnouncementPlan announce(const Actor& actor, AnnouncementDraft draft);
  Page<Announcement> announcements(const Actor& actor, const PageRequest& page);

  // The texts of the automatic mail (templates, issue 15 point 5; domain/message_template_service.cpp):
  // every code in order, each stored or its default; one (404 for an unknown code); stored (422 naming
  // the field, see checkTemplateTexts), recorded in the audit trail.
  std::vector<MessageTemplate> templates(const Actor& actor);
  MessageTemplate messageTemplate(const Actor& actor, std::string_view code);
  MessageTemplate updateTemplate(const Actor& actor, std::string_view code, const TemplateTexts& texts);
  // A template filled in for a real registration, in its person's language (404 for an unknown one):
  // the stored text, or the draft's texts where given (checked as a save would be). The person stands
  // in for the partner user of an invited notice. A read of the person, audited.
  struct TemplateDraft {
    std::optional<std::string> subject_da, body_da, subject_en, body_en;
  };
  struct TemplatePreview {
    std::string subject, body;
    Language language = Language::da;
  };
  TemplatePreview previewTemplate(const Actor& actor, std::string_view code, Id registrationId,
                                  const TemplateDraft& draft);

 private:
  Store& store_;
  const Clock& clock_;
  const TimeZone& zone_;
};

// What a template's placeholders become for one person (`name`, of `organisation`) about one event, in
// `language` (see templatePlaceholders); "details" is the practical-details block.
TemplateValues templateValues(const TimeZone& zone, TemplateCode code, const Event& event, const std::string& name,
                              const std::string& organisation, Language language);

// What the placeholders become for one person of one event (also for the outbox when it renders).
PlaceholderValues placeholderValues(const TimeZone& zone, const Event& event, const std::string& name,
                                    const std::string& organisation);

}  // namespace brobygger::domain
