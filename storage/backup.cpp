#include "storage/backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <regex>

namespace brobygger::storage {

namespace {

constexpr const char* kSqlitePrefix = "sqlite3://";

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;

Db openFile(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK)
    throw std::runtime_error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  return db;
}

void execute(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    throw std::runtime_error(sql + ": " + message);
  }
}

std::string quickCheck(sqlite3* db) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &statement, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("quick_check: ") + sqlite3_errmsg(db));
  std::string result;
  if (sqlite3_step(statement) == SQLITE_ROW) result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  return result;
}

void syncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot sync " + path + ": " + reason);
  }
  ::close(fd);
}

}  // namespace

BackupReport backupSqlite(const std::string& connection, const std::string& target, bool overwrite) {
  if (connection.rfind(kSqlitePrefix, 0) != 0)
    throw BackupRefused(
        "brobygger backup copies SQLite databases only; back up MariaDB with mariadb-dump --single-transaction or "
        "mariadb-backup (docs/operations.md, \"Backups\")");
  static const std::regex dbPath(R"((?:^|\s)db=([^\s]+))");
  std::smatch match;
  const std::string rest = connection.substr(std::string(kSqlitePrefix).size());
  if (!std::regex_search(rest, match, dbPath) || match[1].str() == ":memory:")
    throw BackupRefused("the connection string names no database file (db=...)");
  const std::string source = match[1].str();
  if (!std::filesystem::exists(source)) throw BackupRefused("no database at " + source);
  if (target.empty()) throw BackupRefused("--to needs a file name");
  if (std::filesystem::exists(target) && !overwrite)
    throw BackupRefused(target + " exists: choose a new file, or add --force to replace it");
  if (std::filesystem::exists(target) && std::filesystem::is_directory(target))
    throw BackupRefused(target + " is a directory");
  if (std::filesystem::exists(target) && std::filesystem::equivalent(source, target))
    throw BackupRefused("the target is the database itself");

  const auto temporary = target + ".partial-" + std::to_string(::getpid());
  std::filesystem::remove(temporary);
  BackupReport report;
  try {
    {
      Db from = openFile(source, SQLITE_OPEN_READONLY);
      sqlite3_busy_timeout(from.get(), 10000);
      Db to = openFile(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
      // Personal data: only the owner reads the copy.
      std::filesystem::permissions(temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      sqlite3_backup* backup = sqlite3_backup_init(to.get(), "main", from.get(), "main");
      if (!backup) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to.get()));
      // All pages in one step: one read transaction, so the copy is one snapshot of the database (under WAL
      // the servers keep writing meanwhile). Busy or locked (a checkpoint, a migration): try again.
      int rc = SQLITE_OK;
      for (int attempt = 0; attempt < 100; ++attempt) {
        rc = sqlite3_backup_step(backup, -1);
        if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
        sqlite3_sleep(100);
      }
      report.pages = sqlite3_backup_pagecount(backup);
      sqlite3_backup_finish(backup);
      if (rc != SQLITE_DONE) throw std::runtime_error(std::string("backup: ") + sqlite3_errstr(rc));
      // The copy stands alone: one file, no -wal beside it.
      execute(to.get(), "PRAGMA journal_mode = DELETE");
      if (const auto check = quickCheck(to.get()); check != "ok")
        throw std::runtime_error("the copy fails its check: " + check);
    }
    syncFile(temporary);
    report.bytes = static_cast<std::int64_t>(std::filesystem::file_size(temporary));
    if (overwrite) {
      std::filesystem::rename(temporary, target);
    } else if (::link(temporary.c_str(), target.c_str()) != 0) {  // never replaces a file that appeared meanwhile
      const std::string reason = std::strerror(errno);
      throw BackupRefused("cannot create " + target + ": " + reason);
    } else {
      std::filesystem::remove(temporary);
    }
    const auto folder = std::filesystem::absolute(target).parent_path().string();
    if (const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    std::filesystem::remove(temporary + "-journal", ignored);
    throw;
  }
  return report;
}

}  // namespace brobygger::storage
