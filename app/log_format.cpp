#include "app/log_format.hpp"

#include <spdlog/formatter.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace brobygger::app {

namespace {

// The access line of api/application.cpp: `access method=M path=P status=S us=U user=ID|- remote=R`. A
// request line cannot hold a space, so no value does; anything else stays a plain message.
std::optional<nlohmann::ordered_json> accessFields(std::string_view message) {
  constexpr std::string_view prefix = "access ";
  if (!message.starts_with(prefix)) return std::nullopt;
  message.remove_prefix(prefix.size());
  static const std::vector<std::string_view> keys{"method", "path", "status", "us", "user", "remote"};
  nlohmann::ordered_json fields;
  std::size_t k = 0;
  while (!message.empty()) {
    const auto end = message.find(' ');
    const auto token = message.substr(0, end);
    message = end == std::string_view::npos ? std::string_view() : message.substr(end + 1);
    const auto eq = token.find('=');
    if (eq == std::string_view::npos || k >= keys.size() || token.substr(0, eq) != keys[k]) return std::nullopt;
    const auto value = token.substr(eq + 1);
    const auto key = std::string(keys[k++]);
    if (key == "status" || key == "us" || key == "user") {
      long long number = 0;
      const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec == std::errc() && ptr == value.data() + value.size()) {
        fields[key] = number;
        continue;
      }
      if (key != "user" || value != "-") return std::nullopt;
      fields[key] = nullptr;  // no session
      continue;
    }
    fields[key] = std::string(value);
  }
  if (k != keys.size()) return std::nullopt;
  return fields;
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since = msg.time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since - seconds).count();
    const std::time_t t = seconds.count();
    std::tm tm{};
    gmtime_r(&t, &tm);
    char time[32];
    const auto n = std::strftime(time, sizeof time, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(time + n, sizeof time - n, ".%03lldZ", static_cast<long long>(millis));
    const auto level = spdlog::level::to_string_view(msg.level);
    const auto line =
        jsonLogLine(time, std::string(level.data(), level.size()), std::string(msg.payload.data(), msg.payload.size()));
    dest.append(line.data(), line.data() + line.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

std::string jsonLogLine(const std::string& time, const std::string& level, const std::string& message) {
  nlohmann::ordered_json line;
  line["time"] = time;
  line["level"] = level;
  if (auto fields = accessFields(message)) {
    line["message"] = "access";
    for (auto& [key, value] : fields->items()) line[key] = value;
  } else {
    line["message"] = message;
  }
  // Bytes that are not UTF-8 (a hostile request line) become U+FFFD: the line stays valid JSON.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void configureLogging(const std::string& format) {
  if (format == "json") {
    spdlog::set_formatter(std::make_unique<JsonFormatter>());
  } else {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
}

}  // namespace brobygger::app
