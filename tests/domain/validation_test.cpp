// The pure rules for Danish identifiers, contact details and texts.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/validation.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using brobygger::testing::fieldNames;

namespace {

// The single violation checkText or checkTags recorded, or nothing when there was none.
std::vector<FieldError> textViolations(const std::string& value, std::size_t min, std::size_t max,
                                       bool multiline = false) {
  Violations violations;
  checkText(violations, "field", value, min, max, multiline);
  return violations.fields();
}

std::vector<FieldError> tagViolations(const std::vector<std::string>& tags) {
  Violations violations;
  checkTags(violations, tags);
  return violations.fields();
}

}  // namespace

TEST_CASE("CVR numbers pass the modulus 11 check", "[validation][cvr]") {
  // Weights 2,7,6,5,4,3,2,1: 1*2+2*7+3*6+4*5+5*4+6*3+7*2+4*1 = 110 = 10*11.
  CHECK(isValidCvr("12345674"));
  CHECK(isValidCvr("35408002"));
  CHECK(isValidCvr("10150817"));
  CHECK(isValidCvr("29384754"));
  CHECK(isValidCvr("70000008"));
  CHECK(isValidCvr("11111114"));
}

TEST_CASE("CVR numbers with a wrong check digit are rejected", "[validation][cvr]") {
  CHECK_FALSE(isValidCvr("12345675"));
  CHECK_FALSE(isValidCvr("12345673"));
  CHECK_FALSE(isValidCvr("35408003"));
  CHECK_FALSE(isValidCvr("10150818"));
  // A swap of two digits changes the weighted sum.
  CHECK_FALSE(isValidCvr("21345674"));
}

TEST_CASE("CVR numbers must be exactly 8 digits, not starting with 0", "[validation][cvr]") {
  CHECK_FALSE(isValidCvr(""));
  CHECK_FALSE(isValidCvr("1234567"));    // 7 digits
  CHECK_FALSE(isValidCvr("123456740"));  // 9 digits whose first 8 are a valid CVR
  CHECK_FALSE(isValidCvr("1234567A"));
  CHECK_FALSE(isValidCvr("A2345674"));
  CHECK_FALSE(isValidCvr("1234 674"));
  CHECK_FALSE(isValidCvr("1234567/"));  // the character just below '0'
  CHECK_FALSE(isValidCvr("1234567:"));  // the character just above '9'
  // Non-digits whose code would complete the weighted sum: 'J' and '?' count as 26 and 15 after '0'.
  CHECK_FALSE(isValidCvr("1234567J"));
  CHECK_FALSE(isValidCvr("1234567?"));
  CHECK_FALSE(isValidCvr(" 12345674"));
  // 02345676 passes the modulus check, but no CVR number starts with 0.
  CHECK_FALSE(isValidCvr("02345676"));
  CHECK_FALSE(isValidCvr("00000000"));
}

TEST_CASE("Danish phone numbers are normalised to +45 XXXX XXXX", "[validation][phone]") {
  CHECK(normaliseDanishPhone("22334455") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("+45 22 33 44 55") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("+4522334455") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("0045 22334455") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("0045-2233-4455") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("4522334455") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("22-33-44-55") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("22.33.44.55") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("(+45) 2233 4455") == "+45 2233 4455");
  CHECK(normaliseDanishPhone("+45 2233 4455") == "+45 2233 4455");
  // An 8-digit number that happens to start with 45 is a subscriber number, not a country code.
  CHECK(normaliseDanishPhone("45223344") == "+45 4522 3344");
  CHECK(normaliseDanishPhone("98765432") == "+45 9876 5432");
}

TEST_CASE("Numbers that are not Danish subscriber numbers are rejected", "[validation][phone]") {
  CHECK_FALSE(normaliseDanishPhone(""));
  CHECK_FALSE(normaliseDanishPhone("12345678"));  // subscriber numbers never start with 1
  CHECK_FALSE(normaliseDanishPhone("02345678"));  // ... or with 0
  CHECK_FALSE(normaliseDanishPhone("+45 12345678"));
  CHECK_FALSE(normaliseDanishPhone("4512345678"));
  CHECK_FALSE(normaliseDanishPhone("+46 22334455"));  // Sweden
  CHECK_FALSE(normaliseDanishPhone("+46 2233 4455"));
  CHECK_FALSE(normaliseDanishPhone("0046 22334455"));
  CHECK_FALSE(normaliseDanishPhone("2233445"));    // 7 digits
  CHECK_FALSE(normaliseDanishPhone("223344556"));  // 9 digits
  CHECK_FALSE(normaliseDanishPhone("+22334455"));  // a plus needs the country code
  CHECK_FALSE(normaliseDanishPhone("22334455a"));
  CHECK_FALSE(normaliseDanishPhone("2233 44SS"));
  CHECK_FALSE(normaliseDanishPhone("phone"));
  CHECK_FALSE(normaliseDanishPhone("22+334455"));     // a plus after digits
  CHECK_FALSE(normaliseDanishPhone("++4522334455"));  // two plus signs
  CHECK_FALSE(normaliseDanishPhone("22/33/44/55"));
}

