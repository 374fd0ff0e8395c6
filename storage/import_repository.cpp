#include <nlohmann/json.hpp>

#include "storage/insert_text.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;
using nlohmann::json;

namespace {

// Rows per INSERT: an import row is a few hundred bytes, far below max_allowed_packet at this count.
constexpr std::size_t kRowsPerStatement = 500;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

json parsed(const std::string& text) {
  auto value = json::parse(text, nullptr, false);
  return value.is_discarded() ? json() : value;
}

struct ImportRecord {
  long long id = 0, created_by = 0;
  std::string kind, status, columns, mapping;
  int rows = 0, new_rows = 0, update_rows = 0, unchanged_rows = 0, duplicate_rows = 0, invalid_rows = 0, created = 0,
      updated = 0, skipped = 0;
  std::tm created_at{}, updated_at{}, committed_at{};
  soci::indicator created_by_ind{}, committed_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(created_by, created_by_ind));
    st.exchange(soci::into(columns));
    st.exchange(soci::into(mapping));
    st.exchange(soci::into(rows));
    st.exchange(soci::into(new_rows));
    st.exchange(soci::into(update_rows));
    st.exchange(soci::into(unchanged_rows));
    st.exchange(soci::into(duplicate_rows));
    st.exchange(soci::into(invalid_rows));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(skipped));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(committed_at, committed_ind));
  }

  Import toDomain() const {
    Import i;
    i.id = id;
    i.kind = importKindFrom(kind).value_or(ImportKind::organisations);
    i.status = importStatusFrom(status).value_or(ImportStatus::preview);
    if (created_by_ind != soci::i_null) i.created_by = created_by;
    for (const auto& c : parsed(columns)) i.columns.push_back(c.is_string() ? c.get<std::string>() : std::string());
    for (const auto& m : parsed(mapping))
      i.mapping.push_back(m.is_string() ? std::optional<std::string>(m.get<std::string>()) : std::nullopt);
    i.mapping.resize(i.columns.size());
    i.rows = rows;
    i.summary = {new_rows, update_rows, unchanged_rows, duplicate_rows, invalid_rows};
    i.created = created;
    i.updated = updated;
    i.skipped = skipped;
    i.created_at = fromTm(created_at);
    i.updated_at = fromTm(updated_at);
    if (committed_ind != soci::i_null) i.committed_at = fromTm(committed_at);
    return i;
  }
};

constexpr const char* kImportColumns =
    "id, kind, status, created_by, columns_json, mapping_json, row_count, new_rows, update_rows, unchanged_rows, "
    "duplicate_rows, invalid_rows, created_count, updated_count, skipped_count, created_at, updated_at, committed_at";

struct RowRecord {
  int line = 0, decided = 0;
  long long match_id = 0;
  std::string status, action, cells, values, errors, match_by;
  soci::indicator match_ind{}, by_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(line));
    st.exchange(soci::into(status));
    st.exchange(soci::into(action));
    st.exchange(soci::into(decided));
    st.exchange(soci::into(cells));
    st.exchange(soci::into(values));
    st.exchange(soci::into(errors));
    st.exchange(soci::into(match_id, match_ind));
    st.exchange(soci::into(match_by, by_ind));
  }

  ImportRow toDomain() const {
    ImportRow r;
    r.line = line;
    r.status = importRowStatusFrom(status).value_or(ImportRowStatus::invalid);
    r.action = importRowActionFrom(action).value_or(ImportRowAction::skip);
    r.decided = decided != 0;
    for (const auto& c : parsed(cells)) r.cells.push_back(c.is_string() ? c.get<std::string>() : std::string());
    const auto v = parsed(values);
    if (v.is_object())
      for (const auto& [field, value] : v.items())
        if (value.is_string()) r.values[field] = value.get<std::string>();
    for (const auto& e : parsed(errors))
      if (e.is_object()) r.errors.push_back({e.value("field", ""), e.value("message", "")});
    if (match_ind != soci::i_null && by_ind != soci::i_null)
      if (const auto by = matchByFrom(match_by)) r.match = ImportMatch{match_id, *by};
    return r;
  }
};

