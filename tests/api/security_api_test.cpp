// Security over real HTTP: headers on every kind of answer, sessions that end when unused, changing
// one's password, administrators ending sessions, account lockout and throttling per address, and
// settings (secrets) read from files.
//
// Failed logins from 127.0.0.1 count against the shared server's per-address limit (50 an hour) in
// this program's database: the cases here stay far below it, and use X-Forwarded-For through a
// server that trusts 127.0.0.1 as its proxy where they need many.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "api_world.hpp"

using namespace brobygger::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::filesystem::path scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("brobygger-security-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

Reply login(HttpClient& http, const std::string& email, const std::string& password,
            const std::vector<std::string>& headers = {}) {
  return http.request("POST", "/api/v1/auth/login", json{{"email", email}, {"password", password}}.dump(), headers);
}

std::string bearerOf(const Reply& reply) {
  INFO(reply.status << " " << reply.body);
  REQUIRE(reply.status == 200);
  return "Authorization: Bearer " + reply.json().at("token").get<std::string>();
}

// A fresh officer (so that changing passwords and ending sessions touches no one else).
long long addOfficer(const std::string& email, const std::string& password) {
  const auto created =
      as("admin", "POST", "/api/v1/users",
         json{{"email", email}, {"name", "Sikker Medarbejder"}, {"role", "officer"}, {"password", password}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  return created.json().at("id").get<long long>();
}

void checkSecurityHeaders(const Reply& reply) {
  INFO(reply.status << " " << reply.header("content-type"));
  const auto csp = reply.header("content-security-policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(reply.header("x-content-type-options") == "nosniff");
  CHECK(reply.header("referrer-policy") == "no-referrer");
  CHECK(reply.header("x-frame-options") == "DENY");
}

// `brobygger serve` at log level info with its standard output and error in a file: what it logs.
class LoggedServer {
 public:
  explicit LoggedServer(const std::map<std::string, std::string>& env)
      : log_(scratch("server-" + std::to_string(++count_) + ".log")), port_(freePort()) {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 1);
      dup2(fd, 2);
      setenv("BROBYGGER_LOG_LEVEL", "info", 1);
      setenv("BROBYGGER_WEB_ROOT", "", 1);
      for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
      const auto bin = brobyggerBinary();
      const auto listen = "127.0.0.1:" + std::to_string(port_);
      execl(bin.c_str(), bin.c_str(), "serve", "--listen", listen.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    HttpClient probe(base());
    for (int i = 0; i < 200; ++i) {
      try {
        if (probe.get("/healthz").status == 200) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(50ms);
    }
    FAIL("the logged server did not start: " << text());
  }
  ~LoggedServer() { stop(); }
  LoggedServer(const LoggedServer&) = delete;
  LoggedServer& operator=(const LoggedServer&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Stops the server (so everything is written) and answers the log.
  std::string stopAndRead() {
    stop();
    return text();
  }

 private:
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  std::string text() const {
    std::ifstream in(log_);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }
  static inline int count_ = 0;
  std::filesystem::path log_;
  int port_ = 0;
  pid_t pid_ = -1;
};

std::string connectionFileFor(const std::string& connection) {
  const auto file = scratch("database");
  std::ofstream(file) << connection << "\n";
  return file.string();
}

}  // namespace

TEST_CASE("every kind of answer carries the security headers", "[headers]") {
  // JSON 200, 401, 404, 405, 413, 415, 422, a CSV download and HEAD on the shared server.
  checkSecurityHeaders(as("officer", "GET", "/api/v1/me"));
  checkSecurityHeaders(as("officer", "GET", "/api/v1/organisations?limit=1"));
  checkSecurityHeaders(client().get("/api/v1/me"));
  checkSecurityHeaders(client().get("/api/v1/no-such-thing"));
  checkSecurityHeaders(as("officer", "GET", "/api/v1/organisations/999999999"));
  checkSecurityHeaders(client().request("PUT", "/api/v1/organisations", "{}"));
  checkSecurityHeaders(client().request("DELETE", "/healthz"));
  checkSecurityHeaders(as("officer", "POST", "/api/v1/organisations", json{{"name", std::string(1100000, 'x')}}));
  checkSecurityHeaders(client().request("POST", "/api/v1/auth/login", "a=b", {"Content-Type: text/plain"}));
  checkSecurityHeaders(as("officer", "POST", "/api/v1/organisations", json{{"nonsense", 1}}));
  checkSecurityHeaders(as("manager", "GET", "/api/v1/reports/engagement?format=csv"));
  checkSecurityHeaders(as("officer", "HEAD", "/api/v1/me"));
  checkSecurityHeaders(client().get("/healthz"));

  // A subscribed calendar feed (its token is the credential) and an unknown feed.
  const auto me = as("officer", "GET", "/api/v1/me").json();
  const auto url = me.at("calendar_feed_url").get<std::string>();
  const auto feed = client().get(url.substr(url.find("/calendar/")));
  CHECK(feed.status == 200);
  CHECK(feed.header("content-type").rfind("text/calendar", 0) == 0);
  checkSecurityHeaders(feed);
  checkSecurityHeaders(client().get("/calendar/not-a-token.ics"));

  // The web admin's static files, its client-side routes and its 404s.
  const auto root = scratch("web");
  std::filesystem::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<!doctype html><title>Brobygger</title>";
  std::ofstream(root / "assets" / "app-1.js") << "console.log(1)";
  ServerProcess web(world().data.database(), {{"BROBYGGER_WEB_ROOT", root.string()}});
  HttpClient browser(web.base());
  const auto index = browser.get("/");
  CHECK(index.status == 200);
  CHECK(index.header("content-type").rfind("text/html", 0) == 0);
  checkSecurityHeaders(index);
  checkSecurityHeaders(browser.get("/events/12"));
  checkSecurityHeaders(browser.get("/assets/app-1.js"));
  checkSecurityHeaders(browser.get("/assets/missing.js"));
  checkSecurityHeaders(browser.request("POST", "/index.html", "{}"));
  std::filesystem::remove_all(root);
}

TEST_CASE("a session unused for the idle time ends, one in use does not", "[idle]") {
  // 0.1 minutes = 6 s; the last use is then written every 1.5 s at most. The session cache (5 s
  // here, as by default) must not keep the session alive.
  const std::map<std::string, std::string> settings{{"BROBYGGER_SESSION_IDLE_MINUTES", "0.1"},
                                                    {"BROBYGGER_SESSION_CACHE_SECONDS", "5"}};
  ServerProcess idle(world().data.database(), settings);
  ServerProcess second(world().data.database(), settings);
  HttpClient http(idle.base());
  HttpClient other(second.base());
  const auto busy = bearerOf(login(http, "officer@demo.brobygger.dk", TestWorld::kPassword));
  const auto quiet = bearerOf(login(http, "manager@demo.brobygger.dk", TestWorld::kPassword));
  CHECK(http.get("/api/v1/me", {quiet}).status == 200);
  for (int i = 0; i < 6; ++i) {  // 12 s of use, twice the idle time
    std::this_thread::sleep_for(2s);
    INFO("after " << 2 * (i + 1) << " s");
    REQUIRE(http.get("/api/v1/me", {busy}).status == 200);
  }
  const auto ended = http.get("/api/v1/me", {quiet});
  checkProblem(ended, 401);
  CHECK(ended.header("www-authenticate").find("Bearer") == 0);
  // The use was recorded in the database, not only in the first process's cache: a second process
  // with the same setting accepts the busy session and refuses the quiet one.
  CHECK(other.get("/api/v1/me", {busy}).status == 200);
  checkProblem(other.get("/api/v1/me", {quiet}), 401);
  std::this_thread::sleep_for(7s);
  checkProblem(http.get("/api/v1/me", {busy}), 401);
  checkProblem(other.get("/api/v1/me", {busy}), 401);
  // Logging in again works.
  CHECK(http.get("/api/v1/me", {bearerOf(login(http, "officer@demo.brobygger.dk", TestWorld::kPassword))}).status ==
        200);
}

TEST_CASE("a user changes their own password; their other sessions end", "[password]") {
  const std::string email = "skift.kode@example.dk", old = "the old passphrase", fresh = "a fresh passphrase";
  addOfficer(email, old);
  const auto here = bearerOf(login(client(), email, old));
  const auto elsewhere = bearerOf(login(client(), email, old));
  const auto change = [&](const json& body, std::vector<std::string> headers = {}) {
    headers.push_back(here);
    return client().request("POST", "/api/v1/me/password", body.dump(), headers);
  };

  const auto wrong = change({{"current_password", "not my password"}, {"new_password", fresh}});
  checkProblem(wrong, 422);
  CHECK(hasFieldError(wrong, "current_password"));
  CHECK_FALSE(hasFieldError(wrong, "new_password"));
  const auto weak = change({{"current_password", old}, {"new_password", "short"}});
  checkProblem(weak, 422);
  CHECK(hasFieldError(weak, "new_password"));
  CHECK(hasFieldError(change({{"current_password", old}, {"new_password", old}}), "new_password"));
  const auto missing = change(json::object());
  checkProblem(missing, 422);
  CHECK(hasFieldError(missing, "current_password"));
  CHECK(hasFieldError(missing, "new_password"));
  CHECK(hasFieldError(change({{"current_password", old}, {"new_password", fresh}, {"extra", 1}}), "extra"));
  checkProblem(client().request("POST", "/api/v1/me/password", "{", {here}), 400);
  checkProblem(
      client().request("POST", "/api/v1/me/password", json{{"current_password", old}, {"new_password", fresh}}.dump()),
      401);
  // With the cookie, the CSRF header is needed like for any other write.
  const auto token = here.substr(std::string("Authorization: Bearer ").size());
  checkProblem(
      client().request("POST", "/api/v1/me/password", json{{"current_password", old}, {"new_password", fresh}}.dump(),
                       {"Cookie: brobygger_session=" + token}),
      403);
  CHECK(client().get("/api/v1/me", {elsewhere}).status == 200);  // nothing changed so far

  const auto done = change({{"current_password", old}, {"new_password", fresh}});
  CHECK(done.status == 204);
  CHECK(done.body.empty());
  CHECK(client().get("/api/v1/me", {here}).status == 200);
  checkProblem(client().get("/api/v1/me", {elsewhere}), 401);
  checkProblem(login(client(), email, old), 401);
  CHECK(login(client(), email, fresh).status == 200);
}

TEST_CASE("every role may change its own password", "[password]") {
  // A partner's session, on the partner's own account, and back again.
  for (const auto* role : {"partner", "manager"}) {
    INFO(role);
    const std::string email = std::string(role) + "@demo.brobygger.dk";
    const auto session = bearerOf(login(client(), email, TestWorld::kPassword));
    CHECK(
        client()
            .request("POST", "/api/v1/me/password",
                     json{{"current_password", TestWorld::kPassword}, {"new_password", "temporary passphrase"}}.dump(),
                     {session})
            .status == 204);
    CHECK(
        client()
            .request("POST", "/api/v1/me/password",
                     json{{"current_password", "temporary passphrase"}, {"new_password", TestWorld::kPassword}}.dump(),
                     {session})
            .status == 204);
  }
  // The shared sessions of the other cases ended with the change; log them in again.
  for (const auto* role : {"partner", "manager"}) {
    world().tokens[role] = login(client(), std::string(role) + "@demo.brobygger.dk", TestWorld::kPassword)
                               .json()
                               .at("token")
                               .get<std::string>();
  }
  CHECK(as("partner", "GET", "/api/v1/me").status == 200);
}

TEST_CASE("an administrator ends a user's sessions", "[revoke]") {
  const std::string email = "afbrudt@example.dk", password = "revoked passphrase";
  const auto id = addOfficer(email, password);
  const auto path = "/api/v1/users/" + std::to_string(id) + "/sessions/revoke";
  // Another server process that has just checked the sessions trusts them for its cache's TTL.
  ServerProcess other(world().data.database(), {{"BROBYGGER_SESSION_CACHE_SECONDS", "2"}});
  HttpClient elsewhere(other.base());
  const auto first = bearerOf(login(client(), email, password));
  const auto second = bearerOf(login(elsewhere, email, password));
  CHECK(client().get("/api/v1/me", {first}).status == 200);
  CHECK(elsewhere.get("/api/v1/me", {second}).status == 200);

  for (const auto* role : {"officer", "manager", "partner"}) {
    INFO(role);
    checkProblem(as(role, "POST", path), 403);
  }
  checkProblem(client().request("POST", path), 401);
  checkProblem(as("admin", "POST", "/api/v1/users/999999/sessions/revoke"), 404);
  checkProblem(as("admin", "GET", path), 405);

  const auto revoked = as("admin", "POST", path);
  REQUIRE(revoked.status == 200);
  CHECK(revoked.json() == json{{"revoked", 2}});
  checkProblem(client().get("/api/v1/me", {first}), 401);  // this process: at once
  checkProblem(client().get("/api/v1/me", {second}), 401);
  std::this_thread::sleep_for(2500ms);
  checkProblem(elsewhere.get("/api/v1/me", {second}), 401);  // the other: within its cache TTL
  CHECK(as("admin", "POST", path).json() == json{{"revoked", 0}});
  CHECK(login(client(), email, password).status == 200);  // the account itself is not locked
}

TEST_CASE("an account is locked after repeated failures; one address is throttled across accounts", "[lockout]") {
  // Behind a trusted proxy (127.0.0.1), each X-Forwarded-For address is a client of its own.
  ServerProcess guarded(world().data.database(), {{"BROBYGGER_TRUSTED_PROXIES", "127.0.0.1, ::1"},
                                                  {"BROBYGGER_LOGIN_MAX_FAILURES", "100"},
                                                  {"BROBYGGER_LOCKOUT_FAILURES", "3"},
                                                  {"BROBYGGER_LOCKOUT_MINUTES", "30"},
                                                  {"BROBYGGER_LOGIN_MAX_PER_IP", "5"}});
  HttpClient http(guarded.base());

  SECTION("the account") {
    const std::string victim = "laast@example.dk", password = "locked out passphrase";
    addOfficer(victim, password);
    for (int i = 0; i < 3; ++i)
      checkProblem(
          login(http, victim, "guess " + std::to_string(i), {"X-Forwarded-For: 198.51.100." + std::to_string(i)}), 401);
    const auto locked = login(http, victim, password, {"X-Forwarded-For: 198.51.100.77"});
    checkProblem(locked, 429);
    CHECK(std::stoi(locked.header("retry-after")) > 29 * 60);
    CHECK(std::stoi(locked.header("retry-after")) <= 30 * 60);
    CHECK(locked.json().at("detail").get<std::string>().find("låst") != std::string::npos);  // Danish by default
    CHECK(locked.json().at("type") == "https://brobygger.dk/problems/too-many-requests");
    // Other accounts from the same address are not affected.
    CHECK(login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {"X-Forwarded-For: 198.51.100.77"}).status ==
          200);
  }

  SECTION("the address") {
    const std::string attacker = "X-Forwarded-For: 203.0.113.50, 127.0.0.1";  // as a proxy chain appends
    for (int i = 0; i < 5; ++i)
      checkProblem(login(http, "guess" + std::to_string(i) + "@example.dk", "wrong passphrase", {attacker}), 401);
    const auto throttled = login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {attacker});
    checkProblem(throttled, 429);
    CHECK(std::stoi(throttled.header("retry-after")) > 59 * 60);
    CHECK(throttled.json().at("detail").get<std::string>().find("adresse") != std::string::npos);
    // The same person from elsewhere logs in; a client-chosen header cannot pose as another address
    // behind the proxy: only the right-most untrusted hop counts.
    CHECK(login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {"X-Forwarded-For: 203.0.113.51"}).status ==
          200);
    checkProblem(
        login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {"X-Forwarded-For: 192.0.2.1, 203.0.113.50"}),
        429);
    // IPv6 clients count by their /64.
    for (int i = 0; i < 5; ++i)
      checkProblem(login(http, "v6guess" + std::to_string(i) + "@example.dk", "wrong passphrase",
                         {"X-Forwarded-For: 2001:db8:7:7::" + std::to_string(i + 1)}),
                   401);
    checkProblem(
        login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {"X-Forwarded-For: 2001:db8:7:7:ffff::9"}), 429);
    CHECK(login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {"X-Forwarded-For: 2001:db8:7:8::1"}).status ==
          200);
  }
}

