-- A counter every organisation write raises in its own transaction: servers cache organisation lists
-- and know, with one primary-key read, whether a cached page is still current.
CREATE TABLE register_revision (
  id INTEGER PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO register_revision (id, value) VALUES (1, 0);
