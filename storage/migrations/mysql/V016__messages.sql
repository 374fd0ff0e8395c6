-- Messages and reminders (issue 15). Re-runnable: MariaDB commits DDL one statement at a time, so every
-- statement is written to succeed when it already took effect.
-- Hours before the start when confirmed people get a reminder (0: none), per event and per series (the
-- series' value is its occurrences' default).
ALTER TABLE events ADD COLUMN IF NOT EXISTS reminder_hours INT NOT NULL DEFAULT 48;
ALTER TABLE series ADD COLUMN IF NOT EXISTS reminder_hours INT NOT NULL DEFAULT 48;
-- A message that may exist only once per (kind, event, registration) names its kind here (a reminder:
-- 'reminder'); NULL for every other message. The unique key is what makes "exactly once" hold for any
-- number of server processes and restarts: a second insert is ignored by the database itself.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS once_kind VARCHAR(32) NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ux_outbox_once ON outbox (once_kind, event_id, registration_id);
-- Notices to users (a partner told that their organisation is invited) have no registration or person:
-- those columns may be NULL, and user_id names the user written to.
ALTER TABLE outbox MODIFY registration_id BIGINT NULL;
ALTER TABLE outbox MODIFY contact_id BIGINT NULL;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS user_id BIGINT NULL;
-- Messages to an event's people: the message once, its copies in the outbox (message_id).
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS message_id BIGINT NULL;
CREATE INDEX IF NOT EXISTS ix_outbox_message ON outbox (message_id, status);
CREATE TABLE IF NOT EXISTS event_messages (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  event_id BIGINT NOT NULL,
  subject VARCHAR(800) NOT NULL,
  body MEDIUMTEXT NOT NULL,
  audience VARCHAR(16) NOT NULL,
  recipients INT NOT NULL,
  created_by BIGINT NULL,
  created_at DATETIME NOT NULL,
  INDEX ix_event_message_event (event_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;
