#pragma once
#include "domain/session.hpp"

namespace brobygger::crypto {

// Passwords as argon2id (libsodium's crypto_pwhash_str), session tokens of 256 random bits,
// stored as their SHA-256.
class SodiumSecrets final : public domain::Secrets {
 public:
  SodiumSecrets();
  std::string hashPassword(const std::string& password) override;
  bool verifyPassword(const std::string& hash, const std::string& password) override;
  std::string newToken() override;
  std::string hashToken(const std::string& token) override;
};

}  // namespace brobygger::crypto
