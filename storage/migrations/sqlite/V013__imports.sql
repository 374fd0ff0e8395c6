-- Imports (issue 13): a preview of an uploaded spreadsheet and its rows, kept until committed or
-- expired (previews after 7 days, a committed import's rows after 30; ImportRetention). Nothing here
-- is the register: committing writes organisations and contacts through their repositories.
CREATE TABLE IF NOT EXISTS imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by INTEGER NULL,
  columns_json TEXT NOT NULL,
  mapping_json TEXT NOT NULL,
  row_count INTEGER NOT NULL DEFAULT 0,
  new_rows INTEGER NOT NULL DEFAULT 0,
  update_rows INTEGER NOT NULL DEFAULT 0,
  unchanged_rows INTEGER NOT NULL DEFAULT 0,
  duplicate_rows INTEGER NOT NULL DEFAULT 0,
  invalid_rows INTEGER NOT NULL DEFAULT 0,
  created_count INTEGER NOT NULL DEFAULT 0,
  updated_count INTEGER NOT NULL DEFAULT 0,
  skipped_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  committed_at TEXT NULL
);
CREATE INDEX IF NOT EXISTS ix_import_expiry ON imports (status, updated_at);

-- One row of the file: its cells as read (JSON array), and its evaluation (status, values by field,
-- errors, match, action; `decided` when the user chose the action).
CREATE TABLE IF NOT EXISTS import_rows (
  import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  status TEXT NOT NULL,
  action TEXT NOT NULL,
  decided INTEGER NOT NULL DEFAULT 0,
  cells TEXT NOT NULL,
  field_values TEXT NOT NULL,
  errors TEXT NOT NULL,
  match_id INTEGER NULL,
  match_by TEXT NULL,
  PRIMARY KEY (import_id, line)
);
CREATE INDEX IF NOT EXISTS ix_import_row_status ON import_rows (import_id, status, line);
