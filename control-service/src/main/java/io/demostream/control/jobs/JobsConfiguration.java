package io.demostream.control.jobs;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.spring.autoconfigure.pubsub.GcpPubSubProperties;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import com.google.dataflow.v1beta3.FlexTemplatesServiceClient;
import com.google.dataflow.v1beta3.FlexTemplatesServiceSettings;
import com.google.dataflow.v1beta3.JobsV1Beta3Client;
import com.google.dataflow.v1beta3.JobsV1Beta3Settings;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.demostream.control.local.LocalProperties;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the pipeline job feature: the {@link PipelineLauncher} chosen by {@code
 * demostream.launcher} ({@code local} by default, {@code dataflow} or {@code flink}), the clients
 * it needs, and the {@link JobService}, which also serves as the resources feature's active-job
 * check.
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
        warehouse.password());
  }

  @Bean
  JobService jobService(
      PipelineLauncher launcher, JobsProperties properties, MeterRegistry meterRegistry) {
    return new JobService(launcher, properties, meterRegistry, Clock.systemUTC());
  }

  @Bean(initMethod = "superviseRegisteredJobs", destroyMethod = "close")
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "local", matchIfMissing = true)
  LocalLauncher localLauncher(
      LocalProperties properties, PipelineTarget target, MeterRegistry meterRegistry) {
    return new LocalLauncher(properties, target, Clock.systemUTC(), meterRegistry);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "flink")
  PipelineLauncher flinkClusterLauncher(
      FlinkClusterProperties properties, PipelineTarget target, MeterRegistry meterRegistry) {
    FlinkRestClient rest =
        new FlinkRestClient(
            properties.restUrl(), properties.requestTimeout(), properties.submitTimeout());
    return new FlinkClusterLauncher(rest, properties, target, Clock.systemUTC(), meterRegistry);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "dataflow")
  PipelineLauncher dataflowLauncher(
      FlexTemplatesServiceClient templates,
      JobsV1Beta3Client jobs,
      DataflowProperties properties,
      StorageProperties storage,
      PipelineTarget target) {
    return new DataflowLauncher(templates, jobs, properties, storage, target);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "dataflow")
  FlexTemplatesServiceClient flexTemplatesServiceClient(
      ObjectProvider<CredentialsProvider> credentials) throws IOException {
    return FlexTemplatesServiceClient.create(
        FlexTemplatesServiceSettings.newBuilder()
            .setCredentialsProvider(credentials(credentials))
            .build());
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "dataflow")
  JobsV1Beta3Client jobsV1Beta3Client(ObjectProvider<CredentialsProvider> credentials)
      throws IOException {
    return JobsV1Beta3Client.create(
        DataflowRetries.apply(
                JobsV1Beta3Settings.newBuilder().setCredentialsProvider(credentials(credentials)),
                Duration.ofMillis(500))
            .build());
  }

  private static CredentialsProvider credentials(ObjectProvider<CredentialsProvider> provider) {
    return provider.getIfAvailable(NoCredentialsProvider::create);
  }
}
