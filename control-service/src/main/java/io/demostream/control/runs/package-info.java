/**
 * Runs: the former Airflow DAG as one call. {@link io.demostream.control.runs.RunService} ensures
 * the resources, starts the job, waits until it runs, starts ingestion, and at the end of the
 * duration (or on a stop request) stops ingestion and drains the job. Runs and their steps are kept
 * in the control-service's own database, so a restarted service resumes them where they were.
 */
package io.demostream.control.runs;
