#include "domain/outreach_view_service.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

#include "domain/audit.hpp"
#include "domain/error.hpp"

namespace brobygger::domain {

namespace {

constexpr std::array<TimelineType, 4> kTimelineTypes{TimelineType::activity, TimelineType::registration,
                                                     TimelineType::follow_up, TimelineType::change};

// What a change in the audit trail did, in the timeline's words.
std::string changeWhat(const AuditEntry& entry) {
  switch (entry.action) {
    case AuditAction::create: return "created";
    case AuditAction::delete_: return "deleted";
    case AuditAction::erase: return "erased";
    default: break;
  }
  bool responsible = false;
  for (const auto& field : entry.fields) {
    if (field.field == "status" && field.new_value) {
      if (*field.new_value == "archived") return "archived";
      if (*field.new_value == "merged") return "merged";
      if (*field.new_value == "active") return "restored";
    }
    if (field.field == "merged_into_id" && field.new_value) return "merged";
    if (field.field == "responsible_user_id") responsible = true;
  }
  return responsible ? "responsible_changed" : "updated";
}

std::string changeSummary(const TimelineItem& item) {
  if (item.what == "created") return "Created";
  if (item.what == "archived") return "Archived";
  if (item.what == "restored") return "Restored";
  if (item.what == "merged") return "Merged";
  if (item.what == "erased") return "Erased";
  if (item.what == "deleted") return "Deleted";
  if (item.what == "responsible_changed") return "Responsible officer changed";
  std::string out = "Updated";
  for (std::size_t i = 0; i < item.fields.size(); ++i) out += (i == 0 ? ": " : ", ") + item.fields[i];
  return out;
}

TimelineItem fromActivity(const Activity& a) {
  TimelineItem item;
  item.type = TimelineType::activity;
  item.at = a.occurred_at;
  item.id = a.id;
  item.kind = a.kind;
  item.subject = a.subject;
  item.user_id = a.user_id;
  item.contact_ids = a.contact_ids;
  item.event_id = a.event_id;
  return item;
}

TimelineItem fromChange(const AuditEntry& entry) {
  TimelineItem item;
  item.type = TimelineType::change;
  item.at = entry.at;
  item.id = entry.id;
  item.what = changeWhat(entry);
  for (const auto& field : entry.fields) item.fields.push_back(field.field);
  item.changed_by = entry.user_id;
  return item;
}

}  // namespace

const char* toString(TimelineType type) noexcept {
  switch (type) {
    case TimelineType::activity: return "activity";
    case TimelineType::registration: return "registration";
    case TimelineType::follow_up: return "follow_up";
    case TimelineType::change: return "change";
  }
  return "activity";
}

std::optional<TimelineType> timelineTypeFrom(std::string_view code) noexcept {
  for (const auto type : kTimelineTypes)
    if (code == toString(type)) return type;
  return std::nullopt;
}

std::string timelineSummary(const TimelineItem& item) {
  switch (item.type) {
    case TimelineType::activity: return item.subject;
    case TimelineType::registration:
      return item.contact_name + ": " + item.event_title + " (" + toString(item.registration_status) + ")";
    case TimelineType::follow_up: return item.title;
    case TimelineType::change: return changeSummary(item);
  }
  return {};
}

LocalDate OutreachViewService::today() const { return zone_.toLocal(clock_.now()).date(); }

Timeline OutreachViewService::organisationTimeline(const Actor& actor, Id organisationId, const TimelineQuery& query) {
  const auto action = Action::read_organisation_timeline;
  authorizeUnlessConcealed(actor, action);
  // A partner learns nothing about other organisations, not even whether they exist.
  if (actor.isPartner() && !reaches(actor, action, {organisationId, std::nullopt})) throwNotFound("Organisation");
  auto uow = store_.begin(Access::read);
  const auto organisation = uow->organisations().find(organisationId);
  if (!organisation) throwNotFound("Organisation");
  authorizeOn(actor, action, {organisationId, organisation->police_district_id}, "Organisation");
  return timeline(*uow, actor, TimelineSubject::organisation, organisationId, query);
}

Timeline OutreachViewService::contactTimeline(const Actor& actor, Id contactId, const TimelineQuery& query) {
  const auto action = Action::read_contact_timeline;
  authorize(actor, action);
  auto uow = store_.begin(Access::read);
  const auto contact = uow->contacts().find(contactId);
  if (!contact) throwNotFound("Contact");
  Reach reach{contact->organisation_id, std::nullopt};
  if (actor.limitedToDistricts()) {
    if (const auto organisation = uow->organisations().find(contact->organisation_id))
      reach.police_district_id = organisation->police_district_id;
  }
  authorizeOn(actor, action, reach, "Contact");
  return timeline(*uow, actor, TimelineSubject::contact, contactId, query);
}

Timeline OutreachViewService::timeline(UnitOfWork& uow, const Actor& actor, TimelineSubject subject, Id id,
                                       const TimelineQuery& query) {
  if (query.page.offset > limits_.max_timeline_offset)
    throwInvalid("offset", "must be at most " + std::to_string(limits_.max_timeline_offset));
  std::array<bool, 4> wanted{};
  for (const auto type : query.types) wanted[static_cast<std::size_t>(type)] = true;
  if (query.types.empty()) wanted.fill(true);
  // Partners see their people's participation, never the dialogue log, follow-ups or the trail.
  if (actor.isPartner()) {
    wanted[static_cast<std::size_t>(TimelineType::activity)] = false;
    wanted[static_cast<std::size_t>(TimelineType::follow_up)] = false;
    wanted[static_cast<std::size_t>(TimelineType::change)] = false;
  }
  const auto wants = [&](TimelineType type) { return wanted[static_cast<std::size_t>(type)]; };

  // Each source's newest offset+limit items hold the page: merge them, newest first.
  const int newest = static_cast<int>(query.page.offset) + query.page.limit;
  std::vector<TimelineItem> items;
  std::int64_t total = 0;
  if (wants(TimelineType::activity)) {
    ActivityQuery activities;
    (subject == TimelineSubject::organisation ? activities.organisation_id : activities.contact_id) = id;
    activities.within_districts = actor.police_district_ids;
    activities.page = {newest, 0};
    auto found = uow.activities().list(activities);
    total += found.total;
    for (const auto& a : found.items) items.push_back(fromActivity(a));
  }
  for (const auto type : {TimelineType::registration, TimelineType::follow_up}) {
    if (!wants(type)) continue;
    auto source = type == TimelineType::registration ? uow.outreachViews().registrations(subject, id, newest)
                                                     : uow.outreachViews().followUps(subject, id, newest);
    total += source.total;
    for (auto& item : source.items) items.push_back(std::move(item));
  }
  if (wants(TimelineType::change)) {
    AuditQuery changes;
    changes.resource = subject == TimelineSubject::organisation ? "organisation" : "contact";
    changes.resource_id = id;
    changes.changes_only = true;
    changes.page = {newest, 0};
    auto found = uow.audit().search(changes);
    total += found.total;
    for (const auto& entry : found.items) items.push_back(fromChange(entry));
  }
  std::sort(items.begin(), items.end(), [](const TimelineItem& a, const TimelineItem& b) {
    if (a.at != b.at) return a.at > b.at;
    if (a.type != b.type) return a.type < b.type;
    return a.id > b.id;
  });

  Timeline out;
  out.today = today();
  out.page.total = total;
  out.page.limit = query.page.limit;
  out.page.offset = query.page.offset;
  const auto first = std::min(items.size(), static_cast<std::size_t>(query.page.offset));
  const auto last = std::min(items.size(), first + static_cast<std::size_t>(query.page.limit));
  out.page.items.assign(std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(first)),
                        std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(last)));

  // Activities are personal data (their notes and the people named): reading them here is audited as
  // reading the activity list is.
  std::set<Id> people;
  bool activities = false;
  for (const auto& item : out.page.items) {
    if (item.type != TimelineType::activity) continue;
    activities = true;
    people.insert(item.contact_ids.begin(), item.contact_ids.end());
  }
  if (activities)
    uow.audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::read, "activity", std::nullopt, {people.begin(), people.end()}));
  return out;
}

