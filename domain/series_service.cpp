#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/audit.hpp"
#include "domain/event_services.hpp"
#include "domain/outbox_service.hpp"
#include "domain/policy.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

// A series' state as the trail records it after a write.
std::vector<FieldChange> seriesFields(const Series& series) {
  std::string roster;
  for (const auto id : series.roster_organisation_ids) roster += (roster.empty() ? "" : ",") + std::to_string(id);
  return {{"title", false, std::nullopt, series.details.title},
          {"rrule", false, std::nullopt, series.rrule},
          {"roster_organisation_ids", false, std::nullopt, roster},
          {"status", false, std::nullopt, std::string(toString(series.status))}};
}

// How many occurrences of a rule are looked at, from its first one (the adapter has its own bound, too).
constexpr std::size_t kExpansionLimit = 100'000;

// Occurrences are matched by their local date: a series' time of day may change, its dates do not.
std::tuple<int, unsigned, unsigned> dateOf(const LocalDateTime& t) { return {t.year, t.month, t.day}; }

// Whole calendar days on the wall clock, at the same time of day (no zone: DST does not move dates).
LocalDateTime addDays(const LocalDateTime& t, int days) {
  const LocalDate date = t.date().plusDays(days);
  return {date.year, date.month, date.day, t.hour, t.minute};
}

std::vector<Id> sortedRoster(std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// Event validation reports the invitations; for a series they are its roster.
[[noreturn]] void rethrowForSeries(const DomainError& e) {
  std::vector<FieldError> fields = e.fields();
  for (auto& f : fields)
    if (f.field == "invited_organisation_ids") f.field = "roster_organisation_ids";
  throw DomainError(e.code(), e.what(), fields, e.existingId());
}

}  // namespace

Event SeriesService::occurrenceTemplate(const Series& series) const {
  Event event;
  event.details = series.details;
  event.starts_at = zone_.toUtc(series.first_start);
  event.ends_at = event.starts_at + std::chrono::minutes(series.duration_minutes);
  event.audience = Audience::invited;
  event.invited_organisation_ids = series.roster_organisation_ids;
  return event;
}

void SeriesService::checkDefaults(UnitOfWork& uow, Series& series, const Series* before) {
  auto probe = occurrenceTemplate(series);
  const std::optional<Event> was = before ? std::optional<Event>(occurrenceTemplate(*before)) : std::nullopt;
  try {
    events_.validate(uow, probe, was ? &*was : nullptr);
  } catch (const DomainError& e) {
    rethrowForSeries(e);
  }
  series.details = probe.details;  // trimmed, with the police district derived from the venue
}

Page<Series> SeriesService::list(const Actor& actor, const PageRequest& page) {
  authorize(actor, Action::list_series);
  auto uow = store_.begin(Access::read);
  return uow->series().list(page);
}

std::int64_t SeriesService::exportList(const Actor& actor, const RowBatches<Series>& sink) {
  authorize(actor, Action::list_series);
  auto uow = store_.begin(Access::read);
  return readAllPages<Series>([&](const PageRequest& page) { return uow->series().list(page); }, sink);
}

Series SeriesService::get(const Actor& actor, Id id) {
  authorize(actor, Action::read_series);
  auto uow = store_.begin(Access::read);
  auto series = uow->series().find(id);
  if (!series) throwNotFound("Series");
  return *series;
}

int SeriesService::materialise(UnitOfWork& uow, Series& series, Timestamp now) {
  if (series.status != SeriesStatus::active) return 0;
  const auto horizon = zone_.toLocal(now + rules_.series_horizon);
  if (horizon <= series.materialised_until) return 0;
  std::set<std::tuple<int, unsigned, unsigned>> existing;
  // New occurrences follow the latest one still planned: announced (published) for a published series,
  // drafts for one kept unpublished. Held (completed) and cancelled occurrences say nothing about that.
  std::optional<EventStatus> status;
  for (const auto& event : uow.events().ofSeries(series.id)) {
    existing.insert(dateOf(zone_.toLocal(event.occurrence_start.value_or(event.starts_at))));
    if (event.status == EventStatus::draft || event.status == EventStatus::published) status = event.status;
  }
  // The rule is expanded from its first occurrence (COUNT, INTERVAL and BYSETPOS count from there), so a
  // long-running series has many occurrences behind its horizon: the cap applies to the new ones only.
  const auto occurrences = recurrence_.expand(series.rrule, series.first_start, horizon, kExpansionLimit);
  int created = 0;
  for (const auto& local : occurrences) {
    if (local <= series.materialised_until) continue;
    if (existing.contains(dateOf(local))) continue;
    if (static_cast<std::size_t>(created) >= rules_.max_occurrences_per_series) return created;  // more next run
    Event event;
    event.details = series.details;
    event.starts_at = zone_.toUtc(local);
    event.ends_at = event.starts_at + std::chrono::minutes(series.duration_minutes);
    event.audience = Audience::invited;
    event.invited_organisation_ids = series.roster_organisation_ids;
    event.status = status.value_or(EventStatus::published);
    event.series_id = series.id;
    event.occurrence_start = event.starts_at;
    event.created_at = event.updated_at = now;
    // The series' defaults were checked when they were set. The organiser is not checked again: an
    // organiser who has since left does not stop the meetings (an officer may name a new one).
    const Event asSeriesHasIt = event;
    events_.validate(uow, event, &asSeriesHasIt);
    uow.events().insert(event);
    existing.insert(dateOf(local));
    series.materialised_until = local;
    ++created;
  }
  series.materialised_until = horizon;
  return created;
}

