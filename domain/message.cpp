#include "domain/message.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace brobygger::domain {

namespace {

constexpr std::array<std::pair<MessageAudience, const char*>, 5> kAudiences{
    {{MessageAudience::confirmed, "confirmed"},
     {MessageAudience::waitlisted, "waitlisted"},
     {MessageAudience::attended, "attended"},
     {MessageAudience::registered, "registered"},
     {MessageAudience::invited, "invited"}}};

constexpr std::array<const char*, 5> kPlaceholders{"name", "event_title", "starts_at", "venue", "organisation"};

std::string trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

const std::string* valueOf(const PlaceholderValues& v, const std::string& name) {
  if (name == "name") return &v.name;
  if (name == "event_title") return &v.event_title;
  if (name == "starts_at") return &v.starts_at;
  if (name == "venue") return &v.venue;
  if (name == "organisation") return &v.organisation;
  return nullptr;
}

}  // namespace

const char* toString(MessageAudience audience) noexcept {
  for (const auto& [value, code] : kAudiences)
    if (value == audience) return code;
  return "confirmed";
}

std::optional<MessageAudience> messageAudienceFrom(std::string_view code) noexcept {
  for (const auto& [value, text] : kAudiences)
    if (code == text) return value;
  return std::nullopt;
}

void checkPlaceholders(Violations& violations, const std::string& field, const std::string& text,
                       const std::vector<std::string>& known, const std::string& knownText) {
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string::npos) {
    const auto end = text.find("}}", pos + 2);
    if (end == std::string::npos) {
      violations.add(field, "has a placeholder that is not closed with }}");
      return;
    }
    const auto name = trimmed(std::string_view(text).substr(pos + 2, end - pos - 2));
    if (name.empty()) {
      violations.add(field, "has an empty placeholder {{}}");
    } else if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list = knownText;
      if (list.empty())
        for (const auto& k : known) list += (list.empty() ? "{{" : ", {{") + k + "}}";
      violations.add(field, "has an unknown placeholder {{" + name.substr(0, 40) + "}}; known: " + list);
    }
    pos = end + 2;
  }
}

void checkPlaceholders(Violations& violations, const std::string& field, const std::string& text,
                       bool eventPlaceholders) {
  static const std::vector<std::string> kEvent(kPlaceholders.begin(), kPlaceholders.end());
  static const std::vector<std::string> kNoEvent{"name", "organisation"};
  if (eventPlaceholders) checkPlaceholders(violations, field, text, kEvent);
  else
    checkPlaceholders(violations, field, text, kNoEvent, "{{name}}, {{organisation}} (the others only about an event)");
}

namespace {

// Every closed placeholder of `text` in order: `each(name, open, close)` with the trimmed name and the
// positions of its "{{" and "}}"; `each` returning false stops. Returns where the scan stopped.
template <class Each>
std::size_t scanPlaceholders(const std::string& text, Each&& each) {
  std::size_t pos = 0;
  while (true) {
    const auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    if (!each(trimmed(std::string_view(text).substr(open + 2, close - open - 2)), open, close)) break;
    pos = close + 2;
  }
  return pos;
}

}  // namespace

std::string fillPlaceholders(const std::string& text,
                             const std::function<const std::string*(std::string_view name)>& valueOf) {
  std::string out;
  std::size_t pos = 0;
  scanPlaceholders(text, [&](const std::string& name, std::size_t open, std::size_t close) {
    out.append(text, pos, open - pos);
    if (const auto* value = valueOf(name)) out += *value;
    pos = close + 2;
    return true;
  });
  out.append(text, pos, std::string::npos);
  return out;
}

bool mentionsPlaceholder(const std::string& text, std::string_view name) {
  bool found = false;
  scanPlaceholders(text, [&](const std::string& each, std::size_t, std::size_t) {
    found = each == name;
    return !found;
  });
  return found;
}

std::string fillPlaceholders(const std::string& text, const PlaceholderValues& values) {
  return fillPlaceholders(text, [&](std::string_view name) { return valueOf(values, std::string(name)); });
}

}  // namespace brobygger::domain
