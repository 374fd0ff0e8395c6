#include "app/settings.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace brobygger::app {

namespace {

constexpr const char* kVariables = "Settings, usually given as environment variables";
constexpr const char* kHidden = "";  // CLI11's group for options left out of --help: secrets belong in files

// A flag for a setting that is usually given by its variable: BROBYGGER_SESSION_HOURS -> --session-hours.
std::string flagFor(const std::string& variable) {
  std::string flag = "--" + variable.substr(std::string("BROBYGGER_").size());
  std::transform(flag.begin(), flag.end(), flag.begin(), [](char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return flag;
}

template <typename T>
CLI::Option* variable(CLI::App& app, const std::string& name, T& value, const std::string& meaning) {
  return app.add_option(flagFor(name), value, meaning)->envname(name)->group(kVariables)->capture_default_str();
}

CLI::Option* secret(CLI::App& app, const std::string& name, std::string& value, const std::string& meaning) {
  return app.add_option(flagFor(name), value, meaning)->envname(name)->group(kHidden);
}

// CLI::Range lets NaN through (every comparison with it is false).
const CLI::Validator kFinite(
    [](std::string& input) {
      double value = 0;
      return CLI::detail::lexical_cast(input, value) && std::isfinite(value) ? std::string()
                                                                             : "Value " + input + " is not a number";
    },
    "FINITE");

void visitOptions(const CLI::App& app, const std::function<void(const CLI::Option&)>& visit) {
  for (const auto* option : app.get_options()) visit(*option);
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) visitOptions(*sub, visit);
}

// A connection string's `password=` (or `pass=`) parameter, quoted or not.
const std::regex& passwordParameter() {
  static const std::regex password(R"(((?:^|[\s/])pass(?:word)?\s*=\s*)('(?:[^'\\]|\\.)*'?|\S+))");
  return password;
}

}  // namespace

void addSettings(CLI::App& app, CLI::App& serve, Settings& s) {
  app.add_option("--database", s.database, "SOCI connection string")
      ->envname("BROBYGGER_DATABASE")
      ->capture_default_str();
  app.add_option("--log-level", s.log_level, "trace, debug, info, warn, error")
      ->envname("BROBYGGER_LOG_LEVEL")
      ->capture_default_str();
  app.add_option("--log-format", s.log_format, "text, or json: one JSON object per line")
      ->envname("BROBYGGER_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve.add_option("--listen", s.listen, "host:port")->envname("BROBYGGER_LISTEN")->capture_default_str();
  serve.add_option("--web-root", s.web_root, "Built web admin")->envname("BROBYGGER_WEB_ROOT")->capture_default_str();
  serve.add_option("--threads", s.threads, "Worker threads = database connections (0: cores, at least 2)")
      ->envname("BROBYGGER_THREADS")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();

  variable(app, "BROBYGGER_POOL_WAIT_MS", s.pool_wait_ms, "Wait for a database connection, then 503")
      ->check(CLI::Range(1, 600000));
  variable(app, "BROBYGGER_DB_READ_TIMEOUT_SECONDS", s.db_read_timeout_seconds,
           "MariaDB: a statement without an answer fails after three times this (0: never)")
      ->check(CLI::Range(0, 3600));
  variable(app, "BROBYGGER_QUEUE_LIMIT", s.queue_limit, "Requests waiting for a worker before 503")
      ->check(CLI::Range(1, 1000000));
  variable(app, "BROBYGGER_QUEUE_WAIT_MS", s.queue_wait_ms, "A request that waited longer for a worker gets 503")
      ->check(CLI::Range(1, 600000));
  variable(app, "BROBYGGER_SHUTDOWN_SECONDS", s.shutdown_seconds, "On SIGTERM, requests in flight get this long")
      ->check(CLI::Range(0, 3600));
  secret(app, "BROBYGGER_DATABASE_PASSWORD", s.database_password, "MariaDB password for a connection string without");
  variable(app, "BROBYGGER_SECURE_COOKIES", s.secure_cookies, "1 behind TLS: the session cookie gets Secure");
  variable(app, "BROBYGGER_SESSION_HOURS", s.session_hours, "Session lifetime")->check(CLI::Range(1, 24 * 366));
  variable(app, "BROBYGGER_SESSION_IDLE_MINUTES", s.session_idle_minutes, "An unused session ends after this")
      ->check(kFinite)
      ->check(CLI::Range(0.0, 60.0 * 24 * 366));
  variable(app, "BROBYGGER_SESSION_CACHE_SECONDS", s.session_cache_seconds, "A checked session is trusted this long")
      ->check(CLI::Range(0, 3600));
  variable(app, "BROBYGGER_LOGIN_MAX_FAILURES", s.login_max_failures, "Failed logins per email before 429")
      ->check(CLI::Range(1, 1000000));
  variable(app, "BROBYGGER_LOGIN_WINDOW_MINUTES", s.login_window_minutes, "... within this window")
      ->check(CLI::Range(1, 100000));
  variable(app, "BROBYGGER_LOCKOUT_FAILURES", s.lockout_failures, "Failed logins that lock the account (0: never)")
      ->check(CLI::Range(0, 1000000));
  variable(app, "BROBYGGER_LOCKOUT_WINDOW_MINUTES", s.lockout_window_minutes, "... within this window")
      ->check(CLI::Range(1, 100000));
  variable(app, "BROBYGGER_LOCKOUT_MINUTES", s.lockout_minutes, "... for this long after the last failure")
      ->check(CLI::Range(1, 100000));
  variable(app, "BROBYGGER_LOGIN_MAX_PER_IP", s.login_max_per_ip, "Failed logins per client address (0: no limit)")
      ->check(CLI::Range(0, 1000000));
  variable(app, "BROBYGGER_TRUSTED_PROXIES", s.trusted_proxies, "Reverse proxies whose X-Forwarded-For counts");
  variable(app, "BROBYGGER_METRICS_ALLOW", s.metrics_allow, "Addresses and CIDR blocks that may read /metrics");
  variable(app, "BROBYGGER_PUBLIC_URL", s.public_url, "How calendar clients reach the server");
  variable(app, "BROBYGGER_ORGANIZER_EMAIL", s.organizer_email, "ORGANIZER of invitations without an organiser");
  variable(app, "BROBYGGER_SMTP_URL", s.smtp_url, "Relay for invitation emails");
  variable(app, "BROBYGGER_SMTP_USER", s.smtp_user, "Relay login");
  secret(app, "BROBYGGER_SMTP_PASSWORD", s.smtp_password, "Relay password");
  variable(app, "BROBYGGER_MAIL_FROM", s.mail_from, "Sender of invitation emails");
  variable(app, "BROBYGGER_HTTP_REQUEST_TIMEOUT_SECONDS", s.http_request_timeout_seconds,
           "A request (head and body) must arrive within this, else 408")
      ->check(CLI::Range(1, 3600));
  variable(app, "BROBYGGER_HTTP_IDLE_TIMEOUT_SECONDS", s.http_idle_timeout_seconds,
           "A keep-alive connection idle this long is closed")
      ->check(CLI::Range(1, 3600));
  variable(app, "BROBYGGER_HTTP_MAX_CONNECTIONS", s.http_max_connections,
           "Open connections above this answer 503 (0: the open-file limit less a reserve)");
  variable(app, "BROBYGGER_OUTBOX_INTERVAL_MS", s.outbox_interval_ms, "How often the outbox is delivered")
      ->check(CLI::Range(10, 86400000));
  variable(app, "BROBYGGER_OUTBOX_MAX_ATTEMPTS", s.outbox_max_attempts,
           "Attempts before a message is marked failed (the outbox page can send it again)")
      ->check(CLI::Range(1, 100));
  variable(app, "BROBYGGER_RETENTION_PARTICIPATION_MONTHS", s.retention.participation_months,
           "Participation stays linked this long after a person's last event")
      ->check(CLI::Range(1, 1200));
  variable(app, "BROBYGGER_RETENTION_INACTIVE_MONTHS", s.retention.inactive_contact_months,
           "Inactive people are erased after this")
      ->check(CLI::Range(1, 1200));
  variable(app, "BROBYGGER_RETENTION_AUDIT_MONTHS", s.retention.audit_months, "The audit trail keeps this long")
      ->check(CLI::Range(1, 1200));
  variable(app, "BROBYGGER_RETENTION_NOTES_MONTHS", s.retention.activity_notes_months,
           "Notes (and subjects) of activities are emptied this long after the activity")
      ->check(CLI::Range(1, 1200));
}

std::optional<std::string> fromEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  const char* file = std::getenv((name + "_FILE").c_str());
  const bool hasValue = value && *value, hasFile = file && *file;
  if (hasValue && hasFile) throw std::runtime_error(name + " and " + name + "_FILE are both set; use one of them");
  if (hasValue) return std::string(value);
  if (!hasFile) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  if (!in || !(content << in.rdbuf()))
    throw std::runtime_error("cannot read " + name + "_FILE (" + std::string(file) + ")");
  auto text = content.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

void applyFileVariables(const CLI::App& app) {
  visitOptions(app, [](const CLI::Option& option) {
    const auto name = option.get_envname();
    if (name.empty()) return;
    const char* file = std::getenv((name + "_FILE").c_str());
    if (!file || !*file) return;
    // CLI11 reads the variable itself, so the file's content becomes it; a flag still wins over both.
    const auto value = fromEnvironment(name);
    if (setenv(name.c_str(), value->c_str(), 1) != 0) throw std::runtime_error("cannot set " + name);
  });
}

std::string explainedError(const CLI::App& app, const std::string& message) {
  std::string explained = message;
  visitOptions(app, [&](const CLI::Option& option) {
    const auto flag = option.get_name();
    const auto variable = option.get_envname();
    if (flag.empty() || variable.empty() || !message.starts_with(flag + ":")) return;
    explained = flag + " or " + variable + message.substr(flag.size());
  });
  return explained;
}

namespace {

std::vector<std::string> commaList(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace

std::vector<std::string> Settings::trustedProxies() const { return commaList(trusted_proxies); }

std::vector<std::string> Settings::metricsAllow() const { return commaList(metrics_allow); }

domain::AuthSettings Settings::auth() const {
  domain::AuthSettings settings;
  settings.max_login_failures = login_max_failures;
  settings.failure_window = std::chrono::minutes(login_window_minutes);
  settings.lockout_failures = lockout_failures;
  settings.lockout_window = std::chrono::minutes(lockout_window_minutes);
  settings.lockout_duration = std::chrono::minutes(lockout_minutes);
  settings.max_failures_per_client = login_max_per_ip;
  settings.session_lifetime = std::chrono::hours(session_hours);
  // Minutes, decimals allowed (0.1 is six seconds), as whole seconds.
  settings.session_idle = std::chrono::seconds(std::llround(session_idle_minutes * 60));
  return settings;
}

std::size_t Settings::workerThreads() const {
  if (threads > 0) return threads;
  return std::max<std::size_t>(2, std::thread::hardware_concurrency());
}

std::string Settings::connection() const {
  if (database_password.empty()) return database;
  if (database.rfind("mysql://", 0) != 0)
    throw std::runtime_error("BROBYGGER_DATABASE_PASSWORD applies to a mysql:// connection string only");
  if (std::regex_search(database, passwordParameter()))
    throw std::runtime_error("the connection string already has a password; drop it or BROBYGGER_DATABASE_PASSWORD");
  std::string quoted;
  for (const char ch : database_password) {
    if (ch == '\\' || ch == '\'') quoted += '\\';
    quoted += ch;
  }
  return database + " password='" + quoted + "'";
}

std::string maskedConnection(const std::string& connection) {
  return std::regex_replace(connection, passwordParameter(), "$1***");
}

}  // namespace brobygger::app
