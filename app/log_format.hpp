#pragma once
// How log lines look: `text` (the default: time, level, message) or `json` (BROBYGGER_LOG_FORMAT=json):
// one JSON object per line, {"time","level","message"}, and for the access line the request's fields
// (method, path, status, us, user, remote) as members of their own.
#include <string>

namespace brobygger::app {

// Sets the default logger's format; `format` is "text" or "json" (settings.cpp allows nothing else).
void configureLogging(const std::string& format);

// One log line as JSON without its line break (exposed for tests).
std::string jsonLogLine(const std::string& time, const std::string& level, const std::string& message);

}  // namespace brobygger::app
