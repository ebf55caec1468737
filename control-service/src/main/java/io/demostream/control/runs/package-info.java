/**
 * Runs: the former Airflow DAG as one call. {@link io.demostream.control.runs.RunService} records a
 * validated run; the {@code RunExecutor} performs its steps in order, one small class each (ensure
 * the resources, start the job, wait until it runs, start ingestion, wait out the duration, then,
 * also after a failure or a stop request, stop ingestion and drain the job), each with its own
 * retry policy. Runs and their steps are kept in the control-service's own database (schema in
 * {@code db/migration}), so a restarted service resumes them where they were; a lease per run makes
 * sure that one replica executes it when several share that database.
 */
package io.demostream.control.runs;
