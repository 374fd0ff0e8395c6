-- Subscribable calendar feeds: one live token per contact, organisation or user; rotating revokes.
CREATE TABLE calendar_feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token TEXT NOT NULL UNIQUE,
  owner_kind TEXT NOT NULL,
  owner_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT NULL
);
CREATE INDEX ix_feed_owner ON calendar_feeds (owner_kind, owner_id, revoked_at);