Series SeriesService::create(const Actor& actor, NewSeries input) {
  authorize(actor, Action::create_series);
  Violations violations;
  input.rrule = trim(input.rrule);
  if (auto problem = recurrence_.problem(input.rrule)) violations.add("rrule", *problem);
  if (input.ends_at <= input.starts_at) violations.add("ends_at", "must be after starts_at");
  else if (input.ends_at - input.starts_at > std::chrono::hours(24))
    violations.add("ends_at", "an occurrence lasts at most 24 hours");
  if (input.roster_organisation_ids.empty()) violations.add("roster_organisation_ids", "name at least one member");
  violations.throwIfAny();
  const auto now = clock_.now();
  Series planned;
  planned.details = std::move(input.details);
  if (!planned.details.organiser_user_id) planned.details.organiser_user_id = actor.user_id;
  planned.rrule = input.rrule;
  planned.first_start = zone_.toLocal(input.starts_at);
  planned.duration_minutes = static_cast<int>((input.ends_at - input.starts_at).count() / 60);
  planned.roster_organisation_ids = sortedRoster(input.roster_organisation_ids);
  planned.materialised_until = addDays(planned.first_start, -1);
  planned.created_at = planned.updated_at = now;

  return write(store_, [&](UnitOfWork& uow) {
    auto series = planned;  // a fresh copy should the work run again
    // The first occurrence, validated like any event (kind, title, venue, roster ...).
    Event first;
    first.details = series.details;
    first.starts_at = input.starts_at;
    first.ends_at = input.ends_at;
    first.audience = Audience::invited;
    first.invited_organisation_ids = series.roster_organisation_ids;
    try {
      events_.validate(uow, first, nullptr);
    } catch (const DomainError& e) {
      rethrowForSeries(e);
    }
    series.details = first.details;
    const auto firstDates = recurrence_.expand(series.rrule, series.first_start, series.first_start, 1);
    if (firstDates.empty() || firstDates.front() != series.first_start)
      throwInvalid("starts_at", "must itself be an occurrence of the rule");
    series.id = uow.series().insert(series);
    // Unpublished series keep their occurrences as drafts: materialise sees the first one's status.
    if (!input.publish) {
      first.series_id = series.id;
      first.occurrence_start = first.starts_at;
      first.created_at = first.updated_at = now;
      uow.events().insert(first);
    }
    materialise(uow, series, now);
    uow.series().update(series, series.version);
    ++series.version;
    // The roster's partner users are told once, about the first meeting, not once per occurrence.
    for (const auto& occurrence : uow.events().ofSeries(series.id)) {
      if (occurrence.status != EventStatus::published) continue;
      queueInvitedNotices(uow, occurrence, occurrence.invited_organisation_ids, now);
      break;
    }
    uow.audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::create, "series", series.id, {}, seriesFields(series)));
    uow.commit();
    return series;
  });
}

