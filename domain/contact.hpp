#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

enum class Language { da, en };
const char* toString(Language language) noexcept;
std::optional<Language> languageFrom(std::string_view code) noexcept;

struct Consent {
  bool invitations = true;
  bool newsletter = false;
  // When and how the consent was last given or withdrawn: the role of who recorded it (officer,
  // partner, admin); nothing for people registered before consent was tracked.
  std::optional<Timestamp> updated_at;
  std::optional<std::string> source;
};

// The name an erased person carries: an anonymous participant.
inline constexpr const char* kErasedName = "Anonym deltager";

struct Contact {
  Id id = 0;
  Id organisation_id = 0;
  std::string name;
  std::optional<std::string> title;
  std::optional<std::string> email;  // as given; uniqueness is on the case-folded form
  std::optional<std::string> phone;  // normalised "+45 XXXX XXXX"
  Language language = Language::da;
  Consent consent;
  RecordStatus status = RecordStatus::active;
  std::optional<Timestamp> erased_at;  // an anonymous participant since then
  Timestamp created_at{};
  Timestamp updated_at{};
  int version = 1;
};

struct NewContact {
  Id organisation_id = 0;
  std::string name;
  std::optional<std::string> title;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  Language language = Language::da;
  Consent consent;
};

struct ContactChanges {
  Change<Id> organisation_id;
  Change<std::string> name;
  Change<std::optional<std::string>> title;
  Change<std::optional<std::string>> email;
  Change<std::optional<std::string>> phone;
  Change<Language> language;
  Change<bool> consent_invitations;
  Change<bool> consent_newsletter;
  Change<RecordStatus> status;
};

enum class ContactSort { name, name_desc, created_at, created_at_desc };

struct ContactQuery {
  std::optional<std::string> q;
  std::optional<Id> organisation_id;
  StatusFilter status = StatusFilter::active;
  ContactSort sort = ContactSort::name;
  PageRequest page;
  std::vector<int> within_districts;  // scoping: only people of organisations in these districts
};

}  // namespace brobygger::domain
