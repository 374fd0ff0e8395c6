#include "adapters/mail/smtp_transport.hpp"

#include <curl/curl.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "domain/date_time.hpp"

namespace brobygger::mail {

namespace {

std::string base64(const std::string& data) {
  std::vector<char> out(sodium_base64_ENCODED_LEN(data.size(), sodium_base64_VARIANT_ORIGINAL));
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  return std::string(out.data());
}

// Base64 body lines of at most 76 characters (RFC 2045).
std::string base64Lines(const std::string& data) {
  const auto encoded = base64(data);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
  return out;
}

// A header value that may hold æøå: RFC 2047 encoded-word.
// RFC 2047 encoded words of at most 36 bytes of text each (60 characters encoded), whole UTF-8 characters
// only, folded onto lines of their own: a header line with encoded words stays within 76 characters
// (RFC 2047 section 2) however long the subject or name; readers join adjacent words without a space.
std::string encodedWord(const std::string& text) {
  constexpr std::size_t kChunk = 36;
  std::string out;
  std::size_t at = 0;
  do {
    auto end = std::min(text.size(), at + kChunk);
    // Back off to the start of a character (never inside a multi-byte sequence).
    while (end < text.size() && end > at && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (end == at) end = std::min(text.size(), at + kChunk);  // not UTF-8: split where it falls
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(at, end - at)) + "?=";
    at = end;
  } while (at < text.size());
  return out;
}

std::string mailbox(const std::string& name, const std::string& email) {
  return name.empty() ? "<" + email + ">" : encodedWord(name) + " <" + email + ">";
}

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

std::size_t readChunk(char* buffer, std::size_t size, std::size_t count, void* state) {
  auto* upload = static_cast<Upload*>(state);
  const auto left = upload->data->size() - upload->offset;
  const auto n = std::min(left, size * count);
  upload->data->copy(buffer, n, upload->offset);
  upload->offset += n;
  return n;
}

}  // namespace

std::string SmtpTransport::compose(const domain::MailMessage& m) {
  const auto date = domain::formatMailDate(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  const std::string boundary = "brobygger-" + m.message_id.substr(0, m.message_id.find('@'));
  std::string out;
  out += "Date: " + date + "\r\n";
  out += "From: " + mailbox(m.from_name, m.from_email) + "\r\n";
  out += "To: " + mailbox(m.to_name, m.to_email) + "\r\n";
  out += "Subject: " + encodedWord(m.subject) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (m.calendar.empty()) {  // a notice without a calendar file: one text/plain body
    out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += base64Lines(m.text);
    return out;
  }
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  out += base64Lines(m.text);
  out += "--" + boundary + "\r\n";
  out += "Content-Type: text/calendar; method=" + m.method + "; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += base64Lines(m.calendar);
  out += "--" + boundary + "--\r\n";
  return out;
}

void SmtpTransport::send(const domain::MailMessage& message) {
  const auto data = compose(message);
  CURL* curl = curl_easy_init();
  if (!curl) throw std::runtime_error("libcurl could not start");
  Upload upload{&data};
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + message.to_email + ">").c_str());
  const auto from = "<" + message.from_email + ">";
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, readChunk);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));  // never a password in clear
  }
  const auto result = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (result != CURLE_OK) throw std::runtime_error(std::string("SMTP delivery failed: ") + curl_easy_strerror(result));
}

}  // namespace brobygger::mail
