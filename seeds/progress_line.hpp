#pragma once
// Progress of a long-running command on a stream (standard error): on a terminal one line redrawn in
// place, at most ten times a second; otherwise (a log, a pipe) a plain line at every tenth, so logs
// stay readable.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace brobygger::seeds {

class ProgressLine {
 public:
  ProgressLine(std::FILE* out, std::string label);
  void update(std::string_view stage, std::int64_t done, std::int64_t total);
  // Ends the redrawn line on a terminal.
  void finish();

 private:
  std::FILE* out_;
  std::string label_;
  bool terminal_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point drawn_{};
  int tenth_ = -1;
  bool open_ = false;
};

}  // namespace brobygger::seeds
