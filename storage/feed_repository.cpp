#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

std::optional<CalendarFeed> selectFeed(Connection& c, const std::string& where, const std::string& text, long long id) {
  long long feedId = 0, ownerId = 0;
  std::string token, kind;
  std::tm created{};
  const std::string& key = text;
  soci::statement st =
      (c.sql.prepare << "SELECT id, token, owner_kind, owner_id, created_at FROM calendar_feeds WHERE " + where +
                            " AND revoked_at IS NULL ORDER BY id DESC LIMIT 1",
       soci::use(key, "text"), soci::use(id, "id"), soci::into(feedId), soci::into(token), soci::into(kind),
       soci::into(ownerId), soci::into(created));
  if (!st.execute(true)) return std::nullopt;
  CalendarFeed feed;
  feed.id = feedId;
  feed.token = token;
  feed.owner =
      kind == "organisation" ? FeedOwner::organisation : (kind == "user" ? FeedOwner::user : FeedOwner::contact);
  feed.owner_id = ownerId;
  feed.created_at = fromTm(created);
  return feed;
}

}  // namespace

std::optional<CalendarFeed> SociCalendarFeedRepository::findByToken(const std::string& token) {
  return guarded(c_, [&] { return selectFeed(c_, "token = :text AND :id = 0", token, 0); });
}

std::optional<CalendarFeed> SociCalendarFeedRepository::findFor(FeedOwner owner, Id ownerId) {
  return guarded(c_, [&] { return selectFeed(c_, "owner_kind = :text AND owner_id = :id", toString(owner), ownerId); });
}

void SociCalendarFeedRepository::insert(const CalendarFeed& feed) {
  guarded(c_, [&] {
    std::string kind = toString(feed.owner);
    long long owner = feed.owner_id;
    std::tm created = toTm(feed.created_at);
    c_.sql << "INSERT INTO calendar_feeds (token, owner_kind, owner_id, created_at) VALUES (:t, :k, :o, :c)",
        soci::use(feed.token), soci::use(kind), soci::use(owner), soci::use(created);
  });
}

void SociCalendarFeedRepository::revokeFor(FeedOwner owner, Id ownerId, Timestamp at) {
  guarded(c_, [&] {
    std::string kind = toString(owner);
    long long id = ownerId;
    std::tm when = toTm(at);
    c_.sql << "UPDATE calendar_feeds SET revoked_at = :at WHERE owner_kind = :k AND owner_id = :o AND revoked_at IS "
              "NULL",
        soci::use(when), soci::use(kind), soci::use(id);
  });
}

}  // namespace brobygger::storage
