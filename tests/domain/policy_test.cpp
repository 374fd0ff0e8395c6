// The policy table: one row per action, and what authorize / authorizeOn answer for each kind of
// caller (role x own/other organisation x police district).
#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>

#include "domain/error.hpp"
#include "domain/policy.hpp"

using namespace brobygger::domain;

namespace {

const Actor kAdmin{1, Role::admin, std::nullopt};
const Actor kOfficer{2, Role::officer, std::nullopt};
const Actor kManager{3, Role::manager, std::nullopt};
const Actor kPartner{4, Role::partner, Id{10}};
const Actor kLocalOfficer{5, Role::officer, std::nullopt, {3}};  // limited to police district 3

ErrorCode codeOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const DomainError& e) {
    return e.code();
  }
  FAIL("no error");
  return ErrorCode::invalid;
}

}  // namespace

TEST_CASE("Every action has exactly one rule, in order, with a unique code", "[policy]") {
  const auto& table = policyTable();
  REQUIRE(table.size() == static_cast<std::size_t>(kLastAction) + 1);
  std::set<std::string> codes;
  for (std::size_t i = 0; i < table.size(); ++i) {
    INFO(table[i].code);
    CHECK(static_cast<std::size_t>(table[i].action) == i);
    CHECK(codes.insert(std::string(table[i].code)).second);
    CHECK(std::string(toString(table[i].action)) == table[i].code);
    // A denied role is told why.
    for (const auto grant : table[i].grants)
      if (grant == Grant::deny) CHECK_FALSE(table[i].refusal.empty());
  }
}

TEST_CASE("authorize: the role decides, and a limited officer is refused what spans the country", "[policy]") {
  CHECK_NOTHROW(authorize(kAdmin, Action::read_audit));
  CHECK(codeOf([] { authorize(kOfficer, Action::read_audit); }) == ErrorCode::forbidden);
  CHECK(codeOf([] { authorize(kManager, Action::read_contact); }) == ErrorCode::forbidden);
  CHECK_NOTHROW(authorize(kManager, Action::read_reports));
  CHECK(codeOf([] { authorize(kPartner, Action::read_reports); }) == ErrorCode::forbidden);
  CHECK_NOTHROW(authorize(kOfficer, Action::read_outbox));
  CHECK(codeOf([] { authorize(kLocalOfficer, Action::read_outbox); }) == ErrorCode::forbidden);
  CHECK(permits(kPartner, Action::read_contact));
  CHECK_FALSE(permits(kPartner, Action::create_event));
  CHECK(grantOf(kPartner, Action::read_contact) == Grant::own);
  CHECK(grantOf(kOfficer, Action::read_contact) == Grant::all);
}

TEST_CASE("authorizeOn: a partner reaches its own organisation only, a limited officer its districts", "[policy]") {
  const Reach own{Id{10}, 3}, other{Id{11}, 7};
  CHECK_NOTHROW(authorizeOn(kPartner, Action::read_contact, own, "Contact"));
  CHECK(codeOf([&] { authorizeOn(kPartner, Action::read_contact, other, "Contact"); }) == ErrorCode::not_found);
  CHECK_NOTHROW(authorizeOn(kOfficer, Action::read_contact, other, "Contact"));
  CHECK_NOTHROW(authorizeOn(kLocalOfficer, Action::read_contact, own, "Contact"));
  CHECK(codeOf([&] { authorizeOn(kLocalOfficer, Action::read_contact, other, "Contact"); }) == ErrorCode::not_found);
  // An unknown district is outside every limit.
  CHECK(codeOf([&] {
          authorizeOn(kLocalOfficer, Action::read_contact, {Id{10}, std::nullopt}, "Contact");
        }) == ErrorCode::not_found);
  // Series are planned nationally: districts do not apply.
  CHECK_NOTHROW(authorizeOn(kLocalOfficer, Action::read_series, other, "Series"));
  // The role comes first where the rule does not conceal: a manager gets 403, not 404.
  CHECK(codeOf([&] { authorizeOn(kManager, Action::read_contact, other, "Contact"); }) == ErrorCode::forbidden);
}

TEST_CASE("A concealed rule answers 404 for what the caller cannot see, 403 for what it can", "[policy]") {
  REQUIRE(ruleFor(Action::archive_organisation).conceal);
  CHECK(codeOf([] {
          authorizeOn(kPartner, Action::archive_organisation, {Id{10}, 3}, "Organisation");
        }) == ErrorCode::forbidden);
  CHECK(codeOf([] {
          authorizeOn(kPartner, Action::archive_organisation, {Id{11}, 3}, "Organisation");
        }) == ErrorCode::not_found);
  CHECK_NOTHROW(authorizeOn(kOfficer, Action::archive_organisation, {Id{11}, 3}, "Organisation"));
  // Not concealed: the role is refused whatever the resource.
  REQUIRE_FALSE(ruleFor(Action::erase_contact).conceal);
  CHECK(codeOf([] { authorizeOn(kPartner, Action::erase_contact, {Id{11}, 3}, "Contact"); }) == ErrorCode::forbidden);
}

TEST_CASE("Only the login, the health checks and the feed token need no session", "[policy]") {
  std::set<std::string> anonymous;
  for (const auto& rule : policyTable())
    if (rule.anonymous) anonymous.insert(std::string(rule.code));
  CHECK(anonymous == std::set<std::string>{"session.login", "operations.health", "calendar.feed"});
}
