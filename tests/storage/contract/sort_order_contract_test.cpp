// Names sort the Danish way, identically on both backends: Æ, Ø, Å after Z; "Aa" is Å; Ä sorts with Æ,
// Ö with Ø and Ü with Y; letters differing only in case or accent are equal (MariaDB's utf8mb4_danish_ci is
// case- and accent-insensitive), so the id decides between them.
#include "tests/storage/contract/contract_support.hpp"

#include <algorithm>

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;

namespace {

// Inserted in this order, so that ids do not follow the names.
const std::vector<std::string> kInserted = {"Øster", "Aalborg", "Éva",  "Åby", "anna", "Zebra", "Ülla",
                                            "Æble",  "Eva",     "Anna", "Bo",  "Ærø",  "Ängel", "Vera"};
// Ascending; anna/Anna and Éva/Eva are equal by name and come in id (insertion) order; Ü is a Y.
const std::vector<std::string> kAscending = {"anna",  "Anna", "Bo",    "Éva", "Eva",   "Vera", "Ülla",
                                             "Zebra", "Æble", "Ängel", "Ærø", "Øster", "Åby",  "Aalborg"};

template <class T>
std::vector<std::string> namesOf(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name);
  return names;
}

std::vector<std::string> reversed(std::vector<std::string> names) {
  std::reverse(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("organisations sort by Danish name both ways, equal names by id", "[contract][sort]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    for (const auto& name : kInserted) uow->organisations().insert(organisation(name));
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  OrganisationQuery up;
  CHECK(namesOf(uow->organisations().list(up).items) == kAscending);
  OrganisationQuery down;
  down.sort = OrganisationSort::name_desc;
  CHECK(namesOf(uow->organisations().list(down).items) == reversed(kAscending));
  // A page is a slice of the same order.
  up.page.offset = 11;
  up.page.limit = 2;
  const auto page = uow->organisations().list(up);
  CHECK(page.total == static_cast<int>(kInserted.size()));
  CHECK(namesOf(page.items) == std::vector<std::string>{"Øster", "Åby"});
}

TEST_CASE("people sort by Danish name both ways, equal names by id", "[contract][sort]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    const auto org = uow->organisations().insert(organisation("Forening"));
    for (const auto& name : kInserted) uow->contacts().insert(contact(org, name));
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  ContactQuery up;
  CHECK(namesOf(uow->contacts().list(up).items) == kAscending);
  ContactQuery down;
  down.sort = ContactSort::name_desc;
  CHECK(namesOf(uow->contacts().list(down).items) == reversed(kAscending));
}

TEST_CASE("users sort by Danish name, equal names by id", "[contract][sort]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    int n = 0;
    for (const auto& name : kInserted) uow->users().insert(user("u" + std::to_string(++n) + "@example.dk", name));
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  CHECK(namesOf(uow->users().list(UserQuery{}).items) == kAscending);
  UserQuery paged;
  paged.page.offset = 12;
  paged.page.limit = 5;
  const auto page = uow->users().list(paged);
  CHECK(page.total == static_cast<int>(kInserted.size()));
  CHECK(namesOf(page.items) == std::vector<std::string>{"Åby", "Aalborg"});
}

TEST_CASE("dormant organisations that never attended sort by Danish name", "[contract][sort][reports]") {
  FreshDatabase db;
  {
    auto uow = db.database->begin(Access::write);
    for (const auto& name : kInserted) uow->organisations().insert(organisation(name));
    uow->commit();
  }
  auto uow = db.database->begin(Access::read);
  DormantSelection selection;
  selection.cutoff = at(2026, 1, 1);
  const auto page = uow->reports().dormant(selection);
  CHECK(page.total == static_cast<int>(kInserted.size()));
  std::vector<std::string> names;
  for (const auto& d : page.items) names.push_back(d.name);
  CHECK(names == kAscending);
}

TEST_CASE("municipalities load in Danish order of their names", "[contract][sort][reference]") {
  FreshDatabase db;  // the real reference data: all 98 municipalities
  auto uow = db.database->begin(Access::read);
  const auto municipalities = uow->reference().load().municipalities;
  REQUIRE(municipalities.size() == 98);
  std::vector<std::string> names;
  for (const auto& m : municipalities) names.push_back(m.name_da);
  CHECK(names.front() == "Albertslund");
  // Aabenraa, Aalborg and Aarhus are Å-names: after Ærø, at the very end.
  const std::vector<std::string> last(names.end() - 4, names.end());
  CHECK(last == std::vector<std::string>{"Ærø", "Aabenraa", "Aalborg", "Aarhus"});
}