Series SeriesService::update(const Actor& actor, Id id, const SeriesChanges& c, std::optional<int> expectedVersion) {
  authorize(actor, Action::update_series);
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    auto found = uow.series().find(id);
    if (!found) throwNotFound("Series");
    auto series = *found;
    if (expectedVersion && *expectedVersion != series.version)
      throw DomainError(ErrorCode::precondition_failed, "The series was changed by someone else; reload it");
    if (series.status != SeriesStatus::active)
      throw DomainError(ErrorCode::conflict, "An ended series cannot be changed");
    auto occurrences = uow.events().ofSeries(id);
    Timestamp from = now;
    if (c.from_event_id) {
      const auto it = std::find_if(occurrences.begin(), occurrences.end(),
                                   [&](const Event& e) { return e.id == *c.from_event_id; });
      if (it == occurrences.end()) throwInvalid("from_event_id", "is not an occurrence of this series");
      from = it->occurrence_start.value_or(it->starts_at);
    }
    Violations violations;
    if (c.start_hour && *c.start_hour > 23) violations.add("start_hour", "must be 0..23");
    if (c.start_minute && *c.start_minute > 59) violations.add("start_minute", "must be 0..59");
    if (c.duration_minutes && (*c.duration_minutes < 5 || *c.duration_minutes > 24 * 60))
      violations.add("duration_minutes", "must be between 5 and 1440");
    violations.throwIfAny();

    auto& d = series.details;
    if (c.title) d.title = *c.title;
    if (c.description) d.description = *c.description;
    if (c.venue) d.venue = *c.venue;
    if (c.online_url) d.online_url = *c.online_url;
    if (c.capacity) d.capacity = *c.capacity;
    if (c.per_organisation_quota) d.per_organisation_quota = *c.per_organisation_quota;
    if (c.organiser_user_id) d.organiser_user_id = *c.organiser_user_id;
    if (c.reminder_hours) d.reminder_hours = *c.reminder_hours;
    if (c.venue) d.police_district_id.reset();
    if (c.roster_organisation_ids) series.roster_organisation_ids = sortedRoster(*c.roster_organisation_ids);
    if (c.start_hour) series.first_start.hour = *c.start_hour;
    if (c.start_minute) series.first_start.minute = *c.start_minute;
    if (c.duration_minutes) series.duration_minutes = *c.duration_minutes;
    // The series' defaults are checked like an event's whether or not an occurrence is left to take them:
    // the occurrences made later inherit them.
    if (series.roster_organisation_ids.empty()) throwInvalid("roster_organisation_ids", "name at least one member");
    checkDefaults(uow, series, &*found);

    for (auto& event : occurrences) {
      const auto start = event.occurrence_start.value_or(event.starts_at);
      if (start < from || event.series_override) continue;
      if (event.status != EventStatus::draft && event.status != EventStatus::published) continue;
      const Event before = event;
      auto& e = event.details;
      if (c.title) e.title = d.title;
      if (c.description) e.description = d.description;
      if (c.venue) {
        e.venue = d.venue;
        e.police_district_id.reset();
      }
      if (c.online_url) e.online_url = d.online_url;
      if (c.capacity) e.capacity = d.capacity;
      if (c.per_organisation_quota) e.per_organisation_quota = d.per_organisation_quota;
      if (c.organiser_user_id) e.organiser_user_id = d.organiser_user_id;
      if (c.reminder_hours) e.reminder_hours = d.reminder_hours;
      if (c.roster_organisation_ids) event.invited_organisation_ids = series.roster_organisation_ids;
      if (c.start_hour || c.start_minute || c.duration_minutes) {
        auto local = zone_.toLocal(start);
        local.hour = series.first_start.hour;
        local.minute = series.first_start.minute;
        event.starts_at = zone_.toUtc(local);
        event.ends_at = event.starts_at + std::chrono::minutes(series.duration_minutes);
      }
      try {
        events_.validate(uow, event, &before);
      } catch (const DomainError& err) {
        rethrowForSeries(err);
      }
      if (event.status == EventStatus::published &&
          (before.starts_at != event.starts_at || before.ends_at != event.ends_at ||
           before.details.title != event.details.title || before.details.venue != event.details.venue ||
           before.details.online_url != event.details.online_url)) {
        ++event.revision;
        RegistrationService::queueForSeatHolders(uow, event.id, "updated", now);
      }
      event.updated_at = now;
      if (!uow.events().update(event, before.version))
        throw DomainError(ErrorCode::precondition_failed, "An occurrence was changed meanwhile; try again");
      ++event.version;
      if (event.status == EventStatus::published) RegistrationService::promoteWaiting(uow, event, now);
    }
    // Organisations added to the roster are told once, about the next meeting they are invited to.
    if (c.roster_organisation_ids) {
      std::vector<Id> added;
      for (const auto organisationId : series.roster_organisation_ids)
        if (std::find(found->roster_organisation_ids.begin(), found->roster_organisation_ids.end(), organisationId) ==
            found->roster_organisation_ids.end())
          added.push_back(organisationId);
      for (const auto& event : occurrences) {
        if (added.empty()) break;
        if (event.status != EventStatus::published || event.starts_at < now) continue;
        std::vector<Id> invitedHere;
        for (const auto organisationId : added)
          if (std::find(event.invited_organisation_ids.begin(), event.invited_organisation_ids.end(), organisationId) !=
              event.invited_organisation_ids.end())
            invitedHere.push_back(organisationId);
        queueInvitedNotices(uow, event, invitedHere, now);
        std::erase_if(added, [&](Id organisationId) {
          return std::find(invitedHere.begin(), invitedHere.end(), organisationId) != invitedHere.end();
        });
      }
    }
    series.updated_at = now;
    if (!uow.series().update(series, series.version))
      throw DomainError(ErrorCode::precondition_failed, "The series was changed by someone else; reload it");
    ++series.version;
    uow.audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::update, "series", series.id, {}, seriesFields(series)));
    uow.commit();
    return series;
  });
}