struct ImportValues {
  std::string kind, status, columns, mapping;
  long long created_by;
  soci::indicator created_by_ind, committed_ind;
  int rows, new_rows, update_rows, unchanged_rows, duplicate_rows, invalid_rows, created, updated, skipped;
  std::tm created_at, updated_at, committed_at;

  explicit ImportValues(const Import& i)
      : kind(toString(i.kind)),
        status(toString(i.status)),
        created_by(i.created_by.value_or(0)),
        created_by_ind(i.created_by ? soci::i_ok : soci::i_null),
        committed_ind(i.committed_at ? soci::i_ok : soci::i_null),
        rows(i.rows),
        new_rows(i.summary.new_),
        update_rows(i.summary.update),
        unchanged_rows(i.summary.unchanged),
        duplicate_rows(i.summary.duplicate),
        invalid_rows(i.summary.invalid),
        created(i.created),
        updated(i.updated),
        skipped(i.skipped),
        created_at(toTm(i.created_at)),
        updated_at(toTm(i.updated_at)),
        committed_at(toTm(i.committed_at.value_or(i.updated_at))) {
    json c = json::array(), m = json::array();
    for (const auto& column : i.columns) c.push_back(column);
    for (const auto& field : i.mapping) m.push_back(field ? json(*field) : json(nullptr));
    columns = dump(c);
    mapping = dump(m);
  }
};

}  // namespace

Id SociImportRepository::insert(const Import& import) {
  return guarded(c_, [&] {
    ImportValues v(import);
    c_.sql << "INSERT INTO imports (kind, status, created_by, columns_json, mapping_json, row_count, new_rows, "
              "update_rows, unchanged_rows, duplicate_rows, invalid_rows, created_count, updated_count, skipped_count, "
              "created_at, updated_at, committed_at) VALUES (:kind, :status, :by, :columns, :mapping, :rows, :n, :u, "
              ":un, :d, :i, :c, :up, :s, :created, :updated, :committed)",
        soci::use(v.kind), soci::use(v.status), soci::use(v.created_by, v.created_by_ind), soci::use(v.columns),
        soci::use(v.mapping), soci::use(v.rows), soci::use(v.new_rows), soci::use(v.update_rows),
        soci::use(v.unchanged_rows), soci::use(v.duplicate_rows), soci::use(v.invalid_rows), soci::use(v.created),
        soci::use(v.updated), soci::use(v.skipped), soci::use(v.created_at), soci::use(v.updated_at),
        soci::use(v.committed_at, v.committed_ind);
    long long id = 0;
    c_.sql.get_last_insert_id("imports", id);
    return static_cast<Id>(id);
  });
}