TEST_CASE("Plausible email addresses are accepted", "[validation][email]") {
  CHECK(isValidEmail("anna@example.dk"));
  CHECK(isValidEmail("Anna.Hansen@Example.DK"));
  CHECK(isValidEmail("a.b+tag@sub.example.com"));
  CHECK(isValidEmail("søren@kommune.dk"));
  CHECK(isValidEmail("a@b.dk"));
  CHECK(isValidEmail(std::string(64, 'a') + "@example.dk"));
}

TEST_CASE("Malformed email addresses are rejected", "[validation][email]") {
  CHECK_FALSE(isValidEmail(""));
  CHECK_FALSE(isValidEmail("@"));
  CHECK_FALSE(isValidEmail("anna"));
  CHECK_FALSE(isValidEmail("anna@"));
  CHECK_FALSE(isValidEmail("@example.dk"));
  CHECK_FALSE(isValidEmail("anna@example"));   // no dot in the domain
  CHECK_FALSE(isValidEmail("anna@example."));  // nothing after the dot
  CHECK_FALSE(isValidEmail("anna@.dk"));       // nothing before the dot
  CHECK_FALSE(isValidEmail("anna@@example.dk"));
  CHECK_FALSE(isValidEmail("anna@hansen@example.dk"));
  CHECK_FALSE(isValidEmail("anna hansen@example.dk"));
  CHECK_FALSE(isValidEmail("anna@exa mple.dk"));
  CHECK_FALSE(isValidEmail("anna@example.dk "));
  CHECK_FALSE(isValidEmail("anna\t@example.dk"));
  CHECK_FALSE(isValidEmail(".anna@example.dk"));
  CHECK_FALSE(isValidEmail("anna.@example.dk"));
  CHECK_FALSE(isValidEmail("an..na@example.dk"));
  CHECK_FALSE(isValidEmail("anna@-example.dk"));
  CHECK_FALSE(isValidEmail("anna@example..dk"));
  CHECK_FALSE(isValidEmail("<anna@example.dk>"));
  CHECK_FALSE(isValidEmail("anna,b@example.dk"));
  CHECK_FALSE(isValidEmail("\"anna\"@example.dk"));
  CHECK_FALSE(isValidEmail(std::string(65, 'a') + "@example.dk"));  // local part over 64
  CHECK_FALSE(isValidEmail("a@" + std::string(250, 'b') + ".dk"));  // over 254 in all
}

TEST_CASE("An email domain cannot start with a dot", "[validation][email]") {
  CHECK_FALSE(isValidEmail("anna@.example.dk"));
}

TEST_CASE("foldCase lower-cases ASCII and the Danish and Latin-1 capitals", "[validation][fold]") {
  CHECK(foldCase("ABC xyz 123-_.@") == "abc xyz 123-_.@");
  CHECK(foldCase("ÆØÅ") == "æøå");
  CHECK(foldCase("Ærø Idrætsforening") == "ærø idrætsforening");
  CHECK(foldCase("ØSTERBRO") == "østerbro");
  CHECK(foldCase("ÅRHUS") == "århus");
  CHECK(foldCase("æøå") == "æøå");
  CHECK(foldCase("ÉÜÖÄÀÞ") == "éüöäàþ");
  CHECK(foldCase("×") == "×");      // U+00D7 is no letter and has no lower case
  CHECK(foldCase("ß") == "ß");      // U+00DF stays
  CHECK(foldCase("€ Ω") == "€ Ω");  // outside Latin-1: left alone, not mangled
  CHECK(foldCase("") == "");
  CHECK(foldCase("Anna@Example.DK") == "anna@example.dk");
}

