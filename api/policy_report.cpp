#include "api/policy_report.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <map>

namespace brobygger::api {

namespace {

constexpr std::array<const char*, 4> kRoles{"admin", "officer", "manager", "partner"};

std::map<domain::Action, std::vector<std::string>> routesByAction(const Router& router) {
  std::map<domain::Action, std::vector<std::string>> out;
  for (const auto& route : router.routes()) out[route.action].push_back(route.method + " " + route.pattern);
  return out;
}

}  // namespace

std::string policyText(const Router& router) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-58s %-34s %-6s %-7s %-7s %-7s %-9s %s\n", "route", "action", "admin", "officer",
                "manager", "partner", "districts", "notes");
  out += line;
  for (const auto& route : router.routes()) {
    const auto& rule = domain::ruleFor(route.action);
    std::string notes;
    if (rule.anonymous) notes += "no session; ";
    if (rule.conceal) notes += "hidden resources 404 before 403";
    std::snprintf(line, sizeof line, "%-58s %-34s %-6s %-7s %-7s %-7s %-9s %s\n",
                  (route.method + " " + route.pattern).c_str(), std::string(rule.code).c_str(),
                  domain::toString(rule.grants[0]), domain::toString(rule.grants[1]), domain::toString(rule.grants[2]),
                  domain::toString(rule.grants[3]), domain::toString(rule.districts), notes.c_str());
    out += line;
  }
  return out;
}

std::string policyJson(const Router& router) {
  const auto routes = routesByAction(router);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : domain::policyTable()) {
    nlohmann::json grants(nlohmann::json::value_t::object);
    for (std::size_t i = 0; i < kRoles.size(); ++i) grants[kRoles[i]] = domain::toString(rule.grants[i]);
    const auto found = routes.find(rule.action);
    rules.push_back({{"action", std::string(rule.code)},
                     {"anonymous", rule.anonymous},
                     {"grants", std::move(grants)},
                     {"districts", domain::toString(rule.districts)},
                     {"conceal", rule.conceal},
                     {"refusal", std::string(rule.refusal)},
                     {"routes", found == routes.end() ? std::vector<std::string>{} : found->second}});
  }
  return nlohmann::json{{"roles", kRoles}, {"rules", std::move(rules)}}.dump(2) + "\n";
}

}  // namespace brobygger::api
