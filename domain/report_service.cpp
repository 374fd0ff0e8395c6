#include "domain/report_service.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <utility>

#include "domain/error.hpp"
#include "domain/event_services.hpp"
#include "domain/messages.hpp"
#include "domain/policy.hpp"

namespace brobygger::domain {

namespace {

bool smallCount(int value) { return value > 0 && value < 5; }

std::optional<double> ratio(int part, int whole) {
  if (whole <= 0) return std::nullopt;
  return static_cast<double>(part) / whole;
}

void suppressSmall(PeopleCount& count) {
  if (smallCount(count.value)) count.disclosure = Disclosure::below_five;
}

// Within one column of a table (its rows and their total), a single suppressed cell could be worked
// out as the total minus the others: then the smallest other non-zero cell is withheld as well, or,
// when there is none, the total. Answers the cell withheld, if any.
PeopleCount* protectColumn(const std::vector<PeopleCount*>& cells, PeopleCount& total) {
  if (!total.exact()) return nullptr;
  const auto suppressed = std::count_if(cells.begin(), cells.end(), [](const PeopleCount* c) { return !c->exact(); });
  if (suppressed != 1) return nullptr;
  PeopleCount* smallest = nullptr;
  for (auto* cell : cells)
    if (cell->exact() && cell->value > 0 && (!smallest || cell->value < smallest->value)) smallest = cell;
  PeopleCount* withheld = smallest ? smallest : &total;
  withheld->disclosure = Disclosure::withheld;
  return withheld;
}

// One group's figures in one period as they are counted.
struct Tally {
  int events_held = 0;  // events of the group, when rows group events
  int events_with_seats = 0;
  int registrations = 0, attended = 0, no_show = 0;
  int attended_completed = 0, no_show_completed = 0;
  int contacts_reached = 0, organisations_reached = 0, organisations_engaged = 0, repeat_organisations = 0;
  int reached_active = 0;
  int active_organisations = 0;
  int activities = 0, organisations_in_dialogue = 0;
};

// A seat as counted: dense indices into the request's event places and the profile slots.
struct CountedSeat {
  std::uint32_t contact;  // contact id
  std::uint32_t slot;     // the organisation's profile slot
  std::uint32_t event;    // dense event index
  SeatOutcome outcome;
};

// Distinct people, organisations and events per group in one linear pass: each group's seats are
// counted together, and an entity is new to the group when its stamp is not yet the group's tag.
class DistinctCounter {
 public:
  DistinctCounter(std::size_t contacts, std::size_t slots, std::size_t events)
      : contact_(contacts, 0),
        engaged_(slots, 0),
        reached_(slots, 0),
        repeat_(slots, 0),
        first_event_(slots, 0),
        event_(events, 0) {}

  void count(const std::vector<CountedSeat>& seats, std::size_t begin, std::size_t end,
             const std::vector<char>& completed, const std::vector<char>& active, Tally& t) {
    const auto tag = ++tag_;
    for (auto i = begin; i < end; ++i) {
      const auto& seat = seats[i];
      ++t.registrations;
      if (engaged_[seat.slot] != tag) {
        engaged_[seat.slot] = tag;
        ++t.organisations_engaged;
      }
      if (event_[seat.event] != tag) {
        event_[seat.event] = tag;
        ++t.events_with_seats;
      }
      if (seat.outcome == SeatOutcome::no_show) {
        ++t.no_show;
        if (completed[seat.event]) ++t.no_show_completed;
      } else if (seat.outcome == SeatOutcome::attended) {
        ++t.attended;
        if (completed[seat.event]) ++t.attended_completed;
        if (contact_[seat.contact] != tag) {
          contact_[seat.contact] = tag;
          ++t.contacts_reached;
        }
        if (reached_[seat.slot] != tag) {
          reached_[seat.slot] = tag;
          first_event_[seat.slot] = seat.event;
          ++t.organisations_reached;
          if (active[seat.slot]) ++t.reached_active;
        } else if (repeat_[seat.slot] != tag && first_event_[seat.slot] != seat.event) {
          repeat_[seat.slot] = tag;
          ++t.repeat_organisations;
        }
      }
    }
  }

