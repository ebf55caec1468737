-- Runs and their steps: the control-service's own state (spring.datasource), on H2 or PostgreSQL.
-- Databases created before Flyway already hold these tables; they are baselined at version 1.
CREATE TABLE IF NOT EXISTS control_runs (
  id VARCHAR(64) PRIMARY KEY,
  state VARCHAR(16) NOT NULL,
  request_json VARCHAR(8000) NOT NULL,
  job_id VARCHAR(255),
  stop_requested BOOLEAN DEFAULT FALSE NOT NULL,
  created_at TIMESTAMP NOT NULL,
  ends_at TIMESTAMP,
  finished_at TIMESTAMP,
  error VARCHAR(4000));

CREATE TABLE IF NOT EXISTS control_run_steps (
  run_id VARCHAR(64) NOT NULL,
  step_order INT NOT NULL,
  name VARCHAR(32) NOT NULL,
  state VARCHAR(16) NOT NULL,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  error VARCHAR(4000),
  PRIMARY KEY (run_id, step_order));
