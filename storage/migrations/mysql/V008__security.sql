-- Login throttling per client address (the address is kept only as long as the failure counts),
-- and the index that forgets old failures cheaply.
ALTER TABLE login_failures ADD COLUMN IF NOT EXISTS client VARCHAR(64) NULL;
CREATE INDEX IF NOT EXISTS ix_login_failure_client ON login_failures (client, at);
CREATE INDEX IF NOT EXISTS ix_login_failure_at ON login_failures (at);
