#include "xlsx_reader.hpp"

#include <zip.h>

#include <memory>
#include <pugixml.hpp>
#include <stdexcept>

namespace brobygger::testing {

namespace {

std::string entry(zip_t* archive, const char* name) {
  zip_stat_t st;
  if (zip_stat(archive, name, 0, &st) != 0) throw std::runtime_error(std::string("no ") + name + " in the workbook");
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen(archive, name, 0), zip_fclose);
  if (!file) throw std::runtime_error(std::string("cannot open ") + name);
  std::string out(static_cast<std::size_t>(st.size), '\0');
  if (zip_fread(file.get(), out.data(), st.size) != static_cast<zip_int64_t>(st.size))
    throw std::runtime_error(std::string("cannot read ") + name);
  return out;
}

std::size_t columnIndex(const std::string& ref) {
  std::size_t index = 0;
  for (const char ch : ref) {
    if (ch < 'A' || ch > 'Z') break;
    index = index * 26 + static_cast<std::size_t>(ch - 'A' + 1);
  }
  return index - 1;
}

// Excel's built-in number formats the tests look at.
std::string builtinFormat(int id) {
  switch (id) {
    case 14: return "yyyy-mm-dd";  // a date (shown in the locale's form)
    case 22: return "yyyy-mm-dd hh:mm";
    case 49: return "@";
    default: return "";
  }
}

}  // namespace

XlsxSheet readXlsx(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) throw std::runtime_error("cannot read the workbook");
  zip_t* raw = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!raw) {
    zip_source_free(source);
    throw std::runtime_error("not a zip archive");
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> archive(raw, zip_discard);

  XlsxSheet sheet;
  std::vector<std::string> shared;
  zip_stat_t st;
  if (zip_stat(archive.get(), "xl/sharedStrings.xml", 0, &st) == 0) {
    pugi::xml_document doc;
    const auto text = entry(archive.get(), "xl/sharedStrings.xml");
    doc.load_buffer(text.data(), text.size());
    for (const auto& si : doc.child("sst").children("si")) shared.emplace_back(si.child("t").text().as_string());
  }
  {
    pugi::xml_document doc;
    const auto text = entry(archive.get(), "xl/styles.xml");
    if (!doc.load_buffer(text.data(), text.size())) throw std::runtime_error("bad styles.xml");
    std::map<int, std::string> custom;
    for (const auto& f : doc.child("styleSheet").child("numFmts").children("numFmt"))
      custom[f.attribute("numFmtId").as_int()] = f.attribute("formatCode").as_string();
    for (const auto& xf : doc.child("styleSheet").child("cellXfs").children("xf")) {
      const int id = xf.attribute("numFmtId").as_int();
      sheet.style_formats.push_back(custom.contains(id) ? custom[id] : builtinFormat(id));
    }
  }
  pugi::xml_document doc;
  const auto text = entry(archive.get(), "xl/worksheets/sheet1.xml");
  if (!doc.load_buffer(text.data(), text.size())) throw std::runtime_error("bad sheet1.xml");
  const auto worksheet = doc.child("worksheet");
  for (const auto& pane : worksheet.child("sheetViews").child("sheetView").children("pane"))
    if (std::string(pane.attribute("state").as_string()) == "frozen" && pane.attribute("ySplit").as_int() == 1)
      sheet.header_frozen = true;
  for (const auto& col : worksheet.child("cols").children("col"))
    sheet.column_widths.push_back(col.attribute("width").as_double());
  for (const auto& row : worksheet.child("sheetData").children("row")) {
    std::vector<XlsxCell> cells;
    for (const auto& c : row.children("c")) {
      XlsxCell cell;
      cell.type = c.attribute("t").as_string();
      cell.style = c.attribute("s").as_int();
      cell.formula = !c.child("f").empty();
      if (cell.type == "inlineStr") cell.value = c.child("is").child("t").text().as_string();
      else if (cell.type == "s") cell.value = shared.at(c.child("v").text().as_ullong());
      else cell.value = c.child("v").text().as_string();
      const auto index = columnIndex(c.attribute("r").as_string());
      if (cells.size() <= index) cells.resize(index + 1);
      cells[index] = cell;
    }
    sheet.rows.push_back(std::move(cells));
  }
  return sheet;
}

}  // namespace brobygger::testing
