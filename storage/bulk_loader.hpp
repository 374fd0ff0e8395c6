#pragma once
// Writes bulk rows (storage/bulk_rows.hpp) with multi-row INSERTs inside large transactions, on
// SQLite and MariaDB alike. For loading benchmark-sized data sets into an empty register; the
// domain's rules are NOT applied here: the producer of the rows answers for their consistency.
#include <cstdint>
#include <memory>

#include "storage/bulk_rows.hpp"
#include "storage/database.hpp"

namespace brobygger::storage {

class BulkLoader final : public bulk::RowSink {
 public:
  // Leases one connection of `database` for the loader's lifetime and starts a transaction.
  explicit BulkLoader(Database& database);
  // Without finish(), the rows not yet committed are rolled back. Earlier commits stay.
  ~BulkLoader() override;
  BulkLoader(const BulkLoader&) = delete;
  BulkLoader& operator=(const BulkLoader&) = delete;

  // Where new ids start in each table.
  bulk::FirstIds firstFreeIds();

  void users(std::span<const bulk::UserRow> rows) override;
  void organisations(std::span<const bulk::OrganisationRow> rows) override;
  void contacts(std::span<const bulk::ContactRow> rows) override;
  void events(std::span<const bulk::EventRow> rows) override;
  void invitations(std::span<const bulk::InvitationRow> rows) override;
  void registrations(std::span<const bulk::RegistrationRow> rows) override;
  void activities(std::span<const bulk::ActivityRow> rows) override;
  void followUps(std::span<const bulk::FollowUpRow> rows) override;

  // Commits the last rows and raises the register revision once, so that servers drop their cached
  // organisation lists.
  void finish();

  // Rows written so far.
  std::int64_t rowsWritten() const noexcept;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace brobygger::storage
