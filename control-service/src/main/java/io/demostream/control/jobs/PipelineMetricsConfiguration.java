package io.demostream.control.jobs;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.common.base.Suppliers;
import com.google.dataflow.v1beta3.MetricsV1Beta3Client;
import com.google.dataflow.v1beta3.MetricsV1Beta3Settings;
import io.demostream.control.local.LocalProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the export of the active job's figures ({@link PipelineMetricsExporter}) and the reader of
 * the configured launcher: the job's metrics file for {@code local}, the Dataflow job metrics API
 * and the job's data watermark age in Cloud Monitoring for {@code dataflow}, the JobManager's REST
 * API ({@code demostream.flink.rest-url}) for {@code flink}.
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
      List<JobMetricsReader> readers,
      MeterRegistry registry,
      PipelineMetricsProperties properties) {
    return new PipelineMetricsExporter(jobs, readers, registry, Clock.systemUTC(), properties);
  }

  @Bean
  JobFiguresLookup jobFiguresLookup(JobService jobs, List<JobMetricsReader> readers) {
    return new JobFiguresLookup(jobs, readers);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "local", matchIfMissing = true)
  JobMetricsReader localJobMetricsReader(
      LocalProperties local, ObjectProvider<LocalLauncher> launcher) {
    LocalLauncher localLauncher = launcher.getIfAvailable();
    if (localLauncher == null) {
      return new LocalJobMetricsReader(local.dataDir());
    }
    return new LocalJobMetricsReader(
        local.dataDir(), localLauncher::embeddedFlinkJob, Clock.systemUTC());
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "dataflow")
  JobMetricsReader dataflowJobMetricsReader(
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
                        .setCredentialsProvider(
                            credentials.getIfAvailable(NoCredentialsProvider::create))
                        .build());
              } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Cloud Monitoring client", e);
              }
            });
    return new DataflowJobMetricsReader(
        metrics,
        target::requireProjectId,
        dataflow.region(),
        new DataflowDataWatermark(monitoring, target::requireProjectId, Clock.systemUTC()));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "dataflow")
  MetricsV1Beta3Client metricsV1Beta3Client(ObjectProvider<CredentialsProvider> credentials)
      throws IOException {
    return MetricsV1Beta3Client.create(
        MetricsV1Beta3Settings.newBuilder()
            .setCredentialsProvider(credentials.getIfAvailable(NoCredentialsProvider::create))
            .build());
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.launcher", havingValue = "flink")
  JobMetricsReader flinkRestJobMetricsReader(Environment environment) {
    // demostream.flink.rest-url belongs to the Flink launcher's properties; read, not re-bound.
    String restUrl = environment.getRequiredProperty("demostream.flink.rest-url");
    return new FlinkRestJobMetricsReader(
        URI.create(restUrl), "flink", LaunchedJob::id, Duration.ofSeconds(5), Clock.systemUTC());
  }
}
