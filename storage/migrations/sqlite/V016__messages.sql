-- Messages and reminders (issue 15). SQLite runs a migration in one transaction.
-- Hours before the start when confirmed people get a reminder (0: none), per event and per series (the
-- series' value is its occurrences' default).
ALTER TABLE events ADD COLUMN reminder_hours INTEGER NOT NULL DEFAULT 48;
ALTER TABLE series ADD COLUMN reminder_hours INTEGER NOT NULL DEFAULT 48;
-- The outbox again, as SQLite cannot make a column nullable in place:
-- * notices to users (a partner told that their organisation is invited) have no registration or person:
--   registration_id and contact_id may be NULL, user_id names the user written to;
-- * a message that may exist only once per (kind, event, registration) names its kind in once_kind (a
--   reminder: 'reminder'; NULL for every other message). The unique key is what makes "exactly once"
--   hold for any number of server processes and restarts: a second insert is ignored by the database.
CREATE TABLE outbox_v016 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  registration_id INTEGER NULL REFERENCES registrations (id),
  event_id INTEGER NOT NULL,
  contact_id INTEGER NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  claimed_at TEXT NULL,
  sent_at TEXT NULL,
  last_error TEXT NULL,
  recipient TEXT NULL,
  user_id INTEGER NULL,
  once_kind TEXT NULL,
  message_id INTEGER NULL
);
INSERT INTO outbox_v016 (id, registration_id, event_id, contact_id, reason, status, attempts, created_at,
  next_attempt_at, claimed_at, sent_at, last_error, recipient)
  SELECT id, registration_id, event_id, contact_id, reason, status, attempts, created_at, next_attempt_at,
  claimed_at, sent_at, last_error, recipient FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v016 RENAME TO outbox;
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX ix_outbox_registration ON outbox (registration_id, contact_id, id);
CREATE INDEX ix_outbox_event ON outbox (event_id, id);
CREATE UNIQUE INDEX ux_outbox_once ON outbox (once_kind, event_id, registration_id);
CREATE INDEX ix_outbox_message ON outbox (message_id, status);
-- Messages to an event's people: the message once, its copies in the outbox (message_id).
CREATE TABLE event_messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  audience TEXT NOT NULL,
  recipients INTEGER NOT NULL,
  created_by INTEGER NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ix_event_message_event ON event_messages (event_id, id);
