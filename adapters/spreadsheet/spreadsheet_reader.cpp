#include "adapters/spreadsheet/spreadsheet_reader.hpp"

#include <unicode/ucnv.h>
#include <zip.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <pugixml.hpp>
#include <set>

namespace brobygger::sheets {

using domain::DomainError;
using domain::ErrorCode;
using domain::Sheet;
using domain::SheetLimits;
using domain::SheetRow;

namespace {

[[noreturn]] void unreadable(const std::string& message) {
  throw DomainError(ErrorCode::invalid, "The file cannot be read", {{"file", message}});
}

bool validUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = 0;
    if (c < 0x80) len = 1;
    else if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    else return false;
    if (i + len > text.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    if (len == 3) {
      const auto n = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xE0 && n < 0xA0) || (c == 0xED && n >= 0xA0)) return false;  // overlong, surrogates
    }
    if (len == 4) {
      const auto n = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xF0 && n < 0x90) || (c == 0xF4 && n >= 0x90)) return false;
    }
    i += len;
  }
  return true;
}

std::string fromWindows1252(std::string_view bytes) {
  UErrorCode status = U_ZERO_ERROR;
  const auto capacity = static_cast<int32_t>(bytes.size() * 3 + 1);
  std::string out(static_cast<std::size_t>(capacity), '\0');
  const auto length = ucnv_convert("UTF-8", "windows-1252", out.data(), capacity, bytes.data(),
                                   static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) unreadable("is neither UTF-8 nor Windows-1252 text");
  out.resize(static_cast<std::size_t>(length));
  return out;
}

// Every cell of a sheet: valid UTF-8 without NUL, within the size limit.
std::string cleanCell(std::string cell, const SheetLimits& limits) {
  if (cell.size() > limits.max_cell_bytes)
    unreadable("has a cell longer than " + std::to_string(limits.max_cell_bytes) + " bytes");
  std::erase(cell, '\0');
  return cell;
}

// Header names: trimmed, unique, never empty.
std::vector<std::string> headerOf(std::vector<std::string> cells) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    auto& name = cells[i];
    const auto first = name.find_first_not_of(" \t\r\n");
    name =
        first == std::string::npos ? std::string() : name.substr(first, name.find_last_not_of(" \t\r\n") - first + 1);
    if (name.empty()) name = "column " + std::to_string(i + 1);
    const auto base = name;
    for (int n = 2; !seen.insert(name).second; ++n) name = base + " (" + std::to_string(n) + ")";
  }
  return cells;
}

bool blank(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (c.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  return true;
}

// Builds the sheet from rows (the first non-blank is the header), keeping the limits.
Sheet sheetOf(std::vector<SheetRow> rows, const SheetLimits& limits) {
  Sheet sheet;
  std::size_t i = 0;
  while (i < rows.size() && blank(rows[i].cells)) ++i;
  if (i == rows.size()) unreadable("is empty");
  // Trailing empty header cells are no columns.
  auto header = std::move(rows[i].cells);
  while (!header.empty() && header.back().find_first_not_of(" \t\r\n") == std::string::npos) header.pop_back();
  if (header.empty()) unreadable("has no header row");
  if (header.size() > limits.max_columns)
    unreadable("has more than " + std::to_string(limits.max_columns) + " columns");
  sheet.header = headerOf(std::move(header));
  for (++i; i < rows.size(); ++i) {
    if (blank(rows[i].cells)) continue;
    rows[i].cells.resize(sheet.header.size());
    sheet.rows.push_back(std::move(rows[i]));
  }
  return sheet;
}

// ---- CSV -------------------------------------------------------------------------------------------

// The delimiter the header line uses most (outside quotes): `;` (Danish Excel), `,` or tab.
char detectDelimiter(std::string_view text) {
  std::array<std::size_t, 3> counts{};
  const std::array<char, 3> candidates{';', ',', '\t'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    for (std::size_t k = 0; k < candidates.size(); ++k)
      if (c == candidates[k]) ++counts[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < candidates.size(); ++k)
    if (counts[k] > counts[best]) best = k;
  return candidates[best];
}

Sheet readCsv(std::string_view bytes, const SheetLimits& limits) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.find('\0') != std::string_view::npos) unreadable("is not a text file (CSV); it holds binary data");
  std::string converted;
  if (!validUtf8(bytes)) {
    converted = fromWindows1252(bytes);
    bytes = converted;
  }
  const char delimiter = detectDelimiter(bytes);
  std::vector<SheetRow> rows;
  SheetRow row;
  row.line = 1;
  std::string cell;
  bool quoted = false, wasQuoted = false;
  const auto endCell = [&] {
    if (row.cells.size() >= limits.max_columns)
      unreadable("has more than " + std::to_string(limits.max_columns) + " columns");
    row.cells.push_back(cleanCell(std::move(cell), limits));
    cell.clear();
    wasQuoted = false;
  };
  const auto endRow = [&] {
    endCell();
    if (rows.size() > limits.max_rows) unreadable("has more than " + std::to_string(limits.max_rows) + " rows");
    const int next = row.line + 1;
    rows.push_back(std::move(row));
    row = SheetRow{};
    row.line = next;
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < bytes.size() && bytes[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell.push_back(c);
        if (cell.size() > limits.max_cell_bytes)
          unreadable("has a cell longer than " + std::to_string(limits.max_cell_bytes) + " bytes");
      }
      continue;
    }
    if (c == '"' && !wasQuoted && cell.find_first_not_of(' ') == std::string::npos) {
      cell.clear();
      quoted = wasQuoted = true;
    } else if (c == delimiter) {
      endCell();
    } else if (c == '\r') {
      if (i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
      endRow();
    } else if (c == '\n') {
      endRow();
    } else {
      cell.push_back(c);  // a stray quote inside an unquoted cell is kept, as spreadsheets do
      if (cell.size() > limits.max_cell_bytes)
        unreadable("has a cell longer than " + std::to_string(limits.max_cell_bytes) + " bytes");
    }
  }
  if (quoted) unreadable("ends inside a quoted field (a \" is not closed)");
  if (!cell.empty() || !row.cells.empty()) endRow();
  return sheetOf(std::move(rows), limits);
}

