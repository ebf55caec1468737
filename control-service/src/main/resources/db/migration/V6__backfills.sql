-- Backfills: history counted by the pipeline in batch (POST /api/v1/backfills), each its own
-- incarnation. A backfill is accepted under the lock row, so two replicas cannot both accept
-- backfills of overlapping ranges.
CREATE TABLE control_backfills (
  id VARCHAR(64) PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  input_files VARCHAR(2000) NOT NULL,
  range_start TIMESTAMP NOT NULL,
  range_end TIMESTAMP NOT NULL,
  parameters_json VARCHAR(2000) NOT NULL,
  job_name VARCHAR(255) NOT NULL,
  job_id VARCHAR(255),
  created_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  summary_json VARCHAR(4000),
  error VARCHAR(4000));

CREATE TABLE control_backfill_lock (
  slot INT PRIMARY KEY CHECK (slot = 1));

INSERT INTO control_backfill_lock (slot) VALUES (1);
