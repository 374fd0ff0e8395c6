-- The texts of the automatic mail, edited by administrators (issue 15 point 5). A code without a row
-- uses its default text (domain/message_template.cpp).
CREATE TABLE message_templates (
  code TEXT NOT NULL PRIMARY KEY
    CHECK (code IN ('invitation', 'reminder', 'cancellation', 'promotion', 'invited_notice')),
  subject_da TEXT NOT NULL,
  body_da TEXT NOT NULL,
  subject_en TEXT NOT NULL,
  body_en TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by INTEGER NULL
);
