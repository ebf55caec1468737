/**
 * The pipeline job: starting it with validated parameters, finding it again, cancelling and
 * draining it, over REST. {@link io.demostream.control.jobs.JobService} keeps one active job per
 * environment; a {@link io.demostream.control.jobs.PipelineLauncher} chosen by {@code
 * demostream.launcher} runs it, on Dataflow as a Flex Template or locally as a child process. The
 * settings of what the pipeline reads and stages (the Pub/Sub subscription, the Dataflow bucket)
 * live here too, and the resources feature provisions them.
 */
package io.demostream.control.jobs;
