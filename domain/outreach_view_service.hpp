#pragma once
// Read views over the outreach log (docs/outreach.md): an organisation's or a person's timeline, and
// an officer's "My work". Each is one read unit of work; a timeline that shows activities or
// registrations is a read of personal data and is audited in it.
#include "domain/date_time.hpp"
#include "domain/outreach_views.hpp"
#include "domain/policy.hpp"
#include "domain/repositories.hpp"

namespace brobygger::domain {

struct OutreachViewLimits {
  std::int64_t max_timeline_offset = 10000;  // a timeline is read newest first; deeper pages: 422
  int max_work_items = 50;                   // items per list of "My work"
  int max_work_months = 120;
};

class OutreachViewService {
 public:
  OutreachViewService(Store& store, const Clock& clock, const TimeZone& zone, OutreachViewLimits limits = {})
      : store_(store), clock_(clock), zone_(zone), limits_(limits) {}

  // Activities, registrations of its people, follow-ups and the register's changes, newest first.
  // Partners: their own organisation, registrations only. Officers limited to districts: 404 elsewhere.
  Timeline organisationTimeline(const Actor& actor, Id organisationId, const TimelineQuery& query);
  // One person's registrations, the activities that name them, their follow-ups and changes.
  Timeline contactTimeline(const Actor& actor, Id contactId, const TimelineQuery& query);
  // The caller's follow-ups, the organisations they are responsible for that have not been reached,
  // and this week in their police districts.
  MyWork myWork(const Actor& actor, const MyWorkQuery& query);

 private:
  Timeline timeline(UnitOfWork& uow, const Actor& actor, TimelineSubject subject, Id id, const TimelineQuery& query);
  LocalDate today() const;
  Store& store_;
  const Clock& clock_;
  const TimeZone& zone_;
  OutreachViewLimits limits_;
};

}  // namespace brobygger::domain