TEST_CASE("X-Forwarded-For counts only from a trusted proxy", "[lockout]") {
  ServerProcess plain(world().data.database(), {{"BROBYGGER_LOGIN_MAX_PER_IP", "3"}});
  HttpClient http(plain.base());
  // The peer (127.0.0.1) is the client, whatever the header says: after at most three failures
  // (fewer when other cases already failed from 127.0.0.1 within the hour) the address is throttled,
  // and a new X-Forwarded-For does not get it out.
  Reply last;
  int failures = 0;
  for (int i = 0; i < 4; ++i) {
    last = login(http, "spoof" + std::to_string(i) + "@example.dk", "wrong passphrase",
                 {"X-Forwarded-For: 192.0.2." + std::to_string(i)});
    if (last.status != 401) break;
    ++failures;
  }
  checkProblem(last, 429);
  CHECK(failures <= 3);
  checkProblem(login(http, "officer@demo.brobygger.dk", TestWorld::kPassword, {"X-Forwarded-For: 192.0.2.99"}), 429);
}

TEST_CASE("settings come from <NAME>_FILE; secrets stay out of the log", "[secrets]") {
  // The password of `user add` from a file (trailing line break dropped).
  const auto passwordFile = scratch("password");
  std::ofstream(passwordFile) << "password from a file\n";
  auto env = world().data.env();
  env.erase("BROBYGGER_PASSWORD");
  env["BROBYGGER_PASSWORD_FILE"] = passwordFile.string();
  const auto [code, output] =
      runCommand({"user", "add", "--email", "fil@example.dk", "--name", "Fra Fil", "--role", "manager"}, env);
  INFO(output);
  CHECK(code == 0);
  CHECK(login(client(), "fil@example.dk", "password from a file").status == 200);

  // Both the value and the file: refused before anything runs.
  env["BROBYGGER_PASSWORD"] = "another password";
  CHECK(
      runCommand({"user", "add", "--email", "fil2@example.dk", "--name", "Fra Fil", "--role", "manager"}, env).first ==
      1);
  env.erase("BROBYGGER_PASSWORD");
  env["BROBYGGER_PASSWORD_FILE"] = scratch("missing").string();
  CHECK(
      runCommand({"user", "add", "--email", "fil3@example.dk", "--name", "Fra Fil", "--role", "manager"}, env).first ==
      1);
  // A setting the server needs at start: refused before anything runs.
  auto bad = world().data.env();
  bad["BROBYGGER_DATABASE_FILE"] = connectionFileFor(bad.at("BROBYGGER_DATABASE"));
  CHECK(runCommand({"migrate"}, bad).first == 2);

  // The database's connection string from a file; on MariaDB its password from a file of its own.
  const auto database = world().data.database();
  std::smatch password;
  const bool hasPassword = std::regex_search(database, password, std::regex(R"(password='([^']*)')"));
  {
    ServerProcess fromFile(database,
                           {{"BROBYGGER_DATABASE", ""}, {"BROBYGGER_DATABASE_FILE", connectionFileFor(database)}});
    HttpClient http(fromFile.base());
    CHECK(http.get("/readyz").status == 200);
  }
  const std::string smtpSecret = "smtp-secret-4711";
  const auto smtpFile = scratch("smtp");
  std::ofstream(smtpFile) << smtpSecret << "\n";
  if (hasPassword) {
    const auto secretFile = scratch("database-password");
    std::ofstream(secretFile) << password[1].str() << "\n";
    const auto withoutPassword = std::regex_replace(database, std::regex(R"( ?password='[^']*')"), "");
    {
      ServerProcess split(database, {{"BROBYGGER_DATABASE", withoutPassword},
                                     {"BROBYGGER_DATABASE_PASSWORD_FILE", secretFile.string()}});
      HttpClient http(split.base());
      CHECK(http.get("/readyz").status == 200);
    }
    LoggedServer server({{"BROBYGGER_DATABASE", database}});
    const auto log = server.stopAndRead();
    INFO(log);
    CHECK(log.find("serving on") != std::string::npos);
    CHECK(log.find("password=***") != std::string::npos);
    CHECK(log.find(password[1].str()) == std::string::npos);
  }
  // The SMTP password stays out of the log; so do bearer tokens, passwords sent to log in, and a
  // calendar feed's token (its only credential), which the access log shows as ***.
  LoggedServer server({{"BROBYGGER_DATABASE", database},
                       {"BROBYGGER_SMTP_URL", "smtp://127.0.0.1:9"},
                       {"BROBYGGER_SMTP_USER", "relay"},
                       {"BROBYGGER_SMTP_PASSWORD_FILE", smtpFile.string()}});
  HttpClient http(server.base());
  const auto session = login(http, "officer@demo.brobygger.dk", TestWorld::kPassword);
  REQUIRE(session.status == 200);
  const auto token = session.json().at("token").get<std::string>();
  const auto url =
      http.get("/api/v1/me", {"Authorization: Bearer " + token}).json().at("calendar_feed_url").get<std::string>();
  const auto feedPath = url.substr(url.find("/calendar/"));
  CHECK(http.get(feedPath).status == 200);
  const auto feedToken = feedPath.substr(10, feedPath.size() - 14);
  const auto log = server.stopAndRead();
  INFO(log);
  CHECK(log.find("serving on") != std::string::npos);
  CHECK(log.find(database.substr(database.find("db="), 12)) != std::string::npos);
  CHECK(log.find("access method=GET path=/calendar/*** status=200") != std::string::npos);
  CHECK(log.find("access method=GET path=/api/v1/me status=200") != std::string::npos);
  for (const auto& secret : {smtpSecret, token, feedToken, std::string(TestWorld::kPassword)}) {
    INFO("secret: " << secret);
    CHECK(log.find(secret) == std::string::npos);
  }
  std::filesystem::remove_all(scratch("").parent_path());
}

