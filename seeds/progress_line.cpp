#include "seeds/progress_line.hpp"

#include <unistd.h>

#include <algorithm>

namespace brobygger::seeds {

ProgressLine::ProgressLine(std::FILE* out, std::string label)
    : out_(out),
      label_(std::move(label)),
      terminal_(isatty(fileno(out)) != 0),
      started_(std::chrono::steady_clock::now()) {}

void ProgressLine::update(std::string_view stage, std::int64_t done, std::int64_t total) {
  const auto now = std::chrono::steady_clock::now();
  const auto seconds = std::chrono::duration<double>(now - started_).count();
  const int permille = total > 0 ? static_cast<int>(std::min<std::int64_t>(1000, done * 1000 / total)) : 1000;
  const auto text = std::string(stage);
  if (terminal_) {
    if (open_ && done < total && now - drawn_ < std::chrono::milliseconds(100)) return;
    drawn_ = now;
    constexpr int kWidth = 30;
    const int filled = permille * kWidth / 1000;
    const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                            std::string(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(out_, "\r%s [%s] %3d%%  %lld/%lld rows  %-13s %6.1f s\x1b[K", label_.c_str(), bar.c_str(),
                 permille / 10, static_cast<long long>(done), static_cast<long long>(total), text.c_str(), seconds);
    open_ = true;
  } else {
    const int tenth = permille / 100;
    if (tenth == tenth_) return;
    tenth_ = tenth;
    std::fprintf(out_, "%s: %d%% (%lld of %lld rows, %s, %.1f s)\n", label_.c_str(), tenth * 10,
                 static_cast<long long>(done), static_cast<long long>(total), text.c_str(), seconds);
  }
  std::fflush(out_);
}

void ProgressLine::finish() {
  if (terminal_ && open_) {
    std::fputc('\n', out_);
    std::fflush(out_);
    open_ = false;
  }
}

}  // namespace brobygger::seeds