TEST_CASE("nameMatchKey folds case, spacing, punctuation and the Danish letters", "[validation][fold]") {
  CHECK(nameMatchKey("Aarhus Boldklub A/S") == nameMatchKey("aarhus-boldklub  a.s."));
  CHECK(nameMatchKey("Ålborg Moské") == nameMatchKey("AALBORG MOSKE"));
  CHECK(nameMatchKey("Ærø Idrætsforening") == "aeroeidraetsforening");
  CHECK(nameMatchKey("Østerbro") == nameMatchKey("Oesterbro"));
  CHECK(nameMatchKey("Café Ünter") == "cafeuenter");
  CHECK(nameMatchKey("Kvinder – i – dialog") == "kvinderidialog");  // an en dash separates
  CHECK(nameMatchKey("Boldklub 1909") != nameMatchKey("Boldklub 1919"));
  CHECK(nameMatchKey("Østerbro") != nameMatchKey("Vesterbro"));
  CHECK(nameMatchKey("Ωmega") == "Ωmega");     // other scripts are kept
  CHECK(nameMatchKey("a\xff\xfe b") == "ab");  // stray bytes are dropped, never kept half
  CHECK(nameMatchKey(" .,-/ ").empty());
}

TEST_CASE("utf8Length counts code points, not bytes", "[validation][utf8]") {
  CHECK(utf8Length("") == std::optional<std::size_t>(0));
  CHECK(utf8Length("abc") == std::optional<std::size_t>(3));
  CHECK(utf8Length("æøå") == std::optional<std::size_t>(3));
  CHECK(std::string("æøå").size() == 6);
  CHECK(utf8Length("Ærø") == std::optional<std::size_t>(3));
  CHECK(utf8Length("€") == std::optional<std::size_t>(1));
  CHECK(utf8Length("\xF0\x9F\x98\x80") == std::optional<std::size_t>(1));  // an emoji, 4 bytes
}

TEST_CASE("utf8Length rejects invalid UTF-8", "[validation][utf8]") {
  CHECK_FALSE(utf8Length("\xC3"));  // truncated 2-byte sequence
  CHECK_FALSE(utf8Length("abc\xC3"));
  CHECK_FALSE(utf8Length("\xE2\x82"));      // truncated 3-byte sequence
  CHECK_FALSE(utf8Length("\xF0\x9F\x98"));  // truncated 4-byte sequence
  CHECK_FALSE(utf8Length("\x80"));          // a lone continuation byte
  CHECK_FALSE(utf8Length("\xC3("));         // lead byte without its continuation
  CHECK_FALSE(utf8Length("\xC0\xAF"));      // overlong 2-byte encoding of '/'
  CHECK_FALSE(utf8Length("\xC1\xBF"));
  CHECK_FALSE(utf8Length("\xFF"));
  CHECK_FALSE(utf8Length("\xF5\x80\x80\x80"));  // beyond the 4-byte range
  CHECK_FALSE(utf8Length("\xE6\xF8\xE5"));      // "æøå" in Latin-1, not UTF-8
}

TEST_CASE("utf8Length rejects overlong 3-byte forms, surrogates and code points above U+10FFFF", "[validation][utf8]") {
  CHECK_FALSE(utf8Length("\xE0\x80\xAF"));      // overlong encoding of '/'
  CHECK_FALSE(utf8Length("\xED\xA0\x80"));      // U+D800, a UTF-16 surrogate
  CHECK_FALSE(utf8Length("\xF4\x90\x80\x80"));  // U+110000
}

TEST_CASE("checkText counts length in characters and names the field", "[validation][text]") {
  CHECK(textViolations("æø", 2, 3).empty());   // 4 bytes, 2 characters
  CHECK(textViolations("æøå", 2, 3).empty());  // 6 bytes, 3 characters
  CHECK(textViolations("ab", 2, 2).empty());

  const auto tooShort = textViolations("æ", 2, 3);
  REQUIRE(tooShort.size() == 1);
  CHECK(tooShort[0].field == "field");
  CHECK(tooShort[0].message == "must be at least 2 characters");

  const auto tooLong = textViolations("æøåæ", 2, 3);
  REQUIRE(tooLong.size() == 1);
  CHECK(tooLong[0].field == "field");
  CHECK(tooLong[0].message == "must be at most 3 characters");

  const auto empty = textViolations("", 1, 10);
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].message == "must not be empty");

  const auto invalid = textViolations("ab\xC3", 1, 10);
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0].message == "must be valid UTF-8");
}

