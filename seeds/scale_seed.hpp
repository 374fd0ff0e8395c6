#pragma once
// The national-scale data set for benchmarks of engagement reports (`brobygger seed scale`): tens of
// thousands of organisations and contacts, thousands of events, millions of registrations, realistic
// and deterministic. Far too many rows for the domain's services, so the generator makes plain rows
// (storage/bulk_rows.hpp) and a bulk writer stores them. Distributions: seeds/README.md.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include "domain/calendar.hpp"
#include "domain/reference.hpp"
#include "storage/bulk_rows.hpp"

namespace brobygger::storage {
class Database;
}

namespace brobygger::seeds {

struct ScaleOptions {
  std::int64_t organisations = 50'000;
  std::int64_t contacts = 200'000;
  std::int64_t events = 20'000;
  std::int64_t registrations = 2'000'000;
  std::int64_t activities = 500'000;  // the dialogue log, with the people each names
  std::int64_t follow_ups = 50'000;   // at most one per activity
  std::uint64_t random_seed = 1;
  // The day the data set is current on: events run from eight years before it to six months after;
  // those that ended before it are over. The same day and seed give the same data.
  std::chrono::year_month_day as_of{};
};

struct ScaleSummary {
  std::int64_t users = 0;  // the outreach officers the register is kept by
  std::int64_t organisations = 0;
  std::int64_t contacts = 0;
  std::int64_t events = 0;
  std::int64_t invitations = 0;
  std::int64_t registrations = 0;
  std::int64_t activities = 0;
  std::int64_t follow_ups = 0;
};

struct ScaleProgress {
  std::string_view stage;  // the table being written: users, organisations, contacts, events, activities, ...
  std::int64_t done = 0;   // rows handed over so far, all tables together
  std::int64_t total = 0;  // rows there will be
};
using ScaleProgressFn = std::function<void(const ScaleProgress&)>;

// Generates the data set into `sink`, ids starting at `first`. Checks the options first (an invalid
// domain error naming the field) and hands nothing over when they cannot be met.
ScaleSummary generateScale(const ScaleOptions& options, const domain::ReferenceData& reference,
                           const domain::TimeZone& zone, const storage::bulk::FirstIds& first,
                           storage::bulk::RowSink& sink, const ScaleProgressFn& progress = {});

// The command: refuses (a conflict domain error) when the register already holds organisations, or
// (invalid) when the reference data is missing; otherwise generates into a bulk loader over
// `database` and commits. Officer users are added; nobody can log in as them.
ScaleSummary seedScale(storage::Database& database, const domain::ReferenceData& reference,
                       const domain::TimeZone& zone, const ScaleOptions& options, const ScaleProgressFn& progress = {});

// The password hash of the generated officers: not a hash any password verifies against (libsodium
// accepts only "$argon2..." strings), so the accounts exist for ownership, not for logging in.
inline constexpr const char* kUnusablePasswordHash = "!";

}  // namespace brobygger::seeds
