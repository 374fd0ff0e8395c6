-- Announcements to a segment of the network and failed messages sent again (issue 15). Re-runnable:
-- MariaDB commits DDL one statement at a time, so every statement is written to succeed when it already
-- took effect.
-- An announcement need not be about an event (event_id may be NULL); its copies name it in
-- announcement_id.
ALTER TABLE outbox MODIFY event_id BIGINT NULL;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS announcement_id BIGINT NULL;
CREATE INDEX IF NOT EXISTS ix_outbox_announcement ON outbox (announcement_id, status);
-- An announcement: the text once, the segment it went to, its copies in the outbox (announcement_id).
-- The segment's lists are comma-separated codes and ids ('' = not restricted).
CREATE TABLE IF NOT EXISTS announcements (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  subject VARCHAR(800) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  kinds VARCHAR(2000) NOT NULL DEFAULT '',
  police_district_ids VARCHAR(2000) NOT NULL DEFAULT '',
  region_ids VARCHAR(2000) NOT NULL DEFAULT '',
  event_id BIGINT NULL,
  recipients INT NOT NULL,
  created_by BIGINT NULL,
  created_at DATETIME NOT NULL,
  INDEX ix_announcement_created (created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;
