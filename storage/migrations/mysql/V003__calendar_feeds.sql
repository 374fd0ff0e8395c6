-- Subscribable calendar feeds: one live token per contact, organisation or user; rotating revokes.
CREATE TABLE IF NOT EXISTS calendar_feeds (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  token VARCHAR(64) NOT NULL,
  owner_kind VARCHAR(16) NOT NULL,
  owner_id BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  CONSTRAINT uq_feed_token UNIQUE (token),
  INDEX ix_feed_owner (owner_kind, owner_id, revoked_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
