// String codes of the domain's enumerations, as they appear in the API and the database.
#include <string_view>

#include "domain/contact.hpp"
#include "domain/types.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

const char* toString(RecordStatus status) noexcept { return status == RecordStatus::active ? "active" : "archived"; }

std::optional<RecordStatus> recordStatusFrom(std::string_view code) noexcept {
  if (code == "active") return RecordStatus::active;
  if (code == "archived") return RecordStatus::archived;
  return std::nullopt;
}

const char* toString(Role role) noexcept {
  switch (role) {
    case Role::admin: return "admin";
    case Role::officer: return "officer";
    case Role::manager: return "manager";
    case Role::partner: return "partner";
  }
  return "officer";
}

std::optional<Role> roleFrom(std::string_view code) noexcept {
  if (code == "admin") return Role::admin;
  if (code == "officer") return Role::officer;
  if (code == "manager") return Role::manager;
  if (code == "partner") return Role::partner;
  return std::nullopt;
}

const char* toString(UserStatus status) noexcept { return status == UserStatus::active ? "active" : "disabled"; }

std::optional<UserStatus> userStatusFrom(std::string_view code) noexcept {
  if (code == "active") return UserStatus::active;
  if (code == "disabled") return UserStatus::disabled;
  return std::nullopt;
}

const char* toString(Language language) noexcept { return language == Language::da ? "da" : "en"; }

std::optional<Language> languageFrom(std::string_view code) noexcept {
  if (code == "da") return Language::da;
  if (code == "en") return Language::en;
  return std::nullopt;
}

}  // namespace brobygger::domain
