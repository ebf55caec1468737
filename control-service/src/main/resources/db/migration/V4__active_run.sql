-- At most one unfinished run, across every replica sharing this database: a run is accepted by
-- taking the one slot in the same transaction that records it, and gives the slot back when it
-- ends. Two replicas accepting a run at the same instant both try to insert slot 1; the primary
-- key lets exactly one of them commit.
CREATE TABLE control_active_run (
  slot INT PRIMARY KEY CHECK (slot = 1),
  run_id VARCHAR(64) NOT NULL);

-- A database upgraded with a run in progress: that run holds the slot.
INSERT INTO control_active_run (slot, run_id)
  SELECT 1, id FROM control_runs WHERE state IN ('RUNNING', 'STOPPING')
  ORDER BY created_at LIMIT 1;
