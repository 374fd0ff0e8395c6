#pragma once
// Delivers mail through an SMTP relay with libcurl: multipart/alternative with a readable text part
// and the text/calendar part whose method matches the file (iMIP, RFC 6047); a message without a
// calendar file (a notice to a user) is a single text/plain part.
#include <string>

#include "domain/outbox_service.hpp"

namespace brobygger::mail {

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string username;
  std::string password;
};

class SmtpTransport final : public domain::MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {}
  void send(const domain::MailMessage& message) override;
  // The message as it goes on the wire (also for tests).
  static std::string compose(const domain::MailMessage& message);

 private:
  SmtpSettings settings_;
};

}  // namespace brobygger::mail
