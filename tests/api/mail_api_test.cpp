// Invitation emails (iMIP) over a real SMTP relay: the server's outbox sender delivers through libcurl to
// a local sink, Debian's python3-aiosmtpd writing a Maildir, and each received message is read back with
// Python's email package (tests/api/parse_mail.py under /usr/bin/python3): its MIME structure, the
// readable part in the person's language and the calendar part with its method. Also what must not be
// sent (no consent), a relay that does not answer (retried later, never 'sent'), no relay at all, and
// who may look at the outbox.
//
// Every case starts its own server on the program's one database, one after the other: two senders on
// one outbox would deliver each other's messages.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

#include "server_harness.hpp"

using namespace brobygger::testing;
using namespace std::chrono_literals;
using nlohmann::json;

#ifndef BROBYGGER_SOURCE_DIR
#error "BROBYGGER_SOURCE_DIR must name the source tree (for tests/api/parse_mail.py)"
#endif

namespace {

constexpr const char* kMailFrom = "invitationer@test.brobygger.dk";
constexpr auto kInterval = "200";  // BROBYGGER_OUTBOX_INTERVAL_MS: a round every 200 ms

// ---------------------------------------------------------------------------------------------
// The database: one per program, migrated, with reference and demo data (the demo invitations are
// marked skipped by the seeder, so no sender here ever mails the invented people).

TestWorld& data() {
  static TestWorld instance;
  return instance;
}

std::string scratchDir(const std::string& stem) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("brobygger-mail-" + stem + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

bool accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// ---------------------------------------------------------------------------------------------
// The SMTP sink: `/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox BOX`,
// started for one case and always stopped (and its directory removed) when the case ends, passed or not.

class SmtpSink {
 public:
  SmtpSink() : dir_(scratchDir("sink")), box_(dir_ + "/box"), port_(freePort()) {
    try {
      start();
    } catch (...) {
      cleanup();
      throw;
    }
  }
  ~SmtpSink() { cleanup(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  const std::string& box() const { return box_; }
  std::string log() const { return readFile(dir_ + "/sink.log"); }

 private:
  void start() {
    const auto logPath = dir_ + "/sink.log";
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a test program that crashed
      const int log = open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (log >= 0) {
        dup2(log, 1);
        dup2(log, 2);
      }
      const auto listen = "127.0.0.1:" + std::to_string(port_);
      execl("/usr/bin/python3", "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", listen.c_str(), "-c",
            "aiosmtpd.handlers.Mailbox", box_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (accepts(port_)) return;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("the SMTP sink (python3-aiosmtpd) exited during start-up: " + log());
      }
      std::this_thread::sleep_for(50ms);
    }
    throw std::runtime_error("the SMTP sink did not accept connections within 10 s: " + log());
  }

  void cleanup() noexcept {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      bool gone = false;
      for (int i = 0; i < 60 && !gone; ++i) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) gone = true;
        else std::this_thread::sleep_for(50ms);
      }
      if (!gone) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
      }
      pid_ = -1;
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string dir_, box_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// ---------------------------------------------------------------------------------------------
// A server on the program's database with the given relay ("" for none) and a session per role.

struct Server {
  ServerProcess process;
  HttpClient http;
  std::map<std::string, std::string> tokens;

  explicit Server(const std::string& smtpUrl, const std::string& maxAttempts = "6")
      : process(data().database(), {{"BROBYGGER_SMTP_URL", smtpUrl},
                                    {"BROBYGGER_OUTBOX_INTERVAL_MS", kInterval},
                                    {"BROBYGGER_OUTBOX_MAX_ATTEMPTS", maxAttempts},
                                    {"BROBYGGER_MAIL_FROM", kMailFrom}}),
        http(process.base()) {
    for (const auto* role : {"admin", "officer", "manager", "partner"}) {
      const auto reply = http.request(
          "POST", "/api/v1/auth/login",
          json{{"email", std::string(role) + "@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
      if (reply.status != 200)
        throw std::runtime_error("demo login failed for " + std::string(role) + ": " + reply.body);
      tokens[role] = reply.json().at("token");
    }
  }

  Reply as(const std::string& role, const std::string& method, const std::string& path, const json& body = nullptr) {
    return http.request(method, path, body.is_null() ? "" : body.dump(), {"Authorization: Bearer " + tokens.at(role)});
  }
};

std::string unique(const std::string& stem) {
  static int counter = 0;
  return stem + " " + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

std::string uniqueEmail(const std::string& stem) {
  static int counter = 0;
  return stem + "." + std::to_string(getpid()) + "." + std::to_string(++counter) + "@example.dk";
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }

long long createOrganisation(Server& s) {
  const auto reply = s.as("officer", "POST", "/api/v1/organisations",
                          json{{"name", unique("Postforeningen")}, {"kind", "sports_club"}, {"municipality_id", 101}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return idOf(reply.json());
}

struct Person {
  long long id = 0;
  std::string name;
  std::string email;  // empty: none
};

Person createContact(Server& s, long long organisation, const std::string& name, const std::string& language,
                     bool invitations = true, bool withEmail = true) {
  Person p{0, name, withEmail ? uniqueEmail("post") : std::string()};
  json body{{"organisation_id", organisation},
            {"name", name},
            {"language", language},
            {"consent", {{"invitations", invitations}, {"newsletter", false}}}};
  if (withEmail) body["email"] = p.email;
  const auto reply = s.as("officer", "POST", "/api/v1/contacts", body);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  p.id = idOf(reply.json());
  CHECK(reply.json().at("language") == language);
  CHECK(reply.json().at("consent").at("invitations") == invitations);
  return p;
}

// A published seminar a week ahead, on a whole minute.
json createEvent(Server& s, const std::string& title) {
  const auto start = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now() + 24h * 7);
  const auto utc = [](std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::year_month_day ymd{day};
    const std::chrono::hh_mm_ss hms{t - day};
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:00Z", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
    return std::string(text);
  };
  const auto startSeconds = std::chrono::time_point_cast<std::chrono::seconds>(start);
  const auto created = s.as("officer", "POST", "/api/v1/events",
                            json{{"kind", "seminar"},
                                 {"title", title},
                                 {"capacity", 20},
                                 {"starts_at", utc(startSeconds)},
                                 {"ends_at", utc(startSeconds + 2h)}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto published = s.as("officer", "POST", "/api/v1/events/" + std::to_string(idOf(created.json())) + "/publish");
  INFO(published.body);
  REQUIRE(published.status == 200);
  return published.json();
}

long long registerPerson(Server& s, const json& event, const Person& person) {
  const auto reply = s.as("officer", "POST", "/api/v1/events/" + std::to_string(idOf(event)) + "/registrations",
                          json{{"contact_id", person.id}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  REQUIRE(reply.json().at("status") == "confirmed");
  return idOf(reply.json());
}

// ---------------------------------------------------------------------------------------------
// The outbox as officers see it.

json outbox(Server& s, const std::string& query = "") {
  const auto reply = s.as("officer", "GET", "/api/v1/outbox" + query);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return reply.json();
}

// The event's messages to one person, oldest first.
std::vector<json> messagesTo(const json& page, long long contact) {
  std::vector<json> out;
  for (const auto& m : page.at("items"))
    if (m.at("contact_id") == contact) out.push_back(m);
  std::sort(out.begin(), out.end(), [](const json& a, const json& b) { return idOf(a) < idOf(b); });
  return out;
}

json eventOutbox(Server& s, const json& event) {
  return outbox(s, "?event_id=" + std::to_string(idOf(event)) + "&limit=100");
}

// Polls the event's outbox until `done` holds (every 100 ms, at most `limit`); answers the last page.
json waitForOutbox(Server& s, const json& event, const std::function<bool(const json&)>& done,
                   std::chrono::milliseconds limit = 8s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  auto page = eventOutbox(s, event);
  while (!done(page) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(100ms);
    page = eventOutbox(s, event);
  }
  INFO("the outbox of event " << idOf(event) << ": " << page.dump(2));
  REQUIRE(done(page));
  return page;
}

bool allHaveStatus(const json& page, long long contact, std::size_t count, const std::string& status) {
  const auto messages = messagesTo(page, contact);
  return messages.size() == count &&
         std::all_of(messages.begin(), messages.end(), [&](const json& m) { return m.at("status") == status; });
}

// ---------------------------------------------------------------------------------------------
// What arrived in the Maildir, read by Python's email package.

json readMaildir(const SmtpSink& sink) {
  const std::string command =
      "/usr/bin/python3 " BROBYGGER_SOURCE_DIR "/tests/api/parse_mail.py '" + sink.box() + "' 2>&1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    pclose(pipe);
  }
  INFO("parse_mail.py said: " << output << "\nsink log: " << sink.log());
  auto all = json::parse(output, nullptr, false);
  REQUIRE_FALSE(all.is_discarded());
  REQUIRE(all.is_array());
  for (const auto& m : all) REQUIRE_FALSE(m.contains("error"));
  return all;
}

bool contains(const json& list, const std::string& value) {
  return std::find(list.begin(), list.end(), json(value)) != list.end();
}

// The messages to one address (by the SMTP envelope or the To header).
std::vector<json> mailTo(const SmtpSink& sink, const std::string& address) {
  std::vector<json> out;
  for (const auto& m : readMaildir(sink))
    if (contains(m.at("envelope_to"), address) || contains(m.at("to_addresses"), address)) out.push_back(m);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Content lines of an iCalendar text: unfolded (CRLF + space/tab continues the line before).
std::vector<std::string> contentLines(const std::string& ics) {
  std::string text;
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 2, "\r\n") == 0 && i + 2 < ics.size() && (ics[i + 2] == ' ' || ics[i + 2] == '\t')) {
      i += 2;
      continue;
    }
    text += ics[i];
  }
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find("\r\n", pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

std::vector<std::string> linesStarting(const std::string& ics, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : contentLines(ics))
    if (l.rfind(prefix, 0) == 0) out.push_back(l);
  return out;
}

bool hasLine(const std::string& ics, const std::string& line) {
  const auto lines = contentLines(ics);
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// The value after the first ':' of the one line starting with `prefix` (which names the property).
std::string property(const std::string& ics, const std::string& name) {
  std::vector<std::string> found;
  for (const auto& l : contentLines(ics))
    if (l.rfind(name + ":", 0) == 0 || l.rfind(name + ";", 0) == 0) found.push_back(l);
  INFO(name << " in\n" << ics);
  REQUIRE(found.size() == 1);
  return found[0].substr(found[0].find(':') + 1);
}

// One received invitation: multipart/alternative of a text/plain part in the person's language and a
// text/calendar part whose method parameter matches METHOD inside it.
void checkInvitation(const json& mail, const Person& person, const std::string& language, const std::string& title,
                     const std::string& method) {
  INFO("the message: " << mail.dump(2));
  CHECK(mail.at("defects").empty());
  CHECK(mail.at("envelope_from") == kMailFrom);
  CHECK(mail.at("from_addresses") == json::array({kMailFrom}));
  CHECK(mail.at("envelope_to") == json::array({person.email}));
  CHECK(mail.at("to_addresses") == json::array({person.email}));
  CHECK(mail.at("to").get<std::string>().find(person.name) != std::string::npos);  // RFC 2047, decoded
  CHECK(mail.at("message_id").get<std::string>().size() > 2);
  const std::string subject = mail.at("subject");
  CHECK(subject.find(title) != std::string::npos);

  CHECK(mail.at("content_type") == "multipart/alternative");
  CHECK(mail.at("is_multipart") == true);
  const auto& parts = mail.at("parts");
  REQUIRE(parts.size() == 2);
  const auto& text = parts.at(0);
  const auto& calendar = parts.at(1);
  CHECK(text.at("content_type") == "text/plain");
  CHECK(lower(text.at("charset").get<std::string>()) == "utf-8");
  CHECK(text.at("problems").empty());
  CHECK(calendar.at("content_type") == "text/calendar");
  CHECK(calendar.at("problems").empty());
  REQUIRE(calendar.at("params").contains("method"));
  CHECK(calendar.at("params").at("method") == method);
  CHECK(lower(calendar.at("charset").get<std::string>()) == "utf-8");

  // The readable part, decoded, in the person's language.
  REQUIRE(mail.at("text").is_string());
  const std::string body = mail.at("text");
  CHECK(body.find(title) != std::string::npos);
  if (language == "da") {
    CHECK(body.find("Kære " + person.name) != std::string::npos);
    CHECK(body.find("Dear ") == std::string::npos);
  } else {
    CHECK(body.find("Dear " + person.name) != std::string::npos);
    CHECK(body.find("Kære ") == std::string::npos);
  }

  // The calendar part, decoded: CRLF lines, the method inside matching the one outside, the event.
  REQUIRE(mail.at("calendar").is_string());
  const std::string ics = mail.at("calendar");
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(ics.size() > 2);
  CHECK(ics.compare(ics.size() - 2, 2, "\r\n") == 0);
  CHECK(hasLine(ics, "METHOD:" + method));
  CHECK(linesStarting(ics, "METHOD").size() == 1);
  CHECK(linesStarting(ics, "BEGIN:VEVENT").size() == 1);
  CHECK(hasLine(ics, "SUMMARY:" + title));
  const auto attendees = linesStarting(ics, "ATTENDEE");
  REQUIRE(attendees.size() == 1);
  CHECK(lower(attendees[0]).find("mailto:" + lower(person.email)) != std::string::npos);
  CHECK(linesStarting(ics, "ORGANIZER").size() == 1);
}

}  // namespace

// ---------------------------------------------------------------------------------------------

TEST_CASE("an invitation is mailed through the relay: REQUEST when registered, CANCEL when withdrawn", "[mail][smtp]") {
  SmtpSink sink;
  Server server(sink.url());

  const auto first = outbox(server);
  CHECK(first.at("relay_configured") == true);
  CHECK(first.contains("items"));
  CHECK(server.as("admin", "GET", "/api/v1/outbox").status == 200);

  const auto org = createOrganisation(server);
  const auto title = unique("Postmøde");
  const auto event = createEvent(server, title);
  const auto soeren = createContact(server, org, "Søren Ærbø", "da");
  const auto emma = createContact(server, org, "Emma Walsh", "en");
  const auto soerenRegistration = registerPerson(server, event, soeren);
  registerPerson(server, event, emma);

  // Within a few seconds both are 'sent', to the right address, on the first attempt.
  auto page = waitForOutbox(server, event, [&](const json& p) {
    return allHaveStatus(p, soeren.id, 1, "sent") && allHaveStatus(p, emma.id, 1, "sent");
  });
  for (const auto* person : {&soeren, &emma}) {
    const auto m = messagesTo(page, person->id).at(0);
    INFO(m.dump());
    CHECK(m.at("recipient") == person->email);
    CHECK(m.at("reason") == "registered");
    CHECK(m.at("attempts") == 1);
    CHECK(m.at("last_error").is_null());
    CHECK(m.at("sent_at").is_string());
    CHECK(m.at("event_id") == idOf(event));
  }
  CHECK(messagesTo(page, soeren.id).at(0).at("registration_id") == soerenRegistration);

  // A few more rounds: nothing is sent twice.
  std::this_thread::sleep_for(700ms);
  const auto toSoeren = mailTo(sink, soeren.email);
  const auto toEmma = mailTo(sink, emma.email);
  REQUIRE(toSoeren.size() == 1);
  REQUIRE(toEmma.size() == 1);
  checkInvitation(toSoeren[0], soeren, "da", title, "REQUEST");
  checkInvitation(toEmma[0], emma, "en", title, "REQUEST");
  const std::string requestIcs = toSoeren[0].at("calendar");
  CHECK(hasLine(requestIcs, "STATUS:CONFIRMED"));
  const auto uid = property(requestIcs, "UID");
  const auto sequence = std::stoi(property(requestIcs, "SEQUENCE"));
  CHECK(toSoeren[0].at("message_id") != toEmma[0].at("message_id"));

  // Søren withdraws: a second message, CANCEL for the same UID, without STATUS (only a cancelled event
  // says STATUS:CANCELLED), SEQUENCE above the invitation's.
  const auto withdrawn = server.as("officer", "DELETE", "/api/v1/registrations/" + std::to_string(soerenRegistration));
  INFO(withdrawn.body);
  REQUIRE(withdrawn.status == 204);
  page = waitForOutbox(server, event, [&](const json& p) { return allHaveStatus(p, soeren.id, 2, "sent"); });
  const auto cancelMessage = messagesTo(page, soeren.id).at(1);
  CHECK(cancelMessage.at("reason") == "cancelled");
  CHECK(cancelMessage.at("recipient") == soeren.email);
  CHECK(cancelMessage.at("attempts") == 1);
  CHECK(messagesTo(page, soeren.id).at(0).at("attempts") == 1);  // the first one was not sent again

  std::this_thread::sleep_for(700ms);
  const auto afterCancel = mailTo(sink, soeren.email);
  REQUIRE(afterCancel.size() == 2);
  const auto cancelIt = std::find_if(afterCancel.begin(), afterCancel.end(), [](const json& m) {
    return m.at("parts").size() == 2 && m.at("parts").at(1).at("params").value("method", "") == "CANCEL";
  });
  REQUIRE(cancelIt != afterCancel.end());
  const auto& cancelMail = *cancelIt;
  checkInvitation(cancelMail, soeren, "da", title, "CANCEL");
  const std::string cancelIcs = cancelMail.at("calendar");
  CHECK(linesStarting(cancelIcs, "STATUS").empty());
  CHECK(property(cancelIcs, "UID") == uid);
  CHECK(std::stoi(property(cancelIcs, "SEQUENCE")) > sequence);
  CHECK(cancelMail.at("subject").get<std::string>() != toSoeren[0].at("subject").get<std::string>());
  // Emma is not touched by Søren's withdrawal.
  CHECK(mailTo(sink, emma.email).size() == 1);
  CHECK(messagesTo(page, emma.id).size() == 1);
}

TEST_CASE("no consent to invitations, or no email address: the outbox says skipped and nothing is mailed",
          "[mail][smtp]") {
  SmtpSink sink;
  Server server(sink.url());
  const auto org = createOrganisation(server);
  const auto event = createEvent(server, unique("Samtykkemøde"));
  const auto refuses = createContact(server, org, "Nanna Nej", "da", /*invitations=*/false);
  const auto noAddress = createContact(server, org, "Ole Uden", "da", true, /*withEmail=*/false);
  const auto control = createContact(server, org, "Karen Ja", "da");
  registerPerson(server, event, refuses);
  registerPerson(server, event, noAddress);
  registerPerson(server, event, control);

  const auto page = waitForOutbox(server, event, [&](const json& p) {
    return allHaveStatus(p, refuses.id, 1, "skipped") && allHaveStatus(p, noAddress.id, 1, "skipped") &&
           allHaveStatus(p, control.id, 1, "sent");
  });
  for (const auto* person : {&refuses, &noAddress}) {
    const auto m = messagesTo(page, person->id).at(0);
    INFO(m.dump());
    REQUIRE(m.at("last_error").is_string());
    CHECK_FALSE(m.at("last_error").get<std::string>().empty());
    CHECK(m.at("sent_at").is_null());
    CHECK(m.at("attempts") == 0);
  }
  std::this_thread::sleep_for(500ms);
  CHECK(mailTo(sink, refuses.email).empty());
  CHECK(mailTo(sink, control.email).size() == 1);  // the sender did run, and mails those who agreed
  // Nothing went anywhere but to the one who agreed.
  for (const auto& m : readMaildir(sink)) {
    INFO(m.dump());
    CHECK_FALSE(contains(m.at("envelope_to"), refuses.email));
  }
  // Still skipped a few rounds later.
  const auto later = eventOutbox(server, event);
  CHECK(allHaveStatus(later, refuses.id, 1, "skipped"));
  // Why, in the caller's language.
  for (const auto& [lang, text] :
       {std::pair<std::string, std::string>{"da", "personen har ikke givet samtykke til invitationer"},
        {"en", "the person has not consented to invitations"}}) {
    const auto shown = outbox(server, "?event_id=" + std::to_string(idOf(event)) + "&limit=100&lang=" + lang);
    CHECK(messagesTo(shown, refuses.id).at(0).at("last_error") == text);
    const auto file = server.as("officer", "GET",
                                "/api/v1/outbox?format=csv&event_id=" + std::to_string(idOf(event)) + "&lang=" + lang);
    INFO(file.body);
    CHECK(file.status == 200);
    CHECK(file.body.find(text) != std::string::npos);  // the download says it in the same language
  }
}

TEST_CASE("a relay that does not answer: the message stays queued with the error and is retried later",
          "[mail][smtp]") {
  const int closedPort = freePort();  // nothing listens there
  Server server("smtp://127.0.0.1:" + std::to_string(closedPort));
  CHECK(outbox(server).at("relay_configured") == true);
  const auto org = createOrganisation(server);
  const auto event = createEvent(server, unique("Lukket relæ"));
  const auto person = createContact(server, org, "Rasmus Relæ", "da");
  registerPerson(server, event, person);

  bool everSent = false;
  const auto page = waitForOutbox(server, event, [&](const json& p) {
    const auto messages = messagesTo(p, person.id);
    if (messages.size() != 1) return false;
    const auto& m = messages[0];
    if (m.at("status") == "sent") everSent = true;
    return m.at("attempts").get<int>() >= 1 && m.at("status") != "sending";
  });
  CHECK_FALSE(everSent);
  auto m = messagesTo(page, person.id).at(0);
  INFO(m.dump());
  CHECK(m.at("status") == "queued");
  CHECK(m.at("attempts").get<int>() >= 1);
  REQUIRE(m.at("last_error").is_string());
  CHECK_FALSE(m.at("last_error").get<std::string>().empty());
  CHECK(m.at("sent_at").is_null());
  // The next attempt waits (backoff), it does not hammer the relay every round.
  CHECK(m.at("next_attempt_at").get<std::string>() > m.at("created_at").get<std::string>());

  // A second later (five rounds): still queued, not sent, not retried meanwhile.
  const int attempts = m.at("attempts");
  std::this_thread::sleep_for(1s);
  m = messagesTo(eventOutbox(server, event), person.id).at(0);
  INFO(m.dump());
  CHECK(m.at("status") == "queued");
  CHECK(m.at("attempts") == attempts);
  CHECK(m.at("sent_at").is_null());
  CHECK(outbox(server, "?status=sent&event_id=" + std::to_string(idOf(event))).at("items").empty());
}

TEST_CASE("no relay configured: the outbox says so and the messages wait in it", "[mail]") {
  Server server("");
  const auto first = outbox(server);
  CHECK(first.at("relay_configured") == false);
  const auto org = createOrganisation(server);
  const auto event = createEvent(server, unique("Uden relæ"));
  const auto person = createContact(server, org, "Ida Ingen", "en");
  registerPerson(server, event, person);

  std::this_thread::sleep_for(1200ms);  // six delivery intervals, were there a sender
  const auto page = eventOutbox(server, event);
  CHECK(page.at("relay_configured") == false);
  const auto messages = messagesTo(page, person.id);
  REQUIRE(messages.size() == 1);
  INFO(messages[0].dump());
  CHECK(messages[0].at("status") == "queued");
  CHECK(messages[0].at("attempts") == 0);
  CHECK(messages[0].at("sent_at").is_null());
  CHECK(messages[0].at("last_error").is_null());
  CHECK(messages[0].at("reason") == "registered");
  const auto queued = outbox(server, "?status=queued&event_id=" + std::to_string(idOf(event)));
  CHECK(queued.at("items").size() == 1);
}

TEST_CASE("the outbox is for officers and admins: partners and managers get 403, strangers 401", "[mail][access]") {
  Server server("");
  for (const auto* role : {"partner", "manager"}) {
    const auto reply = server.as(role, "GET", "/api/v1/outbox");
    INFO(role << ": " << reply.status << " " << reply.body);
    CHECK(reply.status == 403);
    CHECK(reply.header("content-type") == "application/problem+json");
    CHECK(reply.body.find("\"items\"") == std::string::npos);
    CHECK(server.as(role, "GET", "/api/v1/outbox?status=sent").status == 403);
  }
  CHECK(server.as("officer", "GET", "/api/v1/outbox").status == 200);
  CHECK(server.as("admin", "GET", "/api/v1/outbox").status == 200);
  const auto anonymous = server.http.get("/api/v1/outbox");
  INFO(anonymous.body);
  CHECK(anonymous.status == 401);
  // A filter that is not a status is refused, not ignored.
  const auto bad = server.as("officer", "GET", "/api/v1/outbox?status=delivered");
  INFO(bad.body);
  CHECK(bad.status >= 400);
  CHECK(bad.status < 500);
}

// ---------------------------------------------------------------------------------------------
// Reminders (issue 15): `reminder_hours` on events and series, and the reminder mail itself, exactly once
// per person with two server processes on one database and across a restart.

namespace {

std::string utcText(std::chrono::sys_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:00Z", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return text;
}

// A published seminar starting `ahead` from now, with a venue and an online link.
json createSoonEvent(Server& s, const std::string& title, std::chrono::minutes ahead,
                     const json& extra = json::object()) {
  const auto start = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now() + ahead);
  const auto startSeconds = std::chrono::time_point_cast<std::chrono::seconds>(start);
  json body{{"kind", "seminar"},
            {"title", title},
            {"capacity", 20},
            {"venue", {{"name", "Dokk1"}, {"address", "Hack Kampmanns Plads 2\n8000 Aarhus C"}}},
            {"online_url", "https://meet.example.dk/paamindelse"},
            {"starts_at", utcText(startSeconds)},
            {"ends_at", utcText(startSeconds + 2h)}};
  body.update(extra);
  const auto created = s.as("officer", "POST", "/api/v1/events", body);
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto published = s.as("officer", "POST", "/api/v1/events/" + std::to_string(idOf(created.json())) + "/publish");
  INFO(published.body);
  REQUIRE(published.status == 200);
  return published.json();
}

std::vector<json> remindersIn(const std::vector<json>& mails) {
  std::vector<json> out;
  for (const auto& m : mails) {
    const std::string subject = m.at("subject");
    if (subject.rfind("Påmindelse", 0) == 0 || subject.rfind("Reminder", 0) == 0) out.push_back(m);
  }
  return out;
}

bool fieldNamed(const Reply& reply, const std::string& field) {
  const auto body = reply.json();
  if (!body.contains("errors")) return false;
  for (const auto& e : body.at("errors"))
    if (e.at("field") == field) return true;
  return false;
}

}  // namespace

TEST_CASE("reminder_hours: default 48, validated with 422 naming the field, set per event and per series",
          "[mail][reminders]") {
  Server server("");
  const auto event = createSoonEvent(server, unique("Påmindelsesfelt"), 24h * 10);
  CHECK(event.at("reminder_hours") == 48);
  const auto path = "/api/v1/events/" + std::to_string(idOf(event));
  for (const auto& bad : {json(721), json(-1), json(nullptr), json("48"), json(2.5)}) {
    const auto reply = server.as("officer", "PATCH", path, json{{"reminder_hours", bad}});
    INFO(bad.dump() << ": " << reply.body);
    CHECK(reply.status == 422);
    CHECK(fieldNamed(reply, "reminder_hours"));
  }
  const auto changed = server.as("officer", "PATCH", path, json{{"reminder_hours", 0}});
  INFO(changed.body);
  REQUIRE(changed.status == 200);
  CHECK(changed.json().at("reminder_hours") == 0);
  CHECK(server.as("officer", "GET", path).json().at("reminder_hours") == 0);

  const auto org = createOrganisation(server);
  const auto start = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now() + 24h * 20));
  const auto series = server.as("officer", "POST", "/api/v1/series",
                                json{{"title", unique("Påmindelsesserie")},
                                     {"kind", "network_meeting"},
                                     {"rrule", "FREQ=MONTHLY;COUNT=2"},
                                     {"starts_at", utcText(start)},
                                     {"ends_at", utcText(start + 2h)},
                                     {"roster_organisation_ids", {org}},
                                     {"reminder_hours", 24}});
  INFO(series.body);
  REQUIRE(series.status == 201);
  CHECK(series.json().at("reminder_hours") == 24);
  const auto seriesPath = "/api/v1/series/" + std::to_string(idOf(series.json()));
  const auto patched = server.as("officer", "PATCH", seriesPath, json{{"reminder_hours", 12}});
  INFO(patched.body);
  REQUIRE(patched.status == 200);
  CHECK(patched.json().at("reminder_hours") == 12);
  const auto occurrences =
      server.as("officer", "GET", "/api/v1/events?series_id=" + std::to_string(idOf(series.json()))).json();
  const auto& items = occurrences.at("items");
  REQUIRE(items.size() == 2);
  for (const auto& e : items) CHECK(e.at("reminder_hours") == 12);
  const auto badSeries = server.as("officer", "PATCH", seriesPath, json{{"reminder_hours", 1000}});
  CHECK(badSeries.status == 422);
  CHECK(fieldNamed(badSeries, "reminder_hours"));
}

TEST_CASE("a reminder is mailed exactly once per person: two server processes on one database, then a restart",
          "[mail][smtp][reminders]") {
  SmtpSink sink;
  std::optional<Server> first(std::in_place, sink.url());
  std::optional<Server> second(std::in_place, sink.url());
  const auto org = createOrganisation(*first);
  const auto title = unique("Påmindelsesmøde");
  const auto event = createSoonEvent(*first, title, 26h);  // inside the 48-hour window at once
  const auto soeren = createContact(*first, org, "Søren Påmind", "da");
  const auto emma = createContact(*first, org, "Emma Remind", "en");
  const auto refuses = createContact(*first, org, "Nanna Nej", "da", /*invitations=*/false);
  registerPerson(*first, event, soeren);
  registerPerson(*second, event, emma);
  registerPerson(*first, event, refuses);
  // Switched off: another event in the window whose people get no reminder.
  const auto quiet = createSoonEvent(*first, unique("Stille møde"), 26h, json{{"reminder_hours", 0}});
  const auto quietPerson = createContact(*first, org, "Ivan Ingen", "da");
  registerPerson(*first, quiet, quietPerson);

  const auto reminderOf = [](const json& page, long long contact) {
    std::vector<json> out;
    for (const auto& m : messagesTo(page, contact))
      if (m.at("reason") == "reminder") out.push_back(m);
    return out;
  };
  auto page = waitForOutbox(*first, event, [&](const json& p) {
    const auto a = reminderOf(p, soeren.id), b = reminderOf(p, emma.id), c = reminderOf(p, refuses.id);
    return a.size() == 1 && b.size() == 1 && c.size() == 1 && a[0].at("status") == "sent" &&
           b[0].at("status") == "sent" && c[0].at("status") == "skipped";
  });
  // Both processes keep running their rounds for a while; then the first stops and a new one starts.
  std::this_thread::sleep_for(1s);
  first.reset();
  first.emplace(sink.url());
  std::this_thread::sleep_for(1s);
  second.reset();
  std::this_thread::sleep_for(600ms);

  page = eventOutbox(*first, event);
  CHECK(reminderOf(page, soeren.id).size() == 1);
  CHECK(reminderOf(page, emma.id).size() == 1);
  CHECK(reminderOf(page, refuses.id).size() == 1);
  CHECK(reminderOf(eventOutbox(*first, quiet), quietPerson.id).empty());

  const auto toSoeren = remindersIn(mailTo(sink, soeren.email));
  const auto toEmma = remindersIn(mailTo(sink, emma.email));
  REQUIRE(toSoeren.size() == 1);
  REQUIRE(toEmma.size() == 1);
  CHECK(remindersIn(mailTo(sink, refuses.email)).empty());
  CHECK(remindersIn(mailTo(sink, quietPerson.email)).empty());
  CHECK(mailTo(sink, soeren.email).size() == 2);  // the invitation and the reminder, nothing else
  CHECK(toSoeren[0].at("subject") == "Påmindelse: " + title);
  CHECK(toEmma[0].at("subject") == "Reminder: " + title);
  checkInvitation(toSoeren[0], soeren, "da", title, "REQUEST");
  checkInvitation(toEmma[0], emma, "en", title, "REQUEST");
  const std::string text = toSoeren[0].at("text");
  CHECK(text.find("Dokk1") != std::string::npos);
  CHECK(text.find("8000 Aarhus C") != std::string::npos);
  CHECK(text.find("https://meet.example.dk/paamindelse") != std::string::npos);
}

TEST_CASE("notices: a partner user is mailed when the organisation is invited, a cancellation carries the reason",
          "[mail][smtp][reminders]") {
  SmtpSink sink;
  Server server(sink.url());
  const auto org = createOrganisation(server);
  const auto partnerEmail = uniqueEmail("partner");
  const auto user = server.as("admin", "POST", "/api/v1/users",
                              json{{"email", partnerEmail},
                                   {"name", "Pia Partner"},
                                   {"role", "partner"},
                                   {"organisation_id", org},
                                   {"password", "a long enough password 1"}});
  INFO(user.body);
  REQUIRE(user.status == 201);
  const auto title = unique("Inviteret møde");
  const auto event =
      createSoonEvent(server, title, 24h * 10, json{{"audience", "invited"}, {"invited_organisation_ids", {org}}});
  const auto person = createContact(server, org, "Aksel Aflyst", "da");
  registerPerson(server, event, person);

  auto page = waitForOutbox(server, event, [&](const json& p) {
    for (const auto& m : p.at("items"))
      if (m.at("reason") == "invited" && m.at("status") == "sent") return true;
    return false;
  });
  for (const auto& m : page.at("items")) {
    if (m.at("reason") != "invited") continue;
    CHECK(m.at("user_id") == idOf(user.json()));
    CHECK(m.at("registration_id").is_null());
    CHECK(m.at("contact_id").is_null());
    CHECK(m.at("recipient") == partnerEmail);
  }
  std::this_thread::sleep_for(600ms);
  const auto notices = mailTo(sink, partnerEmail);
  REQUIRE(notices.size() == 1);
  INFO(notices[0].dump(2));
  CHECK(notices[0].at("defects").empty());
  CHECK(notices[0].at("content_type") == "text/plain");
  CHECK(notices[0].at("subject").get<std::string>().find(title) != std::string::npos);
  const std::string text = notices[0].at("text");
  CHECK(text.find("Kære Pia Partner") != std::string::npos);
  CHECK(text.find("er inviteret til") != std::string::npos);

  const auto cancelled = server.as("officer", "POST", "/api/v1/events/" + std::to_string(idOf(event)) + "/cancel",
                                   json{{"reason", "Taget er utæt"}});
  INFO(cancelled.body);
  REQUIRE(cancelled.status == 200);
  waitForOutbox(server, event, [&](const json& p) {
    for (const auto& m : messagesTo(p, person.id))
      if (m.at("reason") == "event_cancelled" && m.at("status") == "sent") return true;
    return false;
  });
  std::this_thread::sleep_for(300ms);
  bool found = false;
  for (const auto& m : mailTo(sink, person.email)) {
    if (m.at("parts").size() == 2 && m.at("parts").at(1).at("params").value("method", "") == "CANCEL") {
      found = true;
      CHECK(m.at("text").get<std::string>().find("Begrundelse: Taget er utæt") != std::string::npos);
    }
  }
  CHECK(found);
}

// ---------------------------------------------------------------------------------------------
// Messages to an event's people (issue 15, point 3).

namespace {

json patched(json base, const json& patch) {
  base.merge_patch(patch);
  return base;
}

// A staff-written text (an event's message, an announcement) through the relay: once `count` copies of
// `reason` are sent (the event's outbox), each of `people` got exactly one plain-text copy with `subject`,
// filled in for them ("Kære <name> fra <organisation>", no placeholder left).
void checkPlainCopies(Server& server, const SmtpSink& sink, const json& event, const std::string& reason, int count,
                      std::initializer_list<const Person*> people, const std::string& subject,
                      const std::string& organisation) {
  waitForOutbox(server, event, [&](const json& p) {
    int done = 0;
    for (const auto& m : p.at("items"))
      if (m.at("reason") == reason && m.at("status") == "sent") ++done;
    return done == count;
  });
  std::this_thread::sleep_for(400ms);
  for (const auto* p : people) {
    std::vector<json> copies;
    for (const auto& m : mailTo(sink, p->email))
      if (m.at("subject") == subject) copies.push_back(m);
    REQUIRE(copies.size() == 1);
    INFO(copies[0].dump(2));
    CHECK(copies[0].at("defects").empty());
    CHECK(copies[0].at("content_type") == "text/plain");
    const std::string text = copies[0].at("text");
    CHECK(text.find("Kære " + p->name + " fra " + organisation) != std::string::npos);
    CHECK(text.find("{{") == std::string::npos);
  }
}

}  // namespace

TEST_CASE("a message to an event's people: refused bad input, a dry run, the send, the history",
          "[mail][smtp][messages]") {
  SmtpSink sink;
  Server server(sink.url());
  const auto org = createOrganisation(server);
  const auto title = unique("Beskedmøde");
  const auto event = createSoonEvent(server, title, 24h * 9);
  const auto soeren = createContact(server, org, "Søren Ærbø", "da");
  const auto emma = createContact(server, org, "Emma Walsh", "en");
  const auto refuses = createContact(server, org, "Nanna Nej", "da", /*invitations=*/false);
  const auto noAddress = createContact(server, org, "Ole Uden", "da", true, /*withEmail=*/false);
  for (const auto* p : {&soeren, &emma, &refuses, &noAddress}) registerPerson(server, event, *p);
  const auto path = "/api/v1/events/" + std::to_string(idOf(event)) + "/messages";

  // Bad input: 422 naming the field, nothing stored or queued.
  const json good{{"subject", "Husk ID til {{event_title}}"},
                  {"body", "Kære {{name}} fra {{organisation}}\n\nHusk legitimation {{starts_at}}, {{venue}}.\n"},
                  {"to", "confirmed"}};
  const auto refused = [&](const json& body, const std::string& field) {
    const auto reply = server.as("officer", "POST", path, body);
    INFO(body.dump().substr(0, 200) << " -> " << reply.status << " " << reply.body.substr(0, 400));
    CHECK(reply.status == 422);
    CHECK(fieldNamed(reply, field));
  };
  refused(patched(good, json{{"subject", ""}}), "subject");
  refused(patched(good, json{{"subject", "To\nlinjer"}}), "subject");
  refused(patched(good, json{{"body", ""}}), "body");
  refused(patched(good, json{{"body", std::string(50 * 1024 + 1, 'x')}}), "body");
  refused(patched(good, json{{"body", "Kære {{navn}}"}}), "body");
  refused(patched(good, json{{"subject", "Hej {{}}"}}), "subject");
  refused(patched(good, json{{"body", "Kære {{name"}}), "body");
  refused(patched(good, json{{"to", "everyone"}}), "to");
  refused(patched(good, json{{"to", "waitlisted"}}), "to");  // nobody waits
  CHECK(server.as("officer", "GET", path).json().at("items").empty());

  // The dry run: how many, who, who not and why, and the message as the first person gets it.
  const auto plan = server.as("officer", "POST", path, patched(good, json{{"dry_run", true}}));
  INFO(plan.body);
  REQUIRE(plan.status == 200);
  const auto planned = plan.json();
  CHECK(planned.at("recipients") == 2);
  CHECK(planned.at("sample").size() == 2);
  std::map<long long, std::string> excluded;
  for (const auto& e : planned.at("excluded")) {
    const long long contactId = e.at("contact_id");
    excluded[contactId] = e.at("reason");
  }
  CHECK(excluded.size() == 2);
  CHECK(excluded[refuses.id] == "no_consent");
  CHECK(excluded[noAddress.id] == "no_email");
  CHECK(planned.at("preview").at("subject") == "Husk ID til " + title);
  const std::string previewBody = planned.at("preview").at("body");
  CHECK(previewBody.find("Kære Søren Ærbø fra Postforeningen") != std::string::npos);
  CHECK(previewBody.find("Dokk1") != std::string::npos);
  CHECK(previewBody.find("{{") == std::string::npos);
  CHECK(server.as("officer", "GET", path).json().at("items").empty());  // a dry run stores nothing
  CHECK(server.as("partner", "POST", path, good).status >= 400);
  CHECK(server.as("manager", "GET", path).status == 403);

  // The send: 202, one copy per person through the outbox, filled in per person, plain text.
  const auto sent = server.as("officer", "POST", path, good);
  INFO(sent.body);
  REQUIRE(sent.status == 202);
  CHECK(sent.json().at("recipients") == 2);
  const auto messageId = idOf(sent.json());
  checkPlainCopies(server, sink, event, "message", 2, {&soeren, &emma}, "Husk ID til " + title, "Postforeningen");
  CHECK(mailTo(sink, refuses.email).size() == 0);

  // The history on the event page: who sent what to how many, and how it fared.
  const auto history = server.as("officer", "GET", path);
  INFO(history.body);
  REQUIRE(history.status == 200);
  const auto items = history.json().at("items");
  REQUIRE(items.size() == 1);
  CHECK(items[0].at("id") == messageId);
  CHECK(items[0].at("recipients") == 2);
  CHECK(items[0].at("sent") == 2);
  CHECK(items[0].at("queued") == 0);
  CHECK(items[0].at("failed") == 0);
  CHECK(items[0].at("to") == "confirmed");
  CHECK(items[0].at("subject") == "Husk ID til {{event_title}}");

  // To the people of the invited organisations: with or without a registration.
  const auto invitedEvent = createSoonEvent(server, unique("Inviteret besked"), 24h * 9,
                                            json{{"audience", "invited"}, {"invited_organisation_ids", {org}}});
  const auto invitedPlan =
      server.as("officer", "POST", "/api/v1/events/" + std::to_string(idOf(invitedEvent)) + "/messages",
                patched(good, json{{"to", "invited"}, {"dry_run", true}}));
  INFO(invitedPlan.body);
  REQUIRE(invitedPlan.status == 200);
  CHECK(invitedPlan.json().at("recipients") == 2);
  CHECK(invitedPlan.json().at("excluded").size() == 2);
  CHECK(invitedPlan.json().at("excluded_total") == 2);
}

// ---------------------------------------------------------------------------------------------
// Issue 15, the rest: a failed message sent again; announcements to a segment of the network.

TEST_CASE("a failed message is sent again from the outbox: 422 unless failed, then delivered", "[mail][smtp][resend]") {
  long long messageId = 0;
  Person person;
  json event;
  {
    // A relay that does not answer and one attempt only: the invitation fails for good at once.
    Server server("smtp://127.0.0.1:" + std::to_string(freePort()), "1");
    const auto org = createOrganisation(server);
    event = createEvent(server, unique("Igen"));
    person = createContact(server, org, "Gitte Igen", "da");
    registerPerson(server, event, person);
    const auto page =
        waitForOutbox(server, event, [&](const json& p) { return allHaveStatus(p, person.id, 1, "failed"); });
    const auto failed = messagesTo(page, person.id).at(0);
    messageId = idOf(failed);
    REQUIRE(failed.at("last_error").is_string());  // why it failed, shown on the outbox page
    CHECK(server.as("partner", "POST", "/api/v1/outbox/" + std::to_string(messageId) + "/resend").status == 403);
    CHECK(server.as("manager", "POST", "/api/v1/outbox/" + std::to_string(messageId) + "/resend").status == 403);
    CHECK(server.as("officer", "POST", "/api/v1/outbox/999999999/resend").status == 404);
  }
  // The relay answers now: sending it again queues it, and the sender delivers it.
  SmtpSink sink;
  Server server(sink.url());
  const auto path = "/api/v1/outbox/" + std::to_string(messageId) + "/resend";
  const auto again = server.as("officer", "POST", path);
  INFO(again.body);
  REQUIRE(again.status == 200);
  CHECK(again.json().at("id") == messageId);
  CHECK(again.json().at("attempts") == 0);
  CHECK((again.json().at("status") == "queued" || again.json().at("status") == "sending"));
  waitForOutbox(server, event, [&](const json& p) { return allHaveStatus(p, person.id, 1, "sent"); });
  std::this_thread::sleep_for(300ms);
  CHECK(mailTo(sink, person.email).size() == 1);
  // Only a failed message is sent again: a sent one is refused with 422 naming `status`, and stays sent.
  const auto refused = server.as("officer", "POST", path);
  INFO(refused.body);
  CHECK(refused.status == 422);
  CHECK(fieldNamed(refused, "status"));
  CHECK(allHaveStatus(eventOutbox(server, event), person.id, 1, "sent"));
  // The audit trail records who sent it again.
  const auto audit =
      server.as("admin", "GET", "/api/v1/audit?resource=outbox&resource_id=" + std::to_string(messageId));
  INFO(audit.body);
  CHECK(audit.status == 200);
  CHECK(audit.body.find("\"outbox\"") != std::string::npos);
}

namespace {

Person createSubscriber(Server& s, long long organisation, const std::string& name, bool newsletter,
                        bool withEmail = true) {
  Person p{0, name, withEmail ? uniqueEmail("nyhed") : std::string()};
  json body{{"organisation_id", organisation},
            {"name", name},
            {"language", "da"},
            {"consent", {{"invitations", true}, {"newsletter", newsletter}}}};
  if (withEmail) body["email"] = p.email;
  const auto reply = s.as("officer", "POST", "/api/v1/contacts", body);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  p.id = idOf(reply.json());
  return p;
}

}  // namespace

TEST_CASE("an announcement to a segment: refused bad input, a dry run with who not and why, the send, the record",
          "[mail][smtp][announcements]") {
  SmtpSink sink;
  Server server(sink.url());
  // A segment of research organisations in København's district: the demo data has few or none.
  int district = 0;
  for (const auto& m : server.as("officer", "GET", "/api/v1/reference/municipalities").json())
    if (m.at("id") == 101) district = m.at("police_district_id").get<int>();
  REQUIRE(district > 0);
  const json segment{{"kind", {"research"}}, {"police_district_id", {district}}};
  const auto org = idOf([&] {
    const auto reply =
        server.as("officer", "POST", "/api/v1/organisations",
                  json{{"name", unique("Forskningsforum")}, {"kind", "research"}, {"municipality_id", 101}});
    INFO(reply.body);
    REQUIRE(reply.status == 201);
    return reply.json();
  }());
  const auto yes1 = createSubscriber(server, org, "Astrid Abonnent", true);
  const auto yes2 = createSubscriber(server, org, "Bo Abonnent", true);
  const auto no = createSubscriber(server, org, "Carl Nej", false);
  const auto noAddress = createSubscriber(server, org, "Dorte Uden", true, false);
  const auto title = unique("Seminar om brobygning");
  const auto event = createSoonEvent(server, title, 24h * 20);

  const json good{{"subject", "Invitation: {{event_title}}"},
                  {"body", "Kære {{name}} fra {{organisation}}\n\nVi holder {{event_title}} {{starts_at}}.\n"},
                  {"organisations", segment},
                  {"event_id", idOf(event)}};
  const auto refused = [&](const json& body, const std::string& field) {
    const auto reply = server.as("officer", "POST", "/api/v1/messages", body);
    INFO(body.dump().substr(0, 200) << " -> " << reply.status << " " << reply.body.substr(0, 400));
    CHECK(reply.status == 422);
    CHECK(fieldNamed(reply, field));
  };
  const auto before = server.as("officer", "GET", "/api/v1/messages?limit=1").json().at("total").get<long long>();
  refused(patched(good, json{{"subject", ""}}), "subject");
  refused(patched(good, json{{"body", std::string(50 * 1024 + 1, 'x')}}), "body");
  refused(patched(good, json{{"body", "Kære {{navn}}"}}), "body");
  refused(patched(good, json{{"body", "Kære {{}}"}}), "body");
  refused(patched(good, json{{"event_id", nullptr}}), "body");  // {{event_title}} without an event
  refused(patched(good, json{{"event_id", 999999999}}), "event_id");
  refused(patched(good, json{{"organisations", {{"kind", {"no_such_kind"}}}}}), "organisations");  // nobody
  refused(patched(good, json{{"organisations", {{"region_id", {-1}}}}}), "organisations.region_id");
  CHECK(server.as("officer", "GET", "/api/v1/messages?limit=1").json().at("total") == before);
  CHECK(server.as("partner", "POST", "/api/v1/messages", good).status == 403);
  CHECK(server.as("manager", "GET", "/api/v1/messages").status == 403);

  // The dry run: how many, a sample, everyone left out with the reason; nothing stored.
  const auto plan = server.as("officer", "POST", "/api/v1/messages", patched(good, json{{"dry_run", true}}));
  INFO(plan.body);
  REQUIRE(plan.status == 200);
  const auto planned = plan.json();
  const int recipients = planned.at("recipients");
  CHECK(recipients >= 2);
  std::map<long long, std::string> excluded;
  for (const auto& e : planned.at("excluded")) excluded[e.at("contact_id").get<long long>()] = e.at("reason");
  // Every person left out is named (up to 100,000); excluded_total counts them all.
  const auto excludedTotal = planned.at("excluded_total").get<std::size_t>();
  CHECK(excludedTotal >= 2);
  CHECK(planned.at("excluded").size() == excludedTotal);
  CHECK(excluded[no.id] == "no_consent");
  CHECK(excluded[noAddress.id] == "no_email");
  CHECK_FALSE(excluded.count(yes1.id));
  CHECK(planned.at("preview").at("subject") == "Invitation: " + title);
  CHECK(planned.at("preview").at("body").get<std::string>().find("{{") == std::string::npos);
  CHECK(server.as("officer", "GET", "/api/v1/messages?limit=1").json().at("total") == before);

  // The send: 202, one copy per person through the outbox, filled in per person.
  const auto sent = server.as("officer", "POST", "/api/v1/messages", good);
  INFO(sent.body);
  REQUIRE(sent.status == 202);
  CHECK(sent.json().at("recipients") == recipients);
  const auto announcementId = idOf(sent.json());
  checkPlainCopies(server, sink, event, "announcement", recipients, {&yes1, &yes2}, "Invitation: " + title,
                   "Forskningsforum");
  for (const auto* p : {&yes1, &yes2}) CHECK(mailTo(sink, p->email).size() == 1);  // the announcement only
  CHECK(mailTo(sink, no.email).empty());

  // The record: what was sent, by whom, to how many, and how it fared.
  const auto history = server.as("officer", "GET", "/api/v1/messages?limit=5");
  INFO(history.body);
  REQUIRE(history.status == 200);
  const auto items = history.json().at("items");
  REQUIRE_FALSE(items.empty());
  CHECK(items[0].at("id") == announcementId);
  CHECK(items[0].at("recipients") == recipients);
  CHECK(items[0].at("sent") == recipients);
  CHECK(items[0].at("failed") == 0);
  CHECK(items[0].at("event_id") == idOf(event));
  CHECK(items[0].at("organisations").at("kind") == json::array({"research"}));
  CHECK_FALSE(items[0].at("created_by_name").get<std::string>().empty());
  CHECK(items[0].at("subject") == "Invitation: {{event_title}}");
}

TEST_CASE("who will get the reminder and when, before anything is sent, and who not and why", "[mail][reminders]") {
  Server server("");
  const auto org = createOrganisation(server);
  const auto event = createSoonEvent(server, unique("Påmindelsesplan"), 24h * 9);
  const auto yes = createContact(server, org, "Pia Plan", "da");
  const auto refuses = createContact(server, org, "Per Nej", "da", /*invitations=*/false);
  registerPerson(server, event, yes);
  registerPerson(server, event, refuses);
  const auto path = "/api/v1/events/" + std::to_string(idOf(event)) + "/reminders";
  const auto reply = server.as("officer", "GET", path);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  const auto plan = reply.json();
  CHECK(plan.at("reminder_hours") == 48);
  REQUIRE(plan.at("due_at").is_string());
  CHECK(plan.at("due_at").get<std::string>() < event.at("starts_at").get<std::string>());
  REQUIRE(plan.at("recipients").size() == 1);
  CHECK(plan.at("recipients")[0].at("contact_id") == yes.id);
  CHECK(plan.at("recipients")[0].at("reminded") == false);
  REQUIRE(plan.at("excluded").size() == 1);
  CHECK(plan.at("excluded")[0].at("contact_id") == refuses.id);
  CHECK(plan.at("excluded")[0].at("reason") == "no_consent");
  // No reminders: no time.
  REQUIRE(server.as("officer", "PATCH", "/api/v1/events/" + std::to_string(idOf(event)), json{{"reminder_hours", 0}})
              .status == 200);
  CHECK(server.as("officer", "GET", path).json().at("due_at").is_null());
  CHECK(server.as("manager", "GET", path).status == 403);
  CHECK(server.as("partner", "GET", path).status >= 400);
}

// ---------------------------------------------------------------------------------------------
// Templates of the automatic mail (issue 15, point 5): administrators edit them; the sent mail follows.

TEST_CASE(
    "templates: defaults until edited, 422 on a bad text changes nothing, an edited text is mailed in both "
    "languages, preview for a real registration, the partner's notice in the user's language",
    "[mail][smtp][templates]") {
  SmtpSink sink;
  Server server(sink.url());
  const auto path = std::string("/api/v1/message-templates");

  const auto list = server.as("admin", "GET", path);
  INFO(list.body);
  REQUIRE(list.status == 200);
  const auto items = list.json().at("items");
  REQUIRE(items.size() == 5);
  CHECK(items.at(0).at("code") == "invitation");
  CHECK(items.at(4).at("code") == "invited_notice");
  CHECK(contains(items.at(2).at("placeholders"), "reason"));
  CHECK_FALSE(contains(items.at(0).at("placeholders"), "reason"));
  CHECK(server.as("officer", "GET", path).status == 403);
  CHECK(server.as("admin", "GET", path + "/newsletter").status == 404);

  auto before = server.as("admin", "GET", path + "/invitation").json();
  const json saved = before;  // what the other cases of this program expect: restored at the end
  CHECK(before.at("customised") == false);
  CHECK(before.at("body_da").get<std::string>().find("Du er tilmeldt:") != std::string::npos);

  const json edited{{"subject_da", "Velkommen {{name}}: {{event_title}}"},
                    {"body_da", "Hej {{name}}\n\nHusk billedlegitimation.\n{{details}}\n"},
                    {"subject_en", "Welcome {{ name }}: {{event_title}}"},
                    {"body_en", "Hello {{name}}\n\nPlease bring photo ID to {{venue}}.\n"}};
  // Refused, naming the field, and nothing stored.
  const auto refuse = [&](const json& body, const std::string& field) {
    const auto reply = server.as("admin", "PUT", path + "/invitation", body);
    INFO(reply.body);
    CHECK(reply.status == 422);
    CHECK(reply.body.find("\"" + field + "\"") != std::string::npos);
  };
  refuse(patched(edited, {{"body_en", "Dear {{navn}}"}}), "body_en");
  refuse(patched(edited, {{"subject_da", "Hej {{}}"}}), "subject_da");
  refuse(patched(edited, {{"subject_en", " "}}), "subject_en");
  refuse(patched(edited, {{"body_da", std::string(51201, 'x')}}), "body_da");
  refuse(patched(edited, {{"body_da", "Hej {{reason}}"}}), "body_da");  // a cancellation's only
  refuse(patched(edited, {{"code", "reminder"}}), "code");
  refuse(patched(edited, {{"colour", "red"}}), "colour");
  CHECK(server.as("admin", "GET", path + "/invitation").json() == before);
  CHECK(server.as("officer", "PUT", path + "/invitation", edited).status == 403);

  const auto put = server.as("admin", "PUT", path + "/invitation", edited);
  INFO(put.body);
  REQUIRE(put.status == 200);
  CHECK(put.json().at("customised") == true);
  CHECK(put.json().at("body_en") == edited.at("body_en"));
  CHECK(server.as("admin", "GET", path + "/invitation").json().at("subject_da") == edited.at("subject_da"));

  // The mail follows the stored texts, in each person's language (the outbox reads them once a round).
  const auto org = createOrganisation(server);
  const auto title = unique("Skabelonmøde");
  const auto event = createSoonEvent(server, title, 24h * 10);
  const auto dane = createContact(server, org, "Dorthe Dansk", "da");
  const auto briton = createContact(server, org, "Edward English", "en");
  const auto daneRegistration = registerPerson(server, event, dane);
  const auto britonRegistration = registerPerson(server, event, briton);
  waitForOutbox(server, event, [&](const json& p) {
    int sent = 0;
    for (const auto& m : p.at("items")) sent += m.at("status") == "sent" ? 1 : 0;
    return sent >= 2;
  });
  std::this_thread::sleep_for(300ms);
  const auto daMail = mailTo(sink, dane.email);
  REQUIRE(daMail.size() == 1);
  INFO(daMail[0].dump(2));
  CHECK(daMail[0].at("subject") == "Velkommen Dorthe Dansk: " + title);
  const std::string daText = daMail[0].at("text");
  CHECK(daText.find("Hej Dorthe Dansk\n\nHusk billedlegitimation.\n") != std::string::npos);
  CHECK(daText.find("  Hack Kampmanns Plads 2") != std::string::npos);  // the details block
  CHECK(daMail[0].at("parts").size() == 2);                             // the calendar file stays
  const auto enMail = mailTo(sink, briton.email);
  REQUIRE(enMail.size() == 1);
  INFO(enMail[0].dump(2));
  CHECK(enMail[0].at("subject") == "Welcome Edward English: " + title);
  const std::string enText = enMail[0].at("text");
  CHECK(enText.find("Please bring photo ID to Dokk1.") != std::string::npos);
  CHECK(enText.find("  " + title) != std::string::npos);  // no {{details}}: the block at the end
  CHECK(enText.find("{{") == std::string::npos);

  // Preview: the stored text, or a draft, in the registration's person's language.
  const auto preview = [&](const json& body) { return server.as("admin", "POST", path + "/invitation/preview", body); };
  auto shown = preview({{"registration_id", britonRegistration}});
  INFO(shown.body);
  REQUIRE(shown.status == 200);
  CHECK(shown.json().at("subject") == "Welcome Edward English: " + title);
  CHECK(shown.json().at("language") == "en");
  shown = preview({{"registration_id", daneRegistration}, {"body_da", "Udkast til {{name}} om {{event_title}}"}});
  INFO(shown.body);
  REQUIRE(shown.status == 200);
  CHECK(shown.json().at("body").get<std::string>().rfind("Udkast til Dorthe Dansk om " + title, 0) == 0);
  CHECK(preview({{"registration_id", daneRegistration}, {"body_da", "{{ukendt}}"}}).status == 422);
  // The details block is several lines: a subject may not use it.
  const auto detailsInSubject = preview({{"registration_id", daneRegistration}, {"subject_da", "Om {{details}}"}});
  CHECK(detailsInSubject.status == 422);
  CHECK(detailsInSubject.body.find("subject_da") != std::string::npos);
  CHECK(preview({{"registration_id", 999999999}}).status == 404);
  CHECK(
      server.as("officer", "POST", path + "/invitation/preview", json{{"registration_id", daneRegistration}}).status ==
      403);
  const auto cancellation =
      server.as("admin", "POST", path + "/cancellation/preview", json{{"registration_id", daneRegistration}});
  INFO(cancellation.body);
  REQUIRE(cancellation.status == 200);
  CHECK(cancellation.json().at("subject") == "Aflyst: " + title);
  CHECK(cancellation.json().at("body").get<std::string>().find("Din tilmelding er annulleret:") != std::string::npos);

  // The partner users' notice follows each user's own language.
  const auto englishUser = uniqueEmail("partner-en");
  const auto created = server.as("admin", "POST", "/api/v1/users",
                                 json{{"email", englishUser},
                                      {"name", "Paul Partner"},
                                      {"role", "partner"},
                                      {"organisation_id", org},
                                      {"language", "en"},
                                      {"password", "a long enough password 1"}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const auto invitedTitle = unique("Invited meeting");
  const auto invitedEvent = createSoonEvent(server, invitedTitle, 24h * 10,
                                            json{{"audience", "invited"}, {"invited_organisation_ids", {org}}});
  waitForOutbox(server, invitedEvent, [&](const json& p) {
    for (const auto& m : p.at("items"))
      if (m.at("reason") == "invited" && m.at("status") == "sent") return true;
    return false;
  });
  std::this_thread::sleep_for(300ms);
  const auto notices = mailTo(sink, englishUser);
  REQUIRE(notices.size() == 1);
  INFO(notices[0].dump(2));
  CHECK(notices[0].at("subject") == "Invited: " + invitedTitle);
  const std::string notice = notices[0].at("text");
  CHECK(notice.find("Dear Paul Partner,") != std::string::npos);
  CHECK(notice.find("Kære") == std::string::npos);

  // Back to the texts the other cases expect: the GET's answer sent back as it was (its read-only
  // fields are accepted and ignored).
  const auto restored = server.as("admin", "PUT", path + "/invitation", saved);
  INFO(restored.body);
  CHECK(restored.status == 200);
  CHECK(restored.json().at("body_da") == saved.at("body_da"));
}
