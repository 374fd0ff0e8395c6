#pragma once
// In-memory stand-ins for storage and the outside world, for the domain tests only. The fakes keep the
// promises the real storage makes (see storage/ and the comments in domain/repositories.hpp): ids
// counted up from 1, optimistic version checks, the same filters, sort order, paging and totals, unique
// keys and references enforced as conflicts, and a write unit of work that only counts once committed.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/repositories.hpp"
#include "domain/services.hpp"

namespace brobygger::testing {

struct StoredSession {
  domain::Session session;
  std::optional<domain::Timestamp> revoked_at;
};

struct LoginFailure {
  std::string folded_email;
  domain::Timestamp at;
  std::string client;
};

// Everything the fake database holds. A write unit of work works on its own copy and replaces the
// store's copy on commit; a read unit of work sees (and, like a statement outside a transaction, writes
// straight to) the committed copy.
struct StoreData {
  domain::ReferenceData reference;
  std::map<domain::Id, domain::Organisation> organisations;
  std::map<domain::Id, domain::Contact> contacts;
  std::map<domain::Id, domain::User> users;
  std::vector<StoredSession> sessions;
  std::vector<LoginFailure> login_failures;
  // Events keep their invitations in the row here; storage keeps them in event_invitations and reads
  // them back only for audience `invited`, sorted by organisation id. The fake answers the same.
  std::map<domain::Id, domain::Event> events;
  std::map<domain::Id, domain::Registration> registrations;
  std::vector<domain::RegistrationChange> registration_changes;
  std::map<domain::Id, domain::Series> series;
  std::vector<domain::CalendarFeed> feeds;
  std::vector<bool> feed_revoked;  // parallel to feeds
  std::vector<domain::OutboxMessage> outbox;
  std::vector<domain::AuditEntry> audit;
  std::int64_t register_revision = 0;
  domain::Id next_organisation_id = 1;
  domain::Id next_contact_id = 1;
  domain::Id next_user_id = 1;
  domain::Id next_event_id = 1;
  domain::Id next_registration_id = 1;
  domain::Id next_registration_change_id = 1;
  domain::Id next_series_id = 1;
};

class FakeStore final : public domain::Store {
 public:
  FakeStore() = default;
  explicit FakeStore(domain::ReferenceData reference) { data_.reference = std::move(reference); }

  std::unique_ptr<domain::UnitOfWork> begin(domain::Access access) override;
  bool ping() override { return reachable; }

  // The committed state, for arranging and inspecting tests.
  StoreData& committed() noexcept { return data_; }
  const StoreData& committed() const noexcept { return data_; }

  int commits() const noexcept { return commits_; }
  int rollbacks() const noexcept { return rollbacks_; }
  bool writeInProgress() const noexcept { return write_open_; }

  bool reachable = true;

 private:
  friend class FakeUnitOfWork;
  StoreData data_;
  bool write_open_ = false;
  int commits_ = 0;
  int rollbacks_ = 0;
};

// A clock the test sets and moves.
class FixedClock final : public domain::Clock {
 public:
  explicit FixedClock(domain::Timestamp start) : now_(start) {}
  domain::Timestamp now() const override { return now_; }
  void set(domain::Timestamp to) noexcept { now_ = to; }
  void advance(std::chrono::seconds by) noexcept { now_ += by; }

 private:
  domain::Timestamp now_;
};

// Deterministic secrets: hash = "hash:" + password, tokens "token-1", "token-2", ..., hashToken = "h:" + token.
class FakeSecrets final : public domain::Secrets {
 public:
  std::string hashPassword(const std::string& password) override { return "hash:" + password; }
  bool verifyPassword(const std::string& hash, const std::string& password) override {
    ++verifications;
    return hash == "hash:" + password;
  }
  std::string newToken() override { return "token-" + std::to_string(++tokens_issued); }
  std::string hashToken(const std::string& token) override { return "h:" + token; }

  int verifications = 0;
  int tokens_issued = 0;
};

// 10:00 UTC on a Tuesday in March 2026; any fixed instant would do.
domain::Timestamp startOfTests();

// A small but real slice of the reference data: three regions, three police districts, three
// municipalities (København 101, Aarhus 751, Aalborg 851) and four kinds of organisation.
domain::ReferenceData testReferenceData();

// Arranging helpers: they write through a committed write unit of work, bypassing the services' rules.
domain::Id addUser(FakeStore& store, domain::Role role, const std::string& email,
                   std::optional<domain::Id> organisationId = std::nullopt,
                   domain::UserStatus status = domain::UserStatus::active);
domain::Id addOrganisation(FakeStore& store, const std::string& name, int municipalityId = 101,
                           domain::RecordStatus status = domain::RecordStatus::active);
domain::Id addContact(FakeStore& store, domain::Id organisationId, const std::string& name,
                      std::optional<std::string> email = std::nullopt);

// The field names of an error, in order.
std::vector<std::string> fieldNames(const domain::DomainError& error);

}  // namespace brobygger::testing

namespace brobygger::testing {

// Runs `action` and answers the DomainError it threw; anything else (or nothing) fails the test.
template <class Action>
domain::DomainError errorOf(Action&& action) {
  try {
    std::forward<Action>(action)();
  } catch (const domain::DomainError& error) {
    return error;
  }
  throw std::logic_error("expected a DomainError, but none was thrown");
}

}  // namespace brobygger::testing
