/**
 * A small client of Apache Flink's REST API (the JobManager's {@code /jars}, {@code /jobs} and
 * savepoint endpoints), used by the local launcher for its embedded Flink cluster and by the Flink
 * cluster launcher. It knows Flink, not demostream: nothing here depends on the jobs feature.
 */
package io.demostream.control.jobs.flink;
