-- Events, their invitations and registrations (with history), and recurring series.
CREATE TABLE series (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  title TEXT NOT NULL COLLATE NOCASE,
  description TEXT NULL,
  venue_name TEXT NULL,
  venue_address TEXT NULL,
  venue_municipality_id INTEGER NULL,
  online_url TEXT NULL,
  language TEXT NOT NULL DEFAULT 'da',
  tags TEXT NOT NULL DEFAULT '',
  organiser_user_id INTEGER NULL,
  capacity INTEGER NULL,
  per_organisation_quota INTEGER NULL,
  police_district_id INTEGER NULL,
  rrule TEXT NOT NULL,
  first_start TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  roster TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',
  materialised_until TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT fk_series_kind FOREIGN KEY (kind) REFERENCES event_kinds (code),
  CONSTRAINT fk_series_organiser FOREIGN KEY (organiser_user_id) REFERENCES users (id)
);
CREATE INDEX ix_series_status ON series (status);

CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  title TEXT NOT NULL COLLATE NOCASE,
  description TEXT NULL,
  venue_name TEXT NULL,
  venue_address TEXT NULL,
  venue_municipality_id INTEGER NULL,
  online_url TEXT NULL,
  language TEXT NOT NULL DEFAULT 'da',
  tags TEXT NOT NULL DEFAULT '',
  organiser_user_id INTEGER NULL,
  capacity INTEGER NULL,
  per_organisation_quota INTEGER NULL,
  police_district_id INTEGER NULL,
  starts_at TEXT NOT NULL,
  ends_at TEXT NOT NULL,
  all_day INTEGER NOT NULL DEFAULT 0,
  registration_opens_at TEXT NULL,
  registration_closes_at TEXT NULL,
  audience TEXT NOT NULL DEFAULT 'open',
  status TEXT NOT NULL DEFAULT 'draft',
  cancellation_reason TEXT NULL,
  series_id INTEGER NULL,
  occurrence_start TEXT NULL,
  series_override INTEGER NOT NULL DEFAULT 0,
  revision INTEGER NOT NULL DEFAULT 0,
  confirmed_count INTEGER NOT NULL DEFAULT 0,
  waitlisted_count INTEGER NOT NULL DEFAULT 0,
  search_text TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT fk_event_kind FOREIGN KEY (kind) REFERENCES event_kinds (code),
  CONSTRAINT fk_event_municipality FOREIGN KEY (venue_municipality_id) REFERENCES municipalities (id),
  CONSTRAINT fk_event_district FOREIGN KEY (police_district_id) REFERENCES police_districts (id),
  CONSTRAINT fk_event_organiser FOREIGN KEY (organiser_user_id) REFERENCES users (id),
  CONSTRAINT fk_event_series FOREIGN KEY (series_id) REFERENCES series (id)
);
CREATE INDEX ix_event_start ON events (starts_at);
CREATE INDEX ix_event_status_start ON events (status, starts_at);
CREATE INDEX ix_event_district_start ON events (police_district_id, starts_at);
CREATE INDEX ix_event_series ON events (series_id, starts_at);

CREATE TABLE event_invitations (
  event_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  PRIMARY KEY (event_id, organisation_id),
  CONSTRAINT fk_invitation_event FOREIGN KEY (event_id) REFERENCES events (id),
  CONSTRAINT fk_invitation_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id)
);
CREATE INDEX ix_invitation_organisation ON event_invitations (organisation_id);

CREATE TABLE registrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL,
  contact_id INTEGER NOT NULL,
  organisation_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  registered_by INTEGER NULL,
  cancelled_at TEXT NULL,
  cancelled_by INTEGER NULL,
  checked_in_at TEXT NULL,
  checked_in_by INTEGER NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT fk_registration_event FOREIGN KEY (event_id) REFERENCES events (id),
  CONSTRAINT fk_registration_contact FOREIGN KEY (contact_id) REFERENCES contacts (id),
  CONSTRAINT fk_registration_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id)
);
CREATE INDEX ix_registration_event_status ON registrations (event_id, status, registered_at, id);
CREATE INDEX ix_registration_event_contact ON registrations (event_id, contact_id);
CREATE INDEX ix_registration_event_organisation ON registrations (event_id, organisation_id, status);
CREATE INDEX ix_registration_contact ON registrations (contact_id);

CREATE TABLE registration_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  registration_id INTEGER NOT NULL,
  event_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  user_id INTEGER NULL,
  action TEXT NOT NULL,
  from_status TEXT NULL,
  to_status TEXT NULL,
  from_contact_id INTEGER NULL,
  to_contact_id INTEGER NULL,
  CONSTRAINT fk_change_registration FOREIGN KEY (registration_id) REFERENCES registrations (id)
);
CREATE INDEX ix_change_registration ON registration_changes (registration_id, id);
CREATE INDEX ix_change_event ON registration_changes (event_id, id);
