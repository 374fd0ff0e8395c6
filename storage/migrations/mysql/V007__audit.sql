-- The audit trail: every write, and every read or export of personal data, recorded in the same
-- transaction as the act. `subjects` lists the people concerned as ",12,13," (found with LIKE);
-- `fields` is a JSON array of {"field", "personal", "old", "new"}. Append-only: no UPDATE ever.
CREATE TABLE audit_log (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  at DATETIME NOT NULL,
  user_id BIGINT NULL,
  action VARCHAR(16) NOT NULL,
  resource VARCHAR(32) NOT NULL,
  resource_id BIGINT NULL,
  subjects TEXT NOT NULL,
  fields TEXT NOT NULL,
  INDEX ix_audit_at (at),
  INDEX ix_audit_user (user_id, at),
  INDEX ix_audit_resource (resource, resource_id, at)
) ENGINE=InnoDB;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';
-- Data-subject rights: when and how a person's consent was last recorded, and when they were erased
-- (the row stays, without any personal value, so that registrations and overviews keep their counts).
ALTER TABLE contacts ADD COLUMN consent_updated_at DATETIME NULL;
ALTER TABLE contacts ADD COLUMN consent_source VARCHAR(32) NULL;
ALTER TABLE contacts ADD COLUMN erased_at DATETIME NULL;
