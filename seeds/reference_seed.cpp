#include <nlohmann/json.hpp>

#include <stdexcept>

#include "seeds/seed_files.hpp"
#include "seeds/seeds.hpp"

namespace brobygger::seeds {

nlohmann::json seedFile(std::string_view path) {
  for (const auto& file : seed_files::files()) {
    if (file.path == path) return nlohmann::json::parse(file.content);
  }
  throw std::runtime_error("seed file missing from the build: " + std::string(path));
}

domain::ReferenceData referenceData() {
  domain::ReferenceData data;
  for (const auto& r : seedFile("reference/regions.json")) {
    data.regions.push_back({r.at("id").get<int>(), r.at("code"), r.at("name_da"), r.at("name_en")});
  }
  for (const auto& d : seedFile("reference/police_districts.json")) {
    data.police_districts.push_back({d.at("id").get<int>(), d.at("code"), d.at("name_da"), d.at("name_en")});
  }
  for (const auto& m : seedFile("reference/municipalities.json")) {
    data.municipalities.push_back({m.at("id").get<int>(), m.at("code"), m.at("name_da"), m.at("name_en"),
                                   m.at("region_id").get<int>(), m.at("police_district_id").get<int>()});
  }
  for (const auto& k : seedFile("reference/organisation_kinds.json")) {
    data.organisation_kinds.push_back({k.at("code"), k.at("name_da"), k.at("name_en"), k.at("group")});
  }
  for (const auto& k : seedFile("reference/event_kinds.json")) {
    data.event_kinds.push_back({k.at("code"), k.at("name_da"), k.at("name_en")});
  }
  for (const auto& k : seedFile("reference/activity_kinds.json")) {
    data.activity_kinds.push_back({k.at("code"), k.at("name_da"), k.at("name_en")});
  }
  return data;
}

}  // namespace brobygger::seeds
