#pragma once
// The HTTP edge's own request and response types. Handlers work on these; only http_server.cpp sees
// Pistache, so the rest of api/ compiles quickly and can be tested without a socket.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brobygger::api {

struct HttpRequest {
  std::string method;                             // GET, POST, ...
  std::string path;                               // raw path, without the query string
  std::vector<std::string> segments;              // percent-decoded path segments
  std::multimap<std::string, std::string> query;  // percent-decoded
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;

  std::optional<std::string> header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";

  void header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Splits "/a/b%20c/" into {"a", "b c"}; nothing when a segment is not valid percent-encoding.
std::optional<std::vector<std::string>> splitPath(std::string_view path);
// Parses "a=1&b=x%20y" (also '+' as space).
std::optional<std::multimap<std::string, std::string>> parseQuery(std::string_view query);
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);

}  // namespace brobygger::api
