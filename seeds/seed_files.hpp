#pragma once
// The seed data files compiled into the binary (see cmake/EmbedFiles.cmake).
#include <span>
#include <string_view>

namespace brobygger::seeds::seed_files {
struct File {
  std::string_view path;  // e.g. reference/regions.json
  std::string_view content;
};
std::span<const File> files();
}  // namespace brobygger::seeds::seed_files
