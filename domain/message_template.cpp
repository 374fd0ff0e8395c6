#include "domain/message_template.hpp"

#include <utility>

#include "domain/message.hpp"
#include "domain/validation.hpp"

namespace brobygger::domain {

namespace {

constexpr std::array<std::pair<TemplateCode, const char*>, 5> kCodes{
    {{TemplateCode::invitation, "invitation"},
     {TemplateCode::reminder, "reminder"},
     {TemplateCode::cancellation, "cancellation"},
     {TemplateCode::promotion, "promotion"},
     {TemplateCode::invited_notice, "invited_notice"}}};

// The closing of every mail with a calendar file, as it was before templates.
constexpr const char* kCalendarClosingDa =
    "\n\nDen vedhæftede kalenderfil opdaterer din kalender.\n\nVenlig hilsen\nBrobygger\n";
constexpr const char* kCalendarClosingEn =
    "\n\nThe attached calendar file updates your calendar.\n\nKind regards\nBrobygger\n";

TemplateTexts personTexts(std::string subjectDa, const std::string& leadDa, std::string subjectEn,
                          const std::string& leadEn, const std::string& after = "") {
  return {std::move(subjectDa), "Kære {{name}}\n\n" + leadDa + "\n{{details}}" + after + kCalendarClosingDa,
          std::move(subjectEn), "Dear {{name}},\n\n" + leadEn + "\n{{details}}" + after + kCalendarClosingEn};
}

}  // namespace

const char* toString(TemplateCode code) noexcept {
  for (const auto& [value, text] : kCodes)
    if (value == code) return text;
  return "invitation";
}

std::optional<TemplateCode> templateCodeFrom(std::string_view code) noexcept {
  for (const auto& [value, text] : kCodes)
    if (code == text) return value;
  return std::nullopt;
}

MessageTemplate defaultTemplate(TemplateCode code) {
  MessageTemplate t;
  t.code = code;
  switch (code) {
    case TemplateCode::invitation:
      t.texts = personTexts("Invitation: {{event_title}}", "Du er tilmeldt:", "Invitation: {{event_title}}",
                            "You are registered for:");
      break;
    case TemplateCode::reminder:
      t.texts = personTexts("Påmindelse: {{event_title}}", "En påmindelse: du er tilmeldt", "Reminder: {{event_title}}",
                            "A reminder: you are registered for");
      break;
    case TemplateCode::cancellation:
      t.texts = personTexts("Aflyst: {{event_title}}", "{{cancellation}}:", "Cancelled: {{event_title}}",
                            "{{cancellation}}:", "{{reason}}");
      break;
    case TemplateCode::promotion:
      t.texts = personTexts("Du har fået en plads: {{event_title}}",
                            "En plads er blevet ledig, og du er rykket op fra ventelisten. Du er nu tilmeldt:",
                            "You have a seat: {{event_title}}",
                            "A seat became free and you have moved up from the waiting list. You are now "
                            "registered for:");
      break;
    case TemplateCode::invited_notice:
      t.texts = {"Inviteret: {{event_title}}",
                 "Kære {{name}}\n\n{{organisation}} er inviteret til:\n{{details}}\n\nI kan tilmelde jeres deltagere "
                 "i Brobygger.\n\nVenlig hilsen\nBrobygger\n",
                 "Invited: {{event_title}}",
                 "Dear {{name}},\n\n{{organisation}} is invited to:\n{{details}}\n\nYou can register your "
                 "participants in Brobygger.\n\nKind regards\nBrobygger\n"};
      break;
  }
  return t;
}

const std::vector<std::string>& templatePlaceholders(TemplateCode code) {
  static const std::vector<std::string> kEvent{"name",         "event_title", "starts_at", "venue",
                                               "organisation", "online_url",  "details"};
  static const std::vector<std::string> kCancellation{
      "name", "event_title", "starts_at", "venue", "organisation", "online_url", "details", "cancellation", "reason"};
  return code == TemplateCode::cancellation ? kCancellation : kEvent;
}

void checkTemplateTexts(Violations& violations, TemplateCode code, const TemplateTexts& texts) {
  const auto& known = templatePlaceholders(code);
  const auto subject = [&](const std::string& field, const std::string& value) {
    if (trim(value).empty()) violations.add(field, "must not be empty");
    else checkText(violations, field, value, 1, kMaxMessageSubjectChars);
    checkPlaceholders(violations, field, value, known);
    // The practical details are a block of lines; a subject is one line.
    if (mentionsPlaceholder(value, "details"))
      violations.add(field, "must not use {{details}}: it belongs in the body");
  };
  const auto body = [&](const std::string& field, const std::string& value) {
    if (trim(value).empty()) {
      violations.add(field, "must not be empty");
    } else if (value.size() > kMaxMessageBodyBytes) {
      violations.add(field, "must be at most 50 KiB (51200 bytes)");
    } else {
      checkText(violations, field, value, 1, kMaxMessageBodyBytes, true);
      checkPlaceholders(violations, field, value, known);
    }
  };
  subject("subject_da", texts.subject_da);
  body("body_da", texts.body_da);
  subject("subject_en", texts.subject_en);
  body("body_en", texts.body_en);
}

TemplateSet::TemplateSet() {
  for (const auto code : kTemplateCodes) templates_.at(static_cast<std::size_t>(code)) = defaultTemplate(code);
}

TemplateSet::TemplateSet(const std::vector<MessageTemplate>& stored) : TemplateSet() {
  for (const auto& t : stored) templates_.at(static_cast<std::size_t>(t.code)) = t;
}

bool usesPlaceholder(const TemplateTexts& texts, Language language, std::string_view name) {
  return language == Language::en
             ? mentionsPlaceholder(texts.subject_en, name) || mentionsPlaceholder(texts.body_en, name)
             : mentionsPlaceholder(texts.subject_da, name) || mentionsPlaceholder(texts.body_da, name);
}

RenderedText renderTemplate(const TemplateTexts& texts, Language language, const TemplateValues& values) {
  const bool english = language == Language::en;
  const auto valueOf = [&](std::string_view name) -> const std::string* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : &found->second;
  };
  const auto& subject = english ? texts.subject_en : texts.subject_da;
  const auto& body = english ? texts.body_en : texts.body_da;
  RenderedText out;
  out.subject = fillPlaceholders(subject, valueOf);
  // A subject is one line, whatever a value holds.
  for (auto& c : out.subject)
    if (c == '\n' || c == '\r') c = ' ';
  out.body = fillPlaceholders(body, valueOf);
  if (!mentionsPlaceholder(body, "details"))
    if (const auto* details = valueOf("details")) out.body += "\n" + *details + "\n";
  return out;
}

}  // namespace brobygger::domain
