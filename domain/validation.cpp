#include "domain/validation.hpp"

#include <array>
#include <cctype>

namespace brobygger::domain {

bool isValidCvr(std::string_view cvr) noexcept {
  static constexpr std::array<int, 8> kWeights{2, 7, 6, 5, 4, 3, 2, 1};
  if (cvr.size() != 8 || cvr[0] == '0') return false;
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    if (cvr[i] < '0' || cvr[i] > '9') return false;
    sum += (cvr[i] - '0') * kWeights[i];
  }
  return sum % 11 == 0;
}

std::optional<std::string> normaliseDanishPhone(std::string_view input) {
  std::string digits;
  bool sawPlus = false;
  for (char c : input) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty() && !sawPlus) {
      sawPlus = true;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (sawPlus) {
    if (digits.size() != 10 || digits.compare(0, 2, "45") != 0) return std::nullopt;
    digits.erase(0, 2);
  } else if (digits.size() == 12 && digits.compare(0, 4, "0045") == 0) {
    digits.erase(0, 4);
  } else if (digits.size() == 10 && digits.compare(0, 2, "45") == 0) {
    digits.erase(0, 2);
  }
  // Danish subscriber numbers are 8 digits and never start with 0 or 1.
  if (digits.size() != 8 || digits[0] == '0' || digits[0] == '1') return std::nullopt;
  return "+45 " + digits.substr(0, 4) + " " + digits.substr(4);
}

bool isValidEmail(std::string_view email) noexcept {
  if (email.size() < 3 || email.size() > 254) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
  const auto local = email.substr(0, at);
  const auto domain = email.substr(at + 1);
  if (local.size() > 64) return false;
  for (const char ch : email) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == 0x7f || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' ||
        c == '>' || c == '[' || c == ']' || c == '\\')
      return false;
  }
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  const auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (domain.front() == '-' || domain.front() == '.' || domain.find("..") != std::string_view::npos) return false;
  return true;
}

std::string foldCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (c == 0xC3 && i + 1 < text.size()) {
      // Latin-1 supplement capitals U+00C0..U+00DE (except U+00D7 ×) fold by +0x20 on the second byte.
      auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) next = static_cast<unsigned char>(next + 0x20);
      out.push_back(static_cast<char>(c));
      out.push_back(static_cast<char>(next));
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string nameMatchKey(std::string_view name) {
  const std::string folded = foldCase(name);
  std::string key;
  key.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (c < 0x80) {
      if (std::isalnum(c)) key.push_back(static_cast<char>(c));
      continue;  // spaces, punctuation and control characters do not tell names apart
    }
    if (c == 0xC3 && i + 1 < folded.size()) {
      const auto next = static_cast<unsigned char>(folded[i + 1]);
      ++i;
      switch (next) {
        case 0xA6:
        case 0xA4: key += "ae"; continue;  // æ ä
        case 0xB8:
        case 0xB6: key += "oe"; continue;  // ø ö
        case 0xA5: key += "aa"; continue;  // å
        case 0xA9:
        case 0xA8:
        case 0xAA:
        case 0xAB: key += "e"; continue;   // é è ê ë
        case 0xBC: key += "ue"; continue;  // ü
        case 0x97:
        case 0xB7: continue;  // × ÷
        default:
          key.push_back(static_cast<char>(c));
          key.push_back(static_cast<char>(next));
          continue;
      }
    }
    // Other multi-byte characters are kept whole; a stray continuation or lead byte is dropped.
    std::size_t len = 0;
    if ((c & 0xE0) == 0xC0) len = 2;
    else if ((c & 0xF0) == 0xE0) len = 3;
    else if ((c & 0xF8) == 0xF0) len = 4;
    if (len == 0 || i + len > folded.size()) continue;
    bool whole = true;
    for (std::size_t k = 1; k < len; ++k) whole = whole && (static_cast<unsigned char>(folded[i + k]) & 0xC0) == 0x80;
    if (!whole) continue;
    // General punctuation (U+2000..U+206F: dashes, quotes, spaces) separates, it does not name.
    if (!(c == 0xE2 && static_cast<unsigned char>(folded[i + 1]) == 0x80) &&
        !(c == 0xE2 && static_cast<unsigned char>(folded[i + 1]) == 0x81)) {
      key.append(folded, i, len);
    }
    i += len - 1;
  }
  return key;
}

