-- The events list at national scale (issue 17). "From a day on" (ends_at >= day) finds the earliest start
-- among the events still running then through this index (covering), and the page walks the start
-- index from there instead of from the first event ever held.
CREATE INDEX IF NOT EXISTS ix_event_end ON events (ends_at, starts_at);
-- A partner's count (status, audience and revision decide what a partner sees) read from this covering
-- index instead of the rows.
CREATE INDEX IF NOT EXISTS ix_event_visibility ON events (status, audience, revision);
