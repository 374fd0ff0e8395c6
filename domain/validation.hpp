#pragma once
// Pure rules for Danish identifiers and contact details. No I/O.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace brobygger::domain {

// CVR: 8 digits, first not 0, weights 2,7,6,5,4,3,2,1, weighted sum divisible by 11.
bool isValidCvr(std::string_view cvr) noexcept;

// Accepts "12345678", "+45 12 34 56 78", "0045-1234-5678" ...; answers "+45 1234 5678" or nothing.
std::optional<std::string> normaliseDanishPhone(std::string_view input);

// A pragmatic address check: one @, a non-empty local part without spaces, a dotted domain.
bool isValidEmail(std::string_view email) noexcept;

// Lower-cases ASCII and the Danish letters (Æ Ø Å and common Latin-1 capitals), for search and
// case-insensitive uniqueness.
std::string foldCase(std::string_view text);

// The key two names are matched on, for imports and likely duplicates: case folded (foldCase), the Danish
// letters spelled out (æ/ä -> ae, ø/ö -> oe, å -> aa; é/è/ê/ë -> e, ü -> ue), every run of spaces and
// punctuation taken out, so "Aarhus Boldklub A/S" and "aarhus-boldklub a.s." match, as do "Ålborg" and
// "Aalborg". Letters and digits of other scripts are kept as they are. Invalid UTF-8 bytes are dropped.
std::string nameMatchKey(std::string_view name);

bool isValidHttpUrl(std::string_view url) noexcept;

// Number of Unicode code points in a UTF-8 string; invalid UTF-8 answers nothing.
std::optional<std::size_t> utf8Length(std::string_view text) noexcept;

// Trims surrounding whitespace.
std::string trim(std::string_view text);

// Checks a human text: valid UTF-8, trimmed length within bounds (in characters), and no control
// characters; unless multiline, no line breaks of any kind (also U+0085, U+2028, U+2029).
void checkText(Violations& violations, const std::string& field, const std::string& value, std::size_t min,
               std::size_t max, bool multiline = false);

void checkTags(Violations& violations, const std::vector<std::string>& tags);

// Whether the text holds what looks like a Danish CPR number: a real day and month (ddmmyy), then
// four digits, written "ddmmyy-xxxx", "ddmmyy xxxx" or "ddmmyyxxxx", not part of a longer number.
// Brobygger must never hold data about individuals of concern, so such texts are refused.
bool containsCprNumber(std::string_view text) noexcept;
// Adds the violation for `field` when the text holds a CPR number.
void checkNoCprNumber(Violations& violations, const std::string& field, std::string_view text);

}  // namespace brobygger::domain
