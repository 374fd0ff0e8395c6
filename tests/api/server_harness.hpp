#pragma once
// The real `brobygger` binary, started on a free loopback port over a fresh database, and a small
// libcurl client that speaks HTTP/1.1 to it with keep-alive.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace brobygger::testing {

struct Reply {
  long status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  nlohmann::json json() const;
  std::string header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
  }
};

class HttpClient {
 public:
  explicit HttpClient(std::string base);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  Reply request(const std::string& method, const std::string& path, const std::string& body = "",
                const std::vector<std::string>& headers = {});
  Reply get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return request("GET", path, "", headers);
  }

 private:
  std::string base_;
  void* curl_;
};

// Runs a brobygger command to completion; answers its exit code and standard output.
std::pair<int, std::string> runCommand(const std::vector<std::string>& args,
                                       const std::map<std::string, std::string>& env,
                                       const std::string& stdinText = "");

class ServerProcess {
 public:
  // `database` is a SOCI connection string the server uses.
  ServerProcess(std::string database, std::map<std::string, std::string> extraEnv = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  int pid() const { return pid_; }
  // Sends SIGTERM and waits; answers the exit status (0 for a graceful stop).
  int stop();
  // Sends SIGKILL and waits: a crash, with whatever was in flight.
  void kill();

 private:
  int pid_ = -1;
  int port_ = 0;
};

// A database for one test program: a fresh SQLite file, or the MariaDB of `make test` emptied.
// Migrated, with reference data, the demo data set and one user per role (password kPassword).
class TestWorld {
 public:
  static constexpr const char* kPassword = "correct horse battery";
  TestWorld();
  ~TestWorld();
  const std::string& database() const { return database_; }
  std::map<std::string, std::string> env() const;
  long long partnerOrganisation() const { return partner_organisation_; }
  long long otherOrganisation() const { return other_organisation_; }

 private:
  std::string database_;
  std::string dir_;
  long long partner_organisation_ = 0;
  long long other_organisation_ = 0;
};

std::string brobyggerBinary();
int freePort();

}  // namespace brobygger::testing
