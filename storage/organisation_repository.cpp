#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

constexpr const char* kColumns =
    "id, name, kind, cvr, municipality_id, police_district_id, region_id, address, website, tags, status, "
    "responsible_user_id, last_activity_at, last_attended_at, open_follow_ups, created_at, updated_at, version, "
    "merged_into_id";

std::vector<std::string> decodeTags(const std::string& stored) {
  std::vector<std::string> tags;
  std::size_t start = 1;
  while (start < stored.size()) {
    const auto end = stored.find(',', start);
    if (end == std::string::npos) break;
    tags.push_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return tags;
}

// One row's into-targets, bound to a statement.
struct OrganisationRow {
  long long id = 0, responsible = 0, merged_into = 0;
  std::string name, kind, cvr, address, website, tags, status;
  int municipality_id = 0, police_district_id = 0, region_id = 0, open_follow_ups = 0, version = 0;
  std::tm created{}, updated{}, last_activity{}, last_attended{};
  soci::indicator cvr_ind{}, address_ind{}, website_ind{}, responsible_ind{}, tags_ind{}, last_activity_ind{},
      last_attended_ind{}, merged_into_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(cvr, cvr_ind));
    st.exchange(soci::into(municipality_id));
    st.exchange(soci::into(police_district_id));
    st.exchange(soci::into(region_id));
    st.exchange(soci::into(address, address_ind));
    st.exchange(soci::into(website, website_ind));
    st.exchange(soci::into(tags, tags_ind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(responsible, responsible_ind));
    st.exchange(soci::into(last_activity, last_activity_ind));
    st.exchange(soci::into(last_attended, last_attended_ind));
    st.exchange(soci::into(open_follow_ups));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
    st.exchange(soci::into(merged_into, merged_into_ind));
  }

  Organisation toDomain() const {
    Organisation o;
    o.id = id;
    o.name = name;
    o.kind = kind;
    o.cvr = nullable(cvr, cvr_ind);
    o.municipality_id = municipality_id;
    o.police_district_id = police_district_id;
    o.region_id = region_id;
    o.address = nullable(address, address_ind);
    o.website = nullable(website, website_ind);
    o.tags = tags_ind == soci::i_null ? std::vector<std::string>{} : decodeTags(tags);
    o.status = recordStatusFrom(status).value_or(RecordStatus::active);
    if (responsible_ind != soci::i_null) o.responsible_user_id = responsible;
    if (last_activity_ind != soci::i_null) o.last_activity_at = fromTm(last_activity);
    if (last_attended_ind != soci::i_null) o.last_attended_at = fromTm(last_attended);
    o.open_follow_ups = open_follow_ups;
    o.created_at = fromTm(created);
    o.updated_at = fromTm(updated);
    o.version = version;
    if (merged_into_ind != soci::i_null) o.merged_into_id = merged_into;
    return o;
  }
};

// MariaDB's columns sort with utf8mb4_danish_ci; SQLite needs the collation named.
std::string orderBy(OrganisationSort sort, Backend backend) {
  const std::string name = backend == Backend::sqlite ? "name COLLATE danish" : "name";
  switch (sort) {
    case OrganisationSort::name: return " ORDER BY " + name + ", id";
    case OrganisationSort::name_desc: return " ORDER BY " + name + " DESC, id DESC";
    case OrganisationSort::created_at: return " ORDER BY created_at, id";
    case OrganisationSort::created_at_desc: return " ORDER BY created_at DESC, id DESC";
    case OrganisationSort::updated_at: return " ORDER BY updated_at, id";
    case OrganisationSort::updated_at_desc: return " ORDER BY updated_at DESC, id DESC";
    // NULL (never) first ascending and last descending on both backends.
    case OrganisationSort::last_activity_at: return " ORDER BY last_activity_at, id";
    case OrganisationSort::last_activity_at_desc: return " ORDER BY last_activity_at DESC, id DESC";
  }
  return " ORDER BY " + name + ", id";
}

// The values written by insert and update, kept alive for SOCI's use() references.
struct OrganisationValues {
  std::string name, kind, cvr, address, website, tags, status, search, name_key;
  soci::indicator cvr_ind, address_ind, website_ind, responsible_ind, merged_into_ind;
  long long responsible, merged_into;
  int municipality_id, police_district_id, region_id;
  std::tm created, updated;

  explicit OrganisationValues(const Organisation& o)
      : name(o.name),
        kind(o.kind),
        cvr(o.cvr.value_or("")),
        address(o.address.value_or("")),
        website(o.website.value_or("")),
        tags(columns::encodeList(o.tags)),
        status(toString(o.status)),
        search(columns::organisationSearchText(o.name, o.cvr, o.website)),
        name_key(nameMatchKey(o.name)),
        cvr_ind(o.cvr ? soci::i_ok : soci::i_null),
        address_ind(o.address ? soci::i_ok : soci::i_null),
        website_ind(o.website ? soci::i_ok : soci::i_null),
        responsible_ind(o.responsible_user_id ? soci::i_ok : soci::i_null),
        merged_into_ind(o.merged_into_id ? soci::i_ok : soci::i_null),
        responsible(o.responsible_user_id.value_or(0)),
        merged_into(o.merged_into_id.value_or(0)),
        municipality_id(o.municipality_id),
        police_district_id(o.police_district_id),
        region_id(o.region_id),
        created(toTm(o.created_at)),
        updated(toTm(o.updated_at)) {}
};

}  // namespace

