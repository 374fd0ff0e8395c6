#include "domain/reference.hpp"
#include "domain/write.hpp"

#include <algorithm>

#include "domain/services.hpp"

namespace brobygger::domain {

ReferenceCatalog::ReferenceCatalog(ReferenceData data) : data_(std::move(data)) {
  for (std::size_t i = 0; i < data_.municipalities.size(); ++i) municipality_index_[data_.municipalities[i].id] = i;
}

const Municipality* ReferenceCatalog::municipality(int id) const noexcept {
  const auto it = municipality_index_.find(id);
  return it == municipality_index_.end() ? nullptr : &data_.municipalities[it->second];
}

bool ReferenceCatalog::hasOrganisationKind(const std::string& code) const noexcept {
  return std::any_of(data_.organisation_kinds.begin(), data_.organisation_kinds.end(),
                     [&](const auto& kind) { return kind.code == code; });
}

bool ReferenceCatalog::hasEventKind(const std::string& code) const noexcept {
  return std::any_of(data_.event_kinds.begin(), data_.event_kinds.end(),
                     [&](const auto& kind) { return kind.code == code; });
}

bool ReferenceCatalog::hasActivityKind(const std::string& code) const noexcept {
  return std::any_of(data_.activity_kinds.begin(), data_.activity_kinds.end(),
                     [&](const auto& kind) { return kind.code == code; });
}

bool ReferenceCatalog::hasPoliceDistrict(int id) const noexcept {
  return std::any_of(data_.police_districts.begin(), data_.police_districts.end(),
                     [&](const auto& district) { return district.id == id; });
}

bool ReferenceCatalog::hasRegion(int id) const noexcept {
  return std::any_of(data_.regions.begin(), data_.regions.end(), [&](const auto& region) { return region.id == id; });
}

ReferenceCatalog ReferenceService::loadCatalog() {
  auto uow = store_.begin(Access::read);
  return ReferenceCatalog(uow->reference().load());
}

void ReferenceService::seed(const ReferenceData& data) {
  return write(store_, [&](UnitOfWork& uow) {
    uow.reference().upsert(data);
    uow.commit();
  });
}

}  // namespace brobygger::domain
