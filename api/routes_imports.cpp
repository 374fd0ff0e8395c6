// Imports of organisations and contacts from CSV and XLSX: preview, mapping and decisions, commit, and
// the per-row outcome as a CSV file.
#include "api/export.hpp"
#include "api/language.hpp"
#include "api/problem.hpp"
#include "api/route_support.hpp"
#include "domain/date_time.hpp"
#include "domain/messages.hpp"

namespace brobygger::api {

namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// An import's file may be this large (the JSON bodies of other routes stay within 1 MiB).
constexpr std::size_t kMaxImportBytes = 20u * 1024u * 1024u;

nlohmann::json toJson(const domain::Import& i, const domain::TimeZone& zone) {
  nlohmann::json mapping = nlohmann::json::object();
  for (std::size_t k = 0; k < i.columns.size(); ++k)
    mapping[i.columns[k]] = k < i.mapping.size() && i.mapping[k] ? nlohmann::json(*i.mapping[k]) : nlohmann::json();
  return {
      {"id", i.id},
      {"kind", domain::toString(i.kind)},
      {"status", domain::toString(i.status)},
      {"rows", i.rows},
      {"columns", i.columns},
      {"mapping", mapping},
      {"summary",
       {{"new", i.summary.new_},
        {"update", i.summary.update},
        {"unchanged", i.summary.unchanged},
        {"duplicate", i.summary.duplicate},
        {"invalid", i.summary.invalid}}},
      {"created", i.created},
      {"updated", i.updated},
      {"skipped", i.skipped},
      {"created_at", formatIsoTimestamp(i.created_at, zone)},
      {"updated_at", formatIsoTimestamp(i.updated_at, zone)},
      {"committed_at", i.committed_at ? nlohmann::json(formatIsoTimestamp(*i.committed_at, zone)) : nlohmann::json()}};
}

nlohmann::json toJson(const domain::ImportRow& r, domain::Language language) {
  const auto errors = fieldErrorsJson(r.errors, language);
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [field, value] : r.values) values[field] = value;
  return {{"row", r.line},
          {"status", domain::toString(r.status)},
          {"values", values},
          {"errors", errors},
          {"match",
           r.match ? nlohmann::json{{"id", r.match->id}, {"by", domain::toString(r.match->by)}} : nlohmann::json()},
          {"action", domain::toString(r.action)}};
}

// The outcome file: every row's outcome, with the reason, next to the file's own columns (which are
// only known per import, so the table is made per request).
ExportTable<domain::ImportRow> outcomeTable(const domain::Import& import, domain::Language language) {
  using K = domain::ColumnKind;
  using Row = domain::ImportRow;
  ExportTable<Row> table{"import-outcome", "Importresultat", "Import outcome", {}};
  table.columns = {
      {"Række", "Row", K::integer, 8, [](const Row& r) { return domain::TableCell(std::int64_t{r.line}); }},
      {"Resultat", "Outcome", K::text, 12, [](const Row& r) { return domain::TableCell(domain::toString(r.status)); }},
      {"Handling", "Action", K::text, 10, [](const Row& r) { return domain::TableCell(domain::toString(r.action)); }},
      {"Match (id)", "Match (id)", K::integer, 10,
       [](const Row& r) { return r.match ? domain::TableCell(std::int64_t{r.match->id}) : domain::TableCell{}; }},
      {"Match efter", "Matched by", K::text, 10,
       [](const Row& r) { return r.match ? domain::TableCell(domain::toString(r.match->by)) : domain::TableCell{}; }},
      {"Fejl", "Errors", K::text, 40,
       [language](const Row& r) {
         std::string errors;
         for (const auto& e : r.errors)
           errors += (errors.empty() ? "" : "; ") + e.field + ": " + domain::translate(e.message, language);
         return domain::TableCell(errors);
       }},
  };
  for (std::size_t k = 0; k < import.columns.size(); ++k)
    table.columns.push_back({import.columns[k], import.columns[k], K::text, 18, [k](const Row& r) {
                               return k < r.cells.size() ? domain::TableCell(r.cells[k]) : domain::TableCell{};
                             }});
  return table;
}

domain::ImportMapping readMapping(JsonFields& body) {
  domain::ImportMapping mapping;
  const auto* raw = body.raw("mapping");
  if (!raw) return mapping;
  if (!raw->is_object()) {
    body.fail("mapping", "must be an object of column names to field names or null");
    return mapping;
  }
  for (const auto& [column, field] : raw->items()) {
    if (field.is_null()) mapping[column] = std::nullopt;
    else if (field.is_string()) mapping[column] = field.get<std::string>();
    else body.fail("mapping", "maps " + column + " to something that is neither a field name nor null");
  }
  return mapping;
}

