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

std::int64_t AuditService::exportSearch(const Actor& actor, AuditQuery query, const RowBatches<AuditEntry>& sink) {
  authorize(actor, Action::read_audit);
  if (query.from && query.to && *query.to <= *query.from) throwInvalid("to", "The period ends before it starts");
  auto uow = store_.begin(Access::read);
  return readAllPages<AuditEntry>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->audit().search(query);
      },
      sink);
}

void recordExport(AuditRepository& audit, const Actor& actor, Timestamp at, const std::string& resource,
                  std::optional<Id> resourceId, const std::set<Id>& people) {
  constexpr std::size_t kPeoplePerEntry = 5000;
  std::vector<Id> subjects;
  const auto flush = [&] {
    audit.record(auditEntry(&actor, at, AuditAction::export_, resource, resourceId, subjects));
    subjects.clear();
  };
  for (const auto id : people) {
    subjects.push_back(id);
    if (subjects.size() == kPeoplePerEntry) flush();
  }
  if (!subjects.empty() || people.empty()) flush();
}

}  // namespace brobygger::domain
