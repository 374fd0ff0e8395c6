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
