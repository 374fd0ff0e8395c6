#pragma once
#include <string>
#include <string_view>

namespace brobygger::api {

// A strong ETag for `content`: its BLAKE2b-128 digest (libsodium's crypto_generichash) in hex, quoted,
// e.g. "\"3f2a…\"". The same content gives the same tag in every process, build and machine, so clients
// revalidate against any server behind the balancer; std::hash promises none of that.
std::string contentTag(std::string_view content);

// The same tag over `text`'s CRLF-separated lines joined without their line breaks, leaving out the lines
// that start with `skippedPrefix` (a feed without its DTSTAMP lines), hashed as it goes: no copy of the text.
std::string contentTagOfLines(std::string_view text, std::string_view skippedPrefix);

}  // namespace brobygger::api
