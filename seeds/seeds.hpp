#pragma once
// Reference data and the deterministic demo data set. Data lives in seeds/*.json; this code only
// reads it and hands it to the domain's services, so every seeded record passes the same rules.
#include <string>

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
  bool already_present = false;
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
// lists and attendance, and a few recurring network meetings. Does nothing when the register
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
