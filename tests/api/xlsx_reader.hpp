#pragma once
// A small test-only reader of the workbooks the server writes (libzip + pugixml): the first sheet's
// cells with their type and style, and the number format of each style.
#include <map>
#include <string>
#include <vector>

namespace brobygger::testing {

struct XlsxCell {
  std::string type;   // the `t` attribute: "" or "n" (number), "s", "inlineStr", "str", "b"
  std::string value;  // the number as written, or the text
  int style = 0;      // index into the cell formats
  bool formula = false;
};

struct XlsxSheet {
  std::vector<std::vector<XlsxCell>> rows;  // in order, cells placed by their column letter
  bool header_frozen = false;               // a frozen pane below row 1
  std::vector<std::string> style_formats;   // the number format code of each cell format ("" for General)
  std::vector<double> column_widths;

  const std::string& formatOf(const XlsxCell& cell) const {
    return style_formats.at(static_cast<std::size_t>(cell.style));
  }
};

// Throws std::runtime_error when `bytes` is not a workbook with a first sheet.
XlsxSheet readXlsx(const std::string& bytes);

}  // namespace brobygger::testing
