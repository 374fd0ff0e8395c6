-- The engagement overview's dialogue figures count a period's activities per organisation and event
-- (ReportRepository::dialogue): this index covers that read, so it walks the period's index entries
-- without a lookup per activity (on SQLite with 500,000 activities: 0.54 s -> 0.12 s for a year).
CREATE INDEX IF NOT EXISTS ix_activity_dialogue ON activities (occurred_at, organisation_id, event_id);
