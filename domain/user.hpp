#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/contact.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

enum class Role { admin, officer, manager, partner };
enum class UserStatus { active, disabled };

const char* toString(Role role) noexcept;
std::optional<Role> roleFrom(std::string_view code) noexcept;
const char* toString(UserStatus status) noexcept;
std::optional<UserStatus> userStatusFrom(std::string_view code) noexcept;

struct User {
  Id id = 0;
  std::string email;  // stored case-folded
  std::string name;
  Role role = Role::officer;
  std::optional<Id> organisation_id;  // partners only
  UserStatus status = UserStatus::active;
  std::string password_hash;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> last_login_at;
  // An officer limited to these police districts (need to know); empty: national.
  std::vector<int> police_district_ids{};
  int version = 1;
  // The language the user reads the server in when a request asks for none (api/language.hpp).
  Language language = Language::da;
};

// Who is asking. Every service call takes one; scoping rules read it.
struct Actor {
  Id user_id = 0;
  Role role = Role::officer;
  std::optional<Id> organisation_id;
  // An officer limited to these police districts sees only organisations (and their people) and
  // events there; empty: national.
  std::vector<int> police_district_ids{};

  bool isPartner() const noexcept { return role == Role::partner; }
  bool limitedToDistricts() const noexcept { return !police_district_ids.empty(); }
  bool coversDistrict(std::optional<int> district) const noexcept {
    if (police_district_ids.empty()) return true;
    return district &&
           std::find(police_district_ids.begin(), police_district_ids.end(), *district) != police_district_ids.end();
  }
  bool isStaff() const noexcept { return role == Role::admin || role == Role::officer; }
};

}  // namespace brobygger::domain
