#pragma once
// The one way a use case writes. Every writing use case runs its unit of work through `write`:
//
//   return write(store_, [&](UnitOfWork& uow) {
//     ...reads, rules, writes...
//     uow.commit();
//     return result;
//   });
//
// A clustered database may refuse a transaction at commit although nothing is wrong with it: Galera
// answers a certification failure (two nodes changed the same row) as a deadlock, InnoDB a deadlock or
// a lock wait timeout, SQLite "busy". storage/ marks exactly those errors retryable()
// (storage/database.cpp, rethrowAsDomainError); `write` then rolls the unit of work back and runs the
// whole lambda again in a fresh one, a bounded number of times with jittered, growing pauses. After the
// last attempt the error goes on as it is (`unavailable`: 503 with Retry-After). Anything else (a broken
// rule, a lost connection, whose commit may or may not have happened) goes on at once.
//
// The lambda must be safe to run again: it may change nothing outside its unit of work before it
// commits (no member counters, no mail sent, no moved-from arguments); effects outside the database
// happen after `write` returns. A retryable error after the commit succeeded is never retried.
#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "domain/repositories.hpp"

namespace brobygger::domain {

struct WriteRetry {
  int attempts = 10;                          // runs of the lambda at most, the first included
  std::chrono::milliseconds first_pause{10};  // the pause before the second run; it doubles each time
  std::chrono::milliseconds max_pause{500};   // each pause is drawn uniformly from [pause/2, pause]
  // No run starts later than this after the first began: a refusal that came after a long wait (a lock
  // wait timeout, 1205, after MariaDB's 10 s) is passed on at once rather than waited for ten times.
  std::chrono::milliseconds budget{5000};
};

// The policy every `write` uses, measured on the Galera test (CTest galera.cluster: servers on two nodes,
// 16 clients sending 200 registrations for one event's row at once): of ~45 units of work refused once,
// about half were refused again, and the longest needed 7 runs; 5 runs left 1 of 200 refused. The pauses
// of all ten runs add up to at most ~2.1 s, paid only by a write refused nine times; later runs wait
// longer so that they meet a cluster whose burst has passed.
const WriteRetry& writeRetry();

namespace detail {
void runWrite(Store& store, const std::function<void(UnitOfWork&)>& attempt);
}

template <class Work>
auto write(Store& store, Work&& work) -> std::invoke_result_t<Work&, UnitOfWork&> {
  using Result = std::invoke_result_t<Work&, UnitOfWork&>;
  if constexpr (std::is_void_v<Result>) {
    detail::runWrite(store, [&](UnitOfWork& uow) { work(uow); });
  } else {
    std::optional<Result> result;
    detail::runWrite(store, [&](UnitOfWork& uow) {
      result.reset();
      result.emplace(work(uow));
    });
    return std::move(*result);
  }
}

}  // namespace brobygger::domain
