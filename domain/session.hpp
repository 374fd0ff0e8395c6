#pragma once
#include <optional>
#include <string>

#include "domain/types.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

struct Session {
  std::string token_hash;  // the token itself is never stored
  Id user_id = 0;
  Timestamp created_at{};
  Timestamp expires_at{};
  Timestamp last_seen_at{};
};

struct UserQuery {
  std::optional<std::string> q;
  std::optional<Role> role;
  std::optional<UserStatus> status;
  PageRequest page;
};

// Secrets are produced and checked outside the domain (libsodium in api/); the domain owns the interface.
class Secrets {
 public:
  virtual ~Secrets() = default;
  virtual std::string hashPassword(const std::string& password) = 0;
  virtual bool verifyPassword(const std::string& hash, const std::string& password) = 0;
  virtual std::string newToken() = 0;                         // unguessable, URL-safe
  virtual std::string hashToken(const std::string& token) = 0;  // deterministic, one-way
};

}  // namespace brobygger::domain
