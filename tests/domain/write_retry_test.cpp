// The one write runner (domain/write.hpp): a unit of work the database refuses at commit as a conflict
// (Galera certification, deadlock, lock wait timeout) runs again, whole, a bounded number of times;
// past the bound the refusal goes on as `unavailable`; an unreachable database is not retried; and
// nothing is ever half-written. The database underneath is the real SQLite test store: only its
// commit is made to refuse, as a cluster would.
#include <catch2/catch.hpp>

#include "domain/write.hpp"
#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;

namespace {

// Forwards to the test store; the first `refusals` write commits fail as `failure` says, without
// committing (the real unit of work underneath then rolls back).
class RefusingStore final : public Store {
 public:
  enum class Failure { conflict, unreachable };

  explicit RefusingStore(TestStore& inner) : inner_(inner) {}

  std::unique_ptr<UnitOfWork> begin(Access access) override {
    if (access == Access::write) ++writes_begun;
    return std::make_unique<Unit>(*this, inner_.begin(access));
  }
  bool ping() override { return inner_.ping(); }

  int refusals = 0;
  Failure failure = Failure::conflict;
  int writes_begun = 0;

 private:
  class Unit final : public ForwardingUnitOfWork {
   public:
    Unit(RefusingStore& store, std::unique_ptr<UnitOfWork> inner)
        : ForwardingUnitOfWork(std::move(inner)), store_(store) {}
    void commit() override {
      if (store_.refusals > 0) {
        --store_.refusals;
        if (store_.failure == Failure::unreachable)
          throw DomainError(ErrorCode::unavailable, "The database is not reachable");
        throw std::move(DomainError(ErrorCode::unavailable, "Deadlock: wsrep aborted transaction").asRetryable());
      }
      inner().commit();
    }

   private:
    RefusingStore& store_;
  };

  TestStore& inner_;
};

struct RetryFixture : EventFixture {
  RefusingStore refusing{store};
  RegistrationService flaky{refusing, clock};
  Id event = eventWithSeats(2);
  Id anna = person(org_a, "Anna");
  int outboxBefore = store.count("outbox");
};

}  // namespace

TEST_CASE_METHOD(RetryFixture, "Write runner: a unit of work refused at commit runs again and commits once",
                 "[write]") {
  refusing.refusals = 2;
  const auto registration = flaky.registerOne(officer, event, anna);
  CHECK(refusing.writes_begun == 3);
  CHECK(registration.status == RegistrationStatus::confirmed);
  // Exactly one of everything: the runs refused left nothing behind.
  CHECK(store.count("registrations") == 1);
  CHECK(store.count("registration_changes") == 1);
  CHECK(store.count("outbox") == outboxBefore + 1);
  CHECK(stored(event).confirmed == 1);
  CHECK(store.rollbacks() >= 2);
}

TEST_CASE_METHOD(RetryFixture, "Write runner: past the bound the refusal is unavailable and nothing is written",
                 "[write]") {
  refusing.refusals = 1000;
  const auto error = errorOf([&] { flaky.registerOne(officer, event, anna); });
  CHECK(error.code() == ErrorCode::unavailable);  // 503 with Retry-After at the edge
  CHECK(error.retryable());
  CHECK(refusing.writes_begun == writeRetry().attempts);
  CHECK(store.count("registrations") == 0);
  CHECK(store.count("registration_changes") == 0);
  CHECK(store.count("outbox") == outboxBefore);
  CHECK(stored(event).confirmed == 0);
  CHECK_FALSE(store.writeInProgress());
  // The database is fine afterwards: the same request goes through.
  refusing.refusals = 0;
  CHECK(flaky.registerOne(officer, event, anna).status == RegistrationStatus::confirmed);
}

TEST_CASE_METHOD(RetryFixture, "Write runner: an unreachable database is not retried", "[write]") {
  refusing.refusals = 1;
  refusing.failure = RefusingStore::Failure::unreachable;
  const auto error = errorOf([&] { flaky.registerOne(officer, event, anna); });
  CHECK(error.code() == ErrorCode::unavailable);
  CHECK_FALSE(error.retryable());
  CHECK(refusing.writes_begun == 1);
  CHECK(store.count("registrations") == 0);
}

TEST_CASE_METHOD(RetryFixture, "Write runner: rules broken are not retried, and work after a commit is never redone",
                 "[write]") {
  refusing.refusals = 0;
  CHECK(errorOf([&] { flaky.registerOne(officer, event + 1000, anna); }).code() == ErrorCode::not_found);
  CHECK(refusing.writes_begun == 1);

  int runs = 0;
  const auto afterCommit = errorOf([&] {
    write(refusing, [&](UnitOfWork& uow) {
      ++runs;
      uow.contacts().erase(anna, clock.now());
      uow.commit();
      throw std::move(DomainError(ErrorCode::unavailable, "refused after the commit").asRetryable());
    });
  });
  CHECK(afterCommit.retryable());
  CHECK(runs == 1);
  CHECK(store.contact(anna).erased_at.has_value());
}

TEST_CASE_METHOD(RetryFixture, "Write runner: SQLite busy after its timeout is unavailable and not run again",
                 "[write]") {
  auto holder = store.begin(Access::write);  // another writer holds SQLite's write lock
  const auto error = errorOf([&] { flaky.registerOne(officer, event, anna); });
  CHECK(error.code() == ErrorCode::unavailable);
  CHECK_FALSE(error.retryable());
  CHECK(refusing.writes_begun == 1);
}
