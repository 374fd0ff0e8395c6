#pragma once
// The caller's language, decided in one place at the edge: export headers and report labels use it
// today, problem messages can later.
#include <optional>
#include <string>

#include "api/http.hpp"
#include "domain/contact.hpp"

namespace brobygger::api {

class QueryReader;

// `lang=` where the route offers it (da or en; anything else is a 422 naming `lang`), else the first of
// da/en in Accept-Language, else the logged-in user's own setting (none is kept yet), else Danish.
domain::Language callerLanguage(const HttpRequest& request, const std::optional<std::string>& lang);
// Reads and checks `lang` from the query, then decides as above.
domain::Language callerLanguage(const HttpRequest& request, QueryReader& query);

// The first of da/en named in an Accept-Language header ("en-GB,en;q=0.9,da;q=0.8" -> en); q-values
// order the choices, a range with q=0 is refused.
std::optional<domain::Language> acceptedLanguage(const std::string& header);

}  // namespace brobygger::api
