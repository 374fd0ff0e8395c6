#pragma once
// Reference data and the deterministic demo data set. Data lives in seeds/*.json; this code only
// reads it and hands it to the domain's services, so every seeded record passes the same rules.
#include <string>

#include "domain/reference.hpp"
#include "domain/services.hpp"

namespace brobygger::seeds {

domain::ReferenceData referenceData();

struct DemoSummary {
  int organisations = 0;
  int contacts = 0;
  int users = 0;
  bool already_present = false;
};

struct DemoServices {
  domain::OrganisationService& organisations;
  domain::ContactService& contacts;
  domain::UserService& users;
};

// Creates ~320 organisations across every police district and kind, their contacts, and one demo user
// per role (all with `password`). Does nothing when the register already holds organisations.
DemoSummary seedDemo(domain::Store& store, DemoServices services, const domain::ReferenceCatalog& catalog,
                     const std::string& password);

// The demo users' emails, for printing.
inline constexpr const char* kDemoUsers[][2] = {
    {"admin", "admin@demo.brobygger.dk"},
    {"officer", "officer@demo.brobygger.dk"},
    {"manager", "manager@demo.brobygger.dk"},
    {"partner", "partner@demo.brobygger.dk"},
};

}  // namespace brobygger::seeds
