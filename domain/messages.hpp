#pragma once
// The server's words in both languages: every text a person may read in an answer (problem titles and
// details, field messages, the results of a batch) is written in English in the code and translated here,
// in one catalogue, when the answer is written (api/problem.cpp). A text with variable parts is one entry
// whose parts are %1, %2, ... ("must be at most %1 characters"); what fills a part is translated too when
// the catalogue knows it (a message inside a message). A test (tests/domain/message_catalogue_test.cpp)
// scans the sources and fails on a message that has no entry.
#include <span>
#include <string>
#include <string_view>

#include "domain/contact.hpp"

namespace brobygger::domain {

struct MessageText {
  std::string_view en;  // as the code writes it; %1.. mark the variable parts
  std::string_view da;
};

// Every entry, for the completeness test and for tools (the web admin's browser tests read the Danish
// and English texts to catch a text of the other language on a page).
std::span<const MessageText> messageCatalogue();

// The text in `language`. English is the text itself; a text the catalogue does not know is answered as
// it is (the completeness test keeps that from happening).
std::string translate(std::string_view english, Language language);

// The name of a month (1 to 12) in the language, as dates are written ("januar", "January").
const char* monthName(unsigned month, Language language);

// Whether the catalogue knows the text (exactly or through a pattern with %1..).
bool hasTranslation(std::string_view english);

}  // namespace brobygger::domain