TEST_CASE("checkText keeps single-line texts on one line", "[validation][text]") {
  for (const auto& value : std::vector<std::string>{"a\nb", "a\rb", "a\tb", std::string("a\0b", 3),
                                                    "a\x1b"
                                                    "b",
                                                    "a\x7f"
                                                    "b"}) {
    const auto found = textViolations(value, 1, 10);
    REQUIRE(found.size() == 1);
    CHECK(found[0].field == "field");
    CHECK(found[0].message == "must be a single line");
  }
  CHECK(textViolations("Ærø Idrætsforening, 2. sal", 1, 100).empty());
}

TEST_CASE("checkText lets multiline texts break lines but not carry control characters", "[validation][text]") {
  CHECK(textViolations("Vesterbrogade 1\r\n1620 København V\tDanmark", 1, 100, true).empty());
  for (const auto& value : std::vector<std::string>{"a\x01"
                                                    "b",
                                                    std::string("a\0b", 3),
                                                    "a\x1b"
                                                    "b",
                                                    "a\x7f"
                                                    "b",
                                                    "a\x0b"
                                                    "b"}) {
    const auto found = textViolations(value, 1, 10, true);
    REQUIRE(found.size() == 1);
    CHECK(found[0].message == "must not contain control characters");
  }
}

TEST_CASE("checkText measures the trimmed length, as its header promises", "[validation][text]") {
  CHECK_FALSE(textViolations("  a  ", 2, 10).empty());
}

TEST_CASE("checkTags limits the number and shape of tags", "[validation][tags]") {
  CHECK(tagViolations({}).empty());
  CHECK(tagViolations({"ungdom", "idræt", std::string(50, 'x')}).empty());
  CHECK(tagViolations(std::vector<std::string>(20, "tag")).empty());

  const auto tooMany = tagViolations(std::vector<std::string>(21, "tag"));
  REQUIRE(tooMany.size() == 1);
  CHECK(tooMany[0].field == "tags");
  CHECK(tooMany[0].message == "at most 20 tags");

  const auto bad = tagViolations({"ok", "", std::string(51, 'x'), "a,b", " padded", "two\nlines", "æøå"});
  std::vector<std::string> fields;
  for (const auto& v : bad) fields.push_back(v.field);
  CHECK(fields == std::vector<std::string>{"tags[1]", "tags[2]", "tags[3]", "tags[4]", "tags[5]"});
  REQUIRE(bad.size() == 5);
  CHECK(bad[0].message == "must not be empty");
  CHECK(bad[1].message == "must be at most 50 characters");
  CHECK(bad[2].message == "must not contain a comma");
  CHECK(bad[3].message == "must not start or end with spaces");
  CHECK(bad[4].message == "must be a single line");
}

TEST_CASE("checkTags counts a tag's length in characters", "[validation][tags]") {
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "ø";  // 100 bytes
  CHECK(tagViolations({fifty}).empty());
  CHECK_FALSE(tagViolations({fifty + "ø"}).empty());
}

TEST_CASE("Violations collect every field and throw one invalid error", "[validation][errors]") {
  Violations violations;
  CHECK_NOTHROW(violations.throwIfAny());
  violations.add("name", "too short");
  violations.add("email", "bad");
  try {
    violations.throwIfAny();
    FAIL("expected an error");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::invalid);
    CHECK(fieldNames(e) == std::vector<std::string>{"name", "email"});
  }
}

TEST_CASE("isValidHttpUrl accepts http and https addresses with a dotted host", "[validation][url]") {
  CHECK(isValidHttpUrl("https://example.dk"));
  CHECK(isValidHttpUrl("http://www.example.dk/om-os?x=1#top"));
  CHECK_FALSE(isValidHttpUrl("ftp://example.dk"));
  CHECK_FALSE(isValidHttpUrl("https://"));
  CHECK_FALSE(isValidHttpUrl("https://localhost"));
  CHECK_FALSE(isValidHttpUrl("https://.example.dk"));
  CHECK_FALSE(isValidHttpUrl("javascript:alert(1)"));
  CHECK_FALSE(isValidHttpUrl("https://exa mple.dk"));
  CHECK_FALSE(isValidHttpUrl("https://example.dk/\"><script>"));
}

TEST_CASE("trim removes surrounding whitespace only", "[validation][text]") {
  CHECK(trim("  Anna Hansen \t\r\n") == "Anna Hansen");
  CHECK(trim(" \t ") == "");
  CHECK(trim("a  b") == "a  b");
}
