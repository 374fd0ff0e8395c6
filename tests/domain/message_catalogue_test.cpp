// Every message the server can write to a person has a Danish text: the sources of domain/, api/,
// adapters/ and storage/ are scanned for the calls that carry a message (throwInvalid, Violations::add,
// fail, DomainError, throwNotFound, authorizeOn, writeProblem, consider, ...), each message is put
// together from its string literals (what is not a literal becomes "7", as a %1 of the catalogue matches
// anything) and looked up in the catalogue (domain/messages.hpp). A message that is not a literal at its call (a
// variable passed on) is checked where its literal is written, as long as that is one of these calls.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "domain/messages.hpp"

namespace {

using brobygger::domain::hasTranslation;
using brobygger::domain::Language;
using brobygger::domain::translate;

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The source without comments (string literals kept as they are).
std::string withoutComments(const std::string& s) {
  std::string out;
  bool inString = false, inChar = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (inString || inChar) {
      out += c;
      if (c == '\\' && i + 1 < s.size()) out += s[++i];
      else if (inString && c == '"') inString = false;
      else if (inChar && c == '\'') inChar = false;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') ++i;
      out += '\n';
      continue;
    }
    if (c == '"') inString = true;
    if (c == '\'') inChar = true;
    out += c;
  }
  return out;
}

// The text between the bracket at `open` and its partner; nothing when it does not close.
std::optional<std::string> balanced(const std::string& s, std::size_t open) {
  int depth = 0;
  bool inString = false;
  for (std::size_t j = open; j < s.size(); ++j) {
    const char c = s[j];
    if (inString) {
      if (c == '\\') ++j;
      else if (c == '"') inString = false;
      continue;
    }
    if (c == '"') inString = true;
    else if (c == '(' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) return s.substr(open + 1, j - open - 1);
    }
  }
  return std::nullopt;
}

// Splits at the separators that stand outside brackets and strings ("::" is not a ':').
std::vector<std::string> splitTop(const std::string& s, char separator) {
  std::vector<std::string> out(1);
  int depth = 0;
  bool inString = false;
  for (std::size_t j = 0; j < s.size(); ++j) {
    const char c = s[j];
    if (inString) {
      out.back() += c;
      if (c == '\\' && j + 1 < s.size()) out.back() += s[++j];
      else if (c == '"') inString = false;
      continue;
    }
    const bool colonPair = c == ':' && ((j + 1 < s.size() && s[j + 1] == ':') || (j > 0 && s[j - 1] == ':'));
    if (c == '"') inString = true;
    if (c == '(' || c == '[' || c == '{') ++depth;
    if (c == ')' || c == ']' || c == '}') --depth;
    if (depth == 0 && c == separator && !colonPair) {
      out.emplace_back();
      continue;
    }
    out.back() += c;
  }
  return out;
}

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\n") - first + 1);
}

// The messages an expression can make: both sides of a ?:, literals joined, everything else "7".
std::vector<std::string> evaluate(const std::string& expression, const std::map<std::string, std::string>& constants) {
  const auto e = trimmed(expression);
  const auto question = splitTop(e, '?');
  if (question.size() > 1) {
    std::string rest;
    for (std::size_t i = 1; i < question.size(); ++i) rest += (i > 1 ? "?" : "") + question[i];
    std::vector<std::string> out;
    for (const auto& branch : splitTop(rest, ':'))
      for (auto& m : evaluate(branch, constants)) out.push_back(std::move(m));
    return out;
  }
  static const std::regex literalOperand(R"re(^(?:std::string\s*\(\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+)\)?$)re");
  static const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  std::string text;
  bool anyLiteral = false;
  for (const auto& part : splitTop(e, '+')) {
    const auto operand = trimmed(part);
    std::smatch m;
    if (std::regex_match(operand, m, literalOperand)) {
      const std::string literals = m[1];
      for (std::sregex_iterator it(literals.begin(), literals.end(), literal), end; it != end; ++it) {
        std::string piece = (*it)[1];
        for (std::size_t at = 0; (at = piece.find("\\\"", at)) != std::string::npos; ++at) piece.replace(at, 2, "\"");
        text += piece;
      }
      anyLiteral = true;
    } else if (const auto it = constants.find(operand); it != constants.end()) {
      text += it->second;
      anyLiteral = true;
    } else {
      text += "7";
    }
  }
  if (!anyLiteral) return {};
  return {text};
}

struct Found {
  std::string where;
  std::string message;
};

