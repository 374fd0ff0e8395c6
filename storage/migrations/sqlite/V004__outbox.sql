-- Invitation emails (iMIP) waiting to be sent, written in the same transaction as their cause.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  registration_id INTEGER NOT NULL REFERENCES registrations (id),
  event_id INTEGER NOT NULL,
  contact_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  claimed_at TEXT NULL,
  sent_at TEXT NULL,
  last_error TEXT NULL,
  recipient TEXT NULL
);
CREATE INDEX ix_outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX ix_outbox_registration ON outbox (registration_id, contact_id, id);
CREATE INDEX ix_outbox_event ON outbox (event_id, id);
