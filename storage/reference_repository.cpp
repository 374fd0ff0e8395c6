#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

ReferenceData SociReferenceRepository::load() {
  return guarded(c_, [&] {
    ReferenceData data;
    {
      Region r;
      soci::statement st = (c_.sql.prepare << "SELECT id, code, name_da, name_en FROM regions ORDER BY id",
                            soci::into(r.id), soci::into(r.code), soci::into(r.name_da), soci::into(r.name_en));
      st.execute();
      while (st.fetch()) data.regions.push_back(r);
    }
    {
      PoliceDistrict d;
      soci::statement st = (c_.sql.prepare << "SELECT id, code, name_da, name_en FROM police_districts ORDER BY id",
                            soci::into(d.id), soci::into(d.code), soci::into(d.name_da), soci::into(d.name_en));
      st.execute();
      while (st.fetch()) data.police_districts.push_back(d);
    }
    {
      Municipality m;
      // In Danish order on both backends (Aabenraa, Aalborg and Aarhus last, as Å-names).
      soci::statement st =
          (c_.sql.prepare << std::string("SELECT id, code, name_da, name_en, region_id, police_district_id FROM "
                                         "municipalities ORDER BY name_da") +
                                 (c_.backend == Backend::sqlite ? " COLLATE danish" : "") + ", id",
           soci::into(m.id), soci::into(m.code), soci::into(m.name_da), soci::into(m.name_en), soci::into(m.region_id),
           soci::into(m.police_district_id));
      st.execute();
      while (st.fetch()) data.municipalities.push_back(m);
    }
    {
      OrganisationKind k;
      soci::statement st =
          (c_.sql.prepare << "SELECT code, name_da, name_en, kind_group FROM organisation_kinds ORDER BY position",
           soci::into(k.code), soci::into(k.name_da), soci::into(k.name_en), soci::into(k.group));
      st.execute();
      while (st.fetch()) data.organisation_kinds.push_back(k);
    }
    {
      EventKind k;
      soci::statement st = (c_.sql.prepare << "SELECT code, name_da, name_en FROM event_kinds ORDER BY position",
                            soci::into(k.code), soci::into(k.name_da), soci::into(k.name_en));
      st.execute();
      while (st.fetch()) data.event_kinds.push_back(k);
    }
    {
      ActivityKind k;
      soci::statement st = (c_.sql.prepare << "SELECT code, name_da, name_en FROM activity_kinds ORDER BY position",
                            soci::into(k.code), soci::into(k.name_da), soci::into(k.name_en));
      st.execute();
      while (st.fetch()) data.activity_kinds.push_back(k);
    }
    return data;
  });
}

void SociReferenceRepository::upsert(const ReferenceData& data) {
  const bool sqlite = c_.backend == Backend::sqlite;
  // "Insert or update" in each dialect; the key is the id (or code for kinds).
  auto upsertSql = [&](const std::string& table, const std::string& columns, const std::string& values,
                       const std::string& key, const std::string& updates) {
    return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") " +
           (sqlite ? "ON CONFLICT (" + key + ") DO UPDATE SET " + updates : "ON DUPLICATE KEY UPDATE " + updates);
  };
  auto excluded = [&](const std::string& column) {
    return column + " = " + (sqlite ? "excluded." + column : "VALUES(" + column + ")");
  };
  guarded(c_, [&] {
    const auto named = excluded("code") + ", " + excluded("name_da") + ", " + excluded("name_en");
    for (const auto& r : data.regions) {
      c_.sql << upsertSql("regions", "id, code, name_da, name_en", ":id, :code, :da, :en", "id", named),
          soci::use(r.id), soci::use(r.code), soci::use(r.name_da), soci::use(r.name_en);
    }
    for (const auto& d : data.police_districts) {
      c_.sql << upsertSql("police_districts", "id, code, name_da, name_en", ":id, :code, :da, :en", "id", named),
          soci::use(d.id), soci::use(d.code), soci::use(d.name_da), soci::use(d.name_en);
    }
    for (const auto& m : data.municipalities) {
      c_.sql << upsertSql("municipalities", "id, code, name_da, name_en, region_id, police_district_id",
                          ":id, :code, :da, :en, :region, :district", "id",
                          named + ", " + excluded("region_id") + ", " + excluded("police_district_id")),
          soci::use(m.id), soci::use(m.code), soci::use(m.name_da), soci::use(m.name_en), soci::use(m.region_id),
          soci::use(m.police_district_id);
    }
    int position = 0;
    for (const auto& k : data.organisation_kinds) {
      ++position;
      c_.sql << upsertSql("organisation_kinds", "code, name_da, name_en, kind_group, position",
                          ":code, :da, :en, :grp, :pos", "code",
                          excluded("name_da") + ", " + excluded("name_en") + ", " + excluded("kind_group") + ", " +
                              excluded("position")),
          soci::use(k.code), soci::use(k.name_da), soci::use(k.name_en), soci::use(k.group), soci::use(position);
    }
    position = 0;
    for (const auto& k : data.event_kinds) {
      ++position;
      c_.sql << upsertSql("event_kinds", "code, name_da, name_en, position", ":code, :da, :en, :pos", "code",
                          excluded("name_da") + ", " + excluded("name_en") + ", " + excluded("position")),
          soci::use(k.code), soci::use(k.name_da), soci::use(k.name_en), soci::use(position);
    }
    position = 0;
    for (const auto& k : data.activity_kinds) {
      ++position;
      c_.sql << upsertSql("activity_kinds", "code, name_da, name_en, position", ":code, :da, :en, :pos", "code",
                          excluded("name_da") + ", " + excluded("name_en") + ", " + excluded("position")),
          soci::use(k.code), soci::use(k.name_da), soci::use(k.name_en), soci::use(position);
    }
  });
}

}  // namespace brobygger::storage
