-- The register: reference data, organisations, contacts, users, sessions and login throttling.
-- All times are UTC text 'YYYY-MM-DD HH:MM:SS'.
CREATE TABLE regions (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL
);

CREATE TABLE police_districts (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL
);

CREATE TABLE municipalities (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL,
  region_id INTEGER NOT NULL REFERENCES regions (id),
  police_district_id INTEGER NOT NULL REFERENCES police_districts (id)
);

CREATE TABLE organisation_kinds (
  code TEXT PRIMARY KEY,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind_group TEXT NOT NULL,
  position INTEGER NOT NULL
);

CREATE TABLE event_kinds (
  code TEXT PRIMARY KEY,
  name_da TEXT NOT NULL,
  name_en TEXT NOT NULL,
  position INTEGER NOT NULL
);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL COLLATE NOCASE,
  kind TEXT NOT NULL REFERENCES organisation_kinds (code),
  cvr TEXT NULL UNIQUE,
  municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
  police_district_id INTEGER NOT NULL REFERENCES police_districts (id),
  region_id INTEGER NOT NULL REFERENCES regions (id),
  address TEXT NULL,
  website TEXT NULL,
  tags TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',
  responsible_user_id INTEGER NULL REFERENCES users (id),
  search_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_organisation_status_name ON organisations (status, name);
CREATE INDEX ix_organisation_district ON organisations (police_district_id, status, name);
CREATE INDEX ix_organisation_municipality ON organisations (municipality_id, status, name);
CREATE INDEX ix_organisation_kind ON organisations (kind, status, name);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL,
  organisation_id INTEGER NULL REFERENCES organisations (id),
  status TEXT NOT NULL DEFAULT 'active',
  password_hash TEXT NOT NULL,
  search_text TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_login_at TEXT NULL,
  version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  name TEXT NOT NULL COLLATE NOCASE,
  title TEXT NULL,
  email TEXT NULL,
  email_folded TEXT NULL UNIQUE,
  phone TEXT NULL,
  language TEXT NOT NULL DEFAULT 'da',
  consent_invitations INTEGER NOT NULL DEFAULT 1,
  consent_newsletter INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'active',
  search_text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_contact_organisation ON contacts (organisation_id, status, name);
CREATE INDEX ix_contact_status_name ON contacts (status, name);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  revoked_at TEXT NULL
);
CREATE INDEX ix_session_user ON sessions (user_id);
CREATE INDEX ix_session_expiry ON sessions (expires_at);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email_folded TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ix_login_failure ON login_failures (email_folded, at);
