/**
 * The local backend ({@code demostream.launcher=local}): {@link
 * io.demostream.control.jobs.local.LocalLauncher} runs the pipeline jar as a child JVM
 * (DirectRunner or an embedded Flink), supervises and restarts it from its checkpoints, and reads
 * its figures.
 */
package io.demostream.control.jobs.local;