 private:
  std::uint32_t tag_ = 0;
  std::vector<std::uint32_t> contact_, engaged_, reached_, repeat_, first_event_, event_;
};

struct Figured {
  EngagementFigures figures;
  int attended_completed = 0, no_show_completed = 0;
};

Figured figure(const Tally& t, bool eventsFromSeats) {
  Figured out;
  auto& f = out.figures;
  f.organisations_reached = t.organisations_reached;
  f.organisations_engaged = t.organisations_engaged;
  f.contacts_reached.value = t.contacts_reached;
  f.events_held = eventsFromSeats ? t.events_with_seats : t.events_held;
  f.registrations.value = t.registrations;
  f.attended.value = t.attended;
  f.no_show.value = t.no_show;
  f.attendance_rate = ratio(t.attended_completed, t.attended_completed + t.no_show_completed);
  f.repeat_organisations = t.repeat_organisations;
  f.active_organisations = t.active_organisations;
  f.coverage = ratio(t.reached_active, t.active_organisations);
  f.activities = t.activities;
  f.organisations_in_dialogue = t.organisations_in_dialogue;
  out.attended_completed = t.attended_completed;
  out.no_show_completed = t.no_show_completed;
  return out;
}

void suppressFigures(Figured& figured) {
  auto& f = figured.figures;
  suppressSmall(f.contacts_reached);
  suppressSmall(f.registrations);
  suppressSmall(f.attended);
  suppressSmall(f.no_show);
  if (!f.attended.exact() || !f.no_show.exact() || smallCount(figured.attended_completed) ||
      smallCount(figured.no_show_completed))
    f.attendance_rate.reset();
}

// Secondary suppression over one period's rows and total.
void protectTable(const std::vector<EngagementFigures*>& rows, EngagementFigures& total) {
  for (auto member : {&EngagementFigures::contacts_reached, &EngagementFigures::registrations,
                      &EngagementFigures::attended, &EngagementFigures::no_show}) {
    std::vector<PeopleCount*> cells;
    std::vector<EngagementFigures*> owners;
    for (auto* row : rows) {
      cells.push_back(&(row->*member));
      owners.push_back(row);
    }
    cells.push_back(&(total.*member));
    owners.push_back(&total);
    auto* withheld = protectColumn({cells.begin(), cells.end() - 1}, total.*member);
    if (!withheld) continue;
    if (member == &EngagementFigures::attended || member == &EngagementFigures::no_show) {
      const auto at = std::find(cells.begin(), cells.end(), withheld) - cells.begin();
      owners[static_cast<std::size_t>(at)]->attendance_rate.reset();
    }
  }
}

bool hasOrganisationFilter(const EngagementFilter& filter) {
  return filter.organisation_kind || filter.police_district_id || filter.region_id || filter.municipality_id ||
         !filter.within_districts.empty();
}

bool matches(const EngagementFilter& filter, const OrganisationProfile& profile) {
  if (filter.organisation_kind && profile.kind != *filter.organisation_kind) return false;
  if (filter.police_district_id && profile.police_district_id != *filter.police_district_id) return false;
  if (filter.region_id && profile.region_id != *filter.region_id) return false;
  if (filter.municipality_id && profile.municipality_id != *filter.municipality_id) return false;
  if (!filter.within_districts.empty() && std::find(filter.within_districts.begin(), filter.within_districts.end(),
                                                    profile.police_district_id) == filter.within_districts.end())
    return false;
  return true;
}

int monthNumber(const LocalDate& d) { return d.year * 12 + static_cast<int>(d.month) - 1; }
int quarterNumber(const LocalDate& d) { return d.year * 4 + static_cast<int>(d.month - 1) / 3; }

// The report's rows, in display order, and how a seat or an event finds its row.
class Rows {
 public:
  Rows(EngagementGrouping grouping, const ReferenceCatalog& catalog, const LocalDate& from, const LocalDate& to)
      : grouping_(grouping), first_month_(monthNumber(from)), first_quarter_(quarterNumber(from)) {
    const auto& data = catalog.data();
    switch (grouping) {
      case EngagementGrouping::police_district:
        for (const auto& d : data.police_districts) addNumbered(d.id, d.name_da, d.name_en);
        break;
      case EngagementGrouping::region:
        for (const auto& r : data.regions) addNumbered(r.id, r.name_da, r.name_en);
        break;
      case EngagementGrouping::municipality:
        for (const auto& m : data.municipalities) addNumbered(m.id, m.name_da, m.name_en);
        break;
      case EngagementGrouping::organisation_kind:
        for (const auto& k : data.organisation_kinds) addCoded(k.code, k.name_da, k.name_en);
        break;
      case EngagementGrouping::event_kind:
        for (const auto& k : data.event_kinds) addCoded(k.code, k.name_da, k.name_en);
        break;
      case EngagementGrouping::month:
        for (int n = monthNumber(from); n <= monthNumber(to); ++n) {
          const int year = n / 12;
          const auto month = static_cast<unsigned>(n % 12 + 1);
          rows_.push_back({LocalDate{year, month, 1}.iso().substr(0, 7),
                           std::string(monthName(month, Language::da)) + " " + std::to_string(year),
                           std::string(monthName(month, Language::en)) + " " + std::to_string(year),
                           {},
                           std::nullopt});
        }
        break;
      case EngagementGrouping::quarter:
        for (int n = quarterNumber(from); n <= quarterNumber(to); ++n) {
          const auto year = std::to_string(n / 4), q = std::to_string(n % 4 + 1);
          rows_.push_back({year + "-Q" + q, q + ". kvartal " + year, "Q" + q + " " + year, {}, std::nullopt});
        }
        break;
    }
  }

  std::vector<EngagementRow>& rows() { return rows_; }

