#include "api/problem.hpp"

#include <nlohmann/json.hpp>

#include "domain/messages.hpp"

namespace brobygger::api {

namespace {

struct ProblemKind {
  int status;
  const char* slug;
  const char* title;
};

ProblemKind kindOf(domain::ErrorCode code) {
  using domain::ErrorCode;
  switch (code) {
    case ErrorCode::invalid: return {422, "validation", "The request breaks a rule"};
    case ErrorCode::not_found: return {404, "not-found", "Not found"};
    case ErrorCode::conflict: return {409, "conflict", "Already exists"};
    case ErrorCode::forbidden: return {403, "forbidden", "Forbidden"};
    case ErrorCode::unauthenticated: return {401, "unauthorized", "Not logged in"};
    case ErrorCode::precondition_failed: return {412, "precondition-failed", "Changed by someone else"};
    case ErrorCode::too_many_requests: return {429, "too-many-requests", "Too many requests"};
    case ErrorCode::unavailable: return {503, "unavailable", "Service unavailable"};
    case ErrorCode::bad_request: return {400, "bad-request", "Bad request"};
  }
  return {500, "internal", "Internal error"};
}

ProblemKind kindOf(int status) {
  switch (status) {
    case 400: return {400, "bad-request", "Bad request"};
    case 401: return {401, "unauthorized", "Not logged in"};
    case 403: return {403, "forbidden", "Forbidden"};
    case 404: return {404, "not-found", "Not found"};
    case 405: return {405, "method-not-allowed", "Method not allowed"};
    case 408: return {408, "request-timeout", "Request timeout"};
    case 409: return {409, "conflict", "Already exists"};
    case 412: return {412, "precondition-failed", "Changed by someone else"};
    case 413: return {413, "payload-too-large", "Request body too large"};
    case 411: return {411, "length-required", "Length required"};
    case 414: return {414, "uri-too-long", "Request line too long"};
    case 415: return {415, "unsupported-media-type", "Unsupported media type"};
    case 417: return {417, "expectation-failed", "Expectation failed"};
    case 422: return {422, "validation", "The request breaks a rule"};
    case 429: return {429, "too-many-requests", "Too many requests"};
    case 431: return {431, "headers-too-large", "Request headers too large"};
    case 501: return {501, "not-implemented", "Not implemented"};
    case 503: return {503, "unavailable", "Service unavailable"};
    case 505: return {505, "http-version-not-supported", "HTTP version not supported"};
    default: return {500, "internal", "Internal error"};
  }
}

nlohmann::json body(const ProblemKind& kind, const std::string& detail, const std::vector<domain::FieldError>& fields,
                    std::optional<std::int64_t> existingId, domain::Language language) {
  nlohmann::json body{{"type", std::string("https://brobygger.dk/problems/") + kind.slug},
                      {"title", domain::translate(kind.title, language)},
                      {"status", kind.status},
                      {"detail", domain::translate(detail, language)}};
  if (!fields.empty()) body["errors"] = fieldErrorsJson(fields, language);
  if (existingId) body["existing_id"] = *existingId;
  return body;
}

void write(HttpResponse& response, const ProblemKind& kind, const std::string& detail,
           const std::vector<domain::FieldError>& fields, std::optional<std::int64_t> existingId,
           domain::Language language) {
  response.status = kind.status;
  response.content_type = "application/problem+json";
  // Replacing bytes that are not UTF-8 (a field name from a hostile body or query) keeps an answer an answer.
  response.body =
      body(kind, detail, fields, existingId, language).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

nlohmann::json fieldErrorsJson(const std::vector<domain::FieldError>& fields, domain::Language language) {
  auto errors = nlohmann::json::array();
  for (const auto& f : fields)
    errors.push_back({{"field", f.field}, {"message", domain::translate(f.message, language)}});
  return errors;
}

void writeProblem(HttpResponse& response, const domain::DomainError& error, domain::Language language) {
  const auto kind = kindOf(error.code());
  write(response, kind, error.what(), error.fields(), error.existingId(), language);
  if (error.retryAfterSeconds()) response.header("Retry-After", std::to_string(*error.retryAfterSeconds()));
  if (kind.status == 401) response.header("WWW-Authenticate", "Bearer realm=\"brobygger\"");
  if (kind.status == 503) response.header("Retry-After", "5");
}

nlohmann::json problemBody(const domain::DomainError& error, domain::Language language) {
  return body(kindOf(error.code()), error.what(), error.fields(), error.existingId(), language);
}

void writeProblem(HttpResponse& response, int status, const std::string& detail, domain::Language language,
                  const std::vector<domain::FieldError>& fields) {
  write(response, kindOf(status), detail, fields, std::nullopt, language);
}

}  // namespace brobygger::api
