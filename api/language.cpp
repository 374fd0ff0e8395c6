#include "api/language.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "api/application.hpp"
#include "api/route_support.hpp"

namespace brobygger::api {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::optional<domain::Language> acceptedLanguage(const std::string& header) {
  struct Choice {
    domain::Language language;
    double q;
    std::size_t order;
  };
  std::vector<Choice> choices;
  std::size_t start = 0, order = 0;
  while (start <= header.size()) {
    auto end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    const auto part = header.substr(start, end - start);
    start = end + 1;
    const auto semicolon = part.find(';');
    std::string range = trimmed(part.substr(0, semicolon));
    std::transform(range.begin(), range.end(), range.begin(), [](unsigned char ch) { return std::tolower(ch); });
    double q = 1.0;
    if (semicolon != std::string::npos) {
      const auto params = trimmed(part.substr(semicolon + 1));
      if (params.starts_with("q=")) q = std::strtod(params.c_str() + 2, nullptr);
    }
    const auto primary = range.substr(0, range.find('-'));
    std::optional<domain::Language> language;
    if (primary == "da") language = domain::Language::da;
    else if (primary == "en") language = domain::Language::en;
    if (language && q > 0) choices.push_back({*language, q, order++});
  }
  if (choices.empty()) return std::nullopt;
  std::stable_sort(choices.begin(), choices.end(), [](const Choice& a, const Choice& b) { return a.q > b.q; });
  return choices.front().language;
}

std::optional<domain::Language> requestedLanguage(const HttpRequest& request) {
  for (auto [it, end] = request.query.equal_range("lang"); it != end; ++it)
    if (const auto language = domain::languageFrom(it->second)) return *language;
  if (const auto header = request.header("accept-language")) return acceptedLanguage(*header);
  return std::nullopt;
}

domain::Language callerLanguage(const RequestContext& context, QueryReader& query) {
  if (const auto lang = query.text("lang")) {
    if (const auto language = domain::languageFrom(*lang)) return *language;
    domain::throwInvalid("lang", "must be da or en");
  }
  return context.language;
}

}  // namespace brobygger::api