  // -1 when the organisation belongs to no row (unknown reference).
  int ofOrganisation(const OrganisationProfile& p) const {
    switch (grouping_) {
      case EngagementGrouping::police_district: return find(numbered_, p.police_district_id);
      case EngagementGrouping::region: return find(numbered_, p.region_id);
      case EngagementGrouping::municipality: return find(numbered_, p.municipality_id);
      case EngagementGrouping::organisation_kind: return find(coded_, p.kind);
      default: return -1;
    }
  }

  // The row of an event kind's code (event_kind grouping); -1 for others.
  int ofEventKind(const std::string& kind) const {
    return grouping_ == EngagementGrouping::event_kind ? find(coded_, kind) : -1;
  }

  int ofEvent(const ReportEvent& event, const LocalDate& day) const {
    switch (grouping_) {
      case EngagementGrouping::event_kind: return find(coded_, event.kind);
      case EngagementGrouping::month: return inRange(monthNumber(day) - first_month_);
      case EngagementGrouping::quarter: return inRange(quarterNumber(day) - first_quarter_);
      default: return -1;
    }
  }

 private:
  void addNumbered(int id, const std::string& da, const std::string& en) {
    numbered_.emplace(id, static_cast<int>(rows_.size()));
    rows_.push_back({std::to_string(id), da, en, {}, std::nullopt});
  }
  void addCoded(const std::string& code, const std::string& da, const std::string& en) {
    coded_.emplace(code, static_cast<int>(rows_.size()));
    rows_.push_back({code, da, en, {}, std::nullopt});
  }
  template <class Map, class Key>
  static int find(const Map& map, const Key& key) {
    const auto it = map.find(key);
    return it == map.end() ? -1 : it->second;
  }
  int inRange(int index) const { return index >= 0 && index < static_cast<int>(rows_.size()) ? index : -1; }

