// The JSON request mapping of every body, whole: the request goes through the real Application
// (routing, authentication, strict body reading, the mapping to the domain call, the error mapping) over
// a migrated SQLite database with the demo data, as the administrator. The first input byte picks the
// route; the rest is the body. Any 5xx, or an answer that is not JSON, is a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "app/commands.hpp"
#include "app/settings.hpp"
#include "app/wiring.hpp"

using namespace brobygger;

namespace {

// Every route that reads a JSON body ({id} is 1, which the demo data has for most resources).
const std::vector<std::pair<std::string, std::string>> kRoutes = {
    {"POST", "/api/v1/activities"},
    {"PATCH", "/api/v1/activities/1"},
    {"POST", "/api/v1/contacts"},
    {"PATCH", "/api/v1/contacts/1"},
    {"POST", "/api/v1/contacts/duplicates/dismissals"},
    {"POST", "/api/v1/contacts/2/merge"},
    {"POST", "/api/v1/events"},
    {"PATCH", "/api/v1/events/1"},
    {"POST", "/api/v1/events/1/activities"},
    {"POST", "/api/v1/events/1/cancel"},
    {"POST", "/api/v1/events/1/registrations"},
    {"PATCH", "/api/v1/follow-ups/1"},
    {"PATCH", "/api/v1/imports/1"},
    {"POST", "/api/v1/organisations"},
    {"PATCH", "/api/v1/organisations/1"},
    {"POST", "/api/v1/organisations/duplicates/dismissals"},
    {"POST", "/api/v1/organisations/2/merge"},
    {"POST", "/api/v1/registrations/1/substitute"},
    {"POST", "/api/v1/series"},
    {"PATCH", "/api/v1/series/1"},
    {"POST", "/api/v1/series/1/cancel"},
    {"POST", "/api/v1/users"},
    {"PATCH", "/api/v1/users/2"},
    {"GET", "/api/v1/organisations"},  // the body is the query string for the lists
    {"GET", "/api/v1/events"},
    {"GET", "/api/v1/contacts"},
    {"GET", "/api/v1/audit"},
};

struct World {
  std::unique_ptr<app::Wiring> wiring;
  std::string bearer;
};

int command(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return app::run(static_cast<int>(argv.size()), argv.data());
}

World& world() {
  static World w = [] {
    const auto dir = std::filesystem::temp_directory_path() / ("brobygger-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto database = "sqlite3://db=" + (dir / "fuzz.db").string();
    ::setenv("BROBYGGER_DATABASE", database.c_str(), 1);
    ::setenv("BROBYGGER_PASSWORD", "fuzzing password 1", 1);
    ::setenv("BROBYGGER_LOG_LEVEL", "off", 1);
    if (command({"brobygger", "migrate"}) != 0 || command({"brobygger", "seed", "reference"}) != 0 ||
        command({"brobygger", "seed", "demo"}) != 0)
      std::abort();
    app::Settings settings;
    settings.database = database;
    settings.login_max_failures = 1000000;
    World out;
    out.wiring = std::make_unique<app::Wiring>(settings, app::openDatabase(settings, 2));
    api::HttpRequest login;
    login.method = "POST";
    login.path = "/api/v1/auth/login";
    login.segments = {"api", "v1", "auth", "login"};
    login.headers["content-type"] = "application/json";
    login.body = R"({"email": "admin@demo.brobygger.dk", "password": "fuzzing password 1"})";
    const auto answer = out.wiring->application.handle(login);
    if (answer.status != 200) {
      std::cerr << "login failed: " << answer.status << " " << answer.body << "\n";
      std::abort();
    }
    out.bearer = "Bearer " + nlohmann::json::parse(answer.body).at("token").get<std::string>();
    return out;
  }();
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  auto& w = world();
  const auto& [method, path] = kRoutes[data[0] % kRoutes.size()];
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  api::HttpRequest request;
  request.method = method;
  request.path = path;
  request.segments = *api::splitPath(path);
  request.headers["authorization"] = w.bearer;
  if (method == "GET") {
    if (auto query = api::parseQuery(rest)) request.query = std::move(*query);
    else request.query_malformed = true;
  } else {
    request.headers["content-type"] = "application/json";
    request.body = rest;
  }
  const auto answer = w.wiring->application.handle(request);
  if (answer.status >= 500) {
    std::cerr << method << " " << path << " -> " << answer.status << " " << answer.body << "\n";
    std::abort();
  }
  if (!answer.body.empty() && !nlohmann::json::accept(answer.body)) std::abort();
  return 0;
}