// ---- XLSX ------------------------------------------------------------------------------------------

struct ZipArchive {
  zip_t* archive = nullptr;
  ~ZipArchive() {
    if (archive) zip_discard(archive);
  }
};

class XlsxParts {
 public:
  XlsxParts(std::string_view bytes, const SheetLimits& limits) : limits_(limits) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) unreadable("is not an XLSX workbook");
    zip_.archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    zip_error_fini(&error);
    if (!zip_.archive) {
      zip_source_free(source);
      unreadable("is not an XLSX workbook (not a zip archive)");
    }
  }

  bool has(const std::string& name) const { return zip_name_locate(zip_.archive, name.c_str(), 0) >= 0; }

  // The part unpacked, counted against the limit of everything unpacked (a zip bomb stops here).
  std::string part(const std::string& name) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip_.archive, name.c_str(), 0, &st) != 0) unreadable("is not an XLSX workbook (" + name + " missing)");
    zip_file_t* file = zip_fopen(zip_.archive, name.c_str(), 0);
    if (!file) unreadable("is not a readable XLSX workbook (" + name + ")");
    std::string out;
    std::array<char, 65536> buffer{};
    for (;;) {
      const auto n = zip_fread(file, buffer.data(), buffer.size());
      if (n < 0) {
        zip_fclose(file);
        unreadable("is a damaged XLSX workbook (" + name + ")");
      }
      if (n == 0) break;
      unpacked_ += static_cast<std::size_t>(n);
      if (unpacked_ > limits_.max_uncompressed_bytes) {
        zip_fclose(file);
        unreadable("unpacks to more than " + std::to_string(limits_.max_uncompressed_bytes / (1024 * 1024)) + " MiB");
      }
      out.append(buffer.data(), static_cast<std::size_t>(n));
    }
    zip_fclose(file);
    return out;
  }

 private:
  ZipArchive zip_;
  const SheetLimits& limits_;
  std::size_t unpacked_ = 0;
};

pugi::xml_document parseXml(const std::string& text, const std::string& part) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default | pugi::parse_ws_pcdata_single))
    unreadable("is a damaged XLSX workbook (" + part + " is not XML)");
  return doc;
}

// The text of a shared or inline string: its <t>, or the <t> of each run.
std::string stringItem(const pugi::xml_node& item) {
  if (const auto t = item.child("t")) return t.text().get();
  std::string out;
  for (const auto& run : item.children("r")) out += run.child("t").text().get();
  return out;
}

// Number formats that show dates: the built-in date ids and custom codes with day/month/year parts.
bool isDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return true;
  if (code.empty()) return false;
  bool inQuotes = false, inBracket = false;
  for (char c : code) {
    if (c == '"') inQuotes = !inQuotes;
    else if (!inQuotes && c == '[') inBracket = true;
    else if (!inQuotes && c == ']') inBracket = false;
    else if (!inQuotes && !inBracket && (c == 'd' || c == 'y' || c == 'D' || c == 'Y')) return true;
  }
  return false;
}

std::string isoFromSerial(double serial, bool date1904) {
  using namespace std::chrono;
  const sys_days epoch = date1904 ? sys_days{year{1904} / January / 1} : sys_days{year{1899} / December / 30};
  const auto whole = std::floor(serial);
  const auto day = epoch + days{static_cast<long long>(whole)};
  const year_month_day ymd{day};
  char text[64];
  auto seconds = static_cast<long long>(std::llround((serial - whole) * 86400.0));
  if (seconds >= 86400) seconds = 86399;
  if (seconds == 0) {
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), seconds / 3600,
                  (seconds / 60) % 60, seconds % 60);
  }
  return text;
}

