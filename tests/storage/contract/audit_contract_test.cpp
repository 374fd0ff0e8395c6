// The audit trail: entries round-trip (personal values never stored), search filters, newest first,
// paging with totals, and the log's own retention.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;

namespace {

AuditEntry entry(Timestamp when, std::optional<Id> userId, AuditAction action, std::string resource,
                 std::optional<Id> resourceId, std::vector<Id> subjects = {}) {
  AuditEntry e;
  e.at = when;
  e.user_id = userId;
  e.action = action;
  e.resource = std::move(resource);
  e.resource_id = resourceId;
  e.subjects = std::move(subjects);
  return e;
}

std::vector<Id> resourceIds(const Page<AuditEntry>& page) {
  std::vector<Id> ids;
  for (const auto& e : page.items) ids.push_back(e.resource_id.value_or(0));
  return ids;
}

// Six entries by two users (and the system) over three days; resource ids 1..6 in time order.
void recordSix(World& w) {
  w.committed([&](UnitOfWork& uow) {
    uow.audit().record(entry(at(2026, 3, 1, 9), 1, AuditAction::create, "contact", 1, {1}));
    uow.audit().record(entry(at(2026, 3, 1, 10), 1, AuditAction::update, "contact", 2, {11}));
    uow.audit().record(entry(at(2026, 3, 2, 9), 2, AuditAction::read, "organisation", 3, {1, 21}));
    uow.audit().record(entry(at(2026, 3, 2, 10), std::nullopt, AuditAction::erase, "contact", 4, {111}));
    uow.audit().record(entry(at(2026, 3, 3, 9), 2, AuditAction::export_, "registration", 5, {}));
    uow.audit().record(entry(at(2026, 3, 3, 10), 1, AuditAction::login, "session", 6));
  });
}

}  // namespace

TEST_CASE("an audit entry round-trips, a personal field records only that it changed", "[contract][audit]") {
  World w;
  auto e = entry(at(2026, 3, 10, 9, 30, 15), 42, AuditAction::update, "contact", 7, {7, 8});
  noteChange(e.fields, "name", "Anna Ærø", "Anna Øst", true);
  noteChange(e.fields, "phone", std::optional<std::string>(), std::optional<std::string>("+45 1234 5678"), true);
  noteChange(e.fields, "status", "active", "archived");
  noteChange(e.fields, "title", std::optional<std::string>("Formand"), std::optional<std::string>());
  REQUIRE(e.fields.size() == 4);
  w.committed([&](UnitOfWork& uow) {
    uow.audit().record(e);
    uow.audit().record(entry(at(2026, 3, 10, 10), std::nullopt, AuditAction::read, "series", std::nullopt));
  });
  const auto page = w.read()->audit().search(AuditQuery{});
  REQUIRE(page.items.size() == 2);
  const auto& system = page.items[0];
  CHECK_FALSE(system.user_id.has_value());
  CHECK_FALSE(system.resource_id.has_value());
  CHECK(system.subjects.empty());
  CHECK(system.fields.empty());
  const auto& stored = page.items[1];
  CHECK(stored.id > 0);
  CHECK(stored.at == at(2026, 3, 10, 9, 30, 15));
  CHECK(stored.user_id == std::optional<Id>(42));
  CHECK(stored.action == AuditAction::update);
  CHECK(stored.resource == "contact");
  CHECK(stored.resource_id == std::optional<Id>(7));
  CHECK(stored.subjects == std::vector<Id>{7, 8});
  REQUIRE(stored.fields.size() == 4);
  CHECK(stored.fields[0].field == "name");
  CHECK(stored.fields[0].personal);
  CHECK_FALSE(stored.fields[0].old_value.has_value());  // the names are not in the log
  CHECK_FALSE(stored.fields[0].new_value.has_value());
  CHECK(stored.fields[1].personal);
  CHECK_FALSE(stored.fields[1].new_value.has_value());
  CHECK_FALSE(stored.fields[2].personal);
  CHECK(stored.fields[2].old_value == std::optional<std::string>("active"));
  CHECK(stored.fields[2].new_value == std::optional<std::string>("archived"));
  CHECK(stored.fields[3].old_value == std::optional<std::string>("Formand"));
  CHECK_FALSE(stored.fields[3].new_value.has_value());
}

