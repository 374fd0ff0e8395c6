#pragma once
// Tables for download: a list's rows as a CSV or XLSX file. The domain reads every matching row in
// batches (never all at once) and hands each batch on; the edge turns rows into cells and a
// TableWriter (an adapter: CSV, or XLSX through libxlsxwriter) writes them to a file.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "domain/date_time.hpp"
#include "domain/error.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

// An export holds every matching row, at most this many; more is a 422 naming `format` (narrow the
// filters), decided before anything is written.
inline constexpr std::int64_t kMaxExportRows = 100000;
// Rows read from storage per statement while exporting: large enough that a list sorted by name (the
// Danish collation, sorted anew by every statement) is read in few statements, small enough to hold.
inline constexpr int kExportBatch = 10000;

// Receives the rows of an export, one batch at a time.
template <class T>
using RowBatches = std::function<void(const std::vector<T>&)>;

// Reads every page `fetch(PageRequest)` answers and hands each to `sink`; answers the number of rows.
// The first page's total decides the limit before any row is handed on.
template <class T, class Fetch>
std::int64_t readAllPages(Fetch&& fetch, const RowBatches<T>& sink) {
  PageRequest page{kExportBatch, 0};
  std::int64_t rows = 0;
  for (;;) {
    const Page<T> batch = fetch(page);
    if (page.offset == 0 && batch.total > kMaxExportRows)
      throwInvalid("format", "An export holds at most " + std::to_string(kMaxExportRows) + " rows and " +
                                 std::to_string(batch.total) + " match: narrow the filters");
    if (batch.items.empty()) break;
    rows += static_cast<std::int64_t>(batch.items.size());
    sink(batch.items);
    if (static_cast<int>(batch.items.size()) < page.limit || rows >= kMaxExportRows) break;
    page.offset += page.limit;
  }
  return rows;
}

// --- Writing a table ----------------------------------------------------------------------------------

enum class TableFormat { csv, xlsx };

// What a column holds: it decides the XLSX cell type and number format.
enum class ColumnKind { text, integer, decimal, date, date_time };

struct TableColumn {
  std::string header;  // in the caller's language
  ColumnKind kind = ColumnKind::text;
  double width = 14;  // in characters, for XLSX
};

// One cell: empty, text, a whole number, a decimal, a date, a wall-clock time, or an instant (written on
// the wall clock of the writer's zone).
using TableCell = std::variant<std::monostate, std::string, std::int64_t, double, LocalDate, LocalDateTime, Timestamp>;

class TableWriter {
 public:
  virtual ~TableWriter() = default;
  virtual void row(const std::vector<TableCell>& cells) = 0;
  // Completes the file; nothing is readable before.
  virtual void finish() = 0;
};

// Opens writers on files; an adapter implements it. Text cells that a spreadsheet would run as a
// formula (starting with = + - @, tab or carriage return) are neutralised by every writer.
class TableFormats {
 public:
  virtual ~TableFormats() = default;
  virtual std::unique_ptr<TableWriter> open(TableFormat format, const std::string& path,
                                            const std::vector<TableColumn>& columns,
                                            const std::string& sheetName) const = 0;
};

}  // namespace brobygger::domain