std::optional<Import> SociImportRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Import> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows = fetchRows<ImportRecord>(
        c_, std::string("SELECT ") + kImportColumns + " FROM imports" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

void SociImportRepository::update(const Import& import) {
  guarded(c_, [&] {
    ImportValues v(import);
    long long id = import.id;
    c_.sql << "UPDATE imports SET status = :status, mapping_json = :mapping, row_count = :rows, new_rows = :n, "
              "update_rows = :u, unchanged_rows = :un, duplicate_rows = :d, invalid_rows = :i, created_count = :c, "
              "updated_count = :up, skipped_count = :s, updated_at = :updated, committed_at = :committed "
              "WHERE id = :id",
        soci::use(v.status), soci::use(v.mapping), soci::use(v.rows), soci::use(v.new_rows), soci::use(v.update_rows),
        soci::use(v.unchanged_rows), soci::use(v.duplicate_rows), soci::use(v.invalid_rows), soci::use(v.created),
        soci::use(v.updated), soci::use(v.skipped), soci::use(v.updated_at), soci::use(v.committed_at, v.committed_ind),
        soci::use(id);
  });
}

void SociImportRepository::replaceRows(Id importId, const std::vector<ImportRow>& rows) {
  guarded(c_, [&] {
    long long id = importId;
    c_.sql << "DELETE FROM import_rows WHERE import_id = :id", soci::use(id);
    InsertText insert(c_.backend,
                      "INSERT INTO import_rows (import_id, line, status, action, decided, cells, field_values, errors, "
                      "match_id, match_by) VALUES ");
    for (const auto& row : rows) {
      json cells = json::array(), values = json::object(), errors = json::array();
      for (const auto& c : row.cells) cells.push_back(c);
      for (const auto& [field, value] : row.values) values[field] = value;
      for (const auto& e : row.errors) errors.push_back({{"field", e.field}, {"message", e.message}});
      insert.beginRow();
      insert.integer(id);
      insert.integer(row.line);
      insert.text(toString(row.status));
      insert.text(toString(row.action));
      insert.integer(row.decided ? 1 : 0);
      // JSON text escapes control characters, so a cell's bytes reach SQL only as escaped JSON.
      insert.text(dump(cells));
      insert.text(dump(values));
      insert.text(dump(errors));
      if (row.match) {
        insert.integer(row.match->id);
        insert.text(toString(row.match->by));
      } else {
        insert.null();
        insert.null();
      }
      insert.endRow();
      if (insert.rows() == kRowsPerStatement) {
        c_.sql << insert.text();
        insert.reset();
      }
    }
    if (insert.rows() > 0) c_.sql << insert.text();
  });
}

Page<ImportRow> SociImportRepository::rows(Id importId, const ImportRowQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("import_id = " + where.bind(static_cast<long long>(importId)));
    if (query.status) where.where("status = " + where.bind(std::string(toString(*query.status))));
    Page<ImportRow> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM import_rows" + where.whereClause(), where);
    std::string sql =
        "SELECT line, status, action, decided, cells, field_values, errors, match_id, match_by "
        "FROM import_rows" +
        where.whereClause() + " ORDER BY line";
    if (!query.all)
      sql += " LIMIT " + std::to_string(query.page.limit) + " OFFSET " + std::to_string(query.page.offset);
    else page.limit = static_cast<int>(page.total);
    page.items = fetchRows<RowRecord>(c_, sql, where);
    return page;
  });
}

int SociImportRepository::expire(Timestamp previewsBefore, Timestamp committedBefore) {
  return guarded(c_, [&] {
    auto previews = toTm(previewsBefore), committed = toTm(committedBefore);
    int count = 0;
    c_.sql << "SELECT COUNT(*) FROM imports WHERE (status = 'preview' AND updated_at < :p) OR (status = 'committed' "
              "AND committed_at < :c AND row_count > 0)",
        soci::use(previews), soci::use(committed), soci::into(count);
    if (count == 0) return 0;
    // The rows first (MariaDB's cascade and SQLite's need the foreign-key pragma; say it outright).
    c_.sql << "DELETE FROM import_rows WHERE import_id IN (SELECT id FROM imports WHERE (status = 'preview' AND "
              "updated_at < :p) OR (status = 'committed' AND committed_at < :c))",
        soci::use(previews), soci::use(committed);
    c_.sql << "DELETE FROM imports WHERE status = 'preview' AND updated_at < :p", soci::use(previews);
    // A committed import keeps its summary; its rows are gone.
    c_.sql << "UPDATE imports SET row_count = 0 WHERE status = 'committed' AND committed_at < :c", soci::use(committed);
    return count;
  });
}

RegisterSnapshot SociImportRepository::snapshot(ImportKind kind) {
  RegisterSnapshot snapshot;
  snapshot.organisations = allOrganisations(c_);
  if (kind == ImportKind::contacts) snapshot.contacts = allContacts(c_);
  return snapshot;
}

}  // namespace brobygger::storage
