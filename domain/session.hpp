#pragma once
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

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
  std::optional<Id> organisation_id;  // a partner organisation's users
  PageRequest page;
};

struct Authenticated {
  Actor actor;
  User user;
};

// Sessions validated in the last few seconds, so that a busy client costs no database round trip per
// request. Changes made through this process (logout, a user disabled or changed) drop entries at
// once; a revocation made by another server process on the same database takes effect within `ttl`.
// A ttl of zero turns the cache off.
class SessionCache {
 public:
  explicit SessionCache(std::chrono::seconds ttl, std::size_t capacity = 10000) : ttl_(ttl), capacity_(capacity) {}

  std::optional<Authenticated> find(const std::string& tokenHash, Timestamp now);
  // Trusted until `validUntil` (the session's expiry, or sooner) or for the ttl, whichever ends first.
  void remember(const std::string& tokenHash, const Authenticated& who, Timestamp validUntil, Timestamp now);
  void forgetToken(const std::string& tokenHash);
  void forgetUser(Id userId);

 private:
  struct Entry {
    Authenticated who;
    Timestamp valid_until;
  };
  std::chrono::seconds ttl_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// Who a calendar feed belongs to.
enum class FeedOwner { contact, organisation, user };
const char* toString(FeedOwner owner) noexcept;

struct CalendarFeed {
  Id id = 0;
  std::string token;  // the feed's only credential, part of its URL
  FeedOwner owner = FeedOwner::contact;
  Id owner_id = 0;
  Timestamp created_at{};
};

// Secrets are produced and checked outside the domain (libsodium in adapters/crypto/); the domain owns the interface.
class Secrets {
 public:
  virtual ~Secrets() = default;
  virtual std::string hashPassword(const std::string& password) = 0;
  virtual bool verifyPassword(const std::string& hash, const std::string& password) = 0;
  virtual std::string newToken() = 0;                           // unguessable, URL-safe
  virtual std::string hashToken(const std::string& token) = 0;  // deterministic, one-way
};

}  // namespace brobygger::domain
