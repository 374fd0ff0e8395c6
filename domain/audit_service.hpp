#pragma once
// Searching the audit trail (administrators only). Entries are written by the services themselves,
// inside the unit of work of what they record.
#include <set>

#include "domain/audit.hpp"
#include "domain/repositories.hpp"
#include "domain/table.hpp"

namespace brobygger::domain {

// Records an export of people's data in the trail: one entry naming them all, or for a very large export
// one entry per 5,000 people (the trail keeps an entry's people in one text column), never one per row.
void recordExport(AuditRepository& audit, const Actor& actor, Timestamp at, const std::string& resource,
                  std::optional<Id> resourceId, const std::set<Id>& people);

class AuditService {
 public:
  explicit AuditService(Store& store) : store_(store) {}
  Page<AuditEntry> search(const Actor& actor, const AuditQuery& query);
  std::int64_t exportSearch(const Actor& actor, AuditQuery query, const RowBatches<AuditEntry>& sink);

 private:
  Store& store_;
};

}  // namespace brobygger::domain