TEST_CASE("the audit search filters by user, resource, action, person and time, newest first", "[contract][audit]") {
  World w;
  recordSix(w);
  auto uow = w.read();
  const auto all = uow->audit().search(AuditQuery{});
  CHECK(all.total == 6);
  CHECK(resourceIds(all) == std::vector<Id>{6, 5, 4, 3, 2, 1});

  AuditQuery byUser;
  byUser.user_id = 1;
  CHECK(resourceIds(uow->audit().search(byUser)) == std::vector<Id>{6, 2, 1});
  AuditQuery byResource;
  byResource.resource = "contact";
  CHECK(resourceIds(uow->audit().search(byResource)) == std::vector<Id>{4, 2, 1});
  byResource.resource_id = 2;
  CHECK(resourceIds(uow->audit().search(byResource)) == std::vector<Id>{2});
  AuditQuery byAction;
  byAction.action = AuditAction::export_;
  CHECK(resourceIds(uow->audit().search(byAction)) == std::vector<Id>{5});
  // Person 1 is the first subject of one entry and the first of two in another; 11, 21 and 111 are others.
  AuditQuery bySubject;
  bySubject.subject = 1;
  CHECK(resourceIds(uow->audit().search(bySubject)) == std::vector<Id>{3, 1});
  bySubject.subject = 21;
  CHECK(resourceIds(uow->audit().search(bySubject)) == std::vector<Id>{3});
  bySubject.subject = 5;
  CHECK(uow->audit().search(bySubject).total == 0);
  AuditQuery window;  // [from, to)
  window.from = at(2026, 3, 1, 10);
  window.to = at(2026, 3, 3, 9);
  CHECK(resourceIds(uow->audit().search(window)) == std::vector<Id>{4, 3, 2});
  AuditQuery combined;
  combined.user_id = 2;
  combined.from = at(2026, 3, 3);
  CHECK(resourceIds(uow->audit().search(combined)) == std::vector<Id>{5});
}

TEST_CASE("audit pages are slices of the newest-first order with the whole total", "[contract][audit]") {
  World w;
  recordSix(w);
  auto uow = w.read();
  AuditQuery paged;
  paged.page.limit = 4;
  paged.page.offset = 4;
  const auto last = uow->audit().search(paged);
  CHECK(last.total == 6);
  CHECK(last.limit == 4);
  CHECK(last.offset == 4);
  CHECK(resourceIds(last) == std::vector<Id>{2, 1});
  paged.page.offset = 6;
  const auto beyond = uow->audit().search(paged);
  CHECK(beyond.total == 6);
  CHECK(beyond.items.empty());
  paged.user_id = 2;
  paged.page.offset = 1;
  const auto filtered = uow->audit().search(paged);
  CHECK(filtered.total == 2);
  CHECK(resourceIds(filtered) == std::vector<Id>{3});
}

TEST_CASE("the audit log's retention removes exactly the entries before the cutoff", "[contract][audit][retention]") {
  World w;
  recordSix(w);
  CHECK(w.read()->retention().auditEntriesBefore(at(2026, 3, 2, 9)) == 2);  // counting changes nothing
  CHECK(w.read()->retention().auditEntriesBefore(at(2026, 3, 1)) == 0);
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.audit().purgeBefore(at(2026, 3, 2, 9)); }) == 2);
  auto uow = w.read();
  CHECK(resourceIds(uow->audit().search(AuditQuery{})) == std::vector<Id>{6, 5, 4, 3});
  CHECK(uow->retention().auditEntriesBefore(at(2026, 3, 2, 9)) == 0);
  CHECK(w.committed([&](UnitOfWork& u) { return u.audit().purgeBefore(at(2026, 3, 2, 9)); }) == 0);
}

TEST_CASE("an audit entry that is not committed is not kept", "[contract][audit][transactions]") {
  World w;
  {
    auto uow = w.write();
    uow->audit().record(entry(at(2026, 3, 1, 9), 1, AuditAction::create, "contact", 1));
  }
  CHECK(w.read()->audit().search(AuditQuery{}).total == 0);
}