std::vector<Found> messagesIn(const std::filesystem::path& path, const std::string& shownAs) {
  const auto source = withoutComments(readFile(path));
  std::map<std::string, std::string> constants;
  static const std::regex constant(R"re(\b(k[A-Z]\w*)\s*(?:\[\])?\s*=\s*"((?:[^"\\]|\\.)*)")re");
  for (std::sregex_iterator it(source.begin(), source.end(), constant), end; it != end; ++it)
    constants[(*it)[1]] = (*it)[2];
  static const std::regex call(
      R"re(\b(throwInvalid|add|fail|DomainError|throwNotFound|throwForbidden|writeProblem|refuseFrom|throwState|unreadable|authorizeOn|consider)\s*\()re");
  static const std::regex fieldError(
      R"re(\{\s*("(?:[^"\\]|\\.)*"|[\w.()]+)\s*,\s*((?:"(?:[^"\\]|\\.)*"\s*\+?\s*)+[^{}]*?)\})re");
  static const std::regex httpMethod(R"re(^\s*"(GET|POST|PATCH|PUT|DELETE|HEAD)")re");
  std::vector<Found> out;
  for (std::sregex_iterator it(source.begin(), source.end(), call), end; it != end; ++it) {
    const std::string name = (*it)[1];
    const auto at = static_cast<std::size_t>(it->position(0) + it->length(0) - 1);
    const auto inner = balanced(source, at);
    if (!inner) continue;
    const auto args = splitTop(*inner, ',');
    std::vector<std::string> expressions;
    if (name == "add") {
      if (args.size() < 2 || std::regex_search(args[0], httpMethod)) continue;  // router.add(method, ...)
      expressions.push_back(args[1]);
    } else if (name == "throwInvalid") {
      if (args.size() > 1) expressions.push_back(args[1]);
    } else if (name == "fail") {
      if (args.size() >= 3) expressions.push_back(args[2]);
      else if (args.size() == 2) expressions.push_back(args[1]);
    } else if (name == "DomainError") {
      if (args.size() > 1) expressions.push_back(args[1]);
      for (std::size_t i = 2; i < args.size(); ++i)
        for (std::sregex_iterator f(args[i].begin(), args[i].end(), fieldError), fend; f != fend; ++f)
          expressions.push_back((*f)[2]);
    } else if (name == "throwNotFound") {
      if (!args.empty()) expressions.push_back(args[0] + " + \" not found\"");
    } else if (name == "authorizeOn") {
      if (args.size() == 4 && trimmed(args[3]).starts_with('"')) expressions.push_back(args[3] + " + \" not found\"");
    } else if (name == "consider") {  // login throttling: consider(until, why)
      if (args.size() == 2) expressions.push_back(args[1]);
    } else if (name == "writeProblem") {
      if (args.size() > 2) expressions.push_back(args[2]);
    } else if (!args.empty()) {
      expressions.push_back(args[0]);
    }
    const auto line = 1 + std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    for (const auto& e : expressions)
      for (auto& m : evaluate(e, constants)) out.push_back({shownAs + ":" + std::to_string(line), std::move(m)});
  }
  return out;
}

}  // namespace

TEST_CASE("every message the server can write has a Danish text in the catalogue", "[messages]") {
  namespace fs = std::filesystem;
  const fs::path root = BROBYGGER_SOURCE_DIR;
  std::vector<Found> found;
  for (const auto* dir : {"domain", "api", "adapters", "storage"})
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      if (entry.path().filename() == "messages.cpp") continue;
      for (auto& f : messagesIn(entry.path(), fs::relative(entry.path(), root).string())) found.push_back(std::move(f));
    }
  // The scan must see the messages at all (a broken scan would pass vacuously).
  REQUIRE(found.size() > 250);
  std::set<std::string> missing;
  for (const auto& f : found) {
    if (!hasTranslation(f.message)) missing.insert(f.where + ": " + f.message);
    // "%1 not found" takes any noun, and would leave a new one English: a literal "<Noun> not found"
    // needs its own entry.
    const std::string notFound = " not found";
    if (f.message.ends_with(notFound) && f.message != "7" + notFound) {
      const auto noun = f.message.substr(0, f.message.size() - notFound.size());
      auto generic = translate("7" + notFound, Language::da);
      generic.replace(generic.find('7'), 1, noun);
      if (translate(f.message, Language::da) == generic)
        missing.insert(f.where + ": " + f.message + " (needs its own entry)");
    }
  }
  for (const auto& m : missing) UNSCOPED_INFO("no Danish text for " << m);
  CHECK(missing.empty());
}

TEST_CASE("the catalogue translates exact and parametrised messages, and English stays English", "[messages]") {
  CHECK(translate("Not found", Language::da) == "Ikke fundet");
  CHECK(translate("Not found", Language::en) == "Not found");
  CHECK(translate("must be at most 200 characters", Language::da) == "må højst være 200 tegn");
  CHECK(translate("must be at most 80 characters", Language::da) == "må højst være 80 tegn");
  CHECK(translate("at most 50 people per request", Language::da) == "højst 50 personer pr. anmodning");
  // A value that is itself a message is translated too.
  CHECK(translate("Series 4 cannot be extended: the event has started", Language::da) ==
        "Serie 4 kan ikke forlænges: arrangementet er begyndt");
  CHECK(translate("The body is not valid JSON (at byte 12)", Language::da) ==
        "Indholdet er ikke gyldig JSON (ved byte 12)");
  // What the catalogue does not know is left as it is.
  CHECK(translate("Something nobody wrote", Language::da) == "Something nobody wrote");
  CHECK_FALSE(hasTranslation("Something nobody wrote"));
}

TEST_CASE("every catalogue entry has both texts and the same placeholders in each", "[messages]") {
  std::set<std::string_view> seen;
  for (const auto& m : brobygger::domain::messageCatalogue()) {
    INFO(m.en);
    CHECK_FALSE(m.en.empty());
    CHECK_FALSE(m.da.empty());
    CHECK(seen.insert(m.en).second);
    for (char n = '1'; n <= '9'; ++n) {
      const std::string placeholder{'%', n};
      CHECK((m.en.find(placeholder) == std::string_view::npos) == (m.da.find(placeholder) == std::string_view::npos));
    }
  }
}
