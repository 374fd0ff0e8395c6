// JSON log lines (BROBYGGER_LOG_FORMAT=json): any message gives one valid JSON object on one line, and
// the access line's fields become members.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "app/log_format.hpp"

using brobygger::app::jsonLogLine;
using nlohmann::json;

TEST_CASE("a JSON log line stays valid JSON on one line whatever the message holds", "[logs]") {
  const std::string hostile = "internal error: \"quoted\"\nsecond line\t\\ \x01 \xff\xfe end æøå";
  const auto line = jsonLogLine("2026-12-06T11:00:00.000Z", "error", hostile);
  CHECK(line.find('\n') == std::string::npos);
  const auto entry = json::parse(line);
  CHECK(entry.at("level") == "error");
  CHECK(entry.at("message").get<std::string>().starts_with("internal error: \"quoted\"\nsecond line\t\\ \x01 "));
  CHECK(entry.at("message").get<std::string>().ends_with(" end æøå"));
}

TEST_CASE("the access line becomes fields of their own", "[logs]") {
  const auto entry =
      json::parse(jsonLogLine("2026-12-06T11:00:00.000Z", "info",
                              "access method=POST path=/api/v1/a=b\"c status=201 us=812 user=7 remote=127.0.0.1"));
  CHECK(entry.at("message") == "access");
  CHECK(entry.at("method") == "POST");
  CHECK(entry.at("path") == "/api/v1/a=b\"c");
  CHECK(entry.at("status") == 201);
  CHECK(entry.at("us") == 812);
  CHECK(entry.at("user") == 7);
  CHECK(entry.at("remote") == "127.0.0.1");
  const auto anonymous =
      json::parse(jsonLogLine("t", "info", "access method=GET path=/healthz status=200 us=3 user=- remote=::1"));
  CHECK(anonymous.at("user").is_null());
  // Anything else that starts with "access" stays a plain message.
  const auto plain = json::parse(jsonLogLine("t", "info", "access denied for some reason"));
  CHECK(plain.at("message") == "access denied for some reason");
  CHECK_FALSE(plain.contains("method"));
}
