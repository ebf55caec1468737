-- A run's summary once it ends (published, counted, dead-lettered, whether they reconcile), and
-- what a step saw while it worked (e.g. the subscription backlog a drain waited for).
ALTER TABLE control_runs ADD COLUMN summary_json VARCHAR(4000);
ALTER TABLE control_run_steps ADD COLUMN detail VARCHAR(4000);