bool isValidHttpUrl(std::string_view url) noexcept {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.size() > 300) return false;
  for (const char ch : url) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  const auto host = rest.substr(0, rest.find_first_of("/?#"));
  return !host.empty() && host.find('.') != std::string_view::npos && host.front() != '.';
}

std::optional<std::size_t> utf8Length(std::string_view text) noexcept {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    if (c < 0x80) len = 1;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2) len = 2;
    else if ((c & 0xF0) == 0xE0) len = 3;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4) len = 4;
    else return std::nullopt;
    if (i + len > text.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return std::nullopt;
    }
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF are not UTF-8 (RFC 3629).
    const auto second = len > 1 ? static_cast<unsigned char>(text[i + 1]) : 0;
    if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second >= 0xA0) || (c == 0xF0 && second < 0x90) ||
        (c == 0xF4 && second >= 0x90))
      return std::nullopt;
    i += len;
    ++count;
  }
  return count;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

void checkText(Violations& violations, const std::string& field, const std::string& value, std::size_t min,
               std::size_t max, bool multiline) {
  const auto length = utf8Length(trim(value));
  if (!length) {
    violations.add(field, "must be valid UTF-8");
    return;
  }
  if (*length < min) {
    violations.add(field, min <= 1 ? "must not be empty" : "must be at least " + std::to_string(min) + " characters");
    return;
  }
  if (*length > max) {
    violations.add(field, "must be at most " + std::to_string(max) + " characters");
    return;
  }
  // Unicode line breaks (NEL U+0085, LINE/PARAGRAPH SEPARATOR U+2028/U+2029) break a line too.
  if (!multiline && (value.find("\xC2\x85") != std::string::npos || value.find("\xE2\x80\xA8") != std::string::npos ||
                     value.find("\xE2\x80\xA9") != std::string::npos)) {
    violations.add(field, "must be a single line");
    return;
  }
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n' && multiline) continue;
    if (c == '\r' && multiline) continue;
    if (c == '\t' && multiline) continue;
    if (c < 0x20 || c == 0x7f) {
      violations.add(field, multiline ? "must not contain control characters" : "must be a single line");
      return;
    }
  }
}

void checkTags(Violations& violations, const std::vector<std::string>& tags) {
  static constexpr std::size_t kMaxTags = 20;
  if (tags.size() > kMaxTags) {
    violations.add("tags", "at most " + std::to_string(kMaxTags) + " tags");
    return;
  }
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const auto field = "tags[" + std::to_string(i) + "]";
    checkText(violations, field, tags[i], 1, 50);
    if (tags[i].find(',') != std::string::npos) violations.add(field, "must not contain a comma");
    if (tags[i] != trim(tags[i])) violations.add(field, "must not start or end with spaces");
  }
}

namespace {

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
int twoDigits(std::string_view text, std::size_t at) noexcept { return (text[at] - '0') * 10 + (text[at + 1] - '0'); }

}  // namespace

bool containsCprNumber(std::string_view text) noexcept {
  for (std::size_t start = 0; start + 10 <= text.size(); ++start) {
    if (start > 0 && isDigit(text[start - 1])) continue;
    bool dateDigits = true;
    for (std::size_t i = 0; i < 6; ++i) dateDigits = dateDigits && isDigit(text[start + i]);
    if (!dateDigits) continue;
    const int day = twoDigits(text, start), month = twoDigits(text, start + 2);
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    std::size_t serial = start + 6;
    if (text[serial] == '-' || text[serial] == ' ') ++serial;
    if (serial + 4 > text.size()) continue;
    bool serialDigits = true;
    for (std::size_t i = 0; i < 4; ++i) serialDigits = serialDigits && isDigit(text[serial + i]);
    if (!serialDigits) continue;
    if (serial + 4 < text.size() && isDigit(text[serial + 4])) continue;
    return true;
  }
  return false;
}

void checkNoCprNumber(Violations& violations, const std::string& field, std::string_view text) {
  if (containsCprNumber(text))
    violations.add(field,
                   "looks like it holds a CPR number; Brobygger must not hold data about individuals of concern");
}

}  // namespace brobygger::domain
