package io.demostream.control.jobs.figures;

import io.demostream.control.jobs.JobService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the export of the active job's figures ({@link PipelineFiguresExporter}) and the run
 * summary's lookup ({@link PipelineFiguresLookup}) over the one {@link PipelineFiguresReader} the
 * configured launcher's configuration provides (none is fine: no figures).
 */
@Configuration(proxyBeanMethods = false)
class PipelineFiguresConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  @ConditionalOnProperty(
      name = "demostream.pipeline-metrics.enabled",
      havingValue = "true",
      matchIfMissing = true)
  PipelineFiguresExporter pipelineFiguresExporter(
      JobService jobs,
      ObjectProvider<PipelineFiguresReader> reader,
      MeterRegistry registry,
      PipelineFiguresProperties properties) {
    return new PipelineFiguresExporter(
        jobs, reader.getIfAvailable(), registry, Clock.systemUTC(), properties);
  }

  @Bean
  PipelineFiguresLookup pipelineFiguresLookup(
      JobService jobs, ObjectProvider<PipelineFiguresReader> reader) {
    return new PipelineFiguresLookup(jobs, reader.getIfAvailable());
  }
}
