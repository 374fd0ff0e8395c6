#pragma once
#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "domain/contact.hpp"
#include "domain/error.hpp"

namespace brobygger::api {

// THE table from domain error codes to HTTP statuses and problem+json (RFC 9457) bodies, and THE place
// where a problem's title, detail and field messages are put in the caller's language (the catalogue
// domain/messages.hpp; `type` and `field` stay as they are).
void writeProblem(HttpResponse& response, const domain::DomainError& error, domain::Language language);
// The problem+json body alone, e.g. for one person's result inside a batch answer.
nlohmann::json problemBody(const domain::DomainError& error, domain::Language language);
// A problem that does not come from the domain (405, 413, 415, 400 of the edge, 500).
void writeProblem(HttpResponse& response, int status, const std::string& detail, domain::Language language,
                  const std::vector<domain::FieldError>& fields = {});
// Field errors outside a problem (an import's rows): the messages in `language`.
nlohmann::json fieldErrorsJson(const std::vector<domain::FieldError>& fields, domain::Language language);

}  // namespace brobygger::api
