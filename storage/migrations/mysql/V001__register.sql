-- The register: reference data, organisations, contacts, users, sessions and login throttling.
-- All times are UTC (each connection sets time_zone = '+00:00').
CREATE TABLE IF NOT EXISTS regions (
  id INT PRIMARY KEY,
  code VARCHAR(64) NOT NULL UNIQUE,
  name_da VARCHAR(200) NOT NULL,
  name_en VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS police_districts (
  id INT PRIMARY KEY,
  code VARCHAR(64) NOT NULL UNIQUE,
  name_da VARCHAR(200) NOT NULL,
  name_en VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS municipalities (
  id INT PRIMARY KEY,
  code VARCHAR(64) NOT NULL UNIQUE,
  name_da VARCHAR(200) NOT NULL,
  name_en VARCHAR(200) NOT NULL,
  region_id INT NOT NULL,
  police_district_id INT NOT NULL,
  CONSTRAINT fk_municipality_region FOREIGN KEY (region_id) REFERENCES regions (id),
  CONSTRAINT fk_municipality_district FOREIGN KEY (police_district_id) REFERENCES police_districts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS organisation_kinds (
  code VARCHAR(64) PRIMARY KEY,
  name_da VARCHAR(200) NOT NULL,
  name_en VARCHAR(200) NOT NULL,
  kind_group VARCHAR(32) NOT NULL,
  position INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS event_kinds (
  code VARCHAR(64) PRIMARY KEY,
  name_da VARCHAR(200) NOT NULL,
  name_en VARCHAR(200) NOT NULL,
  position INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS organisations (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  kind VARCHAR(64) NOT NULL,
  cvr CHAR(8) NULL,
  municipality_id INT NOT NULL,
  police_district_id INT NOT NULL,
  region_id INT NOT NULL,
  address TEXT NULL,
  website VARCHAR(300) NULL,
  tags VARCHAR(1200) NOT NULL DEFAULT '',
  status VARCHAR(16) NOT NULL DEFAULT 'active',
  responsible_user_id BIGINT NULL,
  search_text VARCHAR(800) NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  version INT NOT NULL DEFAULT 1,
  CONSTRAINT uq_organisation_cvr UNIQUE (cvr),
  CONSTRAINT fk_organisation_kind FOREIGN KEY (kind) REFERENCES organisation_kinds (code),
  CONSTRAINT fk_organisation_municipality FOREIGN KEY (municipality_id) REFERENCES municipalities (id),
  CONSTRAINT fk_organisation_district FOREIGN KEY (police_district_id) REFERENCES police_districts (id),
  CONSTRAINT fk_organisation_region FOREIGN KEY (region_id) REFERENCES regions (id),
  INDEX ix_organisation_status_name (status, name),
  INDEX ix_organisation_district (police_district_id, status, name),
  INDEX ix_organisation_municipality (municipality_id, status, name),
  INDEX ix_organisation_kind (kind, status, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS users (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  name VARCHAR(200) NOT NULL,
  role VARCHAR(16) NOT NULL,
  organisation_id BIGINT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'active',
  password_hash VARCHAR(255) NOT NULL,
  search_text VARCHAR(500) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  last_login_at DATETIME NULL,
  version INT NOT NULL DEFAULT 1,
  CONSTRAINT uq_user_email UNIQUE (email),
  CONSTRAINT fk_user_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

ALTER TABLE organisations
  ADD CONSTRAINT fk_organisation_responsible FOREIGN KEY IF NOT EXISTS (responsible_user_id) REFERENCES users (id);

CREATE TABLE IF NOT EXISTS contacts (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  organisation_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  title VARCHAR(200) NULL,
  email VARCHAR(254) NULL,
  email_folded VARCHAR(254) NULL,
  phone VARCHAR(20) NULL,
  language CHAR(2) NOT NULL DEFAULT 'da',
  consent_invitations TINYINT NOT NULL DEFAULT 1,
  consent_newsletter TINYINT NOT NULL DEFAULT 0,
  status VARCHAR(16) NOT NULL DEFAULT 'active',
  search_text VARCHAR(800) NOT NULL,
  created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL,
  version INT NOT NULL DEFAULT 1,
  CONSTRAINT uq_contact_email UNIQUE (email_folded),
  CONSTRAINT fk_contact_organisation FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  INDEX ix_contact_organisation (organisation_id, status, name),
  INDEX ix_contact_status_name (status, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_danish_ci;

CREATE TABLE IF NOT EXISTS sessions (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  token_hash CHAR(64) NOT NULL,
  user_id BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  expires_at DATETIME NOT NULL,
  last_seen_at DATETIME NOT NULL,
  revoked_at DATETIME NULL,
  CONSTRAINT uq_session_token UNIQUE (token_hash),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES users (id),
  INDEX ix_session_user (user_id),
  INDEX ix_session_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

CREATE TABLE IF NOT EXISTS login_failures (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  email_folded VARCHAR(254) NOT NULL,
  at DATETIME NOT NULL,
  INDEX ix_login_failure (email_folded, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
