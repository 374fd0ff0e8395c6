#pragma once
// What the repository contract cases share: builders for valid rows and a world of two
// organisations and three people on a fresh database of the backend the run names (storage_fixture.hpp).
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "tests/storage/storage_fixture.hpp"

namespace brobygger::testing::contract {

inline domain::Organisation organisation(std::string name, int municipality = 101) {
  domain::Organisation o;
  o.name = std::move(name);
  o.kind = "sports_club";
  o.municipality_id = municipality;
  o.police_district_id = municipality == 101 ? 11 : 2;
  o.region_id = municipality == 101 ? 1084 : 1082;
  o.created_at = o.updated_at = at(2026, 1, 1);
  return o;
}

inline domain::Contact contact(domain::Id organisationId, std::string name,
                               domain::Timestamp updated = at(2026, 1, 1)) {
  domain::Contact c;
  c.organisation_id = organisationId;
  c.name = std::move(name);
  c.created_at = c.updated_at = updated;
  return c;
}

inline domain::User user(std::string email, std::string name, domain::Role role = domain::Role::officer) {
  domain::User u;
  u.email = std::move(email);
  u.name = std::move(name);
  u.role = role;
  u.password_hash = "$argon2id$fake";
  u.created_at = u.updated_at = at(2026, 1, 1);
  return u;
}

inline domain::Event event(std::string title, domain::Timestamp start,
                           std::chrono::hours length = std::chrono::hours(2)) {
  domain::Event e;
  e.details.kind = "seminar";
  e.details.title = std::move(title);
  e.details.venue = domain::Venue{"Politigården", "Polititorvet 14\n1780 København V", 101};
  e.details.police_district_id = 11;
  e.starts_at = start;
  e.ends_at = start + length;
  e.status = domain::EventStatus::completed;
  e.created_at = e.updated_at = at(2026, 1, 1);
  return e;
}

inline domain::Registration registration(domain::Id eventId, domain::Id contactId, domain::Id organisationId,
                                         domain::RegistrationStatus status = domain::RegistrationStatus::attended,
                                         domain::Timestamp when = at(2026, 1, 1)) {
  domain::Registration r;
  r.event_id = eventId;
  r.contact_id = contactId;
  r.organisation_id = organisationId;
  r.status = status;
  r.registered_at = r.updated_at = when;
  return r;
}

// A fresh database with two organisations and three people: what most cases start from.
struct World {
  FreshDatabase db;
  domain::Id org_a = 0, org_b = 0;
  domain::Id anna = 0, bo = 0, carl = 0;

  World() {
    auto uow = write();
    org_a = uow->organisations().insert(organisation("Forening A"));
    org_b = uow->organisations().insert(organisation("Forening B", 751));
    anna = uow->contacts().insert(contact(org_a, "Anna Ærø"));
    bo = uow->contacts().insert(contact(org_a, "Bo Berg"));
    carl = uow->contacts().insert(contact(org_b, "Carl Øst"));
    uow->commit();
  }

  domain::Store& store() { return *db.database; }
  std::unique_ptr<domain::UnitOfWork> write() { return db.database->begin(domain::Access::write); }
  std::unique_ptr<domain::UnitOfWork> read() { return db.database->begin(domain::Access::read); }

  // Runs `f` on a write unit of work and commits it; answers what `f` answers.
  template <class F>
  auto committed(F&& f) {
    auto uow = write();
    if constexpr (std::is_void_v<decltype(f(*uow))>) {
      f(*uow);
      uow->commit();
    } else {
      auto result = f(*uow);
      uow->commit();
      return result;
    }
  }
};

}  // namespace brobygger::testing::contract
