#pragma once
// `brobygger backup`: a consistent copy of a SQLite database while servers keep using it, through SQLite's
// online backup API. MariaDB has tools of its own (docs/operations.md, "Backups").
#include <cstdint>
#include <stdexcept>
#include <string>

namespace brobygger::storage {

// Refused: a MariaDB connection string, an existing target without `overwrite`, a source that is missing.
class BackupRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct BackupReport {
  std::int64_t pages = 0;
  std::int64_t bytes = 0;
};

// Copies the database of the sqlite3:// `connection` into the file `target`: in one read transaction (a
// snapshot: writers go on under WAL), into a temporary file beside the target that is checked
// (PRAGMA quick_check), synced and then moved into place, so the target is either the complete copy or
// untouched. Throws BackupRefused, or std::runtime_error when SQLite fails.
BackupReport backupSqlite(const std::string& connection, const std::string& target, bool overwrite);

}  // namespace brobygger::storage
