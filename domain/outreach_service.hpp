#pragma once
// The dialogue log and follow-ups: logging what happened with a partner between events, and what is
// to be done next. Notes are the most sensitive text in Brobygger: every read is audited, officers
// limited to police districts see only their districts', and no text may hold a CPR number.
#include <optional>

#include "domain/date_time.hpp"
#include "domain/outreach.hpp"
#include "domain/policy.hpp"
#include "domain/reference.hpp"
#include "domain/repositories.hpp"
#include "domain/table.hpp"

namespace brobygger::domain {

struct OutreachLimits {
  std::size_t max_people_per_activity = 200;
  std::chrono::hours max_ahead{24};  // an activity may be logged at most this far in the future
};

// One activity for each organisation whose people attended an event (bulk logging).
struct EventActivityInput {
  std::string kind;
  std::string subject;
  std::string notes;
  std::optional<Timestamp> occurred_at;  // default: the event's start
};

struct EventActivityResult {
  std::vector<Activity> created;
  int skipped_already_logged = 0;     // organisations that already have this subject for the event
  int skipped_outside_districts = 0;  // organisations outside a limited officer's districts
};

// Completing a follow-up, and optionally the next one in the same unit of work.
struct FollowUpCompletion {
  FollowUp done;
  std::optional<FollowUp> next;
};

class OutreachService {
 public:
  OutreachService(Store& store, const ReferenceCatalog& catalog, const Clock& clock, const TimeZone& zone,
                  OutreachLimits limits = {})
      : store_(store), catalog_(catalog), clock_(clock), zone_(zone), limits_(limits) {}

  Page<Activity> listActivities(const Actor& actor, ActivityQuery query);
  // Every activity the list would show, in batches; audited as one export naming the people.
  std::int64_t exportActivities(const Actor& actor, ActivityQuery query, const RowBatches<Activity>& sink);
  Activity getActivity(const Actor& actor, Id id);
  Activity createActivity(const Actor& actor, NewActivity input);
  Activity updateActivity(const Actor& actor, Id id, const ActivityChanges& changes,
                          std::optional<int> expectedVersion);
  void deleteActivity(const Actor& actor, Id id, std::optional<int> expectedVersion);
  EventActivityResult logEventActivities(const Actor& actor, Id eventId, EventActivityInput input);

  Page<FollowUp> listFollowUps(const Actor& actor, FollowUpQuery query);
  std::int64_t exportFollowUps(const Actor& actor, FollowUpQuery query, const RowBatches<FollowUp>& sink);
  FollowUp getFollowUp(const Actor& actor, Id id);
  FollowUp createFollowUp(const Actor& actor, NewFollowUp input);
  FollowUp updateFollowUp(const Actor& actor, Id id, const FollowUpChanges& changes,
                          std::optional<int> expectedVersion);
  FollowUpCompletion completeFollowUp(const Actor& actor, Id id, std::optional<NewFollowUp> next,
                                      std::optional<int> expectedVersion);
  void deleteFollowUp(const Actor& actor, Id id, std::optional<int> expectedVersion);

  // Today in Copenhagen: what "overdue" is measured against.
  LocalDate today() const;

 private:
  Activity visibleActivity(UnitOfWork& uow, const Actor& actor, Id id, Action action);
  FollowUp visibleFollowUp(UnitOfWork& uow, const Actor& actor, Id id, Action action);
  void validate(UnitOfWork& uow, const Actor& actor, Activity& activity, const Activity* before);
  void validate(UnitOfWork& uow, const Actor& actor, FollowUp& followUp, const FollowUp* before);
  FollowUp insertFollowUp(UnitOfWork& uow, const Actor& actor, NewFollowUp input, Timestamp now);
  Store& store_;
  const ReferenceCatalog& catalog_;
  const Clock& clock_;
  const TimeZone& zone_;
  OutreachLimits limits_;
};

}  // namespace brobygger::domain
