#include "domain/audit.hpp"

#include <chrono>

#include "domain/audit_service.hpp"
#include "domain/date_time.hpp"
#include "domain/error.hpp"
#include "domain/policy.hpp"

namespace brobygger::domain {

const char* toString(AuditAction action) noexcept {
  switch (action) {
    case AuditAction::create: return "create";
    case AuditAction::update: return "update";
    case AuditAction::delete_: return "delete";
    case AuditAction::read: return "read";
    case AuditAction::export_: return "export";
    case AuditAction::erase: return "erase";
    case AuditAction::login: return "login";
  }
  return "read";
}

std::optional<AuditAction> auditActionFrom(std::string_view code) noexcept {
  for (auto a : {AuditAction::create, AuditAction::update, AuditAction::delete_, AuditAction::read,
                 AuditAction::export_, AuditAction::erase, AuditAction::login})
    if (code == toString(a)) return a;
  return std::nullopt;
}

void noteChange(std::vector<FieldChange>& changes, const std::string& field, const std::optional<std::string>& before,
                const std::optional<std::string>& after, bool personal) {
  if (before == after) return;
  if (personal) {
    changes.push_back({field, true, std::nullopt, std::nullopt});
  } else {
    changes.push_back({field, false, before, after});
  }
}

std::string auditTime(Timestamp t) { return formatIsoUtc(t); }

AuditEntry auditEntry(const Actor* actor, Timestamp at, AuditAction action, std::string resource,
                      std::optional<Id> resourceId, std::vector<Id> subjects, std::vector<FieldChange> fields) {
  AuditEntry entry;
  entry.at = at;
  if (actor) entry.user_id = actor->user_id;
  entry.action = action;
  entry.resource = std::move(resource);
  entry.resource_id = resourceId;
  entry.subjects = std::move(subjects);
  entry.fields = std::move(fields);
  return entry;
}

Page<AuditEntry> AuditService::search(const Actor& actor, const AuditQuery& query) {
  authorize(actor, Action::read_audit);
  if (query.from && query.to && *query.to <= *query.from) throwInvalid("to", "The period ends before it starts");
  auto uow = store_.begin(Access::read);
  return uow->audit().search(query);
}

}  // namespace brobygger::domain
