#include "server_harness.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

namespace brobygger::testing {

namespace {

std::size_t collectBody(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::size_t collectHeader(char* data, std::size_t size, std::size_t count, void* out) {
  std::string line(data, size * count);
  auto& headers = *static_cast<std::map<std::string, std::string>*>(out);
  if (line.rfind("HTTP/", 0) == 0) headers.clear();  // a new response (e.g. after 100-continue)
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    auto value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of(" \t\r\n") + 1);
    headers[name] = value;
  }
  return size * count;
}

std::vector<char*> cStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Appends every answer with a JSON body to the file named by BROBYGGER_TEST_RESPONSES, one JSON object a
// line, for tests/openapi/validate.mjs to check against docs/openapi.yaml. The file is emptied when the
// program sends its first request, so it holds this run's answers only. Clients on several threads share it.
class ResponseLog {
 public:
  static ResponseLog& instance() {
    static ResponseLog log;
    return log;
  }

  void record(const std::string& method, const std::string& path, const Reply& reply) {
    if (!out_.is_open()) return;
    const auto type = reply.header("content-type");
    if (method == "HEAD" || type.find("json") == std::string::npos) return;
    const nlohmann::json line{
        {"method", method}, {"path", path}, {"status", reply.status}, {"content_type", type}, {"body", reply.body}};
    const std::lock_guard lock(mutex_);
    out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
  }

 private:
  ResponseLog() {
    const char* file = std::getenv("BROBYGGER_TEST_RESPONSES");
    if (!file || !*file) return;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    out_.open(file, std::ios::out | std::ios::trunc);
    if (!out_) throw std::runtime_error(std::string("cannot write the response log ") + file);
  }

  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace

nlohmann::json Reply::json() const { return nlohmann::json::parse(body); }

HttpClient::HttpClient(std::string base) : base_(std::move(base)), curl_(curl_easy_init()) {}
HttpClient::~HttpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

Reply HttpClient::request(const std::string& method, const std::string& path, const std::string& body,
                          const std::vector<std::string>& headers) {
  auto* curl = static_cast<CURL*>(curl_);
  Reply reply;
  curl_easy_reset(curl);
  const auto url = base_ + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PATCH") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_slist* list = nullptr;
  bool hasType = false;
  for (const auto& h : headers) {
    list = curl_slist_append(list, h.c_str());
    if (h.rfind("Content-Type:", 0) == 0) hasType = true;
  }
  if (!body.empty() && !hasType) list = curl_slist_append(list, "Content-Type: application/json");
  list = curl_slist_append(list, "Connection: keep-alive");
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collectBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collectHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  const auto code = curl_easy_perform(curl);
  curl_slist_free_all(list);
  if (code != CURLE_OK) throw std::runtime_error(std::string("HTTP request failed: ") + curl_easy_strerror(code));
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  reply.headers["x-test-new-connections"] = std::to_string(connects);
  ResponseLog::instance().record(method, path, reply);
  return reply;
}

std::string brobyggerBinary() {
  const char* bin = std::getenv("BROBYGGER_BIN");
  if (!bin || !*bin) throw std::runtime_error("BROBYGGER_BIN is not set");
  return bin;
}

int freePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

std::pair<int, std::string> runCommand(const std::vector<std::string>& args,
                                       const std::map<std::string, std::string>& env, const std::string& stdinText) {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    close(in[1]);
    close(out[0]);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<std::string> argv{brobyggerBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto cargs = cStrings(argv);
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  if (!stdinText.empty()) {
    [[maybe_unused]] auto written = write(in[1], stdinText.data(), stdinText.size());
  }
  close(in[1]);
  std::string output;
  char buffer[4096];
  ssize_t n;
  while ((n = read(out[0], buffer, sizeof buffer)) > 0) output.append(buffer, static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

ServerProcess::ServerProcess(std::string database, std::map<std::string, std::string> extraEnv) {
  port_ = freePort();
  pid_ = fork();
  if (pid_ == 0) {
    // Never outlive a test program that crashed: the server holds the test's stderr, and CTest would
    // wait for it until its timeout.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setenv("BROBYGGER_DATABASE", database.c_str(), 1);
    setenv("BROBYGGER_LOG_LEVEL", "warn", 1);
    setenv("BROBYGGER_THREADS", "4", 1);
    setenv("BROBYGGER_WEB_ROOT", "", 1);
    for (const auto& [k, v] : extraEnv) setenv(k.c_str(), v.c_str(), 1);
    const int devnull = open("/dev/null", O_WRONLY);
    if (!std::getenv("BROBYGGER_TEST_SERVER_LOG")) dup2(devnull, 1);
    std::vector<std::string> argv{brobyggerBinary(), "serve", "--listen", "127.0.0.1:" + std::to_string(port_)};
    auto cargs = cStrings(argv);
    execv(cargs[0], cargs.data());
    _exit(127);
  }
  HttpClient client(base());
  for (int i = 0; i < 200; ++i) {
    try {
      if (client.get("/healthz").status == 200) return;
    } catch (const std::exception&) {
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the server exited during start-up");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("the server did not answer /healthz within 10 s");
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -9;
}

void ServerProcess::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

ServerProcess::~ServerProcess() { stop(); }

TestWorld::TestWorld() {
  const char* backend = std::getenv("BROBYGGER_TEST_BACKEND");
  if (backend && std::string(backend) == "mariadb") {
    const char* connection = std::getenv("BROBYGGER_TEST_MARIADB");
    if (!connection || !*connection) throw std::runtime_error("BROBYGGER_TEST_MARIADB is not set");
    // A database of its own, so the storage suite's resets do not touch it.
    std::string base = connection;
    const std::string name = "brobygger_t_api_" + std::to_string(getpid());
    std::smatch m;
    const std::regex user(R"(user=(\S+))"), password(R"(password='([^']*)')"), port(R"(port=(\d+))");
    std::string u, p, pt;
    if (std::regex_search(base, m, user)) u = m[1];
    if (std::regex_search(base, m, password)) p = m[1];
    if (std::regex_search(base, m, port)) pt = m[1];
    const auto sql = "DROP DATABASE IF EXISTS " + name + "; CREATE DATABASE " + name +
                     " CHARACTER SET utf8mb4 COLLATE utf8mb4_danish_ci";
    const auto command = "mariadb -h127.0.0.1 -P" + pt + " -u" + u + " -p'" + p + "' -e '" + sql + "'";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot create the API test database");
    database_ = std::regex_replace(base, std::regex(R"(db=\S+)"), "db=" + name);
  } else {
    dir_ = (std::filesystem::temp_directory_path() / ("brobygger-api-" + std::to_string(getpid()))).string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    database_ = "sqlite3://db=" + dir_ + "/api.db";
  }
  const auto e = env();
  for (const auto& args : std::vector<std::vector<std::string>>{{"migrate"}, {"seed", "reference"}, {"seed", "demo"}}) {
    const auto [code, output] = runCommand(args, e);
    if (code != 0) throw std::runtime_error("brobygger " + args[0] + " failed: " + output);
  }
}

TestWorld::~TestWorld() {
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

std::map<std::string, std::string> TestWorld::env() const {
  return {{"BROBYGGER_DATABASE", database_}, {"BROBYGGER_PASSWORD", kPassword}, {"BROBYGGER_LOG_LEVEL", "warn"}};
}

}  // namespace brobygger::testing
