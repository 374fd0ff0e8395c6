#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace brobygger::api {

// A strong ETag for `content`: its BLAKE2b-128 digest (libsodium's crypto_generichash) in hex, quoted,
// e.g. "\"3f2a…\"". The same content gives the same tag in every process, build and machine, so clients
// revalidate against any server behind the balancer; std::hash promises none of that.
std::string contentTag(std::string_view content);

// The same tag over `text` without the `width` octets at each of `holes` (ascending): a feed without its
// DTSTAMP values, which change with every answer. Hashed as it goes: no copy of the text.
std::string contentTagOutside(std::string_view text, const std::vector<std::size_t>& holes, std::size_t width);

}  // namespace brobygger::api
