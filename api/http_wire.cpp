#include "api/http_wire.hpp"

#include <algorithm>
#include <cctype>

namespace brobygger::api {

namespace {

bool isTchar(unsigned char c) {
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool isToken(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return isTchar(static_cast<unsigned char>(c)); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool allDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

const char* reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

}  // namespace

RequestFramer::Status RequestFramer::fail(WireError& error, int status, std::string detail) {
  state_ = State::failed;
  failure_ = WireError{status, std::move(detail)};
  error = failure_;
  return Status::error;
}

std::optional<std::string_view> RequestFramer::takeLine(std::size_t max) {
  const auto from = std::max(scan_, start_);
  const auto end = buffer_.find('\n', from);
  if (end == std::string::npos) {
    scan_ = buffer_.size();
    line_too_long_ = buffer_.size() - start_ > max;
    return std::nullopt;
  }
  if (end - start_ > max) {
    line_too_long_ = true;
    return std::nullopt;
  }
  std::string_view line(buffer_.data() + start_, end - start_);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  start_ = end + 1;
  scan_ = start_;
  return line;
}

RequestFramer::Status RequestFramer::next(WireRequest& out, WireError& error) {
  if (state_ == State::failed) {
    error = failure_;
    return Status::error;
  }
  // Drop what has been consumed once it is most of the buffer (amortised: each byte moves O(1) times).
  if (start_ > 4096 && start_ * 2 > buffer_.size()) {
    buffer_.erase(0, start_);
    scan_ -= std::min(scan_, start_);
    start_ = 0;
  }
  for (;;) {
    switch (state_) {
      case State::line: {
        const auto line = takeLine(limits_.max_request_line);
        if (!line) {
          // What cannot become a method is refused at once (TLS to the plain port, binary noise), and
          // before the length: the answer must not depend on how the bytes were split into reads.
          std::string_view partial(buffer_.data() + start_, buffer_.size() - start_);
          if (!partial.empty() && partial.front() != '\r' && partial.front() != '\n') {
            const auto method = partial.substr(0, partial.find(' '));
            if (method.size() > 32 || !std::all_of(method.begin(), method.end(),
                                                   [](char c) { return isTchar(static_cast<unsigned char>(c)); }))
              return fail(error, 400, "The request line must be: method, target and HTTP version");
          }
          if (line_too_long_) return fail(error, 414, "The request line is longer than the limit");
          return Status::need_more;
        }
        head_bytes_ += line->size() + 2;
        if (line->empty()) {  // empty lines before a request are allowed (RFC 9112 2.2)
          if (head_bytes_ > limits_.max_head) return fail(error, 400, "Only empty lines were sent");
          continue;
        }
        const auto sp1 = line->find(' ');
        const auto sp2 = sp1 == std::string_view::npos ? sp1 : line->find(' ', sp1 + 1);
        if (sp2 == std::string_view::npos || line->find(' ', sp2 + 1) != std::string_view::npos)
          return fail(error, 400, "The request line must be: method, target and HTTP version");
        const auto method = line->substr(0, sp1);
        const auto target = line->substr(sp1 + 1, sp2 - sp1 - 1);
        const auto version = line->substr(sp2 + 1);
        if (!isToken(method) || method.size() > 32) return fail(error, 400, "The method is not a valid token");
        if (target.empty() || std::any_of(target.begin(), target.end(), [](char c) {
              const auto u = static_cast<unsigned char>(c);
              return u <= 0x20 || u == 0x7F;
            }))
          return fail(error, 400, "The request target holds characters that are not allowed");
        if (version.size() != 8 || !version.starts_with("HTTP/") || version[6] != '.' ||
            !std::isdigit(static_cast<unsigned char>(version[5])) ||
            !std::isdigit(static_cast<unsigned char>(version[7])))
          return fail(error, 400, "The HTTP version is malformed");
        if (version[5] != '1') return fail(error, 505, "Only HTTP/1.0 and HTTP/1.1 are spoken here");
        current_ = WireRequest{};
        current_.method = std::string(method);
        current_.minor_version = static_cast<int>(version[7] - '0');
        if (target.front() == '/') {
          current_.target = std::string(target);
        } else if (target == "*" && method == "OPTIONS") {
          current_.target = "*";
        } else if (const auto scheme = target.find("://");
                   scheme != std::string_view::npos &&
                   (lower(target.substr(0, scheme)) == "http" || lower(target.substr(0, scheme)) == "https")) {
          // The absolute form (RFC 9112 3.2.2): the path of it.
          const auto path = target.find('/', scheme + 3);
          current_.target = path == std::string_view::npos ? "/" : std::string(target.substr(path));
        } else {
          return fail(error, 400, "The request target must be a path");
        }
        state_ = State::headers;
        continue;
      }
      case State::headers: {
        const auto budget = limits_.max_head > head_bytes_ ? limits_.max_head - head_bytes_ : 0;
        const auto line = takeLine(budget);
        if (!line) {
          if (line_too_long_) return fail(error, 431, "The request's headers are larger than the limit");
          return Status::need_more;
        }
        head_bytes_ += line->size() + 2;
        if (head_bytes_ > limits_.max_head) return fail(error, 431, "The request's headers are larger than the limit");
        if (line->empty()) {
          const auto status = headComplete(error);
          if (status == Status::error) return status;
          continue;
        }
        if (line->front() == ' ' || line->front() == '\t')
          return fail(error, 400, "Folded header lines are not accepted");
        const auto colon = line->find(':');
        if (colon == std::string_view::npos || !isToken(line->substr(0, colon)))
          return fail(error, 400, "A header line is malformed");
        const auto value = trim(line->substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), [](char c) {
              const auto u = static_cast<unsigned char>(c);
              return (u < 0x20 && u != '\t') || u == 0x7F;
            }))
          return fail(error, 400, "A header value holds control characters");
        if (current_.headers.size() >= limits_.max_headers)
          return fail(error, 431, "The request has more headers than the limit");
        current_.headers.emplace_back(lower(line->substr(0, colon)), std::string(value));
        continue;
      }
      case State::body:
      case State::chunk_data: {
        const auto take = std::min(body_left_, buffer_.size() - start_);
        current_.body.append(buffer_, start_, take);
        start_ += take;
        scan_ = start_;
        body_left_ -= take;
        if (body_left_ > 0) return Status::need_more;
        if (state_ == State::chunk_data) {
          state_ = State::chunk_end;
          continue;
        }
        break;  // complete
      }
      case State::chunk_size: {
        const auto line = takeLine(1024);
        if (!line) {
          if (line_too_long_) return fail(error, 400, "A chunk size line is too long");
          return Status::need_more;
        }
        const auto hex = trim(line->substr(0, line->find(';')));
        if (hex.empty() || hex.size() > 8 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos)
          return fail(error, 400, "A chunk size is malformed");
        const auto size = std::stoull(std::string(hex), nullptr, 16);
        if (size == 0) {
          state_ = State::trailers;
          continue;
        }
        if (current_.body.size() + size > limits_.max_body)
          return fail(error, 413, "The request body may be at most " + std::to_string(limits_.max_body) + " bytes");
        body_left_ = size;
        state_ = State::chunk_data;
        continue;
      }
      case State::chunk_end: {
        const auto line = takeLine(2);
        if (!line) {
          if (line_too_long_) return fail(error, 400, "A chunk does not end where its size says");
          return Status::need_more;
        }
        if (!line->empty()) return fail(error, 400, "A chunk does not end where its size says");
        state_ = State::chunk_size;
        continue;
      }
      case State::trailers: {
        const auto budget = limits_.max_head > head_bytes_ ? limits_.max_head - head_bytes_ : 0;
        const auto line = takeLine(budget);
        if (!line) {
          if (line_too_long_) return fail(error, 431, "The request's trailers are larger than the limit");
          return Status::need_more;
        }
        head_bytes_ += line->size() + 2;
        if (!line->empty()) continue;  // trailer fields are read and ignored
        break;                         // complete
      }
      case State::failed: error = failure_; return Status::error;
    }
    // A complete request.
    out = std::move(current_);
    current_ = WireRequest{};
    state_ = State::line;
    head_bytes_ = 0;
    body_left_ = 0;
    chunked_ = false;
    continue_ = false;
    return Status::request;
  }
}

RequestFramer::Status RequestFramer::headComplete(WireError& error) {
  std::size_t hosts = 0;
  std::optional<std::string> length;
  std::optional<std::string> coding;
  std::optional<std::string> expect;
  std::optional<bool> keepAlive;
  for (const auto& [name, value] : current_.headers) {
    if (name == "host") {
      ++hosts;
    } else if (name == "content-length") {
      if (!allDigits(value) || value.size() > 19) return fail(error, 400, "Content-Length must be a number of bytes");
      if (length && *length != value) return fail(error, 400, "Content-Length is given twice with different values");
      length = value;
    } else if (name == "transfer-encoding") {
      if (coding) return fail(error, 501, "Only one transfer coding, chunked, is supported");
      coding = lower(value);
    } else if (name == "expect") {
      expect = lower(value);
    } else if (name == "connection") {
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto token = lower(trim(rest.substr(0, comma)));
        if (token == "close") keepAlive = false;
        else if (token == "keep-alive" && keepAlive != false) keepAlive = true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    }
  }
  if (current_.minor_version >= 1 && hosts == 0) return fail(error, 400, "An HTTP/1.1 request needs a Host header");
  if (hosts > 1) return fail(error, 400, "The Host header is given more than once");
  current_.keep_alive = keepAlive.value_or(current_.minor_version >= 1);
  if (coding && length) return fail(error, 400, "Send either Content-Length or Transfer-Encoding, not both");
  if (coding && *coding != "chunked") return fail(error, 501, "Only the chunked transfer coding is supported");
  if (expect && *expect != "100-continue") return fail(error, 417, "Only Expect: 100-continue is understood");
  std::size_t bodyLength = 0;
  if (length) {
    bodyLength = std::stoull(*length);  // at most 19 digits: fits
    if (bodyLength > limits_.max_body)
      return fail(error, 413, "The request body may be at most " + std::to_string(limits_.max_body) + " bytes");
  }
  chunked_ = coding.has_value();
  if (chunked_) {
    state_ = State::chunk_size;
  } else {
    state_ = State::body;
    body_left_ = bodyLength;
    current_.body.reserve(std::min<std::size_t>(bodyLength, 1024 * 1024));
  }
  continue_ = expect.has_value() && (chunked_ || bodyLength > buffer_.size() - start_);
  return Status::need_more;
}

std::string responseHead(int status, const std::vector<std::pair<std::string, std::string>>& headers,
                         std::size_t contentLength, bool keepAlive) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  for (const auto& [name, value] : headers) {
    out += name;
    out += ": ";
    // A value never breaks the head: line breaks and other control characters become spaces.
    for (const char c : value) out += (static_cast<unsigned char>(c) < 0x20 && c != '\t') ? ' ' : c;
    out += "\r\n";
  }
  // 204 and 304 have no body and (RFC 9110 8.6) no Content-Length of one.
  if (status != 204 && status != 304) out += "Content-Length: " + std::to_string(contentLength) + "\r\n";
  out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  return out;
}

}  // namespace brobygger::api
