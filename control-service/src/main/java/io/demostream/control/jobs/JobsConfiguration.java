package io.demostream.control.jobs;

import com.google.cloud.spring.autoconfigure.pubsub.GcpPubSubProperties;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.local.LocalProperties;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the core of the pipeline job feature: the {@link PipelineTarget} and the {@link
 * JobService}, which also serves as the resources feature's active-job check. The {@link
 * PipelineLauncher} comes from the one backend configuration {@code demostream.launcher} selects
 * ({@code jobs.local} by default, {@code jobs.dataflow} or {@code jobs.flinkcluster}).
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

  @Bean
  PipelineTarget pipelineTarget(
      ObjectProvider<GcpProjectIdProvider> projectIdProvider,
      ObjectProvider<GcpPubSubProperties> pubSub,
      PubSubProperties topics,
      BigQueryProperties bigQuery,
      WarehouseProperties warehouse,
      LocalProperties local) {
    GcpProjectIdProvider provider = projectIdProvider.getIfAvailable();
    GcpPubSubProperties pubSubProperties = pubSub.getIfAvailable();
    return new PipelineTarget(
        provider == null ? null : provider.getProjectId(),
        topics.subscription(),
        pubSubProperties == null ? null : pubSubProperties.getEmulatorHost(),
        warehouse.usesBigQuery(),
        bigQuery.dataset(),
        warehouse.effectiveJdbcUrl(local.dataDir()),
        warehouse.username(),
        warehouse.password(),
        topics.provisionsAlerts() ? topics.panesTopic() : "");
  }

  @Bean
  JobService jobService(
      PipelineLauncher launcher, JobsProperties properties, MeterRegistry meterRegistry) {
    return new JobService(launcher, properties, meterRegistry, Clock.systemUTC());
  }
}
