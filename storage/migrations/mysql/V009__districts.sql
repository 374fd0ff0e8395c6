-- Need to know: an officer may be limited to police districts, stored as ",1,3," (empty: national).
ALTER TABLE users ADD COLUMN IF NOT EXISTS police_district_ids VARCHAR(200) NOT NULL DEFAULT '';
