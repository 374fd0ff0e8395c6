-- The events' revision, in 16 slots: every write that changes what an events list shows (an event, its
-- invitations, its seat counts) raises the slot of its event in its own transaction, so servers may cache
-- list pages and know, with one small read (the sum), whether a cached page is still current. Slots, not
-- one row, so that registrations on different events do not queue for one row lock (MariaDB).
CREATE TABLE event_list_revision (
  slot INTEGER PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO event_list_revision (slot, value) VALUES
  (0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0),
  (8, 0), (9, 0), (10, 0), (11, 0), (12, 0), (13, 0), (14, 0), (15, 0);
