-- The step of its process map a finding was seen at (finding add --process
-- PM-001 --step S3); empty for the map as a whole or no map.
ALTER TABLE findings ADD COLUMN step TEXT NOT NULL DEFAULT '';
