#pragma once
// The one error type the domain throws. It carries a code, never an HTTP status: api/ maps codes to
// statuses in one table (api/problem.cpp).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace brobygger::domain {

enum class ErrorCode {
  invalid,              // a rule is broken; field errors say which
  not_found,            // unknown, or not visible to the actor
  conflict,             // duplicate; existingId names the resource already there
  forbidden,            // role forbids
  unauthenticated,      // no valid session or wrong credentials
  precondition_failed,  // stale version (If-Match)
  too_many_requests,    // throttled; retryAfterSeconds says for how long
  unavailable,          // the database cannot be reached, or refused a transaction (see retryable())
  bad_request,          // malformed input the edge could not parse
};

struct FieldError {
  std::string field;
  std::string message;
};

class DomainError : public std::runtime_error {
 public:
  DomainError(ErrorCode code, const std::string& detail, std::vector<FieldError> fields = {},
              std::optional<std::int64_t> existingId = std::nullopt)
      : std::runtime_error(detail), code_(code), fields_(std::move(fields)), existing_id_(existingId) {}

  ErrorCode code() const noexcept { return code_; }
  const std::vector<FieldError>& fields() const noexcept { return fields_; }
  std::optional<std::int64_t> existingId() const noexcept { return existing_id_; }
  std::optional<int> retryAfterSeconds() const noexcept { return retry_after_; }
  DomainError& withRetryAfter(int seconds) {
    retry_after_ = seconds;
    return *this;
  }
  // An `unavailable` that a cluster answers at commit when two transactions collide (a deadlock, a
  // Galera certification failure, a lock wait timeout, SQLite busy): the whole unit of work may be run
  // again (domain/write.hpp does, a bounded number of times). Not set when the database cannot be
  // reached: a lost connection leaves the outcome of a commit unknown, so it is never redone blindly.
  bool retryable() const noexcept { return retryable_; }
  DomainError& asRetryable() {
    retryable_ = true;
    return *this;
  }

 private:
  ErrorCode code_;
  std::vector<FieldError> fields_;
  std::optional<std::int64_t> existing_id_;
  std::optional<int> retry_after_;
  bool retryable_ = false;
};

[[noreturn]] inline void throwNotFound(const std::string& what) {
  throw DomainError(ErrorCode::not_found, what + " not found");
}
[[noreturn]] inline void throwForbidden(const std::string& detail) { throw DomainError(ErrorCode::forbidden, detail); }
[[noreturn]] inline void throwInvalid(std::string field, std::string message) {
  throw DomainError(ErrorCode::invalid, "The request breaks a rule", {{std::move(field), std::move(message)}});
}

// Collects every broken rule of one request so the client sees them all at once.
class Violations {
 public:
  void add(std::string field, std::string message) { fields_.push_back({std::move(field), std::move(message)}); }
  bool empty() const noexcept { return fields_.empty(); }
  const std::vector<FieldError>& fields() const noexcept { return fields_; }
  void throwIfAny() const {
    if (!fields_.empty()) throw DomainError(ErrorCode::invalid, "The request breaks a rule", fields_);
  }

 private:
  std::vector<FieldError> fields_;
};

}  // namespace brobygger::domain
