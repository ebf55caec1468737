-- Which replica executes a run: a run is executed only under an unexpired lease, renewed while it
-- executes; another replica sharing this database takes over a run whose lease expired. A run
-- gets its row when it is first claimed.
CREATE TABLE control_run_leases (
  run_id VARCHAR(64) PRIMARY KEY,
  owner VARCHAR(128),
  expires_at TIMESTAMP);
