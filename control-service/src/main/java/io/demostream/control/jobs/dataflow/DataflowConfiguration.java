package io.demostream.control.jobs.dataflow;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.common.base.Suppliers;
import com.google.dataflow.v1beta3.FlexTemplatesServiceClient;
import com.google.dataflow.v1beta3.FlexTemplatesServiceSettings;
import com.google.dataflow.v1beta3.JobsV1Beta3Client;
import com.google.dataflow.v1beta3.JobsV1Beta3Settings;
import com.google.dataflow.v1beta3.MetricsV1Beta3Client;
import com.google.dataflow.v1beta3.MetricsV1Beta3Settings;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Dataflow backend ({@code demostream.launcher=dataflow}): the {@link DataflowLauncher} with
 * the Flex Template and job clients, and the reader of the job's figures from Dataflow's job
 * metrics API and the job's data watermark age in Cloud Monitoring.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "demostream.launcher", havingValue = "dataflow")
class DataflowConfiguration {

  @Bean
  PipelineLauncher dataflowLauncher(
      FlexTemplatesServiceClient templates,
      JobsV1Beta3Client jobs,
      DataflowProperties properties,
      StorageProperties storage,
      PipelineTarget target) {
    return new DataflowLauncher(templates, jobs, properties, storage, target);
  }

  @Bean(destroyMethod = "close")
  FlexTemplatesServiceClient flexTemplatesServiceClient(
      ObjectProvider<CredentialsProvider> credentials) throws IOException {
    return FlexTemplatesServiceClient.create(
        FlexTemplatesServiceSettings.newBuilder()
            .setCredentialsProvider(credentials(credentials))
            .build());
  }

  @Bean(destroyMethod = "close")
  JobsV1Beta3Client jobsV1Beta3Client(ObjectProvider<CredentialsProvider> credentials)
      throws IOException {
    return JobsV1Beta3Client.create(
        DataflowRetries.apply(
                JobsV1Beta3Settings.newBuilder().setCredentialsProvider(credentials(credentials)),
                Duration.ofMillis(500))
            .build());
  }

  @Bean
  PipelineFiguresReader dataflowFiguresReader(
      MetricsV1Beta3Client metrics,
      PipelineTarget target,
      DataflowProperties dataflow,
      ObjectProvider<CredentialsProvider> credentials) {
    // Created on first read, as the Dataflow clients need credentials only when used.
    Supplier<MetricServiceClient> monitoring =
        Suppliers.memoize(
            () -> {
              try {
                return MetricServiceClient.create(
                    MetricServiceSettings.newBuilder()
                        .setCredentialsProvider(credentials(credentials))
                        .build());
              } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Cloud Monitoring client", e);
              }
            });
    return new DataflowFiguresReader(
        metrics,
        target::requireProjectId,
        dataflow.region(),
        new DataflowDataWatermark(monitoring, target::requireProjectId, Clock.systemUTC()));
  }

  @Bean(destroyMethod = "close")
  MetricsV1Beta3Client metricsV1Beta3Client(ObjectProvider<CredentialsProvider> credentials)
      throws IOException {
    return MetricsV1Beta3Client.create(
        MetricsV1Beta3Settings.newBuilder()
            .setCredentialsProvider(credentials(credentials))
            .build());
  }

  private static CredentialsProvider credentials(ObjectProvider<CredentialsProvider> provider) {
    return provider.getIfAvailable(NoCredentialsProvider::create);
  }
}