  EngagementGrouping grouping_;
  int first_month_, first_quarter_;
  std::vector<EngagementRow> rows_;
  std::map<int, int> numbered_;
  std::map<std::string, int> coded_;
};

}  // namespace

const char* toString(EngagementGrouping grouping) noexcept {
  switch (grouping) {
    case EngagementGrouping::police_district: return "police_district";
    case EngagementGrouping::region: return "region";
    case EngagementGrouping::municipality: return "municipality";
    case EngagementGrouping::organisation_kind: return "organisation_kind";
    case EngagementGrouping::event_kind: return "event_kind";
    case EngagementGrouping::month: return "month";
    case EngagementGrouping::quarter: return "quarter";
  }
  return "police_district";
}

std::optional<EngagementGrouping> engagementGroupingFrom(std::string_view code) noexcept {
  for (auto g : {EngagementGrouping::police_district, EngagementGrouping::region, EngagementGrouping::municipality,
                 EngagementGrouping::organisation_kind, EngagementGrouping::event_kind, EngagementGrouping::month,
                 EngagementGrouping::quarter})
    if (code == toString(g)) return g;
  return std::nullopt;
}

bool groupsByOrganisation(EngagementGrouping grouping) noexcept {
  return grouping == EngagementGrouping::police_district || grouping == EngagementGrouping::region ||
         grouping == EngagementGrouping::municipality || grouping == EngagementGrouping::organisation_kind;
}

LocalDate ReportService::localDate(Timestamp at) const { return zone_.toLocal(at).date(); }

void ReportService::checkFilter(const EngagementFilter& filter) const {
  Violations violations;
  if (filter.organisation_kind && !catalog_.hasOrganisationKind(*filter.organisation_kind))
    violations.add("organisation_kind", "Unknown kind of organisation");
  if (filter.police_district_id && !catalog_.hasPoliceDistrict(*filter.police_district_id))
    violations.add("police_district_id", "Unknown police district");
  if (filter.region_id && !catalog_.hasRegion(*filter.region_id)) violations.add("region_id", "Unknown region");
  if (filter.municipality_id && !catalog_.municipality(*filter.municipality_id))
    violations.add("municipality_id", "Unknown municipality");
  if (filter.event_kind && !catalog_.hasEventKind(*filter.event_kind))
    violations.add("event_kind", "Unknown kind of event");
  violations.throwIfAny();
}

std::shared_ptr<const ReportService::ProfileIndex> ReportService::profiles(UnitOfWork& uow) {
  // The revision is read before the profiles: what is cached is at least as new as its revision.
  const auto revision = uow.organisations().revision();
  {
    std::lock_guard lock(profiles_mutex_);
    if (profiles_ && profiles_->revision == revision) return profiles_;
  }
  auto fresh = std::make_shared<ProfileIndex>();
  fresh->revision = revision;
  fresh->profiles = uow.reports().organisationProfiles();
  Id largest = 0;
  for (const auto& profile : fresh->profiles) largest = std::max(largest, profile.id);
  fresh->slot_by_id.assign(static_cast<std::size_t>(largest) + 1, -1);
  for (std::size_t slot = 0; slot < fresh->profiles.size(); ++slot)
    fresh->slot_by_id[static_cast<std::size_t>(fresh->profiles[slot].id)] = static_cast<std::int32_t>(slot);
  std::lock_guard lock(profiles_mutex_);
  profiles_ = fresh;
  return fresh;
}

EngagementReport ReportService::engagement(const Actor& actor, const EngagementQuery& request) {
  authorize(actor, Action::read_reports);
  EngagementQuery query = request;
  query.filter.within_districts = actor.police_district_ids;
  if (query.to < query.from) throwInvalid("to", "The period ends before it starts");
  const int length = query.from.daysUntil(query.to) + 1;
  if (length > limits_.max_period_days)
    throwInvalid("from", "A period is at most " + std::to_string(limits_.max_period_days) + " days");
  checkFilter(query.filter);

  EngagementReport report;
  report.query = query;
  report.previous_to = query.from.plusDays(-1);
  report.previous_from = query.from.plusDays(-length);
  report.small_numbers_suppressed = actor.role == Role::manager;
  const auto utc = [&](const LocalDate& d) { return zone_.toUtc({d.year, d.month, d.day, 0, 0}); };
  const auto periodEnd = utc(query.to.plusDays(1));
  const auto previousStart = utc(report.previous_from);

  // The previous period is read on a second connection while this one reads the period itself: on
  // two cores that halves the wait (the database's index walk and the driver's parsing dominate).
  const auto periodStart = utc(query.from);
  // Dialogue is counted per bucket of time: the whole period, or each month or quarter of it (their
  // Copenhagen starts), the buckets being the rows of a month or quarter grouping.
  std::vector<Timestamp> boundaries{periodStart};
  if (query.group_by == EngagementGrouping::month || query.group_by == EngagementGrouping::quarter) {
    const unsigned step = query.group_by == EngagementGrouping::month ? 1 : 3;
    LocalDate start{query.from.year,
                    query.group_by == EngagementGrouping::month ? query.from.month : (query.from.month - 1) / 3 * 3 + 1,
                    1};
    while (true) {
      start = start.month + step > 12 ? LocalDate{start.year + 1, start.month + step - 12, 1}
                                      : LocalDate{start.year, start.month + step, 1};
      if (start > query.to) break;
      boundaries.push_back(utc(start));
    }
  }
  boundaries.push_back(periodEnd);
  std::vector<ReportDialogue> previousDialogue;
  auto previousFetch = std::async(std::launch::async, [&] {
    auto other = store_.begin(Access::read);
    previousDialogue = other->reports().dialogue({previousStart, periodStart});
    return std::make_pair(other->reports().eventsStarting(previousStart, periodStart),
                          other->reports().seatsAtEventsStarting(previousStart, periodStart));
  });
  auto uow = store_.begin(Access::read);
  const auto index = profiles(*uow);
  auto events = uow->reports().eventsStarting(periodStart, periodEnd);
  auto seats = uow->reports().seatsAtEventsStarting(periodStart, periodEnd);
  const auto dialogue = uow->reports().dialogue(boundaries);
  uow.reset();
  {
    auto [previousEvents, previousSeats] = previousFetch.get();
    events.insert(events.end(), previousEvents.begin(), previousEvents.end());
    seats.insert(seats.end(), previousSeats.begin(), previousSeats.end());
  }

  const bool byOrganisation = groupsByOrganisation(query.group_by);
  const bool organisationFilter = hasOrganisationFilter(query.filter);
  Rows rows(query.group_by, catalog_, query.from, query.to);
  const auto rowCount = rows.rows().size();
  std::array<std::vector<Tally>, 2> tallies{std::vector<Tally>(rowCount), std::vector<Tally>(rowCount)};
  std::array<Tally, 2> totals;

  // Every organisation once: does it pass the filter, is it active, which row is it in.
  const auto slots = index->profiles.size();
  std::vector<char> included(slots), active(slots);
  std::vector<int> slotRow(slots, -1);
  for (std::size_t slot = 0; slot < slots; ++slot) {
    const auto& profile = index->profiles[slot];
    included[slot] = matches(query.filter, profile);
    active[slot] = profile.active;
    if (byOrganisation) slotRow[slot] = rows.ofOrganisation(profile);
    if (!included[slot] || !profile.active) continue;
    for (auto& total : totals) ++total.active_organisations;
    if (byOrganisation) {
      if (slotRow[slot] >= 0)
        for (auto& period : tallies) ++period[static_cast<std::size_t>(slotRow[slot])].active_organisations;
    } else {
      for (auto& period : tallies)
        for (auto& tally : period) ++tally.active_organisations;
    }
  }

  // The period's events, densely numbered; their ids span a range no wider than the event table.
  struct EventPlace {
    int period = -1;  // 0 this period, 1 the previous one, -1 filtered out
    int row = -1;     // for event groupings
  };
  Id firstEvent = 0, lastEvent = -1;
  for (const auto& event : events) {
    if (lastEvent < firstEvent) firstEvent = lastEvent = event.id;
    firstEvent = std::min(firstEvent, event.id);
    lastEvent = std::max(lastEvent, event.id);
  }
  std::vector<EventPlace> places(static_cast<std::size_t>(lastEvent - firstEvent + 1));
  std::vector<char> completed(places.size());
  for (const auto& event : events) {
    if (query.filter.event_kind && event.kind != *query.filter.event_kind) continue;
    const auto dense = static_cast<std::size_t>(event.id - firstEvent);
    const auto day = localDate(event.starts_at);
    auto& place = places[dense];
    place.period = day >= query.from ? 0 : 1;
    completed[dense] = event.completed;
    if (!byOrganisation && place.period == 0) place.row = rows.ofEvent(event, day);
    ++totals[static_cast<std::size_t>(place.period)].events_held;
    if (place.row >= 0) ++tallies[0][static_cast<std::size_t>(place.row)].events_held;
  }

  // Seats into buckets by period and row (the last bucket of a period: no row), keeping their order.
  const auto bucketsPerPeriod = rowCount + 1;
  const auto bucketOf = [&](const ReportSeat& seat, std::size_t& bucket) {
    if (seat.event_id < firstEvent || seat.event_id > lastEvent) return false;
    const auto& place = places[static_cast<std::size_t>(seat.event_id - firstEvent)];
    if (place.period < 0) return false;
    const auto slot = index->slotOf(seat.organisation_id);
    if (slot < 0 || !included[static_cast<std::size_t>(slot)]) return false;
    const int row = byOrganisation ? slotRow[static_cast<std::size_t>(slot)] : place.row;
    bucket = static_cast<std::size_t>(place.period) * bucketsPerPeriod +
             (row >= 0 ? static_cast<std::size_t>(row) : rowCount);
    return true;
  };
  std::vector<std::size_t> starts(2 * bucketsPerPeriod + 1, 0);
  Id maxContact = 0;
  for (const auto& seat : seats) {
    std::size_t bucket = 0;
    if (bucketOf(seat, bucket)) ++starts[bucket + 1];
    maxContact = std::max(maxContact, seat.contact_id);
  }
  for (std::size_t b = 1; b < starts.size(); ++b) starts[b] += starts[b - 1];
  std::vector<CountedSeat> counted(starts.back());
  auto next = starts;
  for (const auto& seat : seats) {
    std::size_t bucket = 0;
    if (!bucketOf(seat, bucket)) continue;
    counted[next[bucket]++] = {static_cast<std::uint32_t>(seat.contact_id),
                               static_cast<std::uint32_t>(index->slotOf(seat.organisation_id)),
                               static_cast<std::uint32_t>(seat.event_id - firstEvent), seat.outcome};
  }
  DistinctCounter counter(static_cast<std::size_t>(maxContact) + 1, slots, places.size());
  for (std::size_t period = 0; period < 2; ++period) {
    const auto first = period * bucketsPerPeriod;
    for (std::size_t row = 0; row < rowCount; ++row)
      counter.count(counted, starts[first + row], starts[first + row + 1], completed, active, tallies[period][row]);
    counter.count(counted, starts[first], starts[first + bucketsPerPeriod], completed, active, totals[period]);
  }

  // Dialogue: activities and distinct organisations per row and in total, for each period.
  // Rows may repeat an organisation and bucket (storage hands over one per activity), so "distinct" is
  // kept in flat arrays: one flag per organisation for the total, one per row and organisation for the
  // rows (an organisation grouping puts each organisation in one row, so its total flag serves).
  const auto countDialogue = [&](const std::vector<ReportDialogue>& counts, std::size_t period) {
    std::vector<char> inTotal(slots, 0);
    std::vector<char> inRow(byOrganisation ? 0 : rowCount * slots, 0);
    for (const auto& c : counts) {
      if (query.filter.event_kind && c.event_kind != *query.filter.event_kind) continue;
      const auto slot = index->slotOf(c.organisation_id);
      if (slot < 0 || !included[static_cast<std::size_t>(slot)]) continue;
      const auto at = static_cast<std::size_t>(slot);
      auto& total = totals[period];
      total.activities += c.activities;
      const bool newInTotal = inTotal[at] == 0;
      if (newInTotal) {
        inTotal[at] = 1;
        ++total.organisations_in_dialogue;
      }
      int row = -1;
      if (byOrganisation) row = slotRow[at];
      else if (period == 0 && query.group_by == EngagementGrouping::event_kind) row = rows.ofEventKind(c.event_kind);
      else if (period == 0) row = c.bucket < static_cast<int>(rowCount) ? c.bucket : -1;
      if (row < 0) continue;
      auto& tally = tallies[period][static_cast<std::size_t>(row)];
      tally.activities += c.activities;
      if (byOrganisation) {
        if (newInTotal) ++tally.organisations_in_dialogue;
        continue;
      }
      auto& seen = inRow[static_cast<std::size_t>(row) * slots + at];
      if (seen == 0) {
        seen = 1;
        ++tally.organisations_in_dialogue;
      }
    }
  };
  countDialogue(dialogue, 0);
  countDialogue(previousDialogue, 1);

  // Events held: an organisation grouping or filter counts the events its organisations took part in.
  const bool rowEventsFromSeats = byOrganisation || organisationFilter;
  const bool suppress = report.small_numbers_suppressed;
  auto& out = rows.rows();
  for (std::size_t period = 0; period < 2; ++period) {
    if (period == 1 && !byOrganisation) break;  // month and quarter rows carry no previous figures
    for (std::size_t i = 0; i < rowCount; ++i) {
      auto figured = figure(tallies[period][i], rowEventsFromSeats);
      if (suppress) suppressFigures(figured);
      (period == 0 ? out[i].current : out[i].previous.emplace()) = figured.figures;
    }
  }
  report.total.key = "total";
  report.total.label_da = "I alt";
  report.total.label_en = "Total";
  for (std::size_t period = 0; period < 2; ++period) {
    auto figured = figure(totals[period], organisationFilter);
    if (suppress) suppressFigures(figured);
    (period == 0 ? report.total.current : report.total.previous.emplace()) = figured.figures;
  }
  if (suppress) {
    std::vector<EngagementFigures*> current, previous;
    for (auto& row : out) {
      current.push_back(&row.current);
      if (row.previous) previous.push_back(&*row.previous);
    }
    protectTable(current, report.total.current);
    if (!previous.empty()) protectTable(previous, *report.total.previous);
  }
  report.rows = std::move(out);
  return report;
}

DormantReport ReportService::dormant(const Actor& actor, const DormantQuery& query) {
  DormantReport report;
  auto selection = dormantSelection(actor, query, report);
  auto uow = store_.begin(Access::read);
  report.page = uow->reports().dormant(selection);
  return report;
}

DormantSelection ReportService::dormantSelection(const Actor& actor, const DormantQuery& query,
                                                 DormantReport& report) const {
  authorize(actor, Action::read_reports);
  if (query.months < 1 || query.months > limits_.max_dormant_months)
    throwInvalid("months", "Between 1 and " + std::to_string(limits_.max_dormant_months) + " months");
  EngagementFilter filter = query.filter;
  filter.event_kind.reset();
  checkFilter(filter);
  filter.within_districts = actor.police_district_ids;
  report.months = query.months;
  report.since = localDate(clock_.now()).minusMonths(query.months);
  const auto cutoff = zone_.toUtc({report.since.year, report.since.month, report.since.day, 0, 0});
  return {cutoff, filter, query.page, query.worklist};
}

DormantReport ReportService::exportDormant(const Actor& actor, const DormantQuery& query,
                                           const RowBatches<DormantOrganisation>& sink) {
  DormantReport report;
  auto selection = dormantSelection(actor, query, report);
  auto uow = store_.begin(Access::read);
  const auto rows = readAllPages<DormantOrganisation>(
      [&](const PageRequest& page) {
        selection.page = page;
        return uow->reports().dormant(selection);
      },
      sink);
  report.page.total = rows;
  return report;
}

EventSummary ReportService::eventSummary(const Actor& actor, Id eventId) {
  authorize(actor, Action::read_reports);
  auto uow = store_.begin(Access::read);
  auto event = uow->events().find(eventId);
  if (!event || (actor.limitedToDistricts() && !EventService::visibleTo(actor, *event))) throwNotFound("Event");
  const auto counts = uow->reports().seatCounts(eventId);
  uow.reset();

  EventSummary summary;
  summary.small_numbers_suppressed = actor.role == Role::manager;
  const bool completed = event->status == EventStatus::completed;
  struct Raw {
    int registered = 0, waitlisted = 0, attended = 0, no_show = 0;
  };
  std::map<std::string, Raw> byKind;
  Raw all;
  for (const auto& count : counts) {
    for (Raw* raw : {&byKind[count.organisation_kind], &all}) {
      switch (count.status) {
        case RegistrationStatus::confirmed: raw->registered += count.count; break;
        case RegistrationStatus::attended:
          raw->registered += count.count;
          raw->attended += count.count;
          break;
        case RegistrationStatus::no_show:
          raw->registered += count.count;
          raw->no_show += count.count;
          break;
        case RegistrationStatus::waitlisted: raw->waitlisted += count.count; break;
        case RegistrationStatus::cancelled: break;
      }
    }
  }
  const bool suppress = summary.small_numbers_suppressed;
  const auto figures = [&](const Raw& raw) {
    EventSummaryFigures f;
    f.registered.value = raw.registered;
    f.waitlisted.value = raw.waitlisted;
    f.attended.value = raw.attended;
    f.no_show.value = raw.no_show;
    if (completed) f.attendance_rate = ratio(raw.attended, raw.attended + raw.no_show);
    if (suppress) {
      for (auto* count : {&f.registered, &f.waitlisted, &f.attended, &f.no_show}) suppressSmall(*count);
      if (!f.attended.exact() || !f.no_show.exact()) f.attendance_rate.reset();
    }
    return f;
  };
  // Kinds in the catalogue's order; only those with registrations.
  for (const auto& kind : catalog_.data().organisation_kinds) {
    const auto found = byKind.find(kind.code);
    if (found == byKind.end() || (found->second.registered == 0 && found->second.waitlisted == 0)) continue;
    summary.by_organisation_kind.push_back({kind.code, figures(found->second)});
  }
  summary.total = figures(all);
  if (suppress) {
    for (auto member : {&EventSummaryFigures::registered, &EventSummaryFigures::waitlisted,
                        &EventSummaryFigures::attended, &EventSummaryFigures::no_show}) {
      std::vector<PeopleCount*> cells;
      for (auto& row : summary.by_organisation_kind) cells.push_back(&(row.figures.*member));
      auto* withheld = protectColumn(cells, summary.total.*member);
      if (!withheld || member == &EventSummaryFigures::registered || member == &EventSummaryFigures::waitlisted)
        continue;
      if (withheld == &(summary.total.*member)) summary.total.attendance_rate.reset();
      for (auto& row : summary.by_organisation_kind)
        if (withheld == &(row.figures.*member)) row.figures.attendance_rate.reset();
    }
  }
  summary.event = std::move(*event);
  return summary;
}

SeriesContinuity ReportService::seriesContinuity(const Actor& actor, Id seriesId) {
  authorize(actor, Action::read_reports);
  auto uow = store_.begin(Access::read);
  auto series = uow->series().find(seriesId);
  if (!series) throwNotFound("Series");
  SeriesContinuity continuity;
  double shares = 0;
  int counted = 0;
  for (const auto& row : SeriesService::attendanceOf(*uow, *series, clock_.now())) {
    ContinuityMember member;
    member.organisation_id = row.organisation_id;
    if (const auto organisation = uow->organisations().find(row.organisation_id)) member.name = organisation->name;
    member.occurrences_attended = row.occurrences_attended;
    member.share = ratio(row.occurrences_attended, row.occurrences_held);
    continuity.occurrences_held = row.occurrences_held;
    if (member.share) {
      shares += *member.share;
      ++counted;
    }
    continuity.members.push_back(std::move(member));
  }
  if (counted > 0) continuity.average_share = shares / counted;
  continuity.series = std::move(*series);
  return continuity;
}

}  // namespace brobygger::domain

