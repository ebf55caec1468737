/**
 * The pipeline's own figures (its counters and watermark) read from where the job runs by the
 * configured backend's {@link io.demostream.control.jobs.figures.PipelineFiguresReader}, exported
 * as {@code demostream_pipeline_*} and looked up for run summaries.
 */
package io.demostream.control.jobs.figures;
