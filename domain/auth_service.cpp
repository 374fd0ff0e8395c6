#include "domain/services.hpp"
#include "domain/validation.hpp"

namespace brobygger::domain {

namespace {
constexpr const char* kWrongCredentials = "Wrong email or password";
}

LoginResult AuthService::login(const std::string& email, const std::string& password) {
  const auto folded = foldCase(trim(email));
  const auto now = clock_.now();
  {
    auto uow = store_.begin(Access::read);
    const auto [failures, earliest] = uow->loginAttempts().failuresSince(folded, now - settings_.failure_window);
    if (failures >= settings_.max_login_failures) {
      const auto retryAt = earliest.value_or(now) + settings_.failure_window;
      const auto wait = std::max<long long>(1, (retryAt - now).count());
      throw DomainError(ErrorCode::too_many_requests, "Too many failed logins for this account; try again later")
          .withRetryAfter(static_cast<int>(wait));
    }
  }
  std::optional<User> user;
  {
    auto uow = store_.begin(Access::read);
    user = uow->users().findByEmail(folded);
  }
  // Unknown users cost as much as wrong passwords, so timing does not reveal which accounts exist.
  const bool ok = user ? secrets_.verifyPassword(user->password_hash, password)
                       : (secrets_.verifyPassword(dummy_hash_, password), false);
  auto uow = store_.begin(Access::write);
  if (!ok || user->status != UserStatus::active) {
    uow->loginAttempts().recordFailure(folded, now);
    uow->commit();
    throw DomainError(ErrorCode::unauthenticated, kWrongCredentials);
  }
  Session session;
  auto token = secrets_.newToken();
  session.token_hash = secrets_.hashToken(token);
  session.user_id = user->id;
  session.created_at = session.last_seen_at = now;
  session.expires_at = now + settings_.session_lifetime;
  uow->sessions().insert(session);
  uow->sessions().deleteExpired(now);  // housekeeping: logins are rare, the index makes it cheap
  uow->loginAttempts().clear(folded);
  uow->users().recordLogin(user->id, now);
  uow->commit();
  user->last_login_at = now;
  return LoginResult{std::move(token), session.expires_at, *user};
}

Authenticated AuthService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) throw DomainError(ErrorCode::unauthenticated, "Log in first");
  const auto hash = secrets_.hashToken(token);
  const auto now = clock_.now();
  if (auto cached = sessions_.find(hash, now)) return *cached;
  auto uow = store_.begin(Access::read);
  auto found = uow->sessions().findActive(hash, now);
  if (!found) throw DomainError(ErrorCode::unauthenticated, "The session has ended; log in again");
  const auto& user = found->second;
  Authenticated who{Actor{user.id, user.role, user.organisation_id}, user};
  sessions_.remember(hash, who, found->first.expires_at, now);
  return who;
}

void AuthService::logout(const std::string& token) {
  const auto hash = secrets_.hashToken(token);
  sessions_.forgetToken(hash);
  auto uow = store_.begin(Access::write);
  uow->sessions().revoke(hash, clock_.now());
  uow->commit();
}

std::optional<Authenticated> SessionCache::find(const std::string& tokenHash, Timestamp now) {
  if (ttl_.count() == 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(tokenHash);
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.valid_until) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.who;
}

void SessionCache::remember(const std::string& tokenHash, const Authenticated& who, Timestamp sessionExpiry,
                            Timestamp now) {
  if (ttl_.count() == 0) return;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();  // simple and bounded; the database still knows
  entries_[tokenHash] = Entry{who, std::min(sessionExpiry, now + ttl_)};
}

void SessionCache::forgetToken(const std::string& tokenHash) {
  std::lock_guard lock(mutex_);
  entries_.erase(tokenHash);
}

void SessionCache::forgetUser(Id userId) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& entry) { return entry.second.who.user.id == userId; });
}

}  // namespace brobygger::domain