// A number as people wrote it: integers without a decimal point or exponent (a CVR or a phone stored
// as a number stays "12345678").
std::string numberText(const std::string& raw) {
  double value = 0;
  const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
  if (ec != std::errc() || end != raw.data() + raw.size() || !std::isfinite(value)) return raw;
  if (std::floor(value) == value && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  char text[64];
  std::snprintf(text, sizeof text, "%.15g", value);
  return text;
}

// "B12" -> column 1 (0-based); nothing when not a cell reference.
std::optional<std::size_t> columnOf(std::string_view ref) {
  std::size_t column = 0, letters = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  return column - 1;
}

Sheet readXlsx(std::string_view bytes, const SheetLimits& limits) {
  if (bytes.substr(0, 2) != "PK") unreadable("is not an XLSX workbook");
  XlsxParts parts(bytes, limits);
  // The first sheet: the workbook's first <sheet>, through its relationship.
  std::string sheetPath = "xl/worksheets/sheet1.xml";
  bool date1904 = false;
  if (parts.has("xl/workbook.xml")) {
    const auto workbook = parseXml(parts.part("xl/workbook.xml"), "workbook");
    const auto root = workbook.child("workbook");
    date1904 = root.child("workbookPr").attribute("date1904").as_bool();
    const auto first = root.child("sheets").child("sheet");
    const std::string rid = first.attribute("r:id").value();
    if (!rid.empty() && parts.has("xl/_rels/workbook.xml.rels")) {
      const auto rels = parseXml(parts.part("xl/_rels/workbook.xml.rels"), "relationships");
      for (const auto& rel : rels.child("Relationships").children("Relationship")) {
        if (rid != rel.attribute("Id").value()) continue;
        std::string target = rel.attribute("Target").value();
        if (target.rfind('/', 0) == 0) sheetPath = target.substr(1);
        else sheetPath = "xl/" + target;
      }
    }
  }
  std::vector<std::string> shared;
  if (parts.has("xl/sharedStrings.xml")) {
    const auto doc = parseXml(parts.part("xl/sharedStrings.xml"), "shared strings");
    for (const auto& si : doc.child("sst").children("si")) shared.push_back(stringItem(si));
  }
  std::vector<bool> dateStyle;  // per cell format (xf) index
  if (parts.has("xl/styles.xml")) {
    const auto doc = parseXml(parts.part("xl/styles.xml"), "styles");
    const auto styles = doc.child("styleSheet");
    std::map<int, std::string> codes;
    for (const auto& f : styles.child("numFmts").children("numFmt"))
      codes[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").value();
    for (const auto& xf : styles.child("cellXfs").children("xf")) {
      const int id = xf.attribute("numFmtId").as_int();
      const auto code = codes.find(id);
      dateStyle.push_back(isDateFormat(id, code == codes.end() ? std::string() : code->second));
    }
  }
  if (!parts.has(sheetPath)) unreadable("is an XLSX workbook without a sheet");
  const auto doc = parseXml(parts.part(sheetPath), "sheet");
  std::vector<SheetRow> rows;
  int nextLine = 1;
  for (const auto& r : doc.child("worksheet").child("sheetData").children("row")) {
    if (rows.size() > limits.max_rows) unreadable("has more than " + std::to_string(limits.max_rows) + " rows");
    SheetRow row;
    const int line = r.attribute("r").as_int(nextLine);
    row.line = line > 0 && line < 2'000'000 ? line : nextLine;
    nextLine = row.line + 1;
    std::size_t nextColumn = 0;
    for (const auto& c : r.children("c")) {
      const auto column = columnOf(c.attribute("r").value()).value_or(nextColumn);
      nextColumn = column + 1;
      if (column >= limits.max_columns) {
        if (c.child("v") || c.child("is"))
          unreadable("has more than " + std::to_string(limits.max_columns) + " columns");
        continue;
      }
      const std::string type = c.attribute("t").value();
      const std::string raw = c.child("v").text().get();
      std::string value;
      if (type == "s") {
        const auto index = c.child("v").text().as_ullong(shared.size());
        if (index >= shared.size()) unreadable("is a damaged XLSX workbook (a shared string is missing)");
        value = shared[index];
      } else if (type == "inlineStr") {
        value = stringItem(c.child("is"));
      } else if (type == "b") {
        value = raw == "1" ? "TRUE" : "FALSE";
      } else if (type == "str" || type == "e") {
        value = raw;
      } else if (!raw.empty()) {
        const auto style = c.attribute("s").as_uint(0);
        double serial = 0;
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), serial);
        const bool number = ec == std::errc() && end == raw.data() + raw.size();
        if (number && style < dateStyle.size() && dateStyle[style] && serial >= 0 && serial < 2958466)
          value = isoFromSerial(serial, date1904);
        else value = numberText(raw);
      }
      if (!validUtf8(value)) unreadable("holds text that is not valid UTF-8");
      if (row.cells.size() <= column) row.cells.resize(column + 1);
      row.cells[column] = cleanCell(std::move(value), limits);
    }
    rows.push_back(std::move(row));
  }
  return sheetOf(std::move(rows), limits);
}

}  // namespace

Sheet SpreadsheetReader::read(std::string_view bytes, domain::SheetFormat format) const {
  if (bytes.empty()) unreadable("is empty");
  return format == domain::SheetFormat::csv ? readCsv(bytes, limits_) : readXlsx(bytes, limits_);
}

}  // namespace brobygger::sheets
