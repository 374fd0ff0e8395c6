#include "domain/audit.hpp"
#include "domain/services.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {
constexpr const char* kWrongCredentials = "Wrong email or password";

int secondsUntil(Timestamp at, Timestamp now) { return static_cast<int>(std::max<long long>(1, (at - now).count())); }
}  // namespace

void AuthService::refuseIfThrottled(UnitOfWork& uow, const std::string& foldedEmail, const std::string& client,
                                    Timestamp now) {
  // Every limit that applies is checked; the answer names the one that lasts longest.
  std::optional<Timestamp> retryAt;
  const char* reason = nullptr;
  const auto consider = [&](Timestamp until, const char* why) {
    if (!retryAt || until > *retryAt) {
      retryAt = until;
      reason = why;
    }
  };
  auto& attempts = uow.loginAttempts();
  if (!client.empty() && settings_.max_failures_per_client > 0) {
    // One address may not try many accounts: so an attacker cannot lock everyone out cheaply.
    const auto [failures, earliest] = attempts.failuresFromClientSince(client, now - settings_.lockout_window);
    if (failures >= settings_.max_failures_per_client)
      consider(earliest.value_or(now) + settings_.lockout_window,
               "Too many failed logins from this address; try again later");
  }
  {
    const auto [failures, earliest] = attempts.failuresSince(foldedEmail, now - settings_.failure_window);
    if (failures >= settings_.max_login_failures)
      consider(earliest.value_or(now) + settings_.failure_window,
               "Too many failed logins for this account; try again later");
  }
  if (settings_.lockout_failures > 0) {
    const auto failures = attempts.failuresSince(foldedEmail, now - settings_.lockout_window).first;
    if (failures >= settings_.lockout_failures) {
      // Locked until a while after the last failure; one more failure after that locks it again.
      const auto until = attempts.latestFailure(foldedEmail).value_or(now) + settings_.lockout_duration;
      if (until > now) consider(until, "This account is locked after too many failed logins; try again later");
    }
  }
  if (retryAt && *retryAt >= now)
    throw DomainError(ErrorCode::too_many_requests, reason).withRetryAfter(secondsUntil(*retryAt, now));
}

void AuthService::recordFailure(UnitOfWork& uow, const std::string& foldedEmail, const std::string& client,
                                Timestamp now) {
  uow.loginAttempts().recordFailure(foldedEmail, client, now);
  // Failures older than every window count for nothing; their addresses are not kept.
  uow.loginAttempts().forgetBefore(now - std::max(settings_.failure_window, settings_.lockout_window));
}

std::chrono::seconds AuthService::touchInterval() const {
  constexpr std::chrono::seconds kAtMost = std::chrono::minutes(1);
  if (settings_.session_idle.count() <= 0) return kAtMost;
  return std::min(kAtMost, settings_.session_idle / 4);
}

LoginResult AuthService::login(const std::string& email, const std::string& password, const std::string& client) {
  const auto folded = foldCase(trim(email));
  const auto now = clock_.now();
  {
    auto uow = store_.begin(Access::read);
    refuseIfThrottled(*uow, folded, client, now);
  }
  std::optional<User> user;
  {
    auto uow = store_.begin(Access::read);
    user = uow->users().findByEmail(folded);
  }
  // Unknown users cost as much as wrong passwords, so timing does not reveal which accounts exist.
  const bool ok = user ? secrets_.verifyPassword(user->password_hash, password)
                       : (secrets_.verifyPassword(dummy_hash_, password), false);
  return write(store_, [&](UnitOfWork& uow) {
    if (!ok || user->status != UserStatus::active) {
      recordFailure(uow, folded, client, now);
      uow.commit();
      throw DomainError(ErrorCode::unauthenticated, kWrongCredentials);
    }
    Session session;
    auto token = secrets_.newToken();
    session.token_hash = secrets_.hashToken(token);
    session.user_id = user->id;
    session.created_at = session.last_seen_at = now;
    session.expires_at = now + settings_.session_lifetime;
    uow.sessions().insert(session);
    uow.sessions().deleteExpired(now);  // housekeeping: logins are rare, the index makes it cheap
    uow.loginAttempts().clear(folded);
    uow.users().recordLogin(user->id, now);
    auto entry = auditEntry(nullptr, now, AuditAction::login, "user", user->id);
    entry.user_id = user->id;  // the user's own act
    uow.audit().record(entry);
    uow.commit();
    user->last_login_at = now;
    return LoginResult{std::move(token), session.expires_at, *user};
  });
}

