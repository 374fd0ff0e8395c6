#pragma once
// Engagement overviews for management: who is reached, do people come, do they come back, and whom
// have we not reached lately. Definitions (also in docs/reports.md and docs/openapi.yaml):
// - An organisation is reached in a period when at least one of its people attended an event that
//   started in the period; engaged when at least one held a seat (confirmed, attended or no-show).
//   Contacts reached likewise, counted distinct. Waitlisted and cancelled registrations reach no one.
// - Dialogue: the activities that occurred in the period (by the organisation's group, or by the
//   Copenhagen month or quarter of `occurred_at`, or by the kind of the activity's event; one without
//   an event is in no event-kind group but in the total), and the organisations in dialogue: those
//   with at least one such activity, counted distinct.
// - Events count when published or completed (drafts and cancelled events do not).
// - Attendance rate = attended / (attended + no-show) over completed (closed) events.
// - Repeat organisations: reached at two or more distinct events in the period.
// - Coverage: reached organisations that are active / active organisations, per group.
// - Dormant: active organisations with no attendance in the last N months (including never).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date_time.hpp"
#include "domain/event.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

enum class EngagementGrouping { police_district, region, municipality, organisation_kind, event_kind, month, quarter };
const char* toString(EngagementGrouping grouping) noexcept;
std::optional<EngagementGrouping> engagementGroupingFrom(std::string_view code) noexcept;
// Grouped by an attribute of the organisation (as it is now) rather than of the event.
bool groupsByOrganisation(EngagementGrouping grouping) noexcept;

// Which organisations and events count. Organisation filters use the organisation's current record.
struct EngagementFilter {
  std::optional<std::string> organisation_kind;
  std::optional<int> police_district_id;
  std::optional<int> region_id;
  std::optional<int> municipality_id;
  std::optional<std::string> event_kind;
  // Set by scoping: an officer limited to police districts sees figures for those only.
  std::vector<int> within_districts{};
};

struct EngagementQuery {
  LocalDate from, to;  // both days included
  EngagementGrouping group_by = EngagementGrouping::police_district;
  EngagementFilter filter;
};

// How a count of people may be shown. Managers see small counts as "<5" (below_five); a count that
// would let one work out a suppressed one (the only other unknown in a column beside its total) is
// withheld.
enum class Disclosure { exact, below_five, withheld };

struct PeopleCount {
  int value = 0;
  Disclosure disclosure = Disclosure::exact;
  bool exact() const noexcept { return disclosure == Disclosure::exact; }
};

struct EngagementFigures {
  int organisations_reached = 0;
  int organisations_engaged = 0;
  PeopleCount contacts_reached;
  int events_held = 0;
  PeopleCount registrations;  // seats held: confirmed, attended or no-show
  PeopleCount attended;
  PeopleCount no_show;
  std::optional<double> attendance_rate;  // nothing when no completed event has attended or no-show people
  int repeat_organisations = 0;
  int active_organisations = 0;
  std::optional<double> coverage;     // nothing when the group has no active organisation
  int activities = 0;                 // activities that occurred in the period
  int organisations_in_dialogue = 0;  // distinct organisations with one of them
};

struct EngagementRow {
  std::string key;  // district/region/municipality id, kind code, "2025-03" or "2025-Q1"
  std::string label_da, label_en;
  EngagementFigures current;
  // The same group in the previous period of the same length; nothing for month and quarter rows
  // (the rows themselves are the trend).
  std::optional<EngagementFigures> previous;
};

struct EngagementReport {
  EngagementQuery query;
  LocalDate previous_from, previous_to;
  bool small_numbers_suppressed = false;
  std::vector<EngagementRow> rows;
  EngagementRow total;
};

// What storage hands the report: the period's events, their seats, and every organisation's
// grouping attributes.
struct ReportEvent {
  Id id = 0;
  Timestamp starts_at{};
  std::string kind;
  bool completed = false;
};

// Activities of one organisation in one time bucket with one event kind (empty: no event), counted.
// Storage may repeat an organisation, bucket and kind in several rows (one per activity): the sum counts.
struct ReportDialogue {
  Id organisation_id = 0;
  int bucket = 0;  // index into the boundaries storage was given
  std::string event_kind;
  int activities = 0;
};

enum class SeatOutcome : std::uint8_t { booked, attended, no_show };

struct ReportSeat {
  Id event_id = 0;
  Id organisation_id = 0;
  Id contact_id = 0;
  SeatOutcome outcome = SeatOutcome::booked;
};

struct OrganisationProfile {
  Id id = 0;
  std::string kind;
  int municipality_id = 0;
  int police_district_id = 0;
  int region_id = 0;
  bool active = true;
};

// The worklist's own filters, beside the organisation filters.
struct DormantWorklistFilter {
  std::optional<Id> responsible_user_id;
  bool without_open_follow_up = false;  // only organisations with no open follow-up
};

struct DormantQuery {
  int months = 12;
  EngagementFilter filter;  // event_kind is ignored
  PageRequest page;
  DormantWorklistFilter worklist{};
};

// Storage's form of the query: organisations not attended since `cutoff`.
struct DormantSelection {
  Timestamp cutoff{};
  EngagementFilter filter;
  PageRequest page;
  DormantWorklistFilter worklist{};
};

struct DormantOrganisation {
  Id organisation_id = 0;
  std::string name;
  std::string kind;
  int police_district_id = 0;
  int municipality_id = 0;
  std::optional<Timestamp> last_attended_at;
  std::optional<Id> responsible_user_id;
  std::optional<Timestamp> last_activity_at;
  int open_follow_ups = 0;
};

struct DormantReport {
  int months = 12;
  LocalDate since;  // no attendance on or after this date
  Page<DormantOrganisation> page;
};

// Registrations of one event by status and kind of organisation.
struct EventSeatCount {
  std::string organisation_kind;
  RegistrationStatus status = RegistrationStatus::confirmed;
  int count = 0;
};

struct EventSummaryFigures {
  PeopleCount registered;  // seats held: confirmed, attended or no-show
  PeopleCount waitlisted;
  PeopleCount attended;
  PeopleCount no_show;
  std::optional<double> attendance_rate;  // completed events only
};

struct EventSummaryRow {
  std::string organisation_kind;
  EventSummaryFigures figures;
};

struct EventSummary {
  Event event;
  bool small_numbers_suppressed = false;
  EventSummaryFigures total;
  std::vector<EventSummaryRow> by_organisation_kind;
};

struct ContinuityMember {
  Id organisation_id = 0;
  std::string name;
  int occurrences_attended = 0;
  std::optional<double> share;  // attended / held; nothing before the first occurrence is held
};

struct SeriesContinuity {
  Series series;
  int occurrences_held = 0;
  std::optional<double> average_share;
  std::vector<ContinuityMember> members;
};

}  // namespace brobygger::domain
