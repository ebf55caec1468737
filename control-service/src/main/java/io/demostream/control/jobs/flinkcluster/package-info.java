/**
 * The Flink cluster backend ({@code demostream.launcher=flink}): the pipeline jar submitted to a
 * JobManager over its REST API ({@code demostream.flink.*}).
 */
package io.demostream.control.jobs.flinkcluster;
