-- The audit trail: every write, and every read or export of personal data, recorded in the same
-- transaction as the act. `subjects` lists the people concerned as ",12,13," (found with LIKE);
-- `fields` is a JSON array of {"field", "personal", "old", "new"}. Append-only: no UPDATE ever.
-- Re-runnable, like every MariaDB migration: MariaDB DDL is not transactional, so each statement is
-- written to succeed when it already took effect, and a migration that failed half-way is run again.
CREATE TABLE IF NOT EXISTS audit_log (
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
-- No trigger guards it here (creating one needs SUPER on a server with binary logging, as Galera and
-- every replicated MariaDB has): the application's account is simply not granted UPDATE on audit_log
-- (docs/operations.md, "Database accounts"). Databases migrated before this changed keep the trigger
-- it created then: dropping it needs SUPER as well under binary logging, and it refuses what the grants do.
-- Data-subject rights: when and how a person's consent was last recorded, and when they were erased
-- (the row stays, without any personal value, so that registrations and overviews keep their counts).
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS consent_updated_at DATETIME NULL;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS consent_source VARCHAR(32) NULL;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS erased_at DATETIME NULL;