TEST_CASE("every setting is checked before anything runs; a flag or <NAME>_FILE sets it as well", "[settings]") {
  const auto env = world().data.env();
  const auto with = [&](std::map<std::string, std::string> extra) {
    auto all = env;
    for (auto& [name, value] : extra) all[name] = value;
    return all;
  };
  // Out of range, not a number, not finite: refused with status 2, from a variable or from a flag.
  CHECK(runCommand({"migrate"}, with({{"BROBYGGER_SESSION_HOURS", "0"}})).first == 2);
  CHECK(runCommand({"migrate"}, with({{"BROBYGGER_LOGIN_MAX_FAILURES", "ten"}})).first == 2);
  CHECK(runCommand({"migrate"}, with({{"BROBYGGER_SESSION_IDLE_MINUTES", "nan"}})).first == 2);
  CHECK(runCommand({"migrate"}, with({{"BROBYGGER_THREADS", "1025"}})).first == 2);
  CHECK(runCommand({"--outbox-interval-ms", "9", "migrate"}, env).first == 2);
  CHECK(runCommand({"migrate"}, with({{"BROBYGGER_SESSION_HOURS", "24"}})).first == 0);

  // A checked value from a file, and a flag that wins over the variable.
  const auto months = scratch("participation-months");
  std::ofstream(months) << "7\n";
  const auto [code, output] = runCommand({"retention", "run", "--dry-run", "--retention-audit-months", "13"},
                                         with({{"BROBYGGER_RETENTION_PARTICIPATION_MONTHS_FILE", months.string()},
                                               {"BROBYGGER_RETENTION_AUDIT_MONTHS", "60"}}));
  INFO(output);
  CHECK(code == 0);
  CHECK(output.find("participation 7 months") != std::string::npos);
  CHECK(output.find("audit log 13 months") != std::string::npos);
  std::ofstream(months) << "0\n";
  CHECK(runCommand({"retention", "run", "--dry-run"},
                   with({{"BROBYGGER_RETENTION_PARTICIPATION_MONTHS_FILE", months.string()}}))
            .first == 2);
  std::filesystem::remove_all(scratch("").parent_path());
}
