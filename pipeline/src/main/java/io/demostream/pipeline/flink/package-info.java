/**
 * Running on Apache Flink: the defaults and up-front checks applied when {@code
 * --runner=FlinkRunner} ({@link io.demostream.pipeline.flink.FlinkSettings}), the configuration
 * directory of the embedded {@code [local]} cluster ({@link
 * io.demostream.pipeline.flink.EmbeddedFlinkConf}) and the retained checkpoints a restarted process
 * resumes from ({@link io.demostream.pipeline.flink.RetainedCheckpoints}).
 */
package io.demostream.pipeline.flink;
