#include "adapters/pdf/haru_certificate_writer.hpp"

#include <hpdf.h>

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace brobygger::pdf {

namespace {

// Unicode code points of Windows-1252's 0x80-0x9F, in order (0: unassigned).
constexpr std::array<char32_t, 32> kHighMarks = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                                 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                                 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                                 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char windows1252(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return ' ';
  if (cp < 0x80) return static_cast<char>(cp);
  if (cp >= 0xA0 && cp <= 0xFF) return static_cast<char>(static_cast<unsigned char>(cp));
  for (std::size_t i = 0; i < kHighMarks.size(); ++i)
    if (kHighMarks[i] != 0 && kHighMarks[i] == cp) return static_cast<char>(static_cast<unsigned char>(0x80 + i));
  return '?';
}

// libharu reports errors through a callback; it is remembered and the call's result checked.
struct HaruError {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void onError(HPDF_STATUS code, HPDF_STATUS detail, void* data) {
  auto* error = static_cast<HaruError*>(data);
  if (error->code == HPDF_OK) *error = {code, detail};
}

struct DocDeleter {
  void operator()(HPDF_Doc doc) const { HPDF_Free(doc); }
};
using Doc = std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter>;

constexpr float kPageWidth = 595.0F;  // A4 portrait, in points
constexpr float kPageHeight = 842.0F;
constexpr float kMargin = 72.0F;

class Page {
 public:
  Page(HPDF_Page page, HPDF_Font regular, HPDF_Font bold) : page_(page), regular_(regular), bold_(bold) {}

  // Centred lines of `text`, wrapped at word boundaries to the text width; answers the next baseline.
  float centred(const std::string& utf8, float y, float size, bool strong) {
    const auto font = strong ? bold_ : regular_;
    HPDF_Page_SetFontAndSize(page_, font, size);
    for (const auto& line : wrap(toWindows1252(utf8), kPageWidth - 2 * kMargin)) {
      const auto width = HPDF_Page_TextWidth(page_, line.c_str());
      HPDF_Page_BeginText(page_);
      HPDF_Page_TextOut(page_, (kPageWidth - width) / 2, y, line.c_str());
      HPDF_Page_EndText(page_);
      y -= size * 1.35F;
    }
    return y;
  }

 private:
  std::vector<std::string> wrap(const std::string& text, float width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      const auto word = text.substr(start, end - start);
      const auto candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && HPDF_Page_TextWidth(page_, candidate.c_str()) > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
      start = end + 1;
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    return lines;
  }

  HPDF_Page page_;
  HPDF_Font regular_, bold_;
};

}  // namespace

std::string toWindows1252(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
      length = 1;
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      cp = lead & 0x07;
    }
    bool valid = length > 0 && i + length <= utf8.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(utf8[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      else cp = (cp << 6) | (next & 0x3F);
    }
    // Overlong forms and surrogates are not text.
    if (valid && ((length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000) ||
                  (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF))
      valid = false;
    if (!valid) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.push_back(windows1252(cp));
    i += length;
  }
  return out;
}

std::string HaruCertificateWriter::pdf(const domain::CertificateDocument& document) const {
  HaruError error;
  Doc doc(HPDF_New(onError, &error));
  if (!doc) throw std::runtime_error("libharu: cannot create a document");
  HPDF_SetCompressionMode(doc.get(), HPDF_COMP_ALL);
  HPDF_SetInfoAttr(doc.get(), HPDF_INFO_TITLE, toWindows1252(document.document_title).c_str());
  HPDF_SetInfoAttr(doc.get(), HPDF_INFO_CREATOR, "Brobygger");
  const auto regular = HPDF_GetFont(doc.get(), "Helvetica", "WinAnsiEncoding");
  const auto bold = HPDF_GetFont(doc.get(), "Helvetica-Bold", "WinAnsiEncoding");
  const auto handle = HPDF_AddPage(doc.get());
  HPDF_Page_SetSize(handle, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  // A frame, as certificates have.
  HPDF_Page_SetLineWidth(handle, 2);
  HPDF_Page_Rectangle(handle, 36, 36, kPageWidth - 72, kPageHeight - 72);
  HPDF_Page_Stroke(handle);

  Page page(handle, regular, bold);
  float y = kPageHeight - 200;
  y = page.centred(document.heading, y, 32, true) - 40;
  y = page.centred(document.person, y, 24, true) - 10;
  y = page.centred(document.statement, y, 14, false) - 10;
  y = page.centred(document.training, y, 20, true) - 30;
  for (const auto& line : document.details) y = page.centred(line, y, 13, false);
  page.centred(document.issuer_line, 150, 13, true);
  page.centred(document.issued_on, 128, 11, false);

  HPDF_SaveToStream(doc.get());
  if (error.code != HPDF_OK)
    throw std::runtime_error("libharu error " + std::to_string(error.code) + " (" + std::to_string(error.detail) + ")");
  std::string out(HPDF_GetStreamSize(doc.get()), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  HPDF_ReadFromStream(doc.get(), reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  out.resize(size);
  return out;
}

}  // namespace brobygger::pdf
