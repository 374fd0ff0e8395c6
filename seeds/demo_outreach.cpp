// The demo data set's dialogue log: a year of activities and follow-ups by four officers, in office
// hours on weekdays (dialogue meetings in the early evening, a few weekend events), across districts
// and kinds of organisation, some naming people, some following up the demo events. Deterministic:
// the same on every run apart from dates, which follow the clock as the events' do.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>

#include "seeds/random.hpp"
#include "seeds/seed_text.hpp"
#include "seeds/seeds.hpp"

namespace brobygger::seeds {

using namespace brobygger::domain;

namespace {

struct KindWeight {
  const char* code;
  int weight;
};
// Calls and emails are the bulk of the work; visits and meetings next; dialogue meetings are rarer.
constexpr KindWeight kKinds[] = {{"phone_call", 30}, {"email", 22},           {"visit", 18},
                                 {"meeting", 14},    {"dialogue_meeting", 8}, {"other", 8}};

std::string pickKind(Random& random) {
  int total = 0;
  for (const auto& k : kKinds) total += k.weight;
  auto n = static_cast<int>(random.below(static_cast<std::size_t>(total)));
  for (const auto& k : kKinds) {
    if (n < k.weight) return k.code;
    n -= k.weight;
  }
  return "other";
}

std::string fill(std::string text, const std::string& firstName, const std::string& organisation) {
  text = replaceAll(text, "{first_name}", firstName);
  return replaceAll(text, "{organisation}", organisation);
}

std::string firstNameOf(const std::string& name) { return name.substr(0, name.find(' ')); }

// A subject of at most 200 characters, cut at a character boundary.
std::string oneLine(std::string text) {
  if (text.size() <= 200) return text;
  std::size_t cut = 197;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

}  // namespace

void seedDemoOutreach(Store& store, const TimeZone& zone, const nlohmann::json& vocabulary,
                      const std::vector<DemoOfficer>& officers, Timestamp now, DemoSummary& summary) {
  Random random(20261206);
  const auto& subjects = vocabulary.at("activity_subjects");
  const auto notes = vocabulary.at("activity_notes").get<std::vector<std::string>>();
  const auto titles = vocabulary.at("follow_up_titles").get<std::vector<std::string>>();

  std::vector<Organisation> organisations;
  std::map<Id, std::vector<Contact>> people;
  std::vector<Event> pastEvents;
  {
    auto uow = store.begin(Access::read);
    OrganisationQuery active;
    active.page.limit = PageRequest::kMaxLimit;
    for (active.page.offset = 0;; active.page.offset += active.page.limit) {
      const auto page = uow->organisations().list(active);
      organisations.insert(organisations.end(), page.items.begin(), page.items.end());
      if (page.items.empty() || active.page.offset + active.page.limit >= page.total) break;
    }
    std::sort(organisations.begin(), organisations.end(),
              [](const Organisation& a, const Organisation& b) { return a.id < b.id; });
    ContactQuery all;
    all.sort = ContactSort::created_at;
    all.page.limit = PageRequest::kMaxLimit;
    for (all.page.offset = 0;; all.page.offset += all.page.limit) {
      const auto page = uow->contacts().list(all);
      for (const auto& c : page.items) people[c.organisation_id].push_back(c);
      if (page.items.empty() || all.page.offset + all.page.limit >= page.total) break;
    }
    EventQuery past;
    past.to = now;
    past.page.limit = PageRequest::kMaxLimit;
    for (const auto& e : uow->events().list(past).items)
      if (e.status == EventStatus::completed) pastEvents.push_back(e);
    std::sort(pastEvents.begin(), pastEvents.end(), [](const Event& a, const Event& b) { return a.id < b.id; });
  }
  if (organisations.empty() || officers.empty()) return;
  // A fifth of the organisations are in regular dialogue; the rest hear from the unit now and then,
  // and many not at all (the dormant worklist has something to show).
  std::vector<const Organisation*> regulars, occasional;
  for (const auto& o : organisations) {
    if (random.chance(20)) {
      regulars.push_back(&o);
    } else if (random.chance(45)) {
      occasional.push_back(&o);
    }
  }
  if (regulars.empty()) regulars.push_back(&organisations.front());
  if (occasional.empty()) occasional = regulars;

  // The district's own officer mostly; else the responsible officer; else a national colleague.
  auto officerFor = [&](const Organisation& o) {
    std::vector<Id> local, national;
    for (const auto& officer : officers) {
      const auto& d = officer.police_district_ids;
      if (d.empty()) {
        national.push_back(officer.id);
      } else if (std::find(d.begin(), d.end(), o.police_district_id) != d.end()) {
        local.push_back(officer.id);
      }
    }
    if (!local.empty() && random.chance(75)) return random.pick(local);
    if (o.responsible_user_id && random.chance(50)) return *o.responsible_user_id;
    return random.pick(national.empty() ? local : national);
  };

  auto localTime = [&](const LocalDate& date, unsigned hour, unsigned minute) {
    return zone.toUtc(LocalDateTime{date.year, date.month, date.day, hour, minute});
  };
  const auto today = zone.toLocal(now).date();

  auto uow = store.begin(Access::write);
  auto followUp = [&](const Activity& activity, Id activityId, const std::string& organisationName) {
    FollowUp f;
    f.organisation_id = activity.organisation_id;
    f.police_district_id = activity.police_district_id;
    f.activity_id = activityId;
    if (!activity.contact_ids.empty() && random.chance(60)) f.contact_id = activity.contact_ids.front();
    std::string firstName = "kontaktpersonen";
    for (const auto& c : people[activity.organisation_id])
      if (f.contact_id && c.id == *f.contact_id) firstName = firstNameOf(c.name);
    f.title = oneLine(fill(random.pick(titles), firstName, organisationName));
    const auto occurred = zone.toLocal(activity.occurred_at).date();
    f.due_on = occurred.plusDays(static_cast<int>(random.between(3, 30)));
    f.assigned_user_id = activity.user_id;
    f.created_by = activity.user_id;
    f.created_at = f.updated_at = activity.created_at;
    if (f.due_on < today) {
      // Most past ones were done around their due date; some were dropped; some are overdue now.
      const auto roll = random.below(100);
      if (roll < 85) {
        f.status = roll < 75 ? FollowUpStatus::done : FollowUpStatus::cancelled;
        const auto doneOn = std::min(f.due_on.plusDays(-static_cast<int>(random.below(4))), today);
        f.done_at = std::clamp(localTime(doneOn, 9 + static_cast<unsigned>(random.below(7)), 0), f.created_at, now);
        f.updated_at = *f.done_at;
      }
    }
    uow->followUps().insert(f);
    ++summary.follow_ups;
  };

  auto log = [&](const Organisation& o, std::string kind, Timestamp at, std::optional<Id> eventId,
                 std::optional<std::string> subject, const std::vector<Id>& named) {
    Activity a;
    a.kind = std::move(kind);
    a.occurred_at = at;
    a.organisation_id = o.id;
    a.police_district_id = o.police_district_id;
    a.event_id = eventId;
    a.user_id = officerFor(o);
    a.contact_ids = named;
    std::sort(a.contact_ids.begin(), a.contact_ids.end());
    a.contact_ids.erase(std::unique(a.contact_ids.begin(), a.contact_ids.end()), a.contact_ids.end());
    std::string firstName = "kontaktpersonen";
    if (!named.empty())
      for (const auto& c : people[o.id])
        if (c.id == named.front()) firstName = firstNameOf(c.name);
    a.subject = oneLine(
        subject ? *subject : fill(random.pick(subjects.at(a.kind).get<std::vector<std::string>>()), firstName, o.name));
    a.notes = fill(random.pick(notes), firstName, o.name);
    a.created_by = a.user_id;
    // Logged the same day, a little after.
    a.created_at = a.updated_at = std::min(at + std::chrono::minutes(20 + random.below(200)), now);
    const auto id = uow->activities().insert(a);
    ++summary.activities;
    if (random.chance(22)) followUp(a, id, o.name);
  };

  auto namedPeople = [&](const Organisation& o) {
    std::vector<Id> named;
    const auto& theirs = people[o.id];
    if (theirs.empty() || !random.chance(65)) return named;
    named.push_back(random.pick(theirs).id);
    if (theirs.size() > 1 && random.chance(25)) named.push_back(random.pick(theirs).id);
    return named;
  };

  // A year of days, oldest first.
  for (int back = 365; back >= 0; --back) {
    const auto date = today.plusDays(-back);
    const auto weekday = std::chrono::weekday(std::chrono::sys_days(std::chrono::year_month_day(
        std::chrono::year(date.year), std::chrono::month(date.month), std::chrono::day(date.day))));
    const bool weekend = weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
    // July is quiet; Fridays lighter; weekends only the odd event.
    const bool july = date.month == 7;
    std::size_t count =
        weekend ? (random.chance(8) ? 1 : 0) : random.below(july ? 2 : (weekday == std::chrono::Friday ? 4 : 6));
    for (std::size_t i = 0; i < count; ++i) {
      const auto& o = random.chance(60) ? *random.pick(regulars) : *random.pick(occasional);
      auto kind = weekend ? std::string(random.chance(50) ? "dialogue_meeting" : "other") : pickKind(random);
      const unsigned hour = kind == "dialogue_meeting" ? 17 + static_cast<unsigned>(random.below(3))
                            : weekend                  ? 10 + static_cast<unsigned>(random.below(5))
                                                       : 8 + static_cast<unsigned>(random.below(8));
      const auto at = localTime(date, hour, 15 * static_cast<unsigned>(random.below(4)));
      if (at > now) continue;  // nothing logged ahead of time
      log(o, std::move(kind), at, std::nullopt, std::nullopt, namedPeople(o));
    }
  }

  // Follow-ups of the demo events: a mail or a call to a few of the organisations whose people came.
  for (const auto& event : pastEvents) {
    std::map<Id, std::vector<Id>> attendees;
    for (const auto& r : uow->registrations().withStatus(event.id, RegistrationStatus::attended))
      attendees[r.organisation_id].push_back(r.contact_id);
    int logged = 0;
    for (const auto& [organisationId, ids] : attendees) {
      if (logged >= 3 || !random.chance(40)) continue;
      const Id wanted = organisationId;  // a structured binding cannot be captured (C++20 allows it; clang 14 not)
      const auto o = std::find_if(organisations.begin(), organisations.end(),
                                  [&](const Organisation& x) { return x.id == wanted; });
      if (o == organisations.end()) continue;
      auto date = zone.toLocal(event.ends_at).date().plusDays(1 + static_cast<int>(random.below(3)));
      const auto at = localTime(date, 9 + static_cast<unsigned>(random.below(6)), 0);
      if (at > now) continue;
      const bool mail = random.chance(60);
      log(*o, mail ? "email" : "phone_call", at, event.id,
          std::string(mail ? "Tak for deltagelsen: " : "Opfølgning på ") + event.details.title, {ids.front()});
      ++logged;
    }
  }

  // Work ahead: open follow-ups on the organisations the demo officer is responsible for, due in the
  // coming weeks (and a couple due today).
  const auto demoOfficer = officers.front().id;
  int ahead = 0;
  for (const auto& o : organisations) {
    if (ahead >= 12 || o.responsible_user_id != demoOfficer || !random.chance(15)) continue;
    FollowUp f;
    f.organisation_id = o.id;
    f.police_district_id = o.police_district_id;
    f.title = oneLine(fill(random.pick(titles), "kontaktpersonen", o.name));
    f.due_on = today.plusDays(ahead < 2 ? 0 : static_cast<int>(random.between(1, 21)));
    f.assigned_user_id = demoOfficer;
    f.created_by = demoOfficer;
    f.created_at = f.updated_at = now - std::chrono::hours(24 * (1 + random.below(10)));
    uow->followUps().insert(f);
    ++summary.follow_ups;
    ++ahead;
  }
  uow->commit();
}

}  // namespace brobygger::seeds