// --- Trainings for partner authorities (issue 16) --------------------------------------------------------

namespace brobygger::domain {

namespace {

// Distinct people, organisations and trainings of one group.
struct TrainingTally {
  std::set<Id> people, organisations, trainings;
  void add(const TrainingAttendance& a) {
    people.insert(a.contact_id);
    organisations.insert(a.organisation_id);
    trainings.insert(a.event_id);
  }
  TrainingFigures figures() const {
    TrainingFigures f;
    f.people.value = static_cast<int>(people.size());
    f.organisations = static_cast<int>(organisations.size());
    f.trainings = static_cast<int>(trainings.size());
    return f;
  }
};

// Secondary suppression over a cross table with its margins: no row (its cells and its total) and no
// column (likewise, the column of row totals and the grand total included) may hold exactly one hidden
// count, or it could be worked out from the others. Such a line gets its smallest other non-zero cell
// withheld as well (its total when it has none), until every line holds none or two or more.
void protectCrossTable(TrainingCrossTable& table) {
  const auto rows = table.rows.size(), columns = table.districts.size();
  // The grid with its margins: row r < rows is a kind, row `rows` the district totals; column `columns`
  // the row totals.
  const auto cell = [&](std::size_t r, std::size_t c) -> PeopleCount& {
    if (r == rows) return c == columns ? table.total : table.district_totals[c];
    return c == columns ? table.rows[r].total : table.rows[r].cells[c];
  };
  const auto protectLine = [&](const std::vector<PeopleCount*>& line) {
    if (std::count_if(line.begin(), line.end(), [](const PeopleCount* p) { return !p->exact(); }) != 1) return false;
    PeopleCount* smallest = nullptr;
    for (std::size_t i = 0; i + 1 < line.size(); ++i)
      if (line[i]->exact() && line[i]->value > 0 && (!smallest || line[i]->value < smallest->value)) smallest = line[i];
    if (!smallest && line.back()->exact()) smallest = line.back();
    if (!smallest) return false;
    smallest->disclosure = Disclosure::withheld;
    return true;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t r = 0; r <= rows; ++r) {
      std::vector<PeopleCount*> line;
      for (std::size_t c = 0; c <= columns; ++c) line.push_back(&cell(r, c));
      changed = protectLine(line) || changed;
    }
    for (std::size_t c = 0; c <= columns; ++c) {
      std::vector<PeopleCount*> line;
      for (std::size_t r = 0; r <= rows; ++r) line.push_back(&cell(r, c));
      changed = protectLine(line) || changed;
    }
  }
}

}  // namespace

