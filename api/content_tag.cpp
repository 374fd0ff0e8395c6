#include "api/content_tag.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace brobygger::api {

std::string contentTag(std::string_view content) {
  // 128 bits: collisions between two versions of one feed are out of the question, and the tag stays short.
  std::array<unsigned char, 16> digest{};
  if (crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(content.data()),
                         content.size(), nullptr, 0) != 0)
    throw std::runtime_error("crypto_generichash failed");
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return "\"" + std::string(hex.data(), 2 * 16) + "\"";
}

}  // namespace brobygger::api
