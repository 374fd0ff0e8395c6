// The texts of the automatic mail (issue 15 point 5): MessageService's template use cases and what a
// template's placeholders become (shared with the outbox, which renders the mail).
#include "domain/audit.hpp"
#include "domain/date_time.hpp"
#include "domain/message_service.hpp"
#include "domain/policy.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

// The practical details of an event, as indented lines: title, time, venue, address, online link.
std::string practicalDetails(const TimeZone& zone, const Event& event) {
  std::string details = "\n  " + event.details.title + "\n  " + formatDanishDateTime(zone.toLocal(event.starts_at));
  if (event.details.venue.name) details += "\n  " + *event.details.venue.name;
  if (event.details.venue.address) {
    std::string address = *event.details.venue.address;
    for (std::size_t at = address.find('\n'); at != std::string::npos; at = address.find('\n', at + 3))
      address.replace(at, 1, "\n  ");
    details += "\n  " + address;
  }
  if (event.details.online_url) details += "\n  " + *event.details.online_url;
  return details;
}

TemplateCode codeOrNotFound(std::string_view code) {
  const auto parsed = templateCodeFrom(code);
  if (!parsed) throwNotFound("Message template");
  return *parsed;
}

}  // namespace

TemplateValues templateValues(const TimeZone& zone, TemplateCode code, const Event& event, const std::string& name,
                              const std::string& organisation, Language language) {
  const bool english = language == Language::en;
  const auto placeholders = placeholderValues(zone, event, name, organisation);
  TemplateValues v{{"name", placeholders.name},
                   {"event_title", placeholders.event_title},
                   {"starts_at", placeholders.starts_at},
                   {"venue", placeholders.venue},
                   {"organisation", placeholders.organisation},
                   {"online_url", event.details.online_url.value_or("")},
                   {"details", practicalDetails(zone, event)}};
  if (code == TemplateCode::cancellation) {
    const bool eventCancelled = event.status == EventStatus::cancelled;
    v["cancellation"] = eventCancelled
                            ? (english ? "The event has been cancelled" : "Arrangementet er aflyst")
                            : (english ? "Your registration has been cancelled" : "Din tilmelding er annulleret");
    v["reason"] = eventCancelled && event.cancellation_reason
                      ? (english ? "\n\nReason: " : "\n\nBegrundelse: ") + *event.cancellation_reason
                      : std::string();
  }
  return v;
}

std::vector<MessageTemplate> MessageService::templates(const Actor& actor) {
  authorize(actor, Action::read_message_templates);
  auto uow = store_.begin(Access::read);
  const TemplateSet set(uow->messages().templates());
  std::vector<MessageTemplate> out;
  for (const auto code : kTemplateCodes) out.push_back(set.get(code));
  return out;
}

MessageTemplate MessageService::messageTemplate(const Actor& actor, std::string_view code) {
  authorize(actor, Action::read_message_templates);
  const auto parsed = codeOrNotFound(code);
  auto uow = store_.begin(Access::read);
  return TemplateSet(uow->messages().templates()).get(parsed);
}

MessageTemplate MessageService::updateTemplate(const Actor& actor, std::string_view code, const TemplateTexts& texts) {
  authorize(actor, Action::update_message_template);
  const auto parsed = codeOrNotFound(code);
  Violations violations;
  checkTemplateTexts(violations, parsed, texts);
  violations.throwIfAny();
  return write(store_, [&](UnitOfWork& uow) {
    const auto now = clock_.now();
    const auto before = TemplateSet(uow.messages().templates()).get(parsed);
    MessageTemplate stored;
    stored.code = parsed;
    stored.texts = texts;
    stored.customised = true;
    stored.updated_at = now;
    stored.updated_by = actor.user_id;
    uow.messages().saveTemplate(stored);
    // Which texts changed, not the texts (a body is up to 50 KiB; the trail keeps who and when).
    std::vector<FieldChange> changes{{"code", false, std::nullopt, std::string(toString(parsed))}};
    const auto note = [&](const char* field, const std::string& old, const std::string& now_) {
      if (old != now_) changes.push_back({field, false, std::nullopt, std::nullopt});
    };
    note("subject_da", before.texts.subject_da, texts.subject_da);
    note("body_da", before.texts.body_da, texts.body_da);
    note("subject_en", before.texts.subject_en, texts.subject_en);
    note("body_en", before.texts.body_en, texts.body_en);
    uow.audit().record(
        auditEntry(&actor, now, AuditAction::update, "message_template", std::nullopt, {}, std::move(changes)));
    uow.commit();
    return stored;
  });
}

MessageService::TemplatePreview MessageService::previewTemplate(const Actor& actor, std::string_view code,
                                                                Id registrationId, const TemplateDraft& draft) {
  authorize(actor, Action::read_message_templates);
  const auto parsed = codeOrNotFound(code);
  auto uow = store_.begin(Access::read);
  auto texts = TemplateSet(uow->messages().templates()).get(parsed).texts;
  if (draft.subject_da) texts.subject_da = *draft.subject_da;
  if (draft.body_da) texts.body_da = *draft.body_da;
  if (draft.subject_en) texts.subject_en = *draft.subject_en;
  if (draft.body_en) texts.body_en = *draft.body_en;
  Violations violations;
  checkTemplateTexts(violations, parsed, texts);
  violations.throwIfAny();

  const auto registration = uow->registrations().find(registrationId);
  if (!registration) throwNotFound("Registration");
  const auto contact = uow->contacts().find(registration->contact_id);
  const auto event = uow->events().find(registration->event_id);
  if (!contact || !event || contact->erased_at) throwNotFound("Registration");
  const auto organisation = uow->organisations().find(contact->organisation_id);
  const auto values =
      templateValues(zone_, parsed, *event, contact->name, organisation ? organisation->name : "", contact->language);
  const auto rendered = renderTemplate(texts, contact->language, values);
  // The person's name was read: recorded as a read of the registration's person.
  uow->audit().record(
      auditEntry(&actor, clock_.now(), AuditAction::read, "registration", registration->id, {contact->id}, {}));
  return {rendered.subject, rendered.body, contact->language};
}

}  // namespace brobygger::domain