const char* toString(TrainingGrouping grouping) noexcept {
  switch (grouping) {
    case TrainingGrouping::organisation_kind: return "organisation_kind";
    case TrainingGrouping::police_district: return "police_district";
    case TrainingGrouping::organisation: return "organisation";
  }
  return "organisation_kind";
}

std::optional<TrainingGrouping> trainingGroupingFrom(std::string_view code) noexcept {
  for (auto g :
       {TrainingGrouping::organisation_kind, TrainingGrouping::police_district, TrainingGrouping::organisation})
    if (code == toString(g)) return g;
  return std::nullopt;
}

TrainingReport ReportService::trainings(const Actor& actor, const TrainingQuery& query) {
  authorize(actor, Action::read_reports);
  if (query.to < query.from) throwInvalid("to", "The period ends before it starts");
  if (query.from.daysUntil(query.to) + 1 > limits_.max_period_days)
    throwInvalid("from", "A period is at most " + std::to_string(limits_.max_period_days) + " days");
  TrainingReport report;
  report.query = query;
  report.small_numbers_suppressed = actor.role == Role::manager;
  const auto utc = [&](const LocalDate& d) { return zone_.toUtc({d.year, d.month, d.day, 0, 0}); };

  auto uow = store_.begin(Access::read);
  const auto index = profiles(*uow);
  const auto attendance = uow->reports().trainingAttendance(utc(query.from), utc(query.to.plusDays(1)));
  uow.reset();

  // Each attendance with its organisation's current profile; an officer limited to police districts
  // counts only organisations there.
  const auto& data = catalog_.data();
  std::vector<std::pair<const TrainingAttendance*, const OrganisationProfile*>> counted;
  for (const auto& a : attendance) {
    const auto slot = index->slotOf(a.organisation_id);
    if (slot < 0) continue;
    const auto& profile = index->profiles[static_cast<std::size_t>(slot)];
    if (!actor.coversDistrict(profile.police_district_id)) continue;
    counted.emplace_back(&a, &profile);
  }

  // The kinds shown: the public authorities always, any other kind once someone of it was trained.
  std::map<std::string, TrainingTally> byKind;
  std::map<int, TrainingTally> byDistrict;
  std::map<Id, TrainingTally> byOrganisation;
  std::map<std::pair<std::string, int>, TrainingTally> byCell;
  std::map<Id, std::string> organisationNames;
  TrainingTally total;
  for (const auto& [a, profile] : counted) {
    byKind[profile->kind].add(*a);
    byDistrict[profile->police_district_id].add(*a);
    byOrganisation[a->organisation_id].add(*a);
    byCell[{profile->kind, profile->police_district_id}].add(*a);
    organisationNames[a->organisation_id] = a->organisation_name;
    total.add(*a);
  }
  std::vector<const OrganisationKind*> kinds;
  for (const auto& kind : data.organisation_kinds)
    if (kind.group == "public_authority" || byKind.count(kind.code)) kinds.push_back(&kind);
  for (const auto& d : data.police_districts)
    if (actor.coversDistrict(d.id)) report.cross.districts.push_back({d.id, d.name_da, d.name_en});

  const auto figuresOf = [](const auto& map, const auto& key) {
    const auto found = map.find(key);
    return found == map.end() ? TrainingFigures{} : found->second.figures();
  };
  switch (query.group_by) {
    case TrainingGrouping::organisation_kind:
      for (const auto* kind : kinds)
        report.rows.push_back({kind->code, kind->name_da, kind->name_en, figuresOf(byKind, kind->code)});
      break;
    case TrainingGrouping::police_district:
      for (const auto& d : report.cross.districts)
        report.rows.push_back({std::to_string(d.id), d.label_da, d.label_en, figuresOf(byDistrict, d.id)});
      break;
    case TrainingGrouping::organisation:
      for (const auto& [id, tally] : byOrganisation)
        report.rows.push_back({std::to_string(id), organisationNames[id], organisationNames[id], tally.figures()});
      std::stable_sort(report.rows.begin(), report.rows.end(),
                       [](const TrainingRow& a, const TrainingRow& b) { return a.label_da < b.label_da; });
      break;
  }
  report.total = {"total", "I alt", "Total", total.figures()};

  auto& cross = report.cross;
  for (const auto* kind : kinds) {
    TrainingCrossRow row{kind->code, kind->name_da, kind->name_en, {}, {}};
    for (const auto& d : cross.districts)
      row.cells.push_back(figuresOf(byCell, std::make_pair(kind->code, d.id)).people);
    row.total = figuresOf(byKind, kind->code).people;
    cross.rows.push_back(std::move(row));
  }
  for (const auto& d : cross.districts) cross.district_totals.push_back(figuresOf(byDistrict, d.id).people);
  cross.total = report.total.figures.people;

  if (report.small_numbers_suppressed) {
    for (auto& row : report.rows) suppressSmall(row.figures.people);
    suppressSmall(report.total.figures.people);
    std::vector<PeopleCount*> cells;
    for (auto& row : report.rows) cells.push_back(&row.figures.people);
    protectColumn(cells, report.total.figures.people);
    for (auto& row : cross.rows) {
      for (auto& cell : row.cells) suppressSmall(cell);
      suppressSmall(row.total);
    }
    for (auto& t : cross.district_totals) suppressSmall(t);
    suppressSmall(cross.total);
    protectCrossTable(cross);
    // The grouped rows' total and the cross table's are the same figure: shown the same way.
    if (!cross.total.exact()) report.total.figures.people = cross.total;
    else if (!report.total.figures.people.exact()) cross.total = report.total.figures.people;
  }
  return report;
}

}  // namespace brobygger::domain
