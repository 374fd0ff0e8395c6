#pragma once
// Downloads of lists: `format=csv` or `format=xlsx` on a list route answers every matching row (the
// list's own filters, no page) as a file. One column description per list (api/export_tables.cpp),
// one writer per format (the spreadsheet adapter behind domain::TableFormats), one way to send it:
// rows come from the domain in batches, go straight into a temporary file, and the server sends that
// file from disk (HttpResponse::body_file), so no export is ever held in memory.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/application.hpp"
#include "api/route_support.hpp"
#include "domain/table.hpp"

namespace brobygger::api {

// `format`: nothing or json for the JSON list, csv or xlsx for a download; anything else a 422 naming
// `format`. With `acceptCsv`, an Accept header naming text/csv also asks for CSV (the overviews did).
std::optional<domain::TableFormat> exportFormat(const HttpRequest& request, QueryReader& query, bool acceptCsv = false);

// One column of a list's download: its header in both languages, its kind and width, and its value.
template <class T>
struct ExportColumn {
  std::string header_da;
  std::string header_en;
  domain::ColumnKind kind;
  double width;
  std::function<domain::TableCell(const T&)> value;
};

template <class T>
struct ExportTable {
  const char* name;      // the file name's stem, e.g. "contacts"
  const char* title_da;  // the sheet's name
  const char* title_en;
  std::vector<ExportColumn<T>> columns;
};

// A temporary file for one download; removed with the last reference to it.
std::shared_ptr<SpooledFile> spoolFile();
// The response for a finished file: 200, its media type and a Content-Disposition naming `stem`
// (followed by today's date when `dated`).
void sendSpooled(HttpResponse& response, domain::TableFormat format, const std::string& stem,
                 std::shared_ptr<SpooledFile> file, const domain::TimeZone& zone, bool dated);

// Writes the download: `read(sink)` is the ONE domain call, which hands its rows to `sink` in batches.
template <class T, class Read>
void sendExport(RequestContext& c, HttpResponse& response, domain::TableFormat format, const ExportTable<T>& table,
                domain::Language language, const std::string& stem, Read&& read, bool dated = true) {
  const bool en = language == domain::Language::en;
  std::vector<domain::TableColumn> columns;
  columns.reserve(table.columns.size());
  for (const auto& column : table.columns)
    columns.push_back({en ? column.header_en : column.header_da, column.kind, column.width});
  auto file = spoolFile();
  auto writer = c.services.tables.open(format, file->path(), columns, en ? table.title_en : table.title_da);
  std::vector<domain::TableCell> cells(table.columns.size());
  read([&](const std::vector<T>& batch) {
    for (const auto& item : batch) {
      for (std::size_t i = 0; i < table.columns.size(); ++i) cells[i] = table.columns[i].value(item);
      writer->row(cells);
    }
  });
  writer->finish();
  sendSpooled(response, format, stem, std::move(file), c.services.zone, dated);
}

// What a list route reads last, once its own filters are read (what was wrong with them in `bad`): the
// `format` and the caller's language; then the query is closed (an unknown parameter is refused) and
// what was wrong is refused, all at once.
struct ListRequest {
  std::optional<domain::TableFormat> format;
  domain::Language language;
};
ListRequest finishListQuery(const RequestContext& c, QueryReader& query, domain::Violations& bad);

// A list route's answer after its filters: the download of every matching row (`exportRows(sink)` is
// then the ONE domain call) or the JSON page (`page()`, each item through `itemJson`).
template <class T, class Export, class List, class Item>
void answerList(RequestContext& c, HttpResponse& response, QueryReader& query, domain::Violations& bad,
                const ExportTable<T>& table, const std::string& stem, Export&& exportRows, List&& page,
                Item&& itemJson) {
  const auto list = finishListQuery(c, query, bad);
  if (list.format) {
    sendExport(c, response, *list.format, table, list.language, stem, std::forward<Export>(exportRows));
    return;
  }
  writeJson(response, 200, pageJson(page(), std::forward<Item>(itemJson)));
}

// Cells from optional values: empty when absent.
template <class V>
domain::TableCell cellOf(const std::optional<V>& value) {
  if (!value) return std::monostate{};
  if constexpr (std::is_integral_v<V>) return static_cast<std::int64_t>(*value);
  else return domain::TableCell(*value);
}

// The column descriptions, one per list (api/export_tables.cpp).
const ExportTable<domain::Organisation>& organisationTable();
const ExportTable<domain::Contact>& contactTable();
const ExportTable<domain::User>& userTable();
const ExportTable<domain::Event>& eventTable();
const ExportTable<domain::Registration>& registrationTable();
const ExportTable<domain::Series>& seriesTable();
const ExportTable<domain::AuditEntry>& auditTable();
const ExportTable<domain::OutboxMessage>& outboxTable();
const ExportTable<domain::Activity>& activityTable();
const ExportTable<domain::FollowUp>& followUpTable();
const ExportTable<domain::DormantOrganisation>& dormantTable();

}  // namespace brobygger::api
