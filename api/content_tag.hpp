#pragma once
#include <string>
#include <string_view>

namespace brobygger::api {

// A strong ETag for `content`: its BLAKE2b-128 digest (libsodium's crypto_generichash) in hex, quoted,
// e.g. "\"3f2a…\"". The same content gives the same tag in every process, build and machine, so clients
// revalidate against any server behind the balancer; std::hash promises none of that.
std::string contentTag(std::string_view content);

}  // namespace brobygger::api
