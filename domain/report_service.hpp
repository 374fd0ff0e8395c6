#pragma once
// The engagement overviews: figures computed from the period's seats, grouped and compared with the
// previous period, with small numbers suppressed for managers.
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/reference.hpp"
#include "domain/report.hpp"
#include "domain/repositories.hpp"
#include "domain/table.hpp"
#include "domain/training.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

struct ReportLimits {
  int max_period_days = 3660;  // ten years
  int max_dormant_months = 120;
};

class ReportService {
 public:
  ReportService(Store& store, const ReferenceCatalog& catalog, const Clock& clock, const TimeZone& zone,
                ReportLimits limits = {})
      : store_(store), catalog_(catalog), clock_(clock), zone_(zone), limits_(limits) {}

  EngagementReport engagement(const Actor& actor, const EngagementQuery& request);
  DormantReport dormant(const Actor& actor, const DormantQuery& query);
  // Every dormant organisation (the query's page ignored), in batches; answers the report without rows.
  DormantReport exportDormant(const Actor& actor, const DormantQuery& query,
                              const RowBatches<DormantOrganisation>& sink);
  EventSummary eventSummary(const Actor& actor, Id eventId);
  SeriesContinuity seriesContinuity(const Actor& actor, Id seriesId);
  // People trained (attended a completed training) per group and in a cross table of kinds of
  // organisation by police district (issue 16), small numbers suppressed for managers.
  TrainingReport trainings(const Actor& actor, const TrainingQuery& query);

  // The same date in Copenhagen as `at`; today's.
  LocalDate localDate(Timestamp at) const;
  LocalDate today() const { return localDate(clock_.now()); }

 private:
  // Every organisation's grouping attributes, kept while the register revision stays the same.
  struct ProfileIndex {
    std::int64_t revision = -1;
    std::vector<OrganisationProfile> profiles;
    std::vector<std::int32_t> slot_by_id;  // organisation id -> index into profiles, -1 for none
    std::int32_t slotOf(Id id) const {
      return id >= 0 && static_cast<std::size_t>(id) < slot_by_id.size() ? slot_by_id[static_cast<std::size_t>(id)]
                                                                         : -1;
    }
  };
  std::shared_ptr<const ProfileIndex> profiles(UnitOfWork& uow);
  void checkFilter(const EngagementFilter& filter) const;
  // Checks a dormant query and works out its selection (the page as asked); fills the report's months and since.
  DormantSelection dormantSelection(const Actor& actor, const DormantQuery& query, DormantReport& report) const;

  Store& store_;
  const ReferenceCatalog& catalog_;
  const Clock& clock_;
  const TimeZone& zone_;
  ReportLimits limits_;
  std::mutex profiles_mutex_;
  std::shared_ptr<const ProfileIndex> profiles_;
};

}  // namespace brobygger::domain
