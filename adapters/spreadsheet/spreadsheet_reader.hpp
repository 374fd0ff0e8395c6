#pragma once
// Reads uploaded spreadsheets for imports: CSV in UTF-8 (with or without BOM) or Windows-1252 (ICU),
// with `;`, `,` or tab detected and RFC 4180 quoting; XLSX's first sheet (libzip and pugixml), with
// shared and inline strings, numbers, and dates by their style written as ISO text.
#include "domain/import.hpp"

namespace brobygger::sheets {

class SpreadsheetReader final : public domain::SheetReader {
 public:
  explicit SpreadsheetReader(domain::SheetLimits limits = {}) : limits_(limits) {}
  domain::Sheet read(std::string_view bytes, domain::SheetFormat format) const override;

 private:
  domain::SheetLimits limits_;
};

}  // namespace brobygger::sheets