Series SeriesService::cancelRest(const Actor& actor, Id id, std::optional<Id> fromEventId, const std::string& reason) {
  authorize(actor, Action::cancel_series);
  Violations violations;
  const auto trimmed = trim(reason);
  checkText(violations, "reason", trimmed, 1, 500, true);
  violations.throwIfAny();
  const auto now = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    auto found = uow.series().find(id);
    if (!found) throwNotFound("Series");
    auto series = *found;
    if (series.status != SeriesStatus::active) throw DomainError(ErrorCode::conflict, "The series has already ended");
    auto occurrences = uow.events().ofSeries(id);
    Timestamp from = now;
    if (fromEventId) {
      const auto it =
          std::find_if(occurrences.begin(), occurrences.end(), [&](const Event& e) { return e.id == *fromEventId; });
      if (it == occurrences.end()) throwInvalid("from_event_id", "is not an occurrence of this series");
      from = it->occurrence_start.value_or(it->starts_at);
    }
    for (auto& event : occurrences) {
      if (event.occurrence_start.value_or(event.starts_at) < from) continue;
      if (event.status != EventStatus::draft && event.status != EventStatus::published) continue;
      EventService::cancelInside(uow, event, trimmed, now, actor.user_id);
    }
    series.status = SeriesStatus::ended;
    series.updated_at = now;
    uow.series().update(series, series.version);
    ++series.version;
    uow.audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::update, "series", series.id, {}, seriesFields(series)));
    uow.commit();
    return series;
  });
}

std::vector<SeriesAttendance> SeriesService::attendance(const Actor& actor, Id id) {
  authorize(actor, Action::read_series_attendance);
  auto uow = store_.begin(Access::read);
  const auto series = uow->series().find(id);
  if (!series) throwNotFound("Series");
  return attendanceOf(*uow, *series, clock_.now());
}

std::vector<SeriesAttendance> SeriesService::attendanceOf(UnitOfWork& uow, const Series& series, Timestamp now) {
  std::set<Id> held;
  for (const auto& event : uow.events().ofSeries(series.id)) {
    if (event.status == EventStatus::completed || (event.status == EventStatus::published && event.ends_at <= now))
      held.insert(event.id);
  }
  std::map<Id, std::set<Id>> attended;
  for (const auto& [organisation, event] : uow.registrations().attendedInSeries(series.id))
    if (held.contains(event)) attended[organisation].insert(event);
  std::vector<SeriesAttendance> rows;
  for (const auto organisation : series.roster_organisation_ids) {
    rows.push_back({organisation, static_cast<int>(held.size()), static_cast<int>(attended[organisation].size())});
  }
  return rows;
}

int SeriesService::extendHorizons() {
  std::vector<Id> ids;
  {
    auto uow = store_.begin(Access::read);
    for (const auto& series : uow->series().active()) ids.push_back(series.id);
  }
  int created = 0;
  std::optional<DomainError> firstProblem;
  for (const auto id : ids) {
    try {
      created += write(store_, [&](UnitOfWork& uow) {
        auto series = uow.series().find(id);
        if (!series) return 0;
        const int made = materialise(uow, *series, clock_.now());
        if (made == 0) return 0;
        // Another server process extended this series meanwhile (its version moved): leave the
        // occurrences to that one, rather than commit them a second time.
        if (!uow.series().update(*series, series->version)) return 0;
        uow.commit();
        return made;
      });
    } catch (const DomainError& e) {
      if (e.code() == ErrorCode::unavailable) throw;
      // One series that cannot be extended must not hold up the others; its problem is told at the end.
      if (!firstProblem)
        firstProblem =
            DomainError(e.code(), "Series " + std::to_string(id) + " cannot be extended: " + e.what(), e.fields());
    }
  }
  if (firstProblem) throw *firstProblem;
  return created;
}

}  // namespace brobygger::domain
