-- Likely duplicates and merges (issue 13). Re-runnable: MariaDB commits DDL one statement at a time,
-- so every statement is written to succeed when it already took effect.
-- The folded name (domain::nameMatchKey) that likely duplicates group by, kept by the repositories on
-- every write (NULL: not computed yet, filled before duplicates are listed).
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS name_key VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS merged_into_id BIGINT NULL;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS name_key VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL;
CREATE INDEX IF NOT EXISTS ix_organisation_name_key ON organisations (name_key, municipality_id);
CREATE INDEX IF NOT EXISTS ix_contact_name_key ON contacts (name_key, organisation_id);
CREATE INDEX IF NOT EXISTS ix_contact_phone ON contacts (phone);

-- The merge journal: one row per merge, and one row per thing it moved or filled, so an undo within
-- 30 days moves exactly that back. Retention removes journals older than that.
CREATE TABLE IF NOT EXISTS merges (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  kept_id BIGINT NOT NULL,
  from_id BIGINT NOT NULL,
  police_district_id INT NOT NULL,
  from_district_id INT NOT NULL,
  from_status VARCHAR(16) NOT NULL,
  created_by BIGINT NULL,
  created_at DATETIME NOT NULL,
  undo_until DATETIME NOT NULL,
  undone_at DATETIME NULL,
  undone_by BIGINT NULL,
  INDEX ix_merge_created (created_at, id),
  INDEX ix_merge_kept (kind, kept_id),
  INDEX ix_merge_from (kind, from_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS merge_moves (
  merge_id BIGINT NOT NULL,
  what VARCHAR(32) NOT NULL,
  row_id BIGINT NOT NULL,
  value VARCHAR(300) NULL,
  INDEX ix_merge_move (merge_id),
  CONSTRAINT fk_merge_move FOREIGN KEY (merge_id) REFERENCES merges (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

-- Pairs someone marked "not a duplicate" (a_id < b_id): left out of the likely duplicates.
CREATE TABLE IF NOT EXISTS duplicate_dismissals (
  kind VARCHAR(16) NOT NULL,
  a_id BIGINT NOT NULL,
  b_id BIGINT NOT NULL,
  created_by BIGINT NULL,
  created_at DATETIME NOT NULL,
  PRIMARY KEY (kind, a_id, b_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;
