-- Likely duplicates and merges (issue 13). SQLite applies the whole file in one transaction.
-- The folded name (domain::nameMatchKey) that likely duplicates group by, kept by the repositories on
-- every write (NULL: not computed yet, filled before duplicates are listed).
ALTER TABLE organisations ADD COLUMN name_key TEXT NULL;
ALTER TABLE organisations ADD COLUMN merged_into_id INTEGER NULL;
ALTER TABLE contacts ADD COLUMN name_key TEXT NULL;
CREATE INDEX IF NOT EXISTS ix_organisation_name_key ON organisations (name_key, municipality_id);
CREATE INDEX IF NOT EXISTS ix_contact_name_key ON contacts (name_key, organisation_id);
CREATE INDEX IF NOT EXISTS ix_contact_phone ON contacts (phone);

-- The merge journal: one row per merge, and one row per thing it moved or filled, so an undo within
-- 30 days moves exactly that back. Retention removes journals older than that.
CREATE TABLE IF NOT EXISTS merges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  kept_id INTEGER NOT NULL,
  from_id INTEGER NOT NULL,
  police_district_id INTEGER NOT NULL,
  from_district_id INTEGER NOT NULL,
  from_status TEXT NOT NULL,
  created_by INTEGER NULL,
  created_at TEXT NOT NULL,
  undo_until TEXT NOT NULL,
  undone_at TEXT NULL,
  undone_by INTEGER NULL
);
CREATE INDEX IF NOT EXISTS ix_merge_created ON merges (created_at, id);
CREATE INDEX IF NOT EXISTS ix_merge_kept ON merges (kind, kept_id);
CREATE INDEX IF NOT EXISTS ix_merge_from ON merges (kind, from_id);

CREATE TABLE IF NOT EXISTS merge_moves (
  merge_id INTEGER NOT NULL REFERENCES merges (id) ON DELETE CASCADE,
  what TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  value TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_merge_move ON merge_moves (merge_id);

-- Pairs someone marked "not a duplicate" (a_id < b_id): left out of the likely duplicates.
CREATE TABLE IF NOT EXISTS duplicate_dismissals (
  kind TEXT NOT NULL,
  a_id INTEGER NOT NULL,
  b_id INTEGER NOT NULL,
  created_by INTEGER NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, a_id, b_id)
);
