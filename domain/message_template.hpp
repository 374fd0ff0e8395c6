#pragma once
// The texts of the automatic mail (issue 15 point 5): administrators edit the Danish and English subject
// and body of the invitation, the reminder, the cancellation, the promotion from the waiting list and the
// notice to partner users that their organisation is invited. A template never stored is its default,
// which is exactly the text the mail had before templates existed.
//
// What is template text and what is fixed: the subject and the body are the administrator's, with
// placeholders (templatePlaceholders lists them per code). The practical details (title, time, venue,
// address, online link) are a block the system writes: the template places it with {{details}}, and a
// body without {{details}} gets it at its end, so the mail never loses where and when. The calendar file
// (invitation, reminder, cancellation, promotion) is always attached; the notice to partner users has none.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contact.hpp"
#include "domain/error.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

enum class TemplateCode { invitation, reminder, cancellation, promotion, invited_notice };
inline constexpr std::array<TemplateCode, 5> kTemplateCodes{TemplateCode::invitation, TemplateCode::reminder,
                                                            TemplateCode::cancellation, TemplateCode::promotion,
                                                            TemplateCode::invited_notice};
const char* toString(TemplateCode code) noexcept;
std::optional<TemplateCode> templateCodeFrom(std::string_view code) noexcept;

struct TemplateTexts {
  std::string subject_da, body_da, subject_en, body_en;
};

struct MessageTemplate {
  TemplateCode code = TemplateCode::invitation;
  TemplateTexts texts;
  bool customised = false;  // a stored text; false: the default
  std::optional<Timestamp> updated_at;
  std::optional<Id> updated_by;
};

// The default (today's) texts of a template.
MessageTemplate defaultTemplate(TemplateCode code);
// The placeholders a template of this code may use, without braces.
const std::vector<std::string>& templatePlaceholders(TemplateCode code);

// Checks texts for a template of `code` (422 naming the field: an empty subject or body, a subject over
// 200 characters or on more than one line, a body over 50 KiB, an unknown, empty or unclosed placeholder).
void checkTemplateTexts(Violations& violations, TemplateCode code, const TemplateTexts& texts);

// The templates in force: the stored ones over the defaults. Read once per outbox round, not per mail.
class TemplateSet {
 public:
  TemplateSet();
  explicit TemplateSet(const std::vector<MessageTemplate>& stored);
  const MessageTemplate& get(TemplateCode code) const { return templates_.at(static_cast<std::size_t>(code)); }

 private:
  std::array<MessageTemplate, 5> templates_;
};

// What the placeholders become (by name, without braces); "details" is the practical-details block.
using TemplateValues = std::map<std::string, std::string, std::less<>>;

struct RenderedText {
  std::string subject, body;
};
// The subject and body in `language`, placeholders filled in; the details block appended when the body
// does not place it.
RenderedText renderTemplate(const TemplateTexts& texts, Language language, const TemplateValues& values);
// Whether either text of `language` uses the placeholder (to read what it needs only then).
bool usesPlaceholder(const TemplateTexts& texts, Language language, std::string_view name);

}  // namespace brobygger::domain
