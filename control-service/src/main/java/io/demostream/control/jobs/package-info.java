/**
 * The pipeline job: starting it with validated parameters, finding it again, cancelling and
 * draining it, over REST. {@link io.demostream.control.jobs.JobService} keeps one active job per
 * environment; a {@link io.demostream.control.jobs.PipelineLauncher} runs it, on Dataflow as a Flex
 * Template or locally as a child process on the DirectRunner.
 */
package io.demostream.control.jobs;
