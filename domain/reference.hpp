#pragma once
// Reference data: regions, police districts, municipalities and the kinds of organisation, event and
// activity.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

struct Region {
  int id = 0;
  std::string code, name_da, name_en;
};

struct PoliceDistrict {
  int id = 0;
  std::string code, name_da, name_en;
};

struct Municipality {
  int id = 0;  // the official municipality code (101 = København)
  std::string code, name_da, name_en;
  int region_id = 0;
  int police_district_id = 0;
};

struct OrganisationKind {
  std::string code, name_da, name_en, group;
};

struct EventKind {
  std::string code, name_da, name_en;
};

// A kind of outreach activity (visit, phone_call, meeting, email, dialogue_meeting, other).
struct ActivityKind {
  std::string code, name_da, name_en;
};

struct ReferenceData {
  std::vector<Region> regions;
  std::vector<PoliceDistrict> police_districts;
  std::vector<Municipality> municipalities;
  std::vector<OrganisationKind> organisation_kinds;
  std::vector<EventKind> event_kinds;
  std::vector<ActivityKind> activity_kinds;
};

// An immutable, indexed view of the reference data, loaded once at start (it changes only by
// `brobygger seed reference`, which a restart picks up).
class ReferenceCatalog {
 public:
  ReferenceCatalog() = default;
  explicit ReferenceCatalog(ReferenceData data);

  const ReferenceData& data() const noexcept { return data_; }
  const Municipality* municipality(int id) const noexcept;
  bool hasOrganisationKind(const std::string& code) const noexcept;
  bool hasEventKind(const std::string& code) const noexcept;
  bool hasActivityKind(const std::string& code) const noexcept;
  bool hasPoliceDistrict(int id) const noexcept;
  bool hasRegion(int id) const noexcept;

 private:
  ReferenceData data_;
  std::map<int, std::size_t> municipality_index_;
};

}  // namespace brobygger::domain
