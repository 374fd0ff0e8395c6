#pragma once
// What every API test program shares: one fresh database with the demo data, one server, one
// session per role, and the checks of problem+json answers.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server_harness.hpp"

namespace brobygger::testing {

struct World {
  TestWorld data;
  ServerProcess server{data.database()};
  std::map<std::string, std::string> tokens;
  std::map<std::string, long long> user_ids;
  std::map<std::string, std::string> user_names;
  long long partner_organisation = 0;
  long long other_organisation = 0;  // an organisation that is not the partner's

  World();
  std::string bearer(const std::string& role) const { return "Authorization: Bearer " + tokens.at(role); }
};

World& world();
HttpClient& client();
Reply as(const std::string& role, const std::string& method, const std::string& path,
         const nlohmann::json& body = nullptr, std::vector<std::string> headers = {});
// A problem+json answer with this status, and its required members.
void checkProblem(const Reply& reply, long status);
bool hasFieldError(const nlohmann::json& body, const std::string& field);
bool hasFieldError(const Reply& reply, const std::string& field);

}  // namespace brobygger::testing
