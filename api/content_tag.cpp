#include "api/content_tag.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace brobygger::api {

namespace {

std::string quotedHex(const std::array<unsigned char, 16>& digest) {
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return "\"" + std::string(hex.data(), 2 * 16) + "\"";
}

}  // namespace

std::string contentTagOutside(std::string_view text, const std::vector<std::size_t>& holes, std::size_t width) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash_state state;
  if (crypto_generichash_init(&state, nullptr, 0, digest.size()) != 0)
    throw std::runtime_error("crypto_generichash_init failed");
  std::size_t pos = 0;
  for (const auto hole : holes) {
    if (hole < pos || hole > text.size()) throw std::invalid_argument("contentTagOutside: holes out of order");
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data() + pos), hole - pos);
    pos = std::min(text.size(), hole + width);
  }
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(text.data() + pos), text.size() - pos);
  if (crypto_generichash_final(&state, digest.data(), digest.size()) != 0)
    throw std::runtime_error("crypto_generichash_final failed");
  return quotedHex(digest);
}

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
