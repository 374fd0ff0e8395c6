// `brobygger seed scale` with small figures, on SQLite and MariaDB: the generator's promises (exact
// counts, consistent registrations and counts, statuses that fit the time, determinism) checked
// through the domain's repositories, and the bulk loader's (ids continue, the revision rises).
#include <soci/soci.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "domain/retention.hpp"
#include "domain/validation.hpp"
#include "seeds/scale_seed.hpp"
#include "storage_fixture.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using brobygger::testing::FreshDatabase;

namespace {

seeds::ScaleOptions smallOptions(std::uint64_t seed = 7) {
  seeds::ScaleOptions options;
  options.organisations = 300;
  options.contacts = 1000;
  options.events = 60;
  options.registrations = 3000;
  options.activities = 2500;
  options.follow_ups = 300;
  options.random_seed = seed;
  options.as_of = std::chrono::year_month_day{std::chrono::year(2026), std::chrono::January, std::chrono::day(15)};
  return options;
}

const calendar::CopenhagenTimeZone& zone() {
  static const calendar::CopenhagenTimeZone copenhagen;
  return copenhagen;
}

// The start of 2026-01-15 in Copenhagen (CET): what the data set calls now.
Timestamp asOfInstant() { return zone().toUtc({2026, 1, 15, 0, 0}); }

ReferenceData referenceOf(storage::Database& database) { return ReferenceService(database).loadCatalog().data(); }

// FNV-1a over the fields a row is made of, in a fixed spelling, so a data set read back from either
// backend and the rows the generator handed over can be compared.
class Checksum {
 public:
  Checksum& operator<<(const std::string& text) {
    for (const char c : text) hash_ = (hash_ ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    hash_ = (hash_ ^ 0x1f) * 1099511628211ULL;  // field separator
    return *this;
  }
  Checksum& operator<<(long long value) { return *this << std::to_string(value); }
  Checksum& operator<<(Timestamp t) { return *this << static_cast<long long>(t.time_since_epoch().count()); }
  template <class T>
  Checksum& operator<<(const std::optional<T>& value) {
    return value ? (*this << *value) : (*this << std::string("\x01null"));
  }
  std::uint64_t value() const noexcept { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ULL;
};

struct Fingerprint {
  std::uint64_t organisations = 0, contacts = 0, events = 0, registrations = 0;
  bool operator==(const Fingerprint&) const = default;
};

// What the database holds, read through the repositories.
struct Loaded {
  std::vector<Organisation> organisations;
  std::vector<Contact> contacts;
  std::vector<Event> events;
  std::map<Id, std::vector<Registration>> registrations;  // by event

  explicit Loaded(storage::Database& database) {
    auto uow = database.begin(Access::read);
    OrganisationQuery organisationQuery;
    organisationQuery.status = StatusFilter::all;
    organisationQuery.sort = OrganisationSort::created_at;
    organisationQuery.page.limit = 100'000;
    organisations = uow->organisations().list(organisationQuery).items;
    std::sort(organisations.begin(), organisations.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    ContactQuery contactQuery;
    contactQuery.status = StatusFilter::all;
    contactQuery.sort = ContactSort::created_at;
    contactQuery.page.limit = 100'000;
    contacts = uow->contacts().list(contactQuery).items;
    std::sort(contacts.begin(), contacts.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    EventQuery eventQuery;
    eventQuery.page.limit = 100'000;
    events = uow->events().list(eventQuery).items;
    std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    for (const auto& event : events) {
      RegistrationQuery query;
      query.event_id = event.id;
      query.page.limit = 100'000;
      auto items = uow->registrations().list(query).items;
      std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
      registrations[event.id] = std::move(items);
    }
  }

  Fingerprint fingerprint() const {
    Checksum o, c, e, r;
    for (const auto& x : organisations)
      o << x.id << x.name << x.kind << x.cvr << x.municipality_id << x.police_district_id << x.region_id << x.address
        << x.website << toString(x.status) << x.responsible_user_id << x.created_at << x.updated_at
        << static_cast<long long>(x.tags.size());
    for (const auto& x : contacts)
      c << x.id << x.organisation_id << x.name << x.title << x.email << x.phone << toString(x.language)
        << static_cast<long long>(x.consent.invitations) << static_cast<long long>(x.consent.newsletter) << x.created_at
        << x.updated_at;
    for (const auto& x : events) {
      e << x.id << x.details.kind << x.details.title << x.details.venue.name << x.details.police_district_id
        << x.details.capacity << x.details.per_organisation_quota << x.details.organiser_user_id << x.starts_at
        << x.ends_at << toString(x.status) << toString(x.audience) << x.cancellation_reason
        << static_cast<long long>(x.confirmed) << static_cast<long long>(x.waitlisted) << x.created_at << x.updated_at;
      for (const auto id : x.invited_organisation_ids) e << id;
      for (const auto& y : registrations.at(x.id))
        r << y.id << y.event_id << y.contact_id << y.organisation_id << toString(y.status) << y.registered_at
          << y.registered_by << y.cancelled_at << y.checked_in_at << y.updated_at;
    }
    return {o.value(), c.value(), e.value(), r.value()};
  }
};

// The generator's rows, kept and fingerprinted as Loaded does (without a database).
class RecordingSink final : public storage::bulk::RowSink {
 public:
  void users(std::span<const storage::bulk::UserRow>) override {}
  void organisations(std::span<const storage::bulk::OrganisationRow> rows) override {
    organisations_.insert(organisations_.end(), rows.begin(), rows.end());
  }
  void contacts(std::span<const storage::bulk::ContactRow> rows) override {
    contacts_.insert(contacts_.end(), rows.begin(), rows.end());
  }
  void events(std::span<const storage::bulk::EventRow> rows) override {
    events_.insert(events_.end(), rows.begin(), rows.end());
  }
  void invitations(std::span<const storage::bulk::InvitationRow> rows) override {
    for (const auto& x : rows) invited_[x.event_id].push_back(x.organisation_id);
  }
  void registrations(std::span<const storage::bulk::RegistrationRow> rows) override {
    for (const auto& x : rows) registrations_[x.event_id].push_back(x);
  }
  void activities(std::span<const storage::bulk::ActivityRow> rows) override {
    for (const auto& x : rows) {
      activities_ << x.id << x.kind << x.occurred_at << x.organisation_id << x.user_id << x.subject << x.notes
                  << x.event_id << x.notes_cleared_at;
      for (const auto id : x.contact_ids) activities_ << id;
    }
  }
  void followUps(std::span<const storage::bulk::FollowUpRow> rows) override {
    for (const auto& x : rows)
      follow_ups_ << x.id << x.organisation_id << x.contact_id << x.activity_id << x.title << x.due_on << x.status
                  << x.done_at << x.assigned_user_id;
  }
  std::pair<std::uint64_t, std::uint64_t> dialogue() const { return {activities_.value(), follow_ups_.value()}; }

  Fingerprint fingerprint() {
    Checksum o, c, e, r;
    for (const auto& x : organisations_)
      o << x.id << x.name << x.kind << x.cvr << x.municipality_id << x.police_district_id << x.region_id << x.address
        << x.website << toString(x.status) << x.responsible_user_id << x.created_at << x.updated_at
        << static_cast<long long>(x.tags.size());
    for (const auto& x : contacts_)
      c << x.id << x.organisation_id << x.name << x.title << x.email << x.phone << toString(x.language)
        << static_cast<long long>(x.consent_invitations) << static_cast<long long>(x.consent_newsletter) << x.created_at
        << x.updated_at;
    for (const auto& x : events_) {
      e << x.id << x.kind << x.title << x.venue_name << x.police_district_id << x.capacity << x.per_organisation_quota
        << x.organiser_user_id << x.starts_at << x.ends_at << toString(x.status) << toString(x.audience)
        << x.cancellation_reason << static_cast<long long>(x.confirmed_count)
        << static_cast<long long>(x.waitlisted_count) << x.created_at << x.updated_at;
      for (const auto id : invited_[x.id]) e << id;
      for (const auto& y : registrations_[x.id])
        r << y.id << y.event_id << y.contact_id << y.organisation_id << toString(y.status) << y.registered_at
          << y.registered_by << y.cancelled_at << y.checked_in_at << y.updated_at;
    }
    return {o.value(), c.value(), e.value(), r.value()};
  }

 private:
  std::vector<storage::bulk::OrganisationRow> organisations_;
  std::vector<storage::bulk::ContactRow> contacts_;
  std::vector<storage::bulk::EventRow> events_;
  std::map<Id, std::vector<Id>> invited_;
  std::map<Id, std::vector<storage::bulk::RegistrationRow>> registrations_;
  Checksum activities_, follow_ups_;
};

Fingerprint generated(const seeds::ScaleOptions& options, const ReferenceData& reference) {
  RecordingSink sink;
  seeds::generateScale(options, reference, zone(), storage::bulk::FirstIds{}, sink);
  return sink.fingerprint();
}

}  // namespace

TEST_CASE("seed scale loads exactly the figures asked for, consistently", "[scale]") {
  FreshDatabase db;
  const auto reference = referenceOf(*db.database);
  const auto options = smallOptions();
  std::int64_t lastDone = 0, total = 0;
  const auto summary = seeds::seedScale(*db.database, reference, zone(), options, [&](const seeds::ScaleProgress& p) {
    CHECK(p.done > lastDone);
    lastDone = p.done;
    total = p.total;
  });
  CHECK(summary.organisations == 300);
  CHECK(summary.contacts == 1000);
  CHECK(summary.events == 60);
  CHECK(summary.registrations == 3000);
  CHECK(summary.users == 40);
  CHECK(lastDone == total);
  CHECK(summary.activities == 2500);
  CHECK(summary.follow_ups == 300);
  CHECK(total == 40 + 300 + 1000 + 60 + summary.invitations + 3000 + 2500 + 300);

  const Loaded loaded(*db.database);
  REQUIRE(loaded.organisations.size() == 300);
  REQUIRE(loaded.contacts.size() == 1000);
  REQUIRE(loaded.events.size() == 60);

  std::map<Id, Id> organisationOf;
  for (const auto& c : loaded.contacts) organisationOf[c.id] = c.organisation_id;
  std::set<std::string> emails;
  for (const auto& c : loaded.contacts)
    if (c.email) CHECK(emails.insert(foldCase(*c.email)).second);
  int archived = 0;
  for (const auto& o : loaded.organisations) archived += o.status == RecordStatus::archived ? 1 : 0;
  CHECK(archived > 0);
  CHECK(archived < 40);

  const auto now = asOfInstant();
  std::size_t registrations = 0;
  std::map<EventStatus, int> eventStatuses;
  std::map<RegistrationStatus, int> statuses;
  auto uow = db.database->begin(Access::read);
  for (const auto& event : loaded.events) {
    ++eventStatuses[event.status];
    const auto& list = loaded.registrations.at(event.id);
    registrations += list.size();
    INFO("event " << event.id << " " << toString(event.status));
    CHECK(event.details.police_district_id.has_value());
    CHECK(event.details.capacity.has_value());
    CHECK(event.starts_at < event.ends_at);
    CHECK(event.created_at < event.starts_at);
    CHECK(event.created_at <= now);
    // Statuses fit the time.
    if (event.ends_at <= now) {
      CHECK((event.status == EventStatus::completed || event.status == EventStatus::cancelled));
    } else {
      CHECK((event.status == EventStatus::published || event.status == EventStatus::draft ||
             event.status == EventStatus::cancelled));
    }
    if (event.status == EventStatus::draft) CHECK(list.empty());
    if (event.status == EventStatus::cancelled) CHECK(event.cancellation_reason.has_value());

    std::set<Id> people;
    std::map<Id, int> seatsPerOrganisation;
    int seats = 0, waiting = 0;
    for (const auto& r : list) {
      ++statuses[r.status];
      CHECK(people.insert(r.contact_id).second);  // at most once per event
      CHECK(r.organisation_id == organisationOf.at(r.contact_id));
      CHECK(r.registered_at >= event.created_at);
      CHECK(r.registered_at <= std::min(event.starts_at, now));
      CHECK(r.cancelled_at.has_value() == (r.status == RegistrationStatus::cancelled));
      CHECK(r.checked_in_at.has_value() == (r.status == RegistrationStatus::attended));
      if (event.status == EventStatus::completed) {
        CHECK(r.status != RegistrationStatus::confirmed);  // closing turns the unchecked into no-shows
      } else {
        CHECK((r.status == RegistrationStatus::confirmed || r.status == RegistrationStatus::waitlisted ||
               r.status == RegistrationStatus::cancelled));
      }
      if (event.audience == Audience::invited) {
        const auto& invited = event.invited_organisation_ids;
        CHECK(std::find(invited.begin(), invited.end(), r.organisation_id) != invited.end());
      }
      if (r.status == RegistrationStatus::confirmed || r.status == RegistrationStatus::attended) {
        ++seats;
        ++seatsPerOrganisation[r.organisation_id];
      }
      if (r.status == RegistrationStatus::waitlisted) ++waiting;
    }
    // The stored counts are what the repository counts, and what the list shows.
    const auto [countedSeats, countedWaiting] = uow->registrations().counts(event.id);
    CHECK(event.confirmed == countedSeats);
    CHECK(event.waitlisted == countedWaiting);
    CHECK(event.confirmed == seats);
    CHECK(event.waitlisted == waiting);
    CHECK(seats <= *event.details.capacity);
    for (const auto& [organisation, taken] : seatsPerOrganisation) {
      CHECK(taken <= 4);
      if (event.details.per_organisation_quota) CHECK(taken <= *event.details.per_organisation_quota);
    }
  }
  CHECK(registrations == 3000);
  CHECK(eventStatuses[EventStatus::completed] > 30);
  CHECK(eventStatuses[EventStatus::published] > 0);
  CHECK(statuses[RegistrationStatus::attended] > statuses[RegistrationStatus::no_show]);
  CHECK(statuses[RegistrationStatus::no_show] > 0);
  CHECK(statuses[RegistrationStatus::cancelled] > 0);

  // The officers own the register but cannot log in.
  const auto officer = uow->users().find(1);
  REQUIRE(officer.has_value());
  CHECK(officer->role == Role::officer);
  CHECK(officer->password_hash == seeds::kUnusablePasswordHash);
  // Servers caching organisation lists see the register changed.
  CHECK(uow->organisations().revision() == 1);
}

TEST_CASE("seed scale leaves the id sequences after its rows, and the connection as it found it", "[scale]") {
  FreshDatabase db(1);  // one connection: the loader's is the one used afterwards
  seeds::seedScale(*db.database, referenceOf(*db.database), zone(), smallOptions());
  auto uow = db.database->begin(Access::write);
  User user;
  user.email = "new@example.dk";
  user.name = "New";
  user.password_hash = "x";
  CHECK(uow->users().insert(user) == 41);
  Organisation organisation;
  organisation.name = "New";
  organisation.kind = "sports_club";
  organisation.municipality_id = 101;
  organisation.police_district_id = 11;
  organisation.region_id = 1084;
  const auto organisationId = uow->organisations().insert(organisation);
  CHECK(organisationId == 301);
  Contact contact;
  contact.organisation_id = organisationId;
  contact.name = "New";
  const auto contactId = uow->contacts().insert(contact);
  CHECK(contactId == 1001);
  Event event;
  event.details.kind = "seminar";
  event.details.title = "New";
  const auto eventId = uow->events().insert(event);
  CHECK(eventId == 61);
  Registration registration;
  registration.event_id = eventId;
  registration.contact_id = contactId;
  registration.organisation_id = organisationId;
  CHECK(uow->registrations().insert(registration) == 3001);
  // Foreign keys are checked again (MariaDB's loader switches them off for its session).
  registration.contact_id = 999'999;
  CHECK_THROWS(uow->registrations().insert(registration));
}

TEST_CASE("seed scale refuses a register with organisations, and a database without reference data", "[scale]") {
  FreshDatabase db;
  const auto reference = referenceOf(*db.database);
  {
    auto uow = db.database->begin(Access::write);
    Organisation organisation;
    organisation.name = "Already here";
    organisation.kind = "sports_club";
    organisation.municipality_id = 101;
    organisation.police_district_id = 11;
    organisation.region_id = 1084;
    uow->organisations().insert(organisation);
    uow->commit();
  }
  try {
    seeds::seedScale(*db.database, reference, zone(), smallOptions());
    FAIL("expected a refusal");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::conflict);
  }
  try {
    seeds::seedScale(*db.database, ReferenceData{}, zone(), smallOptions());
    FAIL("expected a refusal");
  } catch (const DomainError& e) {
    CHECK(e.code() == ErrorCode::invalid);
  }
  // Nothing was added by either attempt.
  auto uow = db.database->begin(Access::read);
  OrganisationQuery all;
  all.status = StatusFilter::all;
  CHECK(uow->organisations().list(all).total == 1);
}

TEST_CASE("seed scale refuses figures it cannot meet before writing anything", "[scale]") {
  FreshDatabase db;
  auto options = smallOptions();
  options.registrations = 1000 * 60;  // more than half of contacts x events
  CHECK_THROWS_AS(seeds::seedScale(*db.database, referenceOf(*db.database), zone(), options), DomainError);
  options = smallOptions();
  options.contacts = 0;
  CHECK_THROWS_AS(seeds::seedScale(*db.database, referenceOf(*db.database), zone(), options), DomainError);
  auto uow = db.database->begin(Access::read);
  CHECK(uow->users().find(1) == std::nullopt);
}

TEST_CASE("seed scale is deterministic: the same seed and day give the same data on any backend", "[scale]") {
  Fingerprint first, second;
  ReferenceData reference;
  {
    FreshDatabase db;
    reference = referenceOf(*db.database);
    seeds::seedScale(*db.database, reference, zone(), smallOptions());
    first = Loaded(*db.database).fingerprint();
  }
  {
    FreshDatabase db;
    seeds::seedScale(*db.database, referenceOf(*db.database), zone(), smallOptions());
    second = Loaded(*db.database).fingerprint();
  }
  CHECK(first == second);
  // What was stored is exactly what the generator made; and the generator does not depend on the
  // order the backend lists the reference data in (collations differ), so neither does the data.
  CHECK(generated(smallOptions(), reference) == first);
  auto reordered = reference;
  std::reverse(reordered.municipalities.begin(), reordered.municipalities.end());
  std::reverse(reordered.organisation_kinds.begin(), reordered.organisation_kinds.end());
  std::reverse(reordered.police_districts.begin(), reordered.police_districts.end());
  CHECK(generated(smallOptions(), reordered) == first);
  // Another seed, another data set.
  const auto other = generated(smallOptions(8), reference);
  CHECK(other.organisations != first.organisations);
  CHECK(other.registrations != first.registrations);
}

// Six digits, an optional dash and four more: what the API refuses in a subject or note (ddmmyy-xxxx).
bool looksLikeCpr(const std::string& text) {
  for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
    std::size_t j = i, digits = 0;
    while (j < text.size() && digits < 10) {
      if (std::isdigit(static_cast<unsigned char>(text[j]))) {
        ++digits;
      } else if (!(text[j] == '-' && digits == 6)) {
        break;
      }
      ++j;
    }
    if (digits == 10) return true;
  }
  return false;
}

TEST_CASE("seed scale's dialogue log: activities and follow-ups that fit the register and the time", "[scale]") {
  FreshDatabase db;
  const auto reference = referenceOf(*db.database);
  const auto options = smallOptions();
  seeds::seedScale(*db.database, reference, zone(), options);
  db.database->rebuildDerivedData();
  const Loaded loaded(*db.database);
  std::map<Id, Organisation> organisations;
  for (const auto& o : loaded.organisations) organisations[o.id] = o;
  std::map<Id, Contact> contacts;
  for (const auto& c : loaded.contacts) contacts[c.id] = c;
  std::map<Id, Event> events;
  for (const auto& e : loaded.events) events[e.id] = e;

  auto uow = db.database->begin(Access::read);
  ActivityQuery all;
  all.page.limit = 100'000;
  const auto activities = uow->activities().list(all);
  REQUIRE(activities.total == 2500);
  const auto now = asOfInstant();
  // 36 months before 2026-01-15: notes older than that are already emptied.
  const auto notesCutoff = zone().toUtc({2023, 1, 15, 0, 0});
  std::map<std::string, int> kinds;
  std::set<Id> inDialogue;
  int named = 0, weekdays = 0, officeHours = 0, cleared = 0, ofEvents = 0;
  std::map<Id, Activity> byId;
  for (const auto& a : activities.items) {
    INFO("activity " << a.id);
    byId[a.id] = a;
    ++kinds[a.kind];
    inDialogue.insert(a.organisation_id);
    const auto& o = organisations.at(a.organisation_id);
    CHECK(a.police_district_id == o.police_district_id);
    CHECK(a.occurred_at < now);
    CHECK(a.occurred_at >= now - std::chrono::hours(24 * 1462));
    CHECK(a.occurred_at >= o.created_at);
    CHECK(a.created_at >= a.occurred_at);
    CHECK(a.created_at <= now);
    CHECK(a.user_id >= 1);
    CHECK(a.user_id <= 40);
    for (const auto id : a.contact_ids) {
      CHECK(contacts.at(id).organisation_id == a.organisation_id);
      CHECK(contacts.at(id).created_at <= a.occurred_at);
    }
    named += a.contact_ids.empty() ? 0 : 1;
    if (a.event_id) {
      ++ofEvents;
      CHECK(events.at(*a.event_id).status == EventStatus::completed);
      CHECK(events.at(*a.event_id).ends_at < a.occurred_at);
    }
    const auto local = zone().toLocal(a.occurred_at);
    const auto weekday = std::chrono::weekday(std::chrono::sys_days(
        std::chrono::year(local.year) / std::chrono::month(local.month) / std::chrono::day(local.day)));
    weekdays += weekday == std::chrono::Saturday || weekday == std::chrono::Sunday ? 0 : 1;
    officeHours += local.hour >= 8 && local.hour <= 19 ? 1 : 0;
    CHECK(a.subject.size() <= 200);
    CHECK_FALSE(looksLikeCpr(a.subject + " " + a.notes));
    CHECK_FALSE(a.subject.empty());
    if (a.occurred_at < notesCutoff) {
      ++cleared;
      CHECK(a.notes.empty());
      CHECK(a.subject == clearedActivitySubject(36));
      REQUIRE(a.notes_cleared_at.has_value());
      CHECK(*a.notes_cleared_at <= now);
      CHECK(*a.notes_cleared_at > a.occurred_at);
    } else {
      CHECK_FALSE(a.notes_cleared_at.has_value());
    }
  }
  for (const auto& k : reference.activity_kinds) CHECK(kinds[k.code] > 0);  // every kind
  CHECK(named > 2500 * 40 / 100);
  CHECK(weekdays > 2500 * 90 / 100);
  CHECK(officeHours > 2500 * 95 / 100);
  CHECK(cleared > 0);
  CHECK(cleared < 2500 / 2);
  CHECK(ofEvents > 0);
  // Some organisations are in dialogue, others never were (the dormant worklist has work).
  CHECK(inDialogue.size() > 100);
  CHECK(inDialogue.size() < 300);

  FollowUpQuery followUpQuery;
  followUpQuery.page.limit = 100'000;
  const auto followUps = uow->followUps().list(followUpQuery);
  REQUIRE(followUps.total == 300);
  const LocalDate today{2026, 1, 15};
  std::map<FollowUpStatus, int> statuses;
  int overdue = 0;
  for (const auto& f : followUps.items) {
    INFO("follow-up " << f.id);
    ++statuses[f.status];
    REQUIRE(f.activity_id.has_value());
    const auto& a = byId.at(*f.activity_id);
    CHECK(f.organisation_id == a.organisation_id);
    CHECK(f.police_district_id == a.police_district_id);
    CHECK(f.assigned_user_id == a.user_id);
    if (f.contact_id)
      CHECK(std::find(a.contact_ids.begin(), a.contact_ids.end(), *f.contact_id) != a.contact_ids.end());
    CHECK(f.due_on > zone().toLocal(a.occurred_at).date());
    CHECK_FALSE(looksLikeCpr(f.title));
    CHECK(f.done_at.has_value() == (f.status != FollowUpStatus::open));
    if (f.done_at) CHECK(*f.done_at <= now);
    if (f.status != FollowUpStatus::open) CHECK(f.due_on < today);
    overdue += f.overdue(today) ? 1 : 0;
  }
  CHECK(statuses[FollowUpStatus::done] > statuses[FollowUpStatus::cancelled]);
  CHECK(statuses[FollowUpStatus::cancelled] > 0);
  CHECK(statuses[FollowUpStatus::open] > overdue);  // some are due later
  CHECK(overdue > 0);

  // The derived columns, bulk-computed after the load, are what the rows say.
  soci::session sql(db.connection_string);
  long long wrongLatest = -1, wrongOpen = -1, never = -1, openOnRows = -1, open = -1;
  sql << "SELECT COUNT(*) FROM organisations o WHERE COALESCE(o.last_activity_at, '1900-01-01 00:00:00') <> "
         "COALESCE((SELECT MAX(a.occurred_at) FROM activities a WHERE a.organisation_id = o.id), "
         "'1900-01-01 00:00:00')",
      soci::into(wrongLatest);
  sql << "SELECT COUNT(*) FROM organisations o WHERE o.open_follow_ups <> "
         "(SELECT COUNT(*) FROM follow_ups f WHERE f.organisation_id = o.id AND f.status = 'open')",
      soci::into(wrongOpen);
  sql << "SELECT COUNT(*) FROM organisations WHERE last_activity_at IS NULL", soci::into(never);
  sql << "SELECT SUM(open_follow_ups) FROM organisations", soci::into(openOnRows);
  sql << "SELECT COUNT(*) FROM follow_ups WHERE status = 'open'", soci::into(open);
  CHECK(wrongLatest == 0);
  CHECK(wrongOpen == 0);
  CHECK(never == 300 - static_cast<long long>(inDialogue.size()));
  CHECK(openOnRows == open);
  CHECK(open == statuses[FollowUpStatus::open]);
  long long namedRows = 0;
  sql << "SELECT COUNT(*) FROM activity_contacts", soci::into(namedRows);
  CHECK(namedRows >= named);
}

TEST_CASE("seed scale's dialogue log is deterministic and refuses impossible figures", "[scale]") {
  FreshDatabase db;
  const auto reference = referenceOf(*db.database);
  const auto dialogue = [&](const seeds::ScaleOptions& options) {
    RecordingSink sink;
    seeds::generateScale(options, reference, zone(), storage::bulk::FirstIds{}, sink);
    return sink.dialogue();
  };
  CHECK(dialogue(smallOptions()) == dialogue(smallOptions()));
  CHECK(dialogue(smallOptions()).first != dialogue(smallOptions(8)).first);
  auto options = smallOptions();
  options.follow_ups = options.activities + 1;
  CHECK_THROWS_AS(seeds::seedScale(*db.database, reference, zone(), options), DomainError);
  auto uow = db.database->begin(Access::read);
  CHECK(uow->users().find(1) == std::nullopt);
}
