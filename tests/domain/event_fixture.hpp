#pragma once
// What the event, registration and series tests share: the three services over the test store, a fixed
// clock, and the real Europe/Copenhagen wall clock and RRULE expansion (brobygger_calendar: date/tz and
// libical). The calendar adapter is pure apart from reading the system's tzdata once, and using it here
// means the DST cases below check the very conversions the server makes rather than a hand-written
// imitation of them; a fake Recurrence would have to re-implement "second Tuesday of every third month".
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "adapters/calendar/libical_recurrence.hpp"
#include "domain/event_services.hpp"
#include "domain/services.hpp"
#include "tests/calendar/calendar_test_support.hpp"
#include "tests/domain/test_store.hpp"

namespace brobygger::testing {

// The test reference data with all four kinds of event.
inline domain::ReferenceData eventReferenceData() {
  auto data = testReferenceData();
  data.event_kinds.push_back({"training", "Uddannelse", "Training"});
  data.event_kinds.push_back({"dialogue_meeting", "Dialogmøde", "Dialogue meeting"});
  return data;
}

struct EventFixture {
  TestStore store{eventReferenceData()};
  FixedClock clock{startOfTests()};  // Tuesday 2026-03-10 10:00Z, 11:00 in Copenhagen (CET)
  domain::ReferenceCatalog catalog = domain::ReferenceService(store).loadCatalog();
  calendar::CopenhagenTimeZone zone;
  calendar::LibicalRecurrence recurrence{zone};
  domain::EventService events{store, catalog, clock, zone};
  domain::RegistrationService registrations{store, clock};
  domain::SeriesService series{store, events, clock, zone, recurrence};

  domain::Id admin_id = addUser(store, domain::Role::admin, "admin@example.dk");
  domain::Id officer_id = addUser(store, domain::Role::officer, "officer@example.dk");
  domain::Id manager_id = addUser(store, domain::Role::manager, "manager@example.dk");
  domain::Actor admin{admin_id, domain::Role::admin, std::nullopt};
  domain::Actor officer{officer_id, domain::Role::officer, std::nullopt};
  domain::Actor manager{manager_id, domain::Role::manager, std::nullopt};

  // Three partner organisations: A and B in Aarhus (Østjyllands Politi), C in Aalborg.
  domain::Id org_a = addOrganisation(store, "Aarhus Boldklub", 751);
  domain::Id org_b = addOrganisation(store, "Moskeforeningen Aarhus", 751);
  domain::Id org_c = addOrganisation(store, "Aalborg Idræt", 851);
  domain::Actor partner_a = partnerOf(org_a);
  domain::Actor partner_b = partnerOf(org_b);
  domain::Actor partner_c = partnerOf(org_c);

  domain::Actor partnerOf(domain::Id organisationId) {
    const auto id = addUser(store, domain::Role::partner, "partner" + std::to_string(organisationId) + "@example.dk",
                            organisationId);
    return domain::Actor{id, domain::Role::partner, organisationId};
  }

  // A seminar in Aarhus, timed, open to all, `days` days after the clock's start at 09:00Z for 3 hours.
  domain::NewEvent seminar(int days = 14, const std::string& title = "Seminar om forebyggelse") const {
    domain::NewEvent input;
    input.details.kind = "seminar";
    input.details.title = title;
    input.details.venue.name = "Dokk1";
    input.details.venue.address = "Hack Kampmanns Plads 2\n8000 Aarhus C";
    input.details.venue.municipality_id = 751;
    input.starts_at = startOfTests() + std::chrono::days{days} - std::chrono::hours{1};
    input.ends_at = input.starts_at + std::chrono::hours{3};
    return input;
  }

  domain::Id createEvent(domain::NewEvent input) { return events.create(officer, std::move(input)).id; }

  domain::Id publishedEvent(domain::NewEvent input) {
    const auto id = createEvent(std::move(input));
    events.publish(officer, id, std::nullopt);
    return id;
  }

  // A published event with these seats and quota, 14 days ahead.
  domain::Id eventWithSeats(std::optional<int> capacity, std::optional<int> quota = std::nullopt) {
    auto input = seminar();
    input.details.capacity = capacity;
    input.details.per_organisation_quota = quota;
    return publishedEvent(std::move(input));
  }

  domain::Id person(domain::Id organisationId, const std::string& name) {
    return addContact(store, organisationId, name);
  }

  domain::Event stored(domain::Id eventId) { return store.event(eventId); }
  domain::Registration registration(domain::Id id) { return store.registration(id); }
  domain::Series storedSeries(domain::Id id) { return store.series(id); }

  // Registers as the officer, moving the clock a minute on first so that arrival order is visible.
  domain::Registration arrive(domain::Id eventId, domain::Id contactId) {
    clock.advance(std::chrono::minutes{1});
    return registrations.registerOne(officer, eventId, contactId);
  }

  // The event's registrations by status, in arrival order (the stored rows, not a service answer).
  std::vector<domain::Id> contactsWithStatus(domain::Id eventId, domain::RegistrationStatus status) {
    std::vector<domain::Id> contacts;
    for (const auto& r : store.begin(domain::Access::read)->registrations().withStatus(eventId, status))
      contacts.push_back(r.contact_id);
    return contacts;
  }

  // Every event of the series, in time order.
  std::vector<domain::Event> occurrences(domain::Id seriesId) {
    return store.begin(domain::Access::read)->events().ofSeries(seriesId);
  }
};

inline std::vector<domain::Id> idsOf(const domain::Page<domain::Event>& page) {
  std::vector<domain::Id> ids;
  for (const auto& e : page.items) ids.push_back(e.id);
  return ids;
}

inline bool hasField(const domain::DomainError& error, const std::string& field) {
  for (const auto& f : error.fields())
    if (f.field == field) return true;
  return false;
}

}  // namespace brobygger::testing

// Instants print as UTC date and time in failure messages.
template <>
struct Catch::StringMaker<brobygger::domain::Timestamp> {
  static std::string convert(const brobygger::domain::Timestamp& t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss<std::chrono::seconds> time{t - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                  static_cast<long>(time.seconds().count()));
    return text;
  }
};
