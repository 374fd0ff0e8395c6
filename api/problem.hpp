#pragma once
#include <nlohmann/json.hpp>

#include "api/http.hpp"
#include "domain/error.hpp"

namespace brobygger::api {

// THE table from domain error codes to HTTP statuses and problem+json (RFC 9457) bodies.
void writeProblem(HttpResponse& response, const domain::DomainError& error);
// The problem+json body alone, e.g. for one person's result inside a batch answer.
nlohmann::json problemBody(const domain::DomainError& error);
// A problem that does not come from the domain (405, 413, 415, 400 of the edge, 500).
void writeProblem(HttpResponse& response, int status, const std::string& detail,
                  const std::vector<domain::FieldError>& fields = {});

}  // namespace brobygger::api