std::vector<std::pair<int, domain::ImportRowAction>> readActions(JsonFields& body) {
  std::vector<std::pair<int, domain::ImportRowAction>> actions;
  const auto* raw = body.raw("actions");
  if (!raw) return actions;
  if (!raw->is_array()) {
    body.fail("actions", "must be an array of {row, action}");
    return actions;
  }
  for (const auto& item : *raw) {
    const bool shaped = item.is_object() && item.size() == 2 && item.contains("row") &&
                        item["row"].is_number_integer() && item.contains("action") && item["action"].is_string();
    const auto action = shaped ? domain::importRowActionFrom(item["action"].get<std::string>()) : std::nullopt;
    const auto row = shaped ? item["row"].get<long long>() : 0;
    if (!action || row < 1 || row > 10'000'000) {
      body.fail("actions", "each item must be {\"row\": a row number, \"action\": create, update or skip}");
      continue;
    }
    actions.emplace_back(static_cast<int>(row), *action);
  }
  return actions;
}

}  // namespace

void addImportRoutes(Router& router) {
  router.add(
      "POST", "/api/v1/imports", domain::Action::create_import,
      BodyRule{kMaxImportBytes, {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", kXlsxType}},
      [](RequestContext& c, HttpResponse& response) {
        QueryReader query(c.request, {"kind"});
        const auto kindText = query.text("kind");
        query.done();
        const auto kind = kindText ? domain::importKindFrom(*kindText) : std::nullopt;
        if (!kind) domain::throwInvalid("kind", "must be organisations or contacts");
        auto type = c.request.header("content-type").value_or("");
        type = type.substr(0, type.find(';'));
        std::transform(type.begin(), type.end(), type.begin(), [](unsigned char ch) { return std::tolower(ch); });
        type.erase(type.find_last_not_of(" \t") + 1);
        const auto format = type == kXlsxType ? domain::SheetFormat::xlsx : domain::SheetFormat::csv;
        const auto import = c.services.imports.preview(c.actor(), *kind, c.request.body, format);
        writeJson(response, 201, toJson(import, c.services.zone));
        response.header("Location", "/api/v1/imports/" + std::to_string(import.id));
      });

  router.add("GET", "/api/v1/imports/{id}", domain::Action::read_import, [](RequestContext& c, HttpResponse& response) {
    writeJson(response, 200, toJson(c.services.imports.get(c.actor(), c.id()), c.services.zone));
  });

  router.add("GET", "/api/v1/imports/{id}/rows", domain::Action::read_import,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               QueryReader query(c.request, {"status", "format", "lang", "limit", "offset"});
               domain::ImportRowQuery filter;
               domain::Violations bad;
               filter.status = codeFilter(query, "status", domain::importRowStatusFrom,
                                          "must be one of new, update, unchanged, duplicate, invalid", bad);
               filter.page = query.page();
               const auto list = finishListQuery(c, query, bad);
               const auto language = list.language;
               if (list.format) {
                 // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
                 const auto outcome = c.services.imports.outcome(c.actor(), id, filter.status);
                 const auto& rows = outcome.second;
                 sendExport(
                     c, response, *list.format, outcomeTable(outcome.first, language), language,
                     "import-" + std::to_string(id) + "-outcome", [&](const auto& sink) { sink(rows); }, false);
                 return;
               }
               writeJson(response, 200, pageJson(c.services.imports.rows(c.actor(), id, filter), [&](const auto& row) {
                           return toJson(row, language);
                         }));
             });

  router.add("PATCH", "/api/v1/imports/{id}", domain::Action::update_import,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               JsonFields body(c.request.body);
               domain::ImportChanges changes;
               if (body.has("mapping")) changes.mapping = readMapping(body);
               changes.actions = readActions(body);
               body.finish();
               writeJson(response, 200, toJson(c.services.imports.change(c.actor(), id, changes), c.services.zone));
             });

  router.add("POST", "/api/v1/imports/{id}/commit", domain::Action::commit_import,
             [](RequestContext& c, HttpResponse& response) {
               writeJson(response, 200, toJson(c.services.imports.commit(c.actor(), c.id()), c.services.zone));
             });
}

}  // namespace brobygger::api
