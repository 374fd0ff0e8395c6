// Import parsing (adapters/spreadsheet SpreadsheetReader): CSV in any encoding and XLSX archives. The
// first byte picks the format. Only DomainError may come out (the import answers 422 with it), and the
// limits hold.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/spreadsheet/spreadsheet_reader.hpp"
#include "domain/error.hpp"

using namespace brobygger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto format = data[0] & 1 ? domain::SheetFormat::xlsx : domain::SheetFormat::csv;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const sheets::SpreadsheetReader reader([] {
    domain::SheetLimits limits;  // smaller than the server's, so that a run reaches them
    limits.max_rows = 2000;
    limits.max_cell_bytes = 4000;
    limits.max_uncompressed_bytes = 4u * 1024u * 1024u;
    return limits;
  }());
  try {
    const auto sheet = reader.read(bytes, format);
    (void)sheet;
  } catch (const domain::DomainError&) {
  }
  return 0;
}
