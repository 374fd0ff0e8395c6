#include "api/export.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "api/language.hpp"

namespace brobygger::api {

std::optional<domain::TableFormat> exportFormat(const HttpRequest& request, QueryReader& query, bool acceptCsv) {
  const auto format = query.text("format");
  if (format) {
    if (*format == "json") return std::nullopt;
    if (*format == "csv") return domain::TableFormat::csv;
    if (*format == "xlsx") return domain::TableFormat::xlsx;
    domain::throwInvalid("format", "must be json, csv or xlsx");
  }
  if (acceptCsv) {
    const auto accept = request.header("accept");
    if (accept && accept->find("text/csv") != std::string::npos) return domain::TableFormat::csv;
  }
  return std::nullopt;
}

std::shared_ptr<SpooledFile> spoolFile() {
  auto pattern = (std::filesystem::temp_directory_path() / "brobygger-export-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for an export");
  ::close(fd);
  return std::make_shared<SpooledFile>(std::move(pattern));
}

void sendSpooled(HttpResponse& response, domain::TableFormat format, const std::string& stem,
                 std::shared_ptr<SpooledFile> file, const domain::TimeZone& zone, bool dated) {
  const bool csv = format == domain::TableFormat::csv;
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto today = zone.toLocal(now);
  const auto date = dated ? "-" + domain::formatIsoDate({today.year, today.month, today.day}) : std::string();
  response.status = 200;
  response.content_type =
      csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  response.header("Content-Disposition", "attachment; filename=\"" + stem + date + (csv ? ".csv" : ".xlsx") + "\"");
  response.body.clear();
  response.body_file = std::move(file);
}

ListRequest finishListQuery(const RequestContext& c, QueryReader& query, domain::Violations& bad) {
  ListRequest list{exportFormat(c.request, query), callerLanguage(c, query)};
  query.done();
  bad.throwIfAny();
  return list;
}

}  // namespace brobygger::api
