-- The texts of the automatic mail, edited by administrators (issue 15 point 5). A code without a row
-- uses its default text (domain/message_template.cpp). Re-runnable: it succeeds when it already took effect.
CREATE TABLE IF NOT EXISTS message_templates (
  code VARCHAR(32) NOT NULL PRIMARY KEY,
  subject_da VARCHAR(800) NOT NULL,
  body_da MEDIUMTEXT NOT NULL,
  subject_en VARCHAR(800) NOT NULL,
  body_en MEDIUMTEXT NOT NULL,
  updated_at DATETIME NOT NULL,
  updated_by BIGINT NULL,
  CONSTRAINT ck_message_template_code
    CHECK (code IN ('invitation', 'reminder', 'cancellation', 'promotion', 'invited_notice'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;
