-- Imports (issue 13): a preview of an uploaded spreadsheet and its rows, kept until committed or
-- expired (previews after 7 days, a committed import's rows after 30; ImportRetention). Nothing here
-- is the register: committing writes organisations and contacts through their repositories.
-- Re-runnable: MariaDB DDL is not transactional, so a half-applied run can be run again.
CREATE TABLE IF NOT EXISTS imports (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  status VARCHAR(32) NOT NULL,
  created_by BIGINT NULL,
  columns_json MEDIUMTEXT NOT NULL,
  mapping_json MEDIUMTEXT NOT NULL,
  row_count INT NOT NULL DEFAULT 0,
  new_rows INT NOT NULL DEFAULT 0,
  update_rows INT NOT NULL DEFAULT 0,
  unchanged_rows INT NOT NULL DEFAULT 0,
  duplicate_rows INT NOT NULL DEFAULT 0,
  invalid_rows INT NOT NULL DEFAULT 0,
  created_count INT NOT NULL DEFAULT 0,
  updated_count INT NOT NULL DEFAULT 0,
  skipped_count INT NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  committed_at DATETIME NULL,
  INDEX ix_import_expiry (status, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

-- One row of the file: its cells as read (JSON array), and its evaluation (status, values by field,
-- errors, match, action; `decided` when the user chose the action).
CREATE TABLE IF NOT EXISTS import_rows (
  import_id BIGINT NOT NULL,
  line INT NOT NULL,
  status VARCHAR(16) NOT NULL,
  action VARCHAR(16) NOT NULL,
  decided TINYINT NOT NULL DEFAULT 0,
  cells MEDIUMTEXT NOT NULL,
  field_values MEDIUMTEXT NOT NULL,
  errors TEXT NOT NULL,
  match_id BIGINT NULL,
  match_by VARCHAR(16) NULL,
  PRIMARY KEY (import_id, line),
  INDEX ix_import_row_status (import_id, status, line),
  CONSTRAINT fk_import_row_import FOREIGN KEY (import_id) REFERENCES imports (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;
