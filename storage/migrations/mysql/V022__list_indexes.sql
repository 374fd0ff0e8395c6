-- The events list at national scale (issue 17). "From a day on" (ends_at >= day) finds the earliest start
-- among the events still running then through this index (covering), and the page walks the start
-- index from there instead of from the first event ever held.
CREATE INDEX IF NOT EXISTS ix_event_end ON events (ends_at, starts_at);
-- A partner's count (status, audience and revision decide what a partner sees) read from this covering
-- index instead of the rows.
CREATE INDEX IF NOT EXISTS ix_event_visibility ON events (status, audience, revision);
-- A timeline's changes (resource, its id, every action but reads and exports) counted and found in this
-- index: the reads of a much-read person (every opening of their page writes one) are skipped as
-- ranges instead of being looked up one by one.
CREATE INDEX IF NOT EXISTS ix_audit_resource_action ON audit_log (resource, resource_id, action, id);
-- The people's revision, in 16 slots (by contact id, as event_list_revision): every write that changes
-- which people a list holds (a person added, changed, erased, moved to another organisation) raises a
-- slot in its own transaction, so a list's total is counted again only after such a write
-- (storage/: countKept). At national scale the count of 200,000 people was most of the people list's time.
CREATE TABLE IF NOT EXISTS contact_list_revision (
  slot INT PRIMARY KEY,
  value BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO contact_list_revision (slot, value) VALUES
  (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0),
  (8, 0), (9, 0), (10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 0);
