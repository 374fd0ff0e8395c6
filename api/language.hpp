#pragma once
// The caller's language, decided once per request at the edge (api/application.cpp): problems, export
// headers, report labels and whatever else a route writes in words use it.
#include <optional>
#include <string>

#include "api/http.hpp"
#include "domain/contact.hpp"

namespace brobygger::api {

class QueryReader;
struct RequestContext;

// What the request itself asks for: a valid `lang=` (da or en) in the query, else the first of da/en in
// Accept-Language; nothing when it asks for neither. The application then falls back on the logged-in
// user's `language`, then Danish, and keeps the result in RequestContext::language.
std::optional<domain::Language> requestedLanguage(const HttpRequest& request);

// For a route that offers `lang=`: reads and checks it (anything but da or en is a 422 naming `lang`),
// else the request's language (RequestContext::language).
domain::Language callerLanguage(const RequestContext& context, QueryReader& query);

// The first of da/en named in an Accept-Language header ("en-GB,en;q=0.9,da;q=0.8" -> en); q-values
// order the choices, a range with q=0 is refused.
std::optional<domain::Language> acceptedLanguage(const std::string& header);

}  // namespace brobygger::api
