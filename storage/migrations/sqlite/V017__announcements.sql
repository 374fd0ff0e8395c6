-- Announcements to a segment of the network and failed messages sent again (issue 15). SQLite runs a
-- migration in one transaction.
-- The outbox again, as SQLite cannot make a column nullable in place: an announcement need not be about
-- an event (event_id may be NULL), and its copies name it in announcement_id.
CREATE TABLE outbox_v017 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  registration_id INTEGER NULL REFERENCES registrations (id),
  event_id INTEGER NULL,
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
  message_id INTEGER NULL,
  announcement_id INTEGER NULL
);
INSERT INTO outbox_v017 (id, registration_id, event_id, contact_id, reason, status, attempts, created_at,
  next_attempt_at, claimed_at, sent_at, last_error, recipient, user_id, once_kind, message_id)
  SELECT id, registration_id, event_id, contact_id, reason, status, attempts, created_at, next_attempt_at,
  claimed_at, sent_at, last_error, recipient, user_id, once_kind, message_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v017 RENAME TO outbox;
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX ix_outbox_registration ON outbox (registration_id, contact_id, id);
CREATE INDEX ix_outbox_event ON outbox (event_id, id);
CREATE UNIQUE INDEX ux_outbox_once ON outbox (once_kind, event_id, registration_id);
CREATE INDEX ix_outbox_message ON outbox (message_id, status);
CREATE INDEX ix_outbox_announcement ON outbox (announcement_id, status);
-- An announcement: the text once, the segment it went to, its copies in the outbox (announcement_id).
-- The segment's lists are comma-separated codes and ids ('' = not restricted).
CREATE TABLE announcements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  kinds TEXT NOT NULL DEFAULT '',
  police_district_ids TEXT NOT NULL DEFAULT '',
  region_ids TEXT NOT NULL DEFAULT '',
  event_id INTEGER NULL,
  recipients INTEGER NOT NULL,
  created_by INTEGER NULL,
  created_at TEXT NOT NULL
);
