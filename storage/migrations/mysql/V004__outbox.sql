-- Invitation emails (iMIP) waiting to be sent, written in the same transaction as their cause.
CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  registration_id BIGINT NOT NULL,
  event_id BIGINT NOT NULL,
  contact_id BIGINT NOT NULL,
  reason VARCHAR(32) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'queued',
  attempts INT NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL,
  next_attempt_at DATETIME NOT NULL,
  claimed_at DATETIME NULL,
  sent_at DATETIME NULL,
  last_error VARCHAR(500) NULL,
  recipient VARCHAR(254) NULL,
  CONSTRAINT fk_outbox_registration FOREIGN KEY (registration_id) REFERENCES registrations (id),
  INDEX ix_outbox_due (status, next_attempt_at),
  INDEX ix_outbox_registration (registration_id, contact_id, id),
  INDEX ix_outbox_event (event_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
