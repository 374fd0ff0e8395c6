-- A counter every organisation write raises in its own transaction: servers cache organisation lists
-- and know, with one primary-key read, whether a cached page is still current.
CREATE TABLE IF NOT EXISTS register_revision (
  id INT PRIMARY KEY,
  value BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO register_revision (id, value) VALUES (1, 0);
