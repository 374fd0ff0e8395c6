#pragma once
// A fresh, migrated database with reference data for each test, on the backend the test run names:
// BROBYGGER_TEST_BACKEND=sqlite (a new file per test) or mariadb (the throwaway server of
// `make test`, BROBYGGER_TEST_MARIADB, emptied and migrated per test).
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "domain/services.hpp"
#include "seeds/seeds.hpp"
#include "storage/database.hpp"

namespace brobygger::testing {

inline std::string testBackend() {
  const char* backend = std::getenv("BROBYGGER_TEST_BACKEND");
  return backend ? backend : "sqlite";
}

class FreshDatabase {
 public:
  explicit FreshDatabase(std::size_t poolSize = 4) {
    if (testBackend() == "mariadb") {
      const char* connection = std::getenv("BROBYGGER_TEST_MARIADB");
      if (!connection || !*connection)
        throw std::runtime_error("BROBYGGER_TEST_MARIADB is not set: run the suite through `make test`");
      connection_string = connection;
      database = storage::Database::open(connection, poolSize);
      database->dropEverything();
    } else {
      static int counter = 0;
      dir_ = std::filesystem::temp_directory_path() /
             ("brobygger-storage-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      connection_string = "sqlite3://db=" + (dir_ / "test.db").string();
      database = storage::Database::open(connection_string, poolSize);
    }
    database->migrate();
    domain::ReferenceService(*database).seed(seeds::referenceData());
  }
  ~FreshDatabase() {
    database.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  FreshDatabase(const FreshDatabase&) = delete;
  FreshDatabase& operator=(const FreshDatabase&) = delete;

  std::unique_ptr<storage::Database> database;
  std::string connection_string;  // for a test's own reads past the repositories

 private:
  std::filesystem::path dir_;
};

inline domain::Timestamp at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0) {
  using namespace std::chrono;
  const auto days = sys_days(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day));
  return time_point_cast<seconds>(days + hours(hour) + minutes(minute) + seconds(second));
}

}  // namespace brobygger::testing
