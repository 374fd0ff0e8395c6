-- Outreach between events: the kinds of activity, the dialogue log (activities naming people of one
-- organisation) and follow-ups. Organisations carry the latest activity and the number of open
-- follow-ups (maintained by the activity and follow-up repositories in the same transaction as the
-- change), so the dormant worklist reads them from the row, not from an aggregate per organisation.
CREATE TABLE IF NOT EXISTS activity_kinds (
  code VARCHAR(64) PRIMARY KEY,
  name_da VARCHAR(200) NOT NULL,
  name_en VARCHAR(200) NOT NULL,
  position INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS activities (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  kind VARCHAR(64) NOT NULL,
  occurred_at DATETIME NOT NULL,
  organisation_id BIGINT NOT NULL,
  police_district_id INT NOT NULL,
  event_id BIGINT NULL,
  user_id BIGINT NOT NULL,
  subject VARCHAR(200) NOT NULL,
  notes TEXT NOT NULL,
  search_text VARCHAR(300) NOT NULL DEFAULT '',
  notes_cleared_at DATETIME NULL,
  created_by BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  version INT NOT NULL DEFAULT 1,
  CONSTRAINT fk_activity_kind FOREIGN KEY (kind) REFERENCES activity_kinds (code),
  CONSTRAINT fk_activity_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT fk_activity_event FOREIGN KEY (event_id) REFERENCES events (id),
  CONSTRAINT fk_activity_user FOREIGN KEY (user_id) REFERENCES users (id),
  INDEX ix_activity_organisation (organisation_id, occurred_at, id),
  INDEX ix_activity_user (user_id, occurred_at, id),
  INDEX ix_activity_district (police_district_id, occurred_at, id),
  INDEX ix_activity_occurred (occurred_at, id),
  INDEX ix_activity_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS activity_contacts (
  activity_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  PRIMARY KEY (activity_id, contact_id),
  CONSTRAINT fk_activity_contact_activity FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE CASCADE,
  CONSTRAINT fk_activity_contact_contact FOREIGN KEY (contact_id) REFERENCES contacts (id),
  INDEX ix_activity_contact_contact (contact_id, activity_id)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS follow_ups (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  police_district_id INT NOT NULL,
  contact_id BIGINT NULL,
  activity_id BIGINT NULL,
  title VARCHAR(200) NOT NULL,
  due_on CHAR(10) NOT NULL,
  assigned_user_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'open',
  done_at DATETIME NULL,
  created_by BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  version INT NOT NULL DEFAULT 1,
  CONSTRAINT fk_follow_up_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT fk_follow_up_contact FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT fk_follow_up_activity FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE SET NULL,
  CONSTRAINT fk_follow_up_assignee FOREIGN KEY (assigned_user_id) REFERENCES users (id),
  INDEX ix_follow_up_assignee (assigned_user_id, status, due_on, id),
  INDEX ix_follow_up_organisation (organisation_id, status, due_on, id),
  INDEX ix_follow_up_district (police_district_id, status, due_on, id),
  INDEX ix_follow_up_status (status, due_on, id),
  INDEX ix_follow_up_contact (contact_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

ALTER TABLE organisations ADD COLUMN IF NOT EXISTS last_activity_at DATETIME NULL;
ALTER TABLE organisations ADD COLUMN IF NOT EXISTS open_follow_ups INT NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS ix_organisation_responsible ON organisations (responsible_user_id, status, last_attended_at);
