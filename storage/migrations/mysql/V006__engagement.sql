-- Engagement overviews. Each organisation carries the start of the latest event its people attended
-- (maintained by the registration and event repositories in the same transaction as the change), so
-- "dormant since" is an index range, not an anti-join over every registration.
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS last_attended_at DATETIME NULL;
CREATE INDEX IF NOT EXISTS ix_organisation_last_attended ON organisations (status, last_attended_at);
-- Reports read the seats of the period's events through this covering index (no table lookups).
CREATE INDEX IF NOT EXISTS ix_registration_event_seat ON registrations (event_id, status, organisation_id, contact_id);
-- Recomputing an organisation's latest attendance.
CREATE INDEX IF NOT EXISTS ix_registration_organisation ON registrations (organisation_id, status, event_id);
