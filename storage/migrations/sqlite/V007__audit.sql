-- The audit trail: every write, and every read or export of personal data, recorded in the same
-- transaction as the act. `subjects` lists the people concerned as ",12,13," (found with LIKE);
-- `fields` is a JSON array of {"field", "personal", "old", "new"}. Append-only: no UPDATE ever.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_id INTEGER NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  resource_id INTEGER NULL,
  subjects TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX ix_audit_at ON audit_log (at);
CREATE INDEX ix_audit_user ON audit_log (user_id, at);
CREATE INDEX ix_audit_resource ON audit_log (resource, resource_id, at);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
-- Data-subject rights: when and how a person's consent was last recorded, and when they were erased
-- (the row stays, without any personal value, so that registrations and overviews keep their counts).
ALTER TABLE contacts ADD COLUMN consent_updated_at TEXT NULL;
ALTER TABLE contacts ADD COLUMN consent_source TEXT NULL;
ALTER TABLE contacts ADD COLUMN erased_at TEXT NULL;
