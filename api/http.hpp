#pragma once
// The HTTP edge's own request and response types. Handlers work on these; only http_server.cpp sees
// Pistache, so the rest of api/ compiles quickly and can be tested without a socket.
#include <map>
#include <memory>
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
  bool query_malformed = false;                   // a broken %-escape or bytes that are not UTF-8: a 400
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;

  std::optional<std::string> header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
};

// A body too large to hold in memory (an export of up to 100,000 rows): a file the server sends from
// disk and removes once the last reference to it goes, i.e. when the send has ended either way.
class SpooledFile {
 public:
  explicit SpooledFile(std::string path) : path_(std::move(path)) {}
  ~SpooledFile();
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  // When set, the body is this file's content instead of `body` (sent with sendfile, never read into memory).
  std::shared_ptr<const SpooledFile> body_file;

  void header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Splits "/a/b%20c/" into {"a", "b c"}; nothing when a segment is not valid percent-encoding.
std::optional<std::vector<std::string>> splitPath(std::string_view path);
// Parses "a=1&b=x%20y" (also '+' as space); nothing when an escape is broken or a decoded name or
// value is not UTF-8.
std::optional<std::multimap<std::string, std::string>> parseQuery(std::string_view query);
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);
// Well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool validUtf8(std::string_view text);

}  // namespace brobygger::api
