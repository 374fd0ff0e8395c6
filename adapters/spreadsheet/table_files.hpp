#pragma once
#include <string>

#include "domain/table.hpp"

namespace brobygger::spreadsheet {

// CSV and XLSX files for downloads. Instants are written on the wall clock of `zone`: in CSV as
// ISO 8601 with the offset, in XLSX as date cells.
class TableFiles final : public domain::TableFormats {
 public:
  explicit TableFiles(const domain::TimeZone& zone) : zone_(zone) {}
  std::unique_ptr<domain::TableWriter> open(domain::TableFormat format, const std::string& path,
                                            const std::vector<domain::TableColumn>& columns,
                                            const std::string& sheetName) const override;

 private:
  const domain::TimeZone& zone_;
};

// True for text a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage return.
bool looksLikeFormula(const std::string& text) noexcept;
// One RFC 4180 field; formula-like text gets a leading ' first.
std::string csvField(const std::string& text);

}  // namespace brobygger::spreadsheet
