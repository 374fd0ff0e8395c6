#pragma once
// Serialised list answers, kept while the data they came from is unchanged. The caller names the
// data's revision (read from the database, so every server process agrees); an entry of an older
// revision is recomputed. Bounded: when full, it starts over.
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace brobygger::api {

class ListCache {
 public:
  explicit ListCache(std::size_t capacity = 2000) : capacity_(capacity) {}

  std::string get(const std::string& key, std::int64_t revision, const std::function<std::string()>& compute) {
    {
      std::lock_guard lock(mutex_);
      const auto it = entries_.find(key);
      if (it != entries_.end() && it->second.revision == revision) return it->second.body;
    }
    auto body = compute();
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_[key] = Entry{revision, body};
    return body;
  }

 private:
  struct Entry {
    std::int64_t revision;
    std::string body;
  };
  std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace brobygger::api
