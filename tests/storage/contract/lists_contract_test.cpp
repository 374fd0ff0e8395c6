// Lists the other contract files touch only in part: an event's registrations, series pages, people
// by status and creation, and the district scoping of officers limited to police districts.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;
using namespace std::chrono_literals;

namespace {

template <class T>
std::vector<Id> idsOf(const std::vector<T>& items) {
  std::vector<Id> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

std::vector<Id> contactIdsOf(const Page<Registration>& page) {
  std::vector<Id> ids;
  for (const auto& r : page.items) ids.push_back(r.contact_id);
  return ids;
}

}  // namespace

TEST_CASE("an event's registrations list in arrival order, by status and organisation, paged with a total",
          "[contract][registrations]") {
  World w;
  Id dora = 0, seminar = 0, other = 0;
  w.committed([&](UnitOfWork& uow) {
    dora = uow.contacts().insert(contact(w.org_b, "Dora Dam"));
    seminar = uow.events().insert(event("Seminar", at(2026, 4, 1, 9)));
    other = uow.events().insert(event("Andet", at(2026, 4, 2, 9)));
    // Arrival order differs from id order; Bo and Carl arrive in the same second.
    uow.registrations().insert(registration(seminar, w.anna, w.org_a, RegistrationStatus::confirmed, at(2026, 3, 3)));
    uow.registrations().insert(registration(seminar, w.carl, w.org_b, RegistrationStatus::waitlisted, at(2026, 3, 2)));
    uow.registrations().insert(registration(seminar, w.bo, w.org_a, RegistrationStatus::confirmed, at(2026, 3, 2)));
    uow.registrations().insert(registration(seminar, dora, w.org_b, RegistrationStatus::cancelled, at(2026, 3, 1)));
    uow.registrations().insert(registration(other, w.anna, w.org_a, RegistrationStatus::confirmed, at(2026, 3, 1)));
  });
  auto uow = w.read();
  RegistrationQuery all;
  all.event_id = seminar;
  const auto page = uow->registrations().list(all);
  CHECK(page.total == 4);
  CHECK(contactIdsOf(page) == std::vector<Id>{dora, w.carl, w.bo, w.anna});
  CHECK(page.items[1].contact_name == "Carl Øst");
  CHECK(page.items[1].organisation_name == "Forening B");

  RegistrationQuery confirmed = all;
  confirmed.status = RegistrationStatus::confirmed;
  CHECK(contactIdsOf(uow->registrations().list(confirmed)) == std::vector<Id>{w.bo, w.anna});
  RegistrationQuery ofB = all;
  ofB.organisation_id = w.org_b;
  CHECK(contactIdsOf(uow->registrations().list(ofB)) == std::vector<Id>{dora, w.carl});
  ofB.status = RegistrationStatus::waitlisted;
  CHECK(contactIdsOf(uow->registrations().list(ofB)) == std::vector<Id>{w.carl});

  RegistrationQuery paged = all;
  paged.page.limit = 2;
  paged.page.offset = 1;
  const auto middle = uow->registrations().list(paged);
  CHECK(middle.total == 4);
  CHECK(middle.limit == 2);
  CHECK(middle.offset == 1);
  CHECK(contactIdsOf(middle) == std::vector<Id>{w.carl, w.bo});
  paged.page.offset = 4;
  const auto beyond = uow->registrations().list(paged);
  CHECK(beyond.total == 4);
  CHECK(beyond.items.empty());
}

TEST_CASE("people list by status, by creation both ways, and in pages", "[contract][contacts]") {
  World w;  // Anna, Bo (organisation A) and Carl (B), all created 2026-01-01
  Id early = 0, late = 0, archived = 0;
  w.committed([&](UnitOfWork& uow) {
    early = uow.contacts().insert(contact(w.org_b, "Tidlig", at(2025, 6, 1)));
    late = uow.contacts().insert(contact(w.org_a, "Sen", at(2026, 2, 1)));
    auto gone = contact(w.org_a, "Arkiveret", at(2025, 1, 1));
    gone.status = RecordStatus::archived;
    archived = uow.contacts().insert(gone);
  });
  auto uow = w.read();
  ContactQuery active;
  active.sort = ContactSort::created_at;
  CHECK(idsOf(uow->contacts().list(active).items) == std::vector<Id>{early, w.anna, w.bo, w.carl, late});
  active.sort = ContactSort::created_at_desc;
  CHECK(idsOf(uow->contacts().list(active).items) == std::vector<Id>{late, w.carl, w.bo, w.anna, early});
  ContactQuery onlyArchived;
  onlyArchived.status = StatusFilter::archived;
  CHECK(idsOf(uow->contacts().list(onlyArchived).items) == std::vector<Id>{archived});
  ContactQuery everyone;
  everyone.status = StatusFilter::all;
  everyone.sort = ContactSort::created_at;
  everyone.page.limit = 2;
  everyone.page.offset = 4;
  const auto page = uow->contacts().list(everyone);
  CHECK(page.total == 6);
  CHECK(idsOf(page.items) == std::vector<Id>{w.carl, late});
  ContactQuery ofA;
  ofA.organisation_id = w.org_a;
  ofA.status = StatusFilter::all;
  CHECK(uow->contacts().list(ofA).total == 4);
}

TEST_CASE("series list in pages by id with a total", "[contract][series]") {
  World w;
  std::vector<Id> ids;
  w.committed([&](UnitOfWork& uow) {
    for (int i = 0; i < 3; ++i) {
      Series s;
      s.details.kind = "seminar";
      s.details.title = "Række " + std::to_string(i);
      s.rrule = "FREQ=WEEKLY";
      s.first_start = LocalDateTime{2026, 4, static_cast<unsigned>(1 + i), 10, 0};
      s.materialised_until = s.first_start;
      s.created_at = s.updated_at = at(2026, 3, 1);
      ids.push_back(uow.series().insert(s));
    }
  });
  auto uow = w.read();
  PageRequest page;
  page.limit = 2;
  page.offset = 1;
  const auto found = uow->series().list(page);
  CHECK(found.total == 3);
  CHECK(found.limit == 2);
  CHECK(found.offset == 1);
  CHECK(idsOf(found.items) == std::vector<Id>{ids[1], ids[2]});
  page.offset = 3;
  CHECK(uow->series().list(page).items.empty());
}

TEST_CASE("district scoping: organisations, people and events only within the districts named", "[contract][scoping]") {
  World w;  // organisation A in København (district 11), B in Aarhus (district 2)
  Id organiser = 0, inCopenhagen = 0, inAarhus = 0, organisedInAarhus = 0, nowhere = 0;
  w.committed([&](UnitOfWork& uow) {
    organiser = uow.users().insert(user("officer@example.dk", "Officer"));
    inCopenhagen = uow.events().insert(event("København", at(2026, 4, 1, 9)));
    auto aarhus = event("Aarhus", at(2026, 4, 2, 9));
    aarhus.details.police_district_id = 2;
    inAarhus = uow.events().insert(aarhus);
    aarhus.details.title = "Aarhus, egen";
    aarhus.details.organiser_user_id = organiser;
    organisedInAarhus = uow.events().insert(aarhus);
    auto online = event("Online", at(2026, 4, 3, 9));
    online.details.police_district_id.reset();
    online.details.venue = Venue{};
    nowhere = uow.events().insert(online);
  });
  auto uow = w.read();
  OrganisationQuery organisations;
  organisations.within_districts = {2};
  CHECK(idsOf(uow->organisations().list(organisations).items) == std::vector<Id>{w.org_b});
  organisations.within_districts = {2, 11};
  CHECK(uow->organisations().list(organisations).total == 2);
  organisations.within_districts = {1};
  CHECK(uow->organisations().list(organisations).total == 0);

  ContactQuery people;
  people.within_districts = {11};
  CHECK(idsOf(uow->contacts().list(people).items) == std::vector<Id>{w.anna, w.bo});
  people.within_districts = {2};
  CHECK(idsOf(uow->contacts().list(people).items) == std::vector<Id>{w.carl});

  EventQuery events;
  CHECK(uow->events().list(events).total == 4);
  events.within_districts = {2};
  CHECK(idsOf(uow->events().list(events).items) == std::vector<Id>{inAarhus, organisedInAarhus});
  events.within_districts = {1};
  events.within_districts_or_organiser = organiser;  // their own events, wherever they are
  CHECK(idsOf(uow->events().list(events).items) == std::vector<Id>{organisedInAarhus});
  events.within_districts = {11};
  CHECK(idsOf(uow->events().list(events).items) == std::vector<Id>{inCopenhagen, organisedInAarhus});
  (void)nowhere;
}

TEST_CASE("a people list's total is kept only until a write changes which people it holds", "[contract][contacts]") {
  World w;  // Anna, Bo (organisation A, district 11) and Carl (B, district 2)
  const auto total = [&](const ContactQuery& q) { return w.read()->contacts().list(q).total; };
  ContactQuery active;
  ContactQuery archived;
  archived.status = StatusFilter::archived;
  ContactQuery inCopenhagen;
  inCopenhagen.within_districts = {11};
  ContactQuery named;
  named.q = "carlo";
  CHECK(total(active) == 3);
  CHECK(total(active) == 3);  // kept
  CHECK(total(inCopenhagen) == 2);
  CHECK(total(named) == 0);
  const auto dora = w.committed([&](UnitOfWork& uow) { return uow.contacts().insert(contact(w.org_b, "Dora Dam")); });
  CHECK(total(active) == 4);
  w.committed([&](UnitOfWork& uow) {  // archived, and renamed
    auto anna = *uow.contacts().find(w.anna);
    anna.status = RecordStatus::archived;
    CHECK(uow.contacts().update(anna, anna.version));
    auto carl = *uow.contacts().find(w.carl);
    carl.name = "Carlo Øst";
    CHECK(uow.contacts().update(carl, carl.version));
  });
  CHECK(total(active) == 3);
  CHECK(total(archived) == 1);
  CHECK(total(named) == 1);
  CHECK(total(inCopenhagen) == 1);
  w.committed([&](UnitOfWork& uow) { uow.contacts().erase(w.bo, at(2026, 2, 1)); });
  CHECK(total(active) == 2);
  CHECK(total(archived) == 2);
  CHECK(total(inCopenhagen) == 0);
  // Organisation B moves to district 11: its people are now in Copenhagen's lists.
  w.committed([&](UnitOfWork& uow) {
    auto b = *uow.organisations().find(w.org_b);
    b.municipality_id = 101;
    b.police_district_id = 11;
    b.region_id = 1084;
    CHECK(uow.organisations().update(b, b.version));
  });
  CHECK(total(inCopenhagen) == 2);
  // Merged organisations: B's people move to A.
  ContactQuery ofA;
  ofA.organisation_id = w.org_a;
  ofA.status = StatusFilter::all;
  CHECK(total(ofA) == 2);
  w.committed([&](UnitOfWork& uow) { uow.merges().moveOrganisation(w.org_b, w.org_a); });
  CHECK(total(ofA) == 4);
  // A write that is not committed changes nothing.
  {
    auto uow = w.write();
    uow->contacts().erase(dora, at(2026, 2, 1));
  }
  CHECK(total(active) == 2);
}

TEST_CASE("a people list counted inside a write that is then undone keeps nothing of it", "[contract][contacts]") {
  World w;
  ContactQuery active;
  CHECK(w.read()->contacts().list(active).total == 3);
  {
    auto uow = w.write();
    uow->contacts().insert(contact(w.org_a, "Fortrudt"));
    CHECK(uow->contacts().list(active).total == 4);  // its own write, counted, not kept
  }                                                  // rolled back
  CHECK(w.read()->contacts().list(active).total == 3);
  w.committed([&](UnitOfWork& uow) { uow.contacts().insert(contact(w.org_a, "Blev")); });
  CHECK(w.read()->contacts().list(active).total == 4);
}
