/**
 * What both Flink backends ({@code jobs.local}'s embedded Flink and {@code jobs.flinkcluster})
 * share: a small client of Apache Flink's REST API (the JobManager's {@code /jars}, {@code /jobs}
 * and savepoint endpoints), the mapping of Flink's job states to {@link
 * io.demostream.control.jobs.JobState}, and the reader of a Flink job's figures.
 */
package io.demostream.control.jobs.flink;
