// Reading a list for a download: every page in batches, the row limit decided before anything is handed
// on, and the audit trail's entries for an export of people's data.
#include <catch2/catch.hpp>

#include <set>

#include "domain/audit_service.hpp"
#include "domain/table.hpp"

using namespace brobygger::domain;

namespace {

// A list of `total` numbered rows, paged as a repository pages them; counts the statements.
struct NumberedList {
  std::int64_t total;
  int fetches = 0;
  Page<int> operator()(const PageRequest& page) {
    ++fetches;
    Page<int> out{{}, total, page.limit, page.offset};
    for (auto i = page.offset; i < total && i < page.offset + page.limit; ++i) out.items.push_back(static_cast<int>(i));
    return out;
  }
};

class RecordingAudit final : public AuditRepository {
 public:
  std::vector<AuditEntry> entries;
  void record(const AuditEntry& entry) override { entries.push_back(entry); }
  Page<AuditEntry> search(const AuditQuery&) override { return {}; }
  int purgeBefore(Timestamp) override { return 0; }
};

}  // namespace

TEST_CASE("an export reads every row in batches, in order, beyond one page", "[export]") {
  NumberedList list{2 * kExportBatch + 7};
  std::vector<int> seen;
  std::size_t batches = 0;
  const auto rows = readAllPages<int>(list, [&](const std::vector<int>& batch) {
    ++batches;
    CHECK(batch.size() <= static_cast<std::size_t>(kExportBatch));
    seen.insert(seen.end(), batch.begin(), batch.end());
  });
  CHECK(rows == 2 * kExportBatch + 7);
  CHECK(batches == 3);
  CHECK(list.fetches == 3);  // the short last page ends it: no empty extra statement
  REQUIRE(seen.size() == static_cast<std::size_t>(rows));
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == static_cast<int>(i));

  NumberedList empty{0};
  CHECK(readAllPages<int>(empty, [](const std::vector<int>&) { FAIL("no rows to hand on"); }) == 0);
}

TEST_CASE("more than 100,000 matching rows is refused before anything is written, naming format", "[export]") {
  NumberedList list{kMaxExportRows + 1};
  bool handed = false;
  try {
    readAllPages<int>(list, [&](const std::vector<int>&) { handed = true; });
    FAIL("expected a refusal");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::invalid);
    REQUIRE(e.fields().size() == 1);
    CHECK(e.fields()[0].field == "format");
  }
  CHECK(!handed);
  CHECK(list.fetches == 1);

  NumberedList exactly{kMaxExportRows};
  CHECK(readAllPages<int>(exactly, [](const std::vector<int>&) {}) == kMaxExportRows);
}

TEST_CASE("an export of people's data is one audit entry naming them, split only past 5,000 people", "[export]") {
  const Actor officer{7, Role::officer, std::nullopt, {}};
  const Timestamp at{std::chrono::seconds(1'800'000'000)};
  RecordingAudit small;
  recordExport(small, officer, at, "contact_list", 3, {1, 2, 3});
  REQUIRE(small.entries.size() == 1);
  CHECK(small.entries[0].action == AuditAction::export_);
  CHECK(small.entries[0].resource == "contact_list");
  CHECK(small.entries[0].resource_id == 3);
  CHECK(small.entries[0].user_id == 7);
  CHECK(small.entries[0].subjects == std::vector<Id>{1, 2, 3});

  std::set<Id> many;
  for (Id id = 1; id <= 12'000; ++id) many.insert(id);
  RecordingAudit large;
  recordExport(large, officer, at, "activity", std::nullopt, many);
  REQUIRE(large.entries.size() == 3);
  std::size_t named = 0;
  for (const auto& e : large.entries) named += e.subjects.size();
  CHECK(named == 12'000);
  CHECK(large.entries[0].subjects.size() == 5000);
}
