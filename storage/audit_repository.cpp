// The append-only audit trail. The table has a trigger that refuses any UPDATE; this file only ever
// inserts, searches, and (for the log's own retention) deletes entries older than a cutoff.
#include <nlohmann/json.hpp>

#include "storage/insert_text.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

std::string encodeSubjects(const std::vector<Id>& subjects) {
  if (subjects.empty()) return "";
  std::string out = ",";
  for (const auto id : subjects) out += std::to_string(id) + ",";
  return out;
}

std::vector<Id> decodeSubjects(const std::string& stored) {
  std::vector<Id> out;
  std::size_t start = 1;
  while (start < stored.size()) {
    const auto end = stored.find(',', start);
    if (end == std::string::npos) break;
    out.push_back(std::stoll(stored.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

std::string encodeFields(const std::vector<FieldChange>& fields) {
  auto out = nlohmann::json::array();
  for (const auto& f : fields) {
    nlohmann::json j{{"field", f.field}, {"personal", f.personal}};
    if (!f.personal) {
      j["old"] = f.old_value ? nlohmann::json(*f.old_value) : nlohmann::json(nullptr);
      j["new"] = f.new_value ? nlohmann::json(*f.new_value) : nlohmann::json(nullptr);
    }
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<FieldChange> decodeFields(const std::string& stored) {
  std::vector<FieldChange> out;
  const auto parsed = nlohmann::json::parse(stored, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& j : parsed) {
    FieldChange f;
    f.field = j.value("field", "");
    f.personal = j.value("personal", false);
    if (j.contains("old") && j["old"].is_string()) f.old_value = j["old"].get<std::string>();
    if (j.contains("new") && j["new"].is_string()) f.new_value = j["new"].get<std::string>();
    out.push_back(std::move(f));
  }
  return out;
}

struct AuditRow {
  long long id = 0, user = 0, resource_id = 0;
  std::tm at{};
  std::string action, resource, subjects, fields;
  soci::indicator user_ind{}, resource_ind{}, subjects_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(at));
    st.exchange(soci::into(user, user_ind));
    st.exchange(soci::into(action));
    st.exchange(soci::into(resource));
    st.exchange(soci::into(resource_id, resource_ind));
    st.exchange(soci::into(subjects, subjects_ind));
    st.exchange(soci::into(fields));
  }
  AuditEntry toDomain() const {
    AuditEntry e;
    e.id = id;
    e.at = fromTm(at);
    if (user_ind != soci::i_null) e.user_id = user;
    e.action = auditActionFrom(action).value_or(AuditAction::read);
    e.resource = resource;
    if (resource_ind != soci::i_null) e.resource_id = resource_id;
    if (subjects_ind != soci::i_null) e.subjects = decodeSubjects(subjects);
    e.fields = decodeFields(fields);
    return e;
  }
};

}  // namespace

void SociAuditRepository::record(const AuditEntry& entry) {
  guarded(c_, [&] {
    std::tm at = toTm(entry.at);
    long long user = entry.user_id.value_or(0), resourceId = entry.resource_id.value_or(0);
    soci::indicator userInd = entry.user_id ? soci::i_ok : soci::i_null;
    soci::indicator resourceInd = entry.resource_id ? soci::i_ok : soci::i_null;
    std::string action = toString(entry.action), subjects = encodeSubjects(entry.subjects),
                fields = encodeFields(entry.fields);
    c_.sql << "INSERT INTO audit_log (at, user_id, action, resource, resource_id, subjects, fields) "
              "VALUES (:at, :u, :a, :r, :ri, :s, :f)",
        soci::use(at), soci::use(user, userInd), soci::use(action), soci::use(entry.resource),
        soci::use(resourceId, resourceInd), soci::use(subjects), soci::use(fields);
  });
}

void SociAuditRepository::recordMany(const std::vector<AuditEntry>& entries) {
  guarded(c_, [&] {
    // 500 entries per INSERT: an import's thousands of entries in a few hundred statements.
    InsertText insert(c_.backend,
                      "INSERT INTO audit_log (at, user_id, action, resource, resource_id, subjects, fields) VALUES ");
    for (const auto& entry : entries) {
      insert.beginRow();
      insert.time(entry.at);
      insert.integerOrNull(entry.user_id);
      insert.text(toString(entry.action));
      insert.text(entry.resource);
      insert.integerOrNull(entry.resource_id);
      insert.text(encodeSubjects(entry.subjects));
      insert.text(encodeFields(entry.fields));
      insert.endRow();
      if (insert.rows() == 500) {
        c_.sql << insert.text();
        insert.reset();
      }
    }
    if (insert.rows() > 0) c_.sql << insert.text();
  });
}

Page<AuditEntry> SociAuditRepository::search(const AuditQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.user_id) where.where("user_id = " + where.bind(static_cast<long long>(*query.user_id)));
    if (query.resource) where.where("resource = " + where.bind(*query.resource));
    if (query.resource_id) where.where("resource_id = " + where.bind(static_cast<long long>(*query.resource_id)));
    if (query.action) where.where("action = " + where.bind(std::string(toString(*query.action))));
    if (query.subject) where.where("subjects LIKE " + where.bind("%," + std::to_string(*query.subject) + ",%"));
    if (query.from) where.where("at >= " + where.bind(formatSqlTime(*query.from)));
    if (query.to) where.where("at < " + where.bind(formatSqlTime(*query.to)));
    if (query.changes_only) where.where("action NOT IN ('read', 'export')");
    Page<AuditEntry> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM audit_log" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    page.items =
        fetchRows<AuditRow>(c_,
                            "SELECT id, at, user_id, action, resource, resource_id, subjects, fields FROM "
                            "audit_log" +
                                where.whereClause() + " ORDER BY id DESC LIMIT " + std::to_string(query.page.limit) +
                                " OFFSET " + std::to_string(query.page.offset),
                            where);
    return page;
  });
}

int SociAuditRepository::purgeBefore(Timestamp before) {
  return guarded(c_, [&] {
    std::string cutoff = formatSqlTime(before);
    soci::statement st = (c_.sql.prepare << "DELETE FROM audit_log WHERE at < :c", soci::use(cutoff));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

}  // namespace brobygger::storage
