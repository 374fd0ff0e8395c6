#pragma once
// HTTP/1.1 request framing, done by the project rather than by Pistache (whose 0.0.5 parser restarts on
// every read, answers one pipelined request of many, never answers `Expect: 100-continue`, takes any
// Content-Length and turns its own exceptions into 500s with a library message). The server feeds the
// bytes of one connection in as they arrive; every byte is looked at once, so the cost stays linear.
// Pistache is used only to accept connections and write answers. No Pistache here.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brobygger::api {

struct WireLimits {
  std::size_t max_request_line = 8 * 1024;  // method, target and version
  std::size_t max_head = 32 * 1024;         // request line and every header line together
  std::size_t max_headers = 100;
  std::size_t max_body = 24 * 1024 * 1024;  // above the application's own limits (it answers those itself)
};

struct WireRequest {
  std::string method;
  std::string target;                                        // as sent: path and query
  int minor_version = 1;                                     // HTTP/1.<minor>
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;
  bool keep_alive = true;
};

// Why a connection cannot go on: the answer (status and a detail for problem+json); the connection is
// closed after it, since where the next request starts is no longer known.
struct WireError {
  int status = 400;
  std::string detail;
};

class RequestFramer {
 public:
  explicit RequestFramer(WireLimits limits = {}) : limits_(limits) {}

  void feed(std::string_view bytes) { buffer_.append(bytes); }

  enum class Status { need_more, request, error };
  // The next complete request (Status::request, in `out`), or that more bytes are needed, or an error
  // (in `error`, after which the framer answers only errors). Call until need_more.
  Status next(WireRequest& out, WireError& error);

  // True once per request whose head is complete and that announced `Expect: 100-continue` while its
  // body has not all arrived: the server answers "100 Continue" at that moment.
  bool takeContinue() { return std::exchange(continue_, false); }
  // Bytes received and not yet part of a returned request.
  std::size_t buffered() const { return buffer_.size() - start_; }
  // True while a request has begun arriving but is not complete.
  bool inRequest() const { return buffered() > 0 || state_ != State::line; }

 private:
  enum class State { line, headers, body, chunk_size, chunk_data, chunk_end, trailers, failed };
  Status fail(WireError& error, int status, std::string detail);
  Status headComplete(WireError& error);
  std::optional<std::string_view> takeLine(std::size_t max);

  WireLimits limits_;
  std::string buffer_;
  std::size_t start_ = 0;  // where unconsumed bytes begin
  std::size_t scan_ = 0;   // how far the current line has been searched for its end
  State state_ = State::line;
  std::size_t head_bytes_ = 0;
  std::size_t body_left_ = 0;
  bool chunked_ = false;
  bool continue_ = false;
  bool line_too_long_ = false;
  WireRequest current_;
  WireError failure_;
};

// Writes an answer's status line and head (Content-Length included except for 204 and 304; the body not).
std::string responseHead(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                         std::size_t contentLength, bool keepAlive);

}  // namespace brobygger::api
