-- The language a user reads the server in (issue 16): problems, downloads and overviews when the request
-- asks for no language, and mail to the user.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'da';
