// The HTTP/1.1 request framing the server does itself (api/http_wire.hpp): the input's first byte picks
// how the rest is cut into reads. Whatever the cut, the same requests and the same refusal must come
// out (the framer keeps no state that depends on where reads end), nothing is read past the input, and
// every refusal is a 4xx/5xx the server knows how to answer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "api/http_wire.hpp"

using namespace brobygger::api;

namespace {

struct Outcome {
  std::vector<std::string> requests;  // method, target, headers and body, flattened
  int error = 0;
  bool operator==(const Outcome&) const = default;
};

std::string flatten(const WireRequest& r) {
  std::string out = r.method + ' ' + r.target + ' ' + std::to_string(r.minor_version) + (r.keep_alive ? "k" : "c");
  for (const auto& [name, value] : r.headers) out += '\n' + name + ':' + value;
  return out + "\n\n" + r.body;
}

void drain(RequestFramer& framer, Outcome& outcome) {
  WireRequest request;
  WireError error;
  for (int guard = 0; guard < 100000; ++guard) {
    const auto status = framer.next(request, error);
    if (status == RequestFramer::Status::need_more) return;
    if (status == RequestFramer::Status::error) {
      if (error.status < 400 || error.status > 599 || error.detail.empty()) std::abort();
      outcome.error = error.status;
      return;
    }
    outcome.requests.push_back(flatten(request));
    if (request.method.empty() || request.target.empty()) std::abort();
  }
  std::abort();  // a framer that never asks for more bytes
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t step = 1 + data[0] % 17;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Small limits so that every limit is reachable by small inputs.
  WireLimits limits;
  limits.max_request_line = 64;
  limits.max_head = 256;
  limits.max_headers = 8;
  limits.max_body = 128;

  Outcome whole;
  {
    RequestFramer framer(limits);
    framer.feed(input);
    drain(framer, whole);
    if (framer.buffered() > input.size()) std::abort();
  }
  Outcome pieces;
  {
    RequestFramer framer(limits);
    for (std::size_t at = 0; at < input.size() && pieces.error == 0; at += step) {
      framer.feed(input.substr(at, step));
      drain(framer, pieces);
    }
  }
  if (!(whole == pieces)) std::abort();
  (void)responseHead(200, {{"X-A", std::string(input.substr(0, 16))}}, input.size(), true);
  return 0;
}
