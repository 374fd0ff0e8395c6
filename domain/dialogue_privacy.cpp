#include "domain/dialogue_privacy.hpp"

#include <vector>

#include "domain/audit.hpp"
#include "domain/outreach.hpp"

namespace brobygger::domain {

namespace {

// Lower-cases ASCII and the Latin-1 capitals (À..Þ but ×) keeping every byte where it was, so a match
// found in the folded text is at the same offsets in the original.
std::string foldInPlace(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto next = static_cast<unsigned char>(out[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) out[i + 1] = static_cast<char>(next + 0x20);
      ++i;
    }
  }
  return out;
}

bool isSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
// A byte that can be part of a word: ASCII letters and digits, and any byte of a non-ASCII character.
bool isWordByte(unsigned char c) { return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (const char ch : text) {
    if (isSpace(static_cast<unsigned char>(ch))) {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word += ch;
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

// Where a match of `parts` (whitespace runs between them) starting at `at` in `folded` ends, or npos.
std::size_t matchWords(const std::string& folded, std::size_t at, const std::vector<std::string>& parts) {
  std::size_t i = at;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) {
      const auto start = i;
      while (i < folded.size() && isSpace(static_cast<unsigned char>(folded[i]))) ++i;
      if (i == start) return std::string::npos;
    }
    if (folded.compare(i, parts[k].size(), parts[k]) != 0) return std::string::npos;
    i += parts[k].size();
  }
  return i;
}

// A separator inside a written phone number: "12 34 56 78", "12-34-56-78", "1234.5678".
bool isPhoneSeparator(unsigned char c) { return c == ' ' || c == '-' || c == '.'; }

// Where a written form of `digits` (optionally after +45 or 0045) starting at `at` ends, or npos.
std::size_t matchPhone(std::string_view text, std::size_t at, const std::string& digits, bool withPrefix) {
  std::size_t i = at;
  if (withPrefix) {
    if (text.compare(i, 5, "(+45)") == 0 || text.compare(i, 6, "(0045)") == 0) ++i;  // "(+45) 12 34 56 78"
    if (text.compare(i, 3, "+45") == 0) {
      i += 3;
    } else if (text.compare(i, 4, "0045") == 0) {
      i += 4;
    } else {
      return std::string::npos;
    }
    for (int skipped = 0; i < text.size() && skipped < 2; ++skipped) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (!isPhoneSeparator(c) && c != ')') break;
      ++i;
    }
  }
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && i < text.size() && isPhoneSeparator(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] != digits[k]) return std::string::npos;
    ++i;
  }
  if (i < text.size() && isDigit(static_cast<unsigned char>(text[i]))) return std::string::npos;
  return i;
}

// The national number of a stored phone: its digits without the country code.
std::string phoneDigits(std::string_view phone) {
  std::string digits;
  for (const char ch : phone)
    if (isDigit(static_cast<unsigned char>(ch))) digits += ch;
  if (digits.size() == 12 && digits.rfind("0045", 0) == 0) digits.erase(0, 4);
  if (digits.size() == 10 && digits.rfind("45", 0) == 0) digits.erase(0, 2);
  // Too short to be told apart from other figures in a text (a year, an amount): left alone.
  return digits.size() >= 6 ? digits : std::string();
}

}  // namespace

std::string scrubPersonalValues(std::string_view text, const Contact& person, std::string_view marker) {
  std::vector<std::vector<std::string>> needles;
  const auto add = [&](std::string_view value) {
    auto parts = words(foldInPlace(value));
    std::size_t length = 0;
    for (const auto& p : parts) length += p.size();
    if (length >= 2) needles.push_back(std::move(parts));
  };
  if (person.name != kErasedName) add(person.name);
  if (person.email) add(*person.email);
  const auto digits = person.phone ? phoneDigits(*person.phone) : std::string();
  if (needles.empty() && digits.empty()) return std::string(text);

  const auto folded = foldInPlace(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool wordStart = i == 0 || !isWordByte(static_cast<unsigned char>(text[i - 1]));
    std::size_t end = std::string::npos;
    if (wordStart) {
      for (const auto& needle : needles) {
        const auto e = matchWords(folded, i, needle);
        if (e == std::string::npos) continue;
        // A whole word, or one with the Danish genitive s ("Anna Ærøs forslag"): the s stays.
        const auto endsWord = [&](std::size_t at) {
          return at == text.size() || !isWordByte(static_cast<unsigned char>(text[at]));
        };
        if (endsWord(e) || (folded[e] == 's' && endsWord(e + 1))) {
          end = e;
          break;
        }
      }
    }
    const bool numberStart = i == 0 || (!isDigit(static_cast<unsigned char>(text[i - 1])) && text[i - 1] != '+');
    if (end == std::string::npos && !digits.empty() && numberStart && (isDigit(c) || c == '+' || c == '(')) {
      end = matchPhone(text, i, digits, true);
      if (end == std::string::npos) end = matchPhone(text, i, digits, false);
    }
    if (end != std::string::npos && end > i) {
      out += marker;
      i = end;
    } else {
      out += text[i];
      ++i;
    }
  }
  return out;
}

DialogueErasure eraseFromDialogue(UnitOfWork& uow, const Actor* actor, const Contact& person, Timestamp now) {
  DialogueErasure done;
  const std::vector<FieldChange> personalText = {{"subject", true, std::nullopt, std::nullopt},
                                                 {"notes", true, std::nullopt, std::nullopt}};
  for (const auto& activity : uow.activities().ofOrganisationOrNaming(person.organisation_id, person.id)) {
    auto subject = scrubPersonalValues(activity.subject, person);
    auto notes = scrubPersonalValues(activity.notes, person);
    if (subject == activity.subject && notes == activity.notes) continue;
    uow.activities().rewriteText(activity.id, subject, notes, now);
    std::vector<FieldChange> fields;
    if (subject != activity.subject) fields.push_back(personalText[0]);
    if (notes != activity.notes) fields.push_back(personalText[1]);
    uow.audit().record(
        auditEntry(actor, now, AuditAction::update, "activity", activity.id, {person.id}, std::move(fields)));
    ++done.activities_rewritten;
  }
  for (const auto& followUp : uow.followUps().ofOrganisationOrAbout(person.organisation_id, person.id)) {
    auto title = scrubPersonalValues(followUp.title, person);
    if (title == followUp.title) continue;
    uow.followUps().rewriteTitle(followUp.id, title, now);
    uow.audit().record(auditEntry(actor, now, AuditAction::update, "follow_up", followUp.id, {person.id},
                                  {{"title", true, std::nullopt, std::nullopt}}));
    ++done.follow_ups_rewritten;
  }
  done.activities_unlinked = uow.activities().forgetContact(person.id);
  return done;
}

}  // namespace brobygger::domain
