/**
 * The Dataflow backend ({@code demostream.launcher=dataflow}): Flex Template launches, the job and
 * metrics APIs, the data watermark from Cloud Monitoring, and the startup check of a configuration
 * that cannot work on Google Cloud.
 */
package io.demostream.control.jobs.dataflow;