std::optional<Organisation> SociOrganisationRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Organisation> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows = fetchRows<OrganisationRow>(
        c_, std::string("SELECT ") + kColumns + " FROM organisations" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<Organisation> SociOrganisationRepository::findMany(const std::vector<Id>& ids) {
  if (ids.empty()) return {};
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("id IN (" + idList(ids) + ")");
    return fetchRows<OrganisationRow>(
        c_, std::string("SELECT ") + kColumns + " FROM organisations" + where.whereClause(), where);
  });
}

Page<Organisation> SociOrganisationRepository::list(const OrganisationQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.only_id) where.where("id = " + where.bind(static_cast<long long>(*query.only_id)));
    if (!query.within_districts.empty())
      where.where("police_district_id IN (" + columns::integerList(query.within_districts) + ")");
    if (query.status != StatusFilter::all)
      where.where("status = " + where.bind(std::string(query.status == StatusFilter::active ? "active" : "archived")));
    else if (!query.only_id)
      where.where("status <> 'merged'");  // a merged organisation is read by id only (a partner's own stays)
    if (query.kind) where.where("kind = " + where.bind(*query.kind));
    if (query.police_district_id)
      where.where("police_district_id = " + where.bind(static_cast<long long>(*query.police_district_id)));
    if (query.municipality_id)
      where.where("municipality_id = " + where.bind(static_cast<long long>(*query.municipality_id)));
    if (query.region_id) where.where("region_id = " + where.bind(static_cast<long long>(*query.region_id)));
    if (query.responsible_user_id)
      where.where("responsible_user_id = " + where.bind(static_cast<long long>(*query.responsible_user_id)));
    if (query.q && !query.q->empty())
      where.where("search_text LIKE " + where.bind(containsPattern(foldCase(*query.q))) + " ESCAPE '!'");

    Page<Organisation> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM organisations" + where.whereClause(), where);
    if (page.total <= page.offset) return page;

    page.items =
        fetchRows<OrganisationRow>(c_,
                                   std::string("SELECT ") + kColumns + " FROM organisations" + where.whereClause() +
                                       orderBy(query.sort, c_.backend) + " LIMIT " + std::to_string(query.page.limit) +
                                       " OFFSET " + std::to_string(query.page.offset),
                                   where);
    return page;
  });
}

std::optional<Id> SociOrganisationRepository::findIdByCvr(const std::string& cvr) {
  return guarded(c_, [&]() -> std::optional<Id> {
    long long id = 0;
    c_.sql << "SELECT id FROM organisations WHERE cvr = :cvr", soci::use(cvr), soci::into(id);
    if (!c_.sql.got_data()) return std::nullopt;
    return id;
  });
}

Id SociOrganisationRepository::insert(const Organisation& o) {
  return guarded(c_, [&] {
    OrganisationValues v(o);
    c_.sql
        << "INSERT INTO organisations (name, kind, cvr, municipality_id, police_district_id, region_id, address, "
           "website, tags, status, responsible_user_id, search_text, created_at, updated_at, version, name_key) VALUES "
           "(:name, :kind, :cvr, :municipality, :district, :region, :address, :website, :tags, :status, "
           ":responsible, :search, :created, :updated, 1, :name_key)",
        soci::use(v.name), soci::use(v.kind), soci::use(v.cvr, v.cvr_ind), soci::use(v.municipality_id),
        soci::use(v.police_district_id), soci::use(v.region_id), soci::use(v.address, v.address_ind),
        soci::use(v.website, v.website_ind), soci::use(v.tags), soci::use(v.status),
        soci::use(v.responsible, v.responsible_ind), soci::use(v.search), soci::use(v.created), soci::use(v.updated),
        soci::use(v.name_key);
    long long id = 0;
    c_.sql.get_last_insert_id("organisations", id);
    bumpRevision();
    return static_cast<Id>(id);
  });
}

bool SociOrganisationRepository::update(const Organisation& o, int expectedVersion) {
  return guarded(c_, [&] {
    OrganisationValues v(o);
    long long id = o.id;
    soci::statement st =
        (c_.sql.prepare << "UPDATE organisations SET name = :name, kind = :kind, cvr = :cvr, municipality_id = "
                           ":municipality, police_district_id = :district, region_id = :region, address = :address, "
                           "website = :website, tags = :tags, status = :status, responsible_user_id = :responsible, "
                           "search_text = :search, updated_at = :updated, name_key = :name_key, "
                           "merged_into_id = :merged_into, version = version + 1 "
                           "WHERE id = :id AND version = :version",
         soci::use(v.name), soci::use(v.kind), soci::use(v.cvr, v.cvr_ind), soci::use(v.municipality_id),
         soci::use(v.police_district_id), soci::use(v.region_id), soci::use(v.address, v.address_ind),
         soci::use(v.website, v.website_ind), soci::use(v.tags), soci::use(v.status),
         soci::use(v.responsible, v.responsible_ind), soci::use(v.search), soci::use(v.updated), soci::use(v.name_key),
         soci::use(v.merged_into, v.merged_into_ind), soci::use(id), soci::use(expectedVersion));
    st.execute(true);
    const bool updated = st.get_affected_rows() == 1;
    if (updated) bumpRevision();
    return updated;
  });
}

void SociOrganisationRepository::bumpRevision() {
  c_.sql << "UPDATE register_revision SET value = value + 1 WHERE id = 1";
}

std::int64_t SociOrganisationRepository::revision() {
  return guarded(c_, [&] {
    long long value = 0;
    c_.sql << "SELECT value FROM register_revision WHERE id = 1", soci::into(value);
    return static_cast<std::int64_t>(value);
  });
}

std::vector<Organisation> allOrganisations(Connection& c) {
  return guarded(c, [&] {
    QueryBuilder none;
    return fetchRows<OrganisationRow>(c, std::string("SELECT ") + kColumns + " FROM organisations ORDER BY id", none);
  });
}

}  // namespace brobygger::storage
