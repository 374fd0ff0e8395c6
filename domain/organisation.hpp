#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

struct Organisation {
  Id id = 0;
  std::string name;
  std::string kind;
  std::optional<std::string> cvr;
  int municipality_id = 0;
  int police_district_id = 0;  // derived from the municipality
  int region_id = 0;           // derived from the municipality
  std::optional<std::string> address;
  std::optional<std::string> website;
  std::vector<std::string> tags;
  RecordStatus status = RecordStatus::active;
  std::optional<Id> responsible_user_id;
  // Read-only, kept by storage in the transaction of the change that moves them: the latest activity's
  // occurred_at, the start of the latest event one of its people attended, and its open follow-ups.
  std::optional<Timestamp> last_activity_at;
  std::optional<Timestamp> last_attended_at;
  int open_follow_ups = 0;
  // Set while the organisation is merged into another (status merged); see MergeService.
  std::optional<Id> merged_into_id;
  Timestamp created_at{};
  Timestamp updated_at{};
  int version = 1;
};

struct NewOrganisation {
  std::string name;
  std::string kind;
  std::optional<std::string> cvr;
  int municipality_id = 0;
  std::optional<std::string> address;
  std::optional<std::string> website;
  std::vector<std::string> tags;
  std::optional<Id> responsible_user_id;
};

struct OrganisationChanges {
  Change<std::string> name;
  Change<std::string> kind;
  Change<std::optional<std::string>> cvr;
  Change<int> municipality_id;
  Change<std::optional<std::string>> address;
  Change<std::optional<std::string>> website;
  Change<std::vector<std::string>> tags;
  Change<RecordStatus> status;
  Change<std::optional<Id>> responsible_user_id;
};

enum class OrganisationSort {
  name,
  name_desc,
  created_at,
  created_at_desc,
  updated_at,
  updated_at_desc,
  last_activity_at,       // never-reached ones first, then the longest ago
  last_activity_at_desc,  // the latest first, never-reached ones last
};

struct OrganisationQuery {
  std::optional<std::string> q;
  std::optional<std::string> kind;
  std::optional<int> police_district_id;
  std::optional<int> municipality_id;
  std::optional<int> region_id;
  std::optional<Id> responsible_user_id;
  StatusFilter status = StatusFilter::active;
  OrganisationSort sort = OrganisationSort::name;
  PageRequest page;
  std::optional<Id> only_id;          // set by scoping for partners
  std::vector<int> within_districts;  // set by scoping for officers limited to districts
};

}  // namespace brobygger::domain
