#pragma once
// Searching the audit trail (administrators only). Entries are written by the services themselves,
// inside the unit of work of what they record.
#include "domain/audit.hpp"
#include "domain/repositories.hpp"

namespace brobygger::domain {

class AuditService {
 public:
  explicit AuditService(Store& store) : store_(store) {}
  Page<AuditEntry> search(const Actor& actor, const AuditQuery& query);

 private:
  Store& store_;
};

}  // namespace brobygger::domain
