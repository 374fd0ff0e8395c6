-- Outreach between events: the kinds of activity, the dialogue log (activities naming people of one
-- organisation) and follow-ups. Organisations carry the latest activity and the number of open
-- follow-ups (maintained by the activity and follow-up repositories in the same transaction as the
-- change), so the dormant worklist reads them from the row, not from an aggregate per organisation.
CREATE TABLE activity_kinds (
  code TEXT PRIMARY KEY,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL,
  position INTEGER NOT NULL
);

CREATE TABLE activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL REFERENCES activity_kinds (code),
  occurred_at TEXT NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  police_district_id INTEGER NOT NULL,
  event_id INTEGER NULL REFERENCES events (id),
  user_id INTEGER NOT NULL REFERENCES users (id),
  subject TEXT NOT NULL,
  notes TEXT NOT NULL,
  search_text TEXT NOT NULL DEFAULT '',
  notes_cleared_at TEXT NULL,
  created_by INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_activity_organisation ON activities (organisation_id, occurred_at, id);
CREATE INDEX ix_activity_user ON activities (user_id, occurred_at, id);
CREATE INDEX ix_activity_district ON activities (police_district_id, occurred_at, id);
CREATE INDEX ix_activity_occurred ON activities (occurred_at, id);
CREATE INDEX ix_activity_event ON activities (event_id);

CREATE TABLE activity_contacts (
  activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES contacts (id),
  PRIMARY KEY (activity_id, contact_id)
);
CREATE INDEX ix_activity_contact_contact ON activity_contacts (contact_id, activity_id);

CREATE TABLE follow_ups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  police_district_id INTEGER NOT NULL,
  contact_id INTEGER NULL REFERENCES contacts (id),
  activity_id INTEGER NULL REFERENCES activities (id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  due_on TEXT NOT NULL,
  assigned_user_id INTEGER NOT NULL REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'open',
  done_at TEXT NULL,
  created_by INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_follow_up_assignee ON follow_ups (assigned_user_id, status, due_on, id);
CREATE INDEX ix_follow_up_organisation ON follow_ups (organisation_id, status, due_on, id);
CREATE INDEX ix_follow_up_district ON follow_ups (police_district_id, status, due_on, id);
CREATE INDEX ix_follow_up_status ON follow_ups (status, due_on, id);
CREATE INDEX ix_follow_up_contact ON follow_ups (contact_id);

ALTER TABLE organisations ADD COLUMN last_activity_at TEXT NULL;
ALTER TABLE organisations ADD COLUMN open_follow_ups INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_organisation_responsible ON organisations (responsible_user_id, status, last_attended_at);