MyWork OutreachViewService::myWork(const Actor& actor, const MyWorkQuery& query) {
  authorize(actor, Action::read_my_work);
  Violations violations;
  if (query.months < 1 || query.months > limits_.max_work_months)
    violations.add("months", "must be between 1 and " + std::to_string(limits_.max_work_months));
  if (query.limit < 1 || query.limit > limits_.max_work_items)
    violations.add("limit", "must be between 1 and " + std::to_string(limits_.max_work_items));
  violations.throwIfAny();

  MyWork work;
  work.today = today();
  work.months = query.months;
  work.not_reached_since = work.today.minusMonths(query.months);
  // Monday of this week on the Copenhagen calendar.
  const std::chrono::year_month_day ymd{std::chrono::year{work.today.year}, std::chrono::month{work.today.month},
                                        std::chrono::day{work.today.day}};
  const std::chrono::weekday weekday{std::chrono::sys_days{ymd}};
  work.week_starts_on = work.today.plusDays(-static_cast<int>(weekday.iso_encoding() - 1));
  const auto midnight = [&](const LocalDate& d) { return zone_.toUtc({d.year, d.month, d.day, 0, 0}); };
  const auto weekStart = midnight(work.week_starts_on);
  const auto weekEnd = midnight(work.week_starts_on.plusDays(7));
  work.national = !actor.limitedToDistricts();

  auto uow = store_.begin(Access::read);
  auto& views = uow->outreachViews();
  work.overdue = views.assignedFollowUps(actor.user_id, work.today, true, query.limit);
  work.open = views.assignedFollowUps(actor.user_id, work.today, false, query.limit);
  work.dormant = views.notReached(actor.user_id, midnight(work.not_reached_since), query.limit);
  work.activities = views.activitiesBetween(weekStart, weekEnd, actor.police_district_ids, query.limit);
  work.events = views.eventsStarting(weekStart, weekEnd, actor.police_district_ids, query.limit);
  if (!work.activities.items.empty())
    uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "activity", std::nullopt, {}));
  return work;
}

}  // namespace brobygger::domain
