#pragma once
// The policy table as `brobygger routes --policy` prints it: every rule with the routes that serve it.
#include <string>

#include "api/router.hpp"

namespace brobygger::api {

// A table for people (one line per route, the rule's grants beside it).
std::string policyText(const Router& router);
// The same as JSON, for tools: {"roles": [...], "rules": [{"action", "anonymous", "grants": {role: grant},
// "districts", "conceal", "refusal", "routes": ["GET /api/v1/..."]}]}. The web admin's `can` is generated
// from it (web-admin/src/policy.ts).
std::string policyJson(const Router& router);

}  // namespace brobygger::api
