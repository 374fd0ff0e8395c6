#include "adapters/spreadsheet/table_files.hpp"

#include <xlsxwriter.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace brobygger::spreadsheet {

namespace {

using domain::TableCell;
using domain::TableColumn;

std::string decimalText(double value) {
  // Four decimals at most (rates and shares), the shortest form that reads back the same.
  const double rounded = std::round(value * 10000.0) / 10000.0;
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, rounded);
  return ec == std::errc{} ? std::string(buffer, end) : std::string{};
}

// RFC 4180: fields separated by commas, lines ended by CRLF, a field quoted when it holds a comma,
// quote or line break; UTF-8 with a byte order mark so that Excel reads æøå right.
class CsvWriter final : public domain::TableWriter {
 public:
  CsvWriter(const std::string& path, const std::vector<TableColumn>& columns, const domain::TimeZone& zone)
      : file_(std::fopen(path.c_str(), "wb")), zone_(zone) {
    if (!file_) throw std::runtime_error("cannot create the export file");
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
    std::string header = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < columns.size(); ++i) header += (i ? "," : "") + csvField(columns[i].header);
    put(header + "\r\n");
  }
  ~CsvWriter() override {
    if (file_) std::fclose(file_);
  }
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void row(const std::vector<TableCell>& cells) override {
    line_.clear();
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) line_ += ',';
      const auto& cell = cells[i];
      if (const auto* text = std::get_if<std::string>(&cell)) line_ += csvField(*text);
      else if (const auto* integer = std::get_if<std::int64_t>(&cell)) line_ += std::to_string(*integer);
      else if (const auto* decimal = std::get_if<double>(&cell)) line_ += decimalText(*decimal);
      else if (const auto* date = std::get_if<domain::LocalDate>(&cell)) line_ += date->iso();
      else if (const auto* wall = std::get_if<domain::LocalDateTime>(&cell)) line_ += domain::formatIsoLocal(*wall);
      else if (const auto* at = std::get_if<domain::Timestamp>(&cell)) line_ += domain::formatIsoTimestamp(*at, zone_);
    }
    line_ += "\r\n";
    put(line_);
  }

  void finish() override {
    const bool failed = std::fflush(file_) != 0 || std::ferror(file_);
    std::fclose(file_);
    file_ = nullptr;
    if (failed) throw std::runtime_error("cannot write the export file");
  }

 private:
  void put(const std::string& text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
      throw std::runtime_error("cannot write the export file");
  }
  std::FILE* file_;
  const domain::TimeZone& zone_;
  std::string line_;
};

// A workbook of one sheet, written row by row (libxlsxwriter's constant memory mode keeps one row in
// memory). Numbers are number cells, dates and instants date cells with a date format, text always a
// string cell (never a formula) in the Text number format, so that a cell starting with = is not run
// even when someone edits it; the header row is bold and frozen.
class XlsxWriter final : public domain::TableWriter {
 public:
  XlsxWriter(const std::string& path, const std::vector<TableColumn>& columns, const std::string& sheetName,
             const domain::TimeZone& zone)
      : zone_(zone) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    workbook_ = workbook_new_opt(path.c_str(), &options);
    if (!workbook_) throw std::runtime_error("cannot create the workbook");
    sheet_ = workbook_add_worksheet(workbook_, sheetName.c_str());
    if (!sheet_) throw std::runtime_error("cannot add the worksheet");
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    text_ = workbook_add_format(workbook_);
    format_set_num_format(text_, "@");
    date_ = workbook_add_format(workbook_);
    format_set_num_format(date_, "yyyy-mm-dd");
    dateTime_ = workbook_add_format(workbook_);
    format_set_num_format(dateTime_, "yyyy-mm-dd hh:mm");
    decimal_ = workbook_add_format(workbook_);
    format_set_num_format(decimal_, "0.0000");
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      worksheet_set_column(sheet_, col, col, columns[c].width,
                           columns[c].kind == domain::ColumnKind::text ? text_ : nullptr);
      check(worksheet_write_string(sheet_, 0, col, columns[c].header.c_str(), header_));
    }
    worksheet_freeze_panes(sheet_, 1, 0);
  }
  ~XlsxWriter() override {
    if (workbook_) workbook_close(workbook_);  // an unfinished export: the caller removes the file
  }
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  void row(const std::vector<TableCell>& cells) override {
    ++row_;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const auto& cell = cells[c];
      if (const auto* text = std::get_if<std::string>(&cell)) {
        if (!text->empty()) check(worksheet_write_string(sheet_, row_, col, text->c_str(), text_));
      } else if (const auto* integer = std::get_if<std::int64_t>(&cell)) {
        check(worksheet_write_number(sheet_, row_, col, static_cast<double>(*integer), nullptr));
      } else if (const auto* decimal = std::get_if<double>(&cell)) {
        check(worksheet_write_number(sheet_, row_, col, *decimal, decimal_));
      } else if (const auto* date = std::get_if<domain::LocalDate>(&cell)) {
        lxw_datetime value{date->year, static_cast<int>(date->month), static_cast<int>(date->day), 0, 0, 0};
        check(worksheet_write_datetime(sheet_, row_, col, &value, date_));
      } else if (const auto* wall = std::get_if<domain::LocalDateTime>(&cell)) {
        dateTime(col, *wall);
      } else if (const auto* at = std::get_if<domain::Timestamp>(&cell)) {
        dateTime(col, zone_.toLocal(*at));
      }
    }
  }

  void dateTime(lxw_col_t col, const domain::LocalDateTime& local) {
    lxw_datetime value{local.year,
                       static_cast<int>(local.month),
                       static_cast<int>(local.day),
                       static_cast<int>(local.hour),
                       static_cast<int>(local.minute),
                       0};
    check(worksheet_write_datetime(sheet_, row_, col, &value, dateTime_));
  }

  void finish() override {
    const auto result = workbook_close(workbook_);
    workbook_ = nullptr;
    if (result != LXW_NO_ERROR)
      throw std::runtime_error(std::string("cannot write the workbook: ") + lxw_strerror(result));
  }

 private:
  static void check(lxw_error error) {
    if (error != LXW_NO_ERROR) throw std::runtime_error(std::string("cannot write a cell: ") + lxw_strerror(error));
  }
  const domain::TimeZone& zone_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* text_ = nullptr;
  lxw_format* date_ = nullptr;
  lxw_format* dateTime_ = nullptr;
  lxw_format* decimal_ = nullptr;
  lxw_row_t row_ = 0;
};

}  // namespace

bool looksLikeFormula(const std::string& text) noexcept {
  if (text.empty()) return false;
  const char first = text.front();
  return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
}

std::string csvField(const std::string& text) {
  std::string value = looksLikeFormula(text) ? "'" + text : text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::unique_ptr<domain::TableWriter> TableFiles::open(domain::TableFormat format, const std::string& path,
                                                      const std::vector<TableColumn>& columns,
                                                      const std::string& sheetName) const {
  if (format == domain::TableFormat::csv) return std::make_unique<CsvWriter>(path, columns, zone_);
  return std::make_unique<XlsxWriter>(path, columns, sheetName, zone_);
}

}  // namespace brobygger::spreadsheet
