#pragma once
// What the domain tests run on: storage's own SQLite implementation of the repositories, on a fresh,
// migrated database per store (a file in a temporary directory, on tmpfs where there is one), not a
// second implementation in memory that could drift from it (docs/adr/0004-domain-tests-on-sqlite.md).
// A thin wrapper counts the units of work and can play an unreachable database. The outside world
// (clock, secrets) stays fake.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/repositories.hpp"
#include "domain/services.hpp"

namespace brobygger::storage {
class Database;
}

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

class TestStore final : public domain::Store {
 public:
  // A fresh database holding `reference` (testReferenceData() unless told otherwise).
  TestStore();
  explicit TestStore(const domain::ReferenceData& reference);
  ~TestStore() override;
  TestStore(const TestStore&) = delete;
  TestStore& operator=(const TestStore&) = delete;

  std::unique_ptr<domain::UnitOfWork> begin(domain::Access access) override;
  bool ping() override;

  // Write units of work committed, and those ended without a commit.
  int commits() const noexcept { return commits_; }
  int rollbacks() const noexcept { return rollbacks_; }
  bool writeInProgress() const noexcept { return writes_open_ > 0; }
  // Units of work asked for, counted before the database grants them: a test can tell that a caller
  // now waits for the database (a write waits while another write is open).
  int begun() const noexcept { return begun_; }

  // When false, every unit of work fails as an unreachable database does (`unavailable`).
  bool reachable = true;

  // What is committed, for assertions (each read on its own connection, outside any unit of work).
  int count(const std::string& table);
  domain::User user(domain::Id id);
  domain::Organisation organisation(domain::Id id);
  domain::Contact contact(domain::Id id);
  domain::Event event(domain::Id id);
  domain::Registration registration(domain::Id id);
  domain::Series series(domain::Id id);
  std::vector<StoredSession> sessions();        // in the order they were created
  std::vector<LoginFailure> loginFailures();    // in the order they were recorded
  std::vector<domain::OutboxMessage> outbox();  // oldest first

 private:
  friend class CountingUnitOfWork;
  std::filesystem::path dir_;
  std::unique_ptr<storage::Database> database_;
  std::atomic<int> commits_ = 0;  // atomic: a test may write from several threads
  std::atomic<int> rollbacks_ = 0;
  std::atomic<int> writes_open_ = 0;
  std::atomic<int> begun_ = 0;
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
domain::Id addUser(TestStore& store, domain::Role role, const std::string& email,
                   std::optional<domain::Id> organisationId = std::nullopt,
                   domain::UserStatus status = domain::UserStatus::active);
domain::Id addOrganisation(TestStore& store, const std::string& name, int municipalityId = 101,
                           domain::RecordStatus status = domain::RecordStatus::active);
domain::Id addContact(TestStore& store, domain::Id organisationId, const std::string& name,
                      std::optional<std::string> email = std::nullopt);

// Sets a user's status past the services (say, disabled without their sessions being revoked).
void setUserStatus(TestStore& store, domain::Id id, domain::UserStatus status);

// The field names of an error, in order.
std::vector<std::string> fieldNames(const domain::DomainError& error);

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
