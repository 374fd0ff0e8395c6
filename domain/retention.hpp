#pragma once
// Retention: personal data is kept only as long as the cooperation needs it, and every overview gives
// the same figures before and after. Applied by `brobygger retention run` (with --dry-run to list what
// would go) and by the server once a day.
#include <string>
#include <vector>

#include "domain/repositories.hpp"

namespace brobygger::domain {

struct RetentionPolicy {
  // Participation stays linked to a person this long after the event ended; then it moves to an
  // anonymous participant of the same organisation (one per person, so counts of people stay).
  int participation_months = 24;
  // A person not changed, and with no participation, for this long is erased.
  int inactive_contact_months = 36;
  // The audit trail's own retention.
  int audit_months = 60;
  // The dialogue log's notes (and subjects, which may name people) are emptied this long after the
  // activity; its kind, time, organisation, people and event stay, so every count stays.
  int activity_notes_months = 36;
  // Contact ids per unit of work (not a setting; tests make it small to cross windows).
  int contacts_per_unit = 2000;
};

// What an activity's subject becomes when retention empties its notes.
std::string clearedActivitySubject(int months);

struct RetentionReport {
  bool dry_run = true;
  int people_with_old_participation = 0;
  int registrations_unlinked = 0;
  int inactive_people_erased = 0;
  int audit_entries_removed = 0;
  int activity_notes_cleared = 0;
  int merge_journals_removed = 0;
};

class RetentionService {
 public:
  RetentionService(Store& store, const Clock& clock, const TimeZone& zone, RetentionPolicy policy = {})
      : store_(store), clock_(clock), zone_(zone), policy_(policy) {}

  RetentionReport run(bool dryRun);
  const RetentionPolicy& policy() const noexcept { return policy_; }

 private:
  Timestamp monthsAgo(int months) const;
  Store& store_;
  const Clock& clock_;
  const TimeZone& zone_;
  RetentionPolicy policy_;
};

}  // namespace brobygger::domain