Authenticated AuthService::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 200) throw DomainError(ErrorCode::unauthenticated, "Log in first");
  const auto hash = secrets_.hashToken(token);
  const auto now = clock_.now();
  if (auto cached = sessions_.find(hash, now)) return *cached;
  std::optional<std::pair<Session, User>> found;
  {
    auto uow = store_.begin(Access::read);
    found = uow->sessions().findActive(hash, now);
  }
  if (!found) throw DomainError(ErrorCode::unauthenticated, "The session has ended; log in again");
  auto lastSeen = found->first.last_seen_at;
  if (settings_.session_idle.count() > 0 && now - lastSeen >= settings_.session_idle)
    throw DomainError(ErrorCode::unauthenticated, "The session ended after a while without use; log in again");
  // The last use is written at most once per interval, not on every request.
  const auto interval = touchInterval();
  if (now - lastSeen >= interval) {
    write(store_, [&](UnitOfWork& uow) {
      uow.sessions().touch(hash, now);
      uow.commit();
      lastSeen = now;
    });
  }
  const auto& user = found->second;
  Authenticated who{Actor{user.id, user.role, user.organisation_id, user.police_district_ids}, user};
  // A cached session comes back to the database (and is touched) within one interval, so requests
  // served from the cache keep it alive, and the cache never serves it past its idle end.
  sessions_.remember(hash, who, std::min(found->first.expires_at, lastSeen + interval), now);
  return who;
}

void AuthService::logout(const std::string& token) {
  const auto hash = secrets_.hashToken(token);
  sessions_.forgetToken(hash);
  return write(store_, [&](UnitOfWork& uow) {
    uow.sessions().revoke(hash, clock_.now());
    uow.commit();
  });
}

void AuthService::changePassword(const Actor& actor, const std::string& token, const std::string& currentPassword,
                                 const std::string& newPassword, const std::string& client) {
  const auto now = clock_.now();
  std::optional<User> user;
  {
    auto uow = store_.begin(Access::read);
    user = uow->users().find(actor.user_id);
    if (!user || user->status != UserStatus::active)
      throw DomainError(ErrorCode::unauthenticated, "The session has ended; log in again");
    // The current password is a credential like a login's: guessing it is throttled the same way.
    refuseIfThrottled(*uow, user->email, client, now);
  }
  Violations violations;
  const bool currentOk = secrets_.verifyPassword(user->password_hash, currentPassword);
  if (!currentOk) violations.add("current_password", "is not your current password");
  checkPasswordPolicy(violations, "new_password", newPassword, settings_);
  if (currentOk && newPassword == currentPassword)
    violations.add("new_password", "must differ from the current password");
  if (!currentOk) {
    write(store_, [&](UnitOfWork& uow) {
      recordFailure(uow, user->email, client, now);
      uow.commit();
    });
  }
  violations.throwIfAny();
  // Hashing is slow on purpose: done before the transaction, which then only writes.
  const int loadedVersion = user->version;
  user->password_hash = secrets_.hashPassword(newPassword);
  user->updated_at = now;
  return write(store_, [&](UnitOfWork& uow) {
    if (!uow.users().update(*user, loadedVersion))
      throw DomainError(ErrorCode::precondition_failed, "Your account was changed meanwhile; try again");
    uow.sessions().revokeOthers(user->id, secrets_.hashToken(token), now);
    uow.audit().record(auditEntry(&actor, now, AuditAction::update, "user", user->id, {},
                                  {{"password", true, std::nullopt, std::nullopt}}));
    uow.commit();
    // The request's own session stays; the others must not linger in this process's cache.
    sessions_.forgetUser(user->id);
  });
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

void SessionCache::remember(const std::string& tokenHash, const Authenticated& who, Timestamp validUntil,
                            Timestamp now) {
  if (ttl_.count() == 0 || validUntil <= now) return;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();  // simple and bounded; the database still knows
  entries_[tokenHash] = Entry{who, std::min(validUntil, now + ttl_)};
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
