package io.demostream.control.jobs.flinkcluster;

import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.demostream.control.jobs.flink.FlinkRestFiguresReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Flink cluster backend ({@code demostream.launcher=flink}): the {@link FlinkClusterLauncher}
 * over the JobManager's REST API ({@code demostream.flink.rest-url}) and the reader of its jobs'
 * figures from the same API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demostream.launcher", havingValue = "flink")
class FlinkClusterConfiguration {

  @Bean
  PipelineLauncher flinkClusterLauncher(
      FlinkClusterProperties properties, PipelineTarget target, MeterRegistry meterRegistry) {
    FlinkRestClient rest =
        new FlinkRestClient(
            properties.restUrl(), properties.requestTimeout(), properties.submitTimeout());
    return new FlinkClusterLauncher(rest, properties, target, Clock.systemUTC(), meterRegistry);
  }

  @Bean
  PipelineFiguresReader flinkRestFiguresReader(FlinkClusterProperties properties) {
    return new FlinkRestFiguresReader(
        properties.restUrl(), "flink", LaunchedJob::id, Duration.ofSeconds(5), Clock.systemUTC());
  }
}
