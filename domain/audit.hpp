#pragma once
// The audit trail: every write, and every read or export of personal data, recorded in the same unit
// of work as the act itself. Append-only: nothing in Brobygger edits or deletes an entry, except the
// audit log's own retention (entries older than the configured period, by `brobygger retention run`).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/types.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

enum class AuditAction { create, update, delete_, read, export_, erase, login };
const char* toString(AuditAction action) noexcept;
std::optional<AuditAction> auditActionFrom(std::string_view code) noexcept;

// One changed field. A personal field (a person's name, title, email, phone; a user's name, email or
// password) records only that it changed: its values are not copied into the log.
struct FieldChange {
  std::string field;
  bool personal = false;
  std::optional<std::string> old_value;  // nothing: empty, or personal
  std::optional<std::string> new_value;
};

struct AuditEntry {
  Id id = 0;
  Timestamp at{};
  std::optional<Id> user_id;  // nothing: the system (series horizon, mail sender, retention)
  AuditAction action = AuditAction::read;
  std::string resource;  // contact, organisation, event, registration, series, user, session, ...
  std::optional<Id> resource_id;
  std::vector<Id> subjects;  // the people (contact ids) whose data was written, read or exported
  std::vector<FieldChange> fields;
};

struct AuditQuery {
  std::optional<Id> user_id;
  std::optional<std::string> resource;
  std::optional<Id> resource_id;
  std::optional<AuditAction> action;
  std::optional<Id> subject;      // a person (contact id)
  std::optional<Timestamp> from;  // at or after
  std::optional<Timestamp> to;    // before
  PageRequest page;
  bool changes_only = false;  // leave out reads and exports
};

// What changed between two values of one field, for the trail: nothing when equal.
void noteChange(std::vector<FieldChange>& changes, const std::string& field, const std::optional<std::string>& before,
                const std::optional<std::string>& after, bool personal = false);
inline void noteChange(std::vector<FieldChange>& changes, const std::string& field, const std::string& before,
                       const std::string& after, bool personal = false) {
  noteChange(changes, field, std::optional<std::string>(before), std::optional<std::string>(after), personal);
}
inline void noteChange(std::vector<FieldChange>& changes, const std::string& field, const char* before,
                       const char* after, bool personal = false) {
  noteChange(changes, field, std::optional<std::string>(before), std::optional<std::string>(after), personal);
}

// "2026-03-10T09:00:00Z": how the trail writes a time.
std::string auditTime(Timestamp t);

// Builds an entry for `actor` (nothing for the system) at `at`.
AuditEntry auditEntry(const Actor* actor, Timestamp at, AuditAction action, std::string resource,
                      std::optional<Id> resourceId, std::vector<Id> subjects = {},
                      std::vector<FieldChange> fields = {});

}  // namespace brobygger::domain
