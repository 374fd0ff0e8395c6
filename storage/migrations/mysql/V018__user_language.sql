-- The language a user reads the server in (issue 16): problems, downloads and overviews when the request
-- asks for no language, and mail to the user. Re-runnable: it succeeds when it already took effect.
ALTER TABLE users ADD COLUMN IF NOT EXISTS language VARCHAR(2) NOT NULL DEFAULT 'da';
