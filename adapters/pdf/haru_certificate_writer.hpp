#pragma once
#include <string>
#include <string_view>

#include "domain/training.hpp"

namespace brobygger::pdf {

// Certificates of attendance as one A4 page (libharu). The domain decides the words; this lays them out.
class HaruCertificateWriter final : public domain::CertificateWriter {
 public:
  std::string pdf(const domain::CertificateDocument& document) const override;
};

// UTF-8 text in Windows-1252, the encoding of the base-14 fonts (WinAnsiEncoding): Latin-1 and the
// typographic marks of 0x80-0x9F; anything else, and broken UTF-8, becomes '?', control characters a space.
std::string toWindows1252(std::string_view utf8);

}  // namespace brobygger::pdf
