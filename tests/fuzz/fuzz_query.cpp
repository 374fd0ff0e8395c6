// Query strings and paths as the server decodes them (api/http.hpp) and as routes read them
// (api/route_support.hpp QueryReader): only DomainError may come out (a 400/422), and what is decoded
// is UTF-8 (answers echo parameter names in JSON).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/http.hpp"
#include "api/route_support.hpp"
#include "domain/error.hpp"

using namespace brobygger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  if (const auto segments = api::splitPath(input)) {
    for (const auto& s : *segments)
      if (s.empty() || s.find('/') != std::string::npos) std::abort();
  }
  const auto query = api::parseQuery(input);
  if (!query) return 0;
  for (const auto& [key, value] : *query)
    if (!api::validUtf8(key) || !api::validUtf8(value)) std::abort();
  api::HttpRequest request;
  request.query = *query;
  try {
    api::QueryReader reader(request, {"limit", "offset", "status", "q", "from", "to", "n"});
    (void)reader.page();
    (void)reader.status();
    (void)reader.text("q");
    (void)reader.integerIn("n", -5, 5);
    reader.done();
  } catch (const domain::DomainError&) {
  }
  return 0;
}
