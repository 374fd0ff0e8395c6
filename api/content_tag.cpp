#include "api/content_tag.hpp"

#include <sodium.h>

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

std::string contentTagOfLines(std::string_view text, std::string_view skippedPrefix) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash_state state;
  if (crypto_generichash_init(&state, nullptr, 0, digest.size()) != 0)
    throw std::runtime_error("crypto_generichash_init failed");
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(pos, end - pos);
    if (line.substr(0, skippedPrefix.size()) != skippedPrefix)
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(line.data()), line.size());
    pos = end + 2;
  }
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
