#pragma once
// Written calendar feeds, kept per token while their stamp holds (issue 17): a repeated fetch, and a
// polling client's revalidation, then read only the token, its owner and the events' revision
// (domain::CalendarService::readFeed) instead of every event, and write nothing. After a change, the kept
// document lets the next read take every unchanged event's entry from it. Each server process keeps
// its own; the stamp is read from the database on every fetch, so a change made through any process is
// seen by all at once. Bounded by size: when full, it starts over. A feed that reached its limit is not kept
// (domain::FeedStamp::valid_until). One per process, owned by the
// composition root (app/wiring.hpp) and shared by the handlers through api::Services.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/calendar_service.hpp"

namespace brobygger::api {

struct FeedFile {
  // Its stamp, and the document and sources it was written from: the next read after a change reads only
  // the events whose rows changed (domain::CalendarService::readFeed).
  domain::FeedKnown read;
  std::string body;                 // as written, with the DTSTAMP values of when it was written
  std::vector<std::size_t> stamps;  // where each DTSTAMP value starts in `body`
  std::string tag;                  // the ETag: over the content without its DTSTAMP values
  std::string last_modified;        // HTTP date of the newest change among its events, or empty
};

class FeedCache {
 public:
  explicit FeedCache(std::size_t maxBytes = 64u << 20) : max_bytes_(maxBytes) {}

  std::shared_ptr<const FeedFile> find(const std::string& token) const {
    const std::lock_guard lock(mutex_);
    const auto it = files_.find(token);
    return it == files_.end() ? nullptr : it->second;
  }

  void forget(const std::string& token) {
    const std::lock_guard lock(mutex_);
    drop(token);
  }

  void keep(const std::string& token, std::shared_ptr<const FeedFile> file) {
    const std::lock_guard lock(mutex_);
    const auto size = sizeOf(*file);
    if (size > max_bytes_) return;
    drop(token);
    if (bytes_ + size > max_bytes_) {
      files_.clear();
      bytes_ = 0;
    }
    bytes_ += size;
    files_.emplace(token, std::move(file));
  }

 private:
  // The document is counted as large as the body (it holds the same text, and the body is written from it).
  static std::size_t sizeOf(const FeedFile& file) {
    return 2 * file.body.size() + file.stamps.size() * sizeof(std::size_t) +
           (file.read.sources ? file.read.sources->size() * sizeof(domain::FeedSource) : 0);
  }
  void drop(const std::string& token) {  // the mutex held
    if (const auto it = files_.find(token); it != files_.end()) {
      bytes_ -= sizeOf(*it->second);
      files_.erase(it);
    }
  }

  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const FeedFile>> files_;
};

}  // namespace brobygger::api
