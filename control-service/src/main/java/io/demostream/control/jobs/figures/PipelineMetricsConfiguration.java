package io.demostream.control.jobs.figures;

import io.demostream.control.jobs.JobService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the export of the active job's figures ({@link PipelineMetricsExporter}) and the run
 * summary's lookup ({@link JobFiguresLookup}) over the one {@link JobMetricsReader} the configured
 * launcher's configuration provides (none is fine: no figures).
 */
@Configuration(proxyBeanMethods = false)
class PipelineMetricsConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(
      name = "demostream.pipeline-metrics.enabled",
      havingValue = "true",
      matchIfMissing = true)
  PipelineMetricsExporter pipelineMetricsExporter(
      JobService jobs,
      ObjectProvider<JobMetricsReader> reader,
      MeterRegistry registry,
      PipelineMetricsProperties properties) {
    return new PipelineMetricsExporter(
        jobs, reader.getIfAvailable(), registry, Clock.systemUTC(), properties);
  }

  @Bean
  JobFiguresLookup jobFiguresLookup(JobService jobs, ObjectProvider<JobMetricsReader> reader) {
    return new JobFiguresLookup(jobs, reader.getIfAvailable());
  }
}
