#pragma once
// Reference data and the deterministic demo data set. Data lives in seeds/*.json; this code only
// reads it and hands it to the domain's services, so every seeded record passes the same rules.
#include <string>
#include <vector>

#include "domain/event_services.hpp"
#include "domain/reference.hpp"
#include "domain/services.hpp"

namespace brobygger::seeds {

domain::ReferenceData referenceData();

struct DemoSummary {
  int organisations = 0;
  int contacts = 0;
  int users = 0;
  int events = 0;
  int series = 0;
  int registrations = 0;
  int activities = 0;
  int follow_ups = 0;
  bool already_present = false;
};

// An officer of the demo data set and the police districts they are limited to (none: national).
struct DemoOfficer {
  domain::Id id = 0;
  std::vector<int> police_district_ids;
};

struct DemoServices {
  domain::OrganisationService& organisations;
  domain::ContactService& contacts;
  domain::UserService& users;
  domain::EventService& events;
  domain::RegistrationService& registrations;
  domain::SeriesService& series;
  const domain::TimeZone& zone;
};

// Creates ~320 organisations across every police district and kind, their contacts, one demo user
// per role (all with `password`), past and coming events of every kind with registrations, waiting
// lists and attendance, a few recurring network meetings, and a year of the officers' dialogue log
// (activities and follow-ups; seeds/demo_outreach.cpp). Does nothing when the register
// already holds organisations. Event dates are relative to the clock, so the calendar always has a
// past and a future; everything else is the same on every run.
DemoSummary seedDemo(domain::Store& store, DemoServices services, const domain::ReferenceCatalog& catalog,
                     const std::string& password, domain::Timestamp now);

// The demo users' emails, for printing.
inline constexpr const char* kDemoUsers[][2] = {
    {"admin", "admin@demo.brobygger.dk"},
    {"officer", "officer@demo.brobygger.dk"},
    {"manager", "manager@demo.brobygger.dk"},
    {"partner", "partner@demo.brobygger.dk"},
};

}  // namespace brobygger::seeds
