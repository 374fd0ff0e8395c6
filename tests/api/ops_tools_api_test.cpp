// Operator tools (issue 14, point 7): `brobygger backup` while a server writes, and a restore that a
// server starts on; JSON logs (BROBYGGER_LOG_FORMAT=json), every line one JSON object.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api_world.hpp"
#include "request_values.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

bool sqlite() {
  const char* backend = std::getenv("BROBYGGER_TEST_BACKEND");
  return !backend || std::string(backend) != "mariadb";
}

long long newOrganisation(const std::string& name) {
  const auto reply = as("officer", "POST", "/api/v1/organisations",
                        json{{"name", name}, {"kind", "foundation"}, {"municipality_id", 101}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return reply.json().at("id").get<long long>();
}

std::string scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("brobygger-ops-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

// This program's standard output goes to a file for as long as it lives (a child started meanwhile keeps it).
class StdoutTo {
 public:
  explicit StdoutTo(const std::string& file) {
    std::fflush(stdout);
    saved_ = dup(1);
    const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    dup2(fd, 1);
    close(fd);
  }
  ~StdoutTo() {
    std::fflush(stdout);
    dup2(saved_, 1);
    close(saved_);
  }
  StdoutTo(const StdoutTo&) = delete;
  StdoutTo& operator=(const StdoutTo&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace

TEST_CASE("backup while the server writes, and a server started on the copy finds the data", "[backup]") {
  auto env = world().data.env();
  if (!sqlite()) {
    const auto [code, output] = runCommand({"backup", "--to", scratch("never.db")}, env);
    CHECK(code == 2);
    CHECK_FALSE(std::filesystem::exists(scratch("never.db")));
    return;
  }
  const auto before = uniqueText("Sikret Forening");
  const auto id = newOrganisation(before);

  // Writes go on during the backup: the copy is one consistent snapshot, and the writes are not held up.
  std::atomic<bool> writing{true};
  std::atomic<int> written{0};
  std::thread writer([&] {
    HttpClient own(world().server.base());
    const auto stem = uniqueText("Under backup");
    for (int n = 0; writing; ++n) {
      const auto reply = own.request(
          "POST", "/api/v1/organisations",
          json{{"name", stem + " " + std::to_string(n)}, {"kind", "foundation"}, {"municipality_id", 101}}.dump(),
          {world().bearer("officer"), "Content-Type: application/json"});
      if (reply.status == 201) ++written;
    }
  });
  const auto target = scratch("copy.db");
  std::filesystem::remove(target);
  const auto [code, output] = runCommand({"backup", "--to", target}, env);
  writing = false;
  writer.join();
  INFO(output);
  REQUIRE(code == 0);
  CHECK(output.find("backup written to") != std::string::npos);
  CHECK(written > 0);
  CHECK((std::filesystem::status(target).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);

  // An existing target is refused without --force and left as it was; with --force it is replaced.
  const auto size = std::filesystem::file_size(target);
  CHECK(runCommand({"backup", "--to", target}, env).first == 2);
  CHECK(std::filesystem::file_size(target) == size);
  const auto again = scratch("again.db");
  std::ofstream(again) << "not a database";
  CHECK(runCommand({"backup", "--to", again, "--force"}, env).first == 0);
  CHECK(std::filesystem::file_size(again) > 1000);

  // Restore: a server on the copy (a copy of the file is all a restore takes) has the data and a login.
  ServerProcess restored("sqlite3://db=" + target);
  HttpClient client(restored.base());
  CHECK(client.get("/readyz").status == 200);
  const auto login =
      client.request("POST", "/api/v1/auth/login",
                     json{{"email", "officer@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump(),
                     {"Content-Type: application/json"});
  REQUIRE(login.status == 200);
  const auto token = login.json().at("token").get<std::string>();
  const auto found = client.get("/api/v1/organisations/" + std::to_string(id), {"Authorization: Bearer " + token});
  INFO(found.body);
  REQUIRE(found.status == 200);
  CHECK(found.json().at("name") == before);
  restored.stop();
  std::filesystem::remove_all(std::filesystem::path(target).parent_path());
}

TEST_CASE("BROBYGGER_LOG_FORMAT=json: every log line is one JSON object, access lines with their fields", "[logs]") {
  const auto log = scratch("server.log");
  {
    // BROBYGGER_TEST_SERVER_LOG: the server keeps the standard output it inherits, which is the log file
    // while it starts.
    std::unique_ptr<ServerProcess> started;
    {
      const StdoutTo redirected(log);
      started = std::make_unique<ServerProcess>(
          world().data.database(),
          std::map<std::string, std::string>{
              {"BROBYGGER_LOG_FORMAT", "json"}, {"BROBYGGER_LOG_LEVEL", "info"}, {"BROBYGGER_TEST_SERVER_LOG", "1"}});
    }
    auto& server = *started;
    HttpClient client(server.base());
    CHECK(client.get("/healthz").status == 200);
    // A path with a quote, a backslash and an escaped control character must still give valid JSON.
    CHECK(client.get("/api/v1/n%22o\\pe%0A%01").status == 404);
    const auto login =
        client.request("POST", "/api/v1/auth/login",
                       json{{"email", "officer@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump(),
                       {"Content-Type: application/json"});
    CHECK(login.status == 200);
    CHECK(server.stop() == 0);
  }
  std::ifstream in(log);
  std::string line;
  int lines = 0, access = 0;
  bool sawLogin = false, sawStop = false;
  while (std::getline(in, line)) {
    INFO(line);
    ++lines;
    const auto entry = json::parse(line);  // throws on anything but one JSON value
    REQUIRE(entry.is_object());
    CHECK(entry.at("time").get<std::string>().size() == 24);  // 2026-12-06T11:20:00.123Z
    CHECK(entry.at("level").is_string());
    CHECK(entry.at("message").is_string());
    if (entry.at("message") == "access") {
      ++access;
      CHECK(entry.at("method").is_string());
      CHECK(entry.at("path").is_string());
      CHECK(entry.at("status").is_number_integer());
      CHECK(entry.at("us").is_number_integer());
      CHECK(entry.at("remote").is_string());
      if (entry.at("path") == "/api/v1/auth/login") {
        sawLogin = true;
        CHECK(entry.at("status") == 200);
        CHECK(entry.at("method") == "POST");
      }
    }
    if (entry.at("message").get<std::string>().find("stopped") == 0) sawStop = true;
  }
  CHECK(access >= 2);
  CHECK(lines > access);
  CHECK(sawLogin);
  CHECK(sawStop);
  std::filesystem::remove_all(std::filesystem::path(log).parent_path());
}
