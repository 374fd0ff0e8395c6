#pragma once
// Every setting of the program, in one place: its flag, its environment variable, its default and its
// allowed range (app/settings.cpp registers them with CLI11). Any variable may instead be given as
// <NAME>_FILE, the path of a file that holds the value (see applyFileVariables).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "domain/retention.hpp"
#include "domain/services.hpp"

namespace CLI {
class App;
}

namespace brobygger::app {

struct Settings {
  std::string database = "sqlite3://db=var/brobygger.db";
  std::string database_password;  // joins a mysql:// connection string that has none
  std::string log_level = "info";
  std::string log_format = "text";  // "json": one JSON object per line (app/log_format.hpp)
  // serve's own flags
  std::string listen = "127.0.0.1:8080";
  std::string web_root = "web-admin/dist";
  std::size_t threads = 0;  // 0: the number of cores, at least 2
  // the HTTP edge (api/http_server.hpp): a request must arrive whole within this; an idle keep-alive
  // connection closes after that
  int http_request_timeout_seconds = 30;
  int http_idle_timeout_seconds = 15;
  std::size_t http_max_connections = 0;  // 0: the open-file limit less a reserve
  // overload and shutdown (issue 14)
  int pool_wait_ms = 2000;           // a request waits this long for a database connection, then 503
  int db_read_timeout_seconds = 10;  // MariaDB: a statement without an answer fails after 3 x this
  int queue_limit = 256;             // requests waiting for a worker; more are answered 503 at once
  int queue_wait_ms = 10000;         // a request that waited longer for a worker is answered 503
  int shutdown_seconds = 20;         // SIGTERM: requests in flight get this long to finish
  // sessions and logins
  std::string secure_cookies = "0";  // "1" behind TLS; anything else is off
  int session_hours = 12;
  double session_idle_minutes = 30;  // decimals allowed; 0: only the lifetime ends a session
  int session_cache_seconds = 5;
  int login_max_failures = 10;
  int login_window_minutes = 15;
  int lockout_failures = 20;
  int lockout_window_minutes = 60;
  int lockout_minutes = 30;
  int login_max_per_ip = 50;
  std::string trusted_proxies;                  // comma-separated
  std::string metrics_allow = "127.0.0.1,::1";  // addresses and CIDR blocks that may read /metrics
  // calendar feeds and invitation emails
  std::string public_url;  // empty: http://<listen>
  std::string organizer_email = "arrangementer@brobygger.dk";
  std::string smtp_url;  // empty: nothing is sent, the outbox keeps the invitations
  std::string smtp_user;
  std::string smtp_password;
  std::string mail_from = "arrangementer@brobygger.dk";
  int outbox_interval_ms = 5000;
  int outbox_max_attempts = 6;  // a message failing this often is marked failed (then sent again by hand)
  domain::RetentionPolicy retention;

  std::string publicUrl() const { return public_url.empty() ? "http://" + listen : public_url; }
  bool secureCookies() const { return secure_cookies == "1"; }
  std::vector<std::string> trustedProxies() const;
  std::vector<std::string> metricsAllow() const;
  domain::AuthSettings auth() const;
  std::size_t workerThreads() const;
  // The connection string with BROBYGGER_DATABASE_PASSWORD joined to it (throws when it cannot be).
  std::string connection() const;
};

// Registers every setting on the command line: the global ones on `app`, the server's flags on `serve`.
// Settings without a flag of their own get a hidden one, so that CLI11 reads, checks and converts all of
// them alike.
void addSettings(CLI::App& app, CLI::App& serve, Settings& settings);

// The _FILE rule, applied before parsing: for every setting's variable NAME, a non-empty NAME_FILE names
// a file whose content (one trailing line break dropped) becomes NAME's value for this process. Setting
// both NAME and NAME_FILE, or a file that cannot be read, throws std::runtime_error.
void applyFileVariables(const CLI::App& app);

// A CLI11 error message that names an option, with the option's environment variable added.
std::string explainedError(const CLI::App& app, const std::string& message);

// One variable read on demand under the same _FILE rule (the password that `user add` and `seed demo`
// read only when they need one).
std::optional<std::string> fromEnvironment(const std::string& name);

// The connection string as it may be logged: any password replaced by ***.
std::string maskedConnection(const std::string& connection);

}  // namespace brobygger::app
