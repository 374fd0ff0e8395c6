#pragma once
// The migrations compiled into the binary (see cmake/EmbedFiles.cmake).
#include <span>
#include <string_view>

namespace brobygger::storage::migration_files {
struct File {
  std::string_view path;  // e.g. migrations/mysql/V001__register.sql
  std::string_view content;
};
std::span<const File> files();
}  // namespace brobygger::storage::migration_files
