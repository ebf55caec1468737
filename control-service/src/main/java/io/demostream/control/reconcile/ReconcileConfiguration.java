package io.demostream.control.reconcile;

import com.google.api.gax.core.CredentialsProvider;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.cloud.monitoring.v3.MetricServiceSettings;
import com.google.cloud.spring.autoconfigure.pubsub.GcpPubSubProperties;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires reconciliation: {@link WarehouseCounts} for the configured warehouse ({@code
 * demostream.warehouse.type}), and the {@link SubscriptionBacklog} of the pipeline's subscription:
 * Cloud Monitoring on Google Cloud, the warehouse's figures on the Pub/Sub emulator.
 */
@Configuration(proxyBeanMethods = false)
class ReconcileConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "demostream.warehouse.type",
      havingValue = "jdbc",
      matchIfMissing = true)
  WarehouseCounts jdbcWarehouseCounts(JdbcWarehouse jdbc) {
    return new JdbcWarehouseCounts(jdbc);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.warehouse.type", havingValue = "bigquery")
  WarehouseCounts bigQueryWarehouseCounts(
      ObjectProvider<BigQuery> bigQuery, BigQueryProperties properties) {
    // Resolved on first use, as every BigQuery reader: the client needs a project.
    return (incarnationId, tiling, runStarted) -> {
      BigQuery client = bigQuery.getObject();
      return new BigQueryWarehouseCounts(
              client, client.getOptions().getProjectId(), properties.dataset())
          .count(incarnationId, tiling, runStarted);
    };
  }

  @Bean
  SubscriptionBacklog subscriptionBacklog(
      ObjectProvider<GcpPubSubProperties> pubSub,
      ObjectProvider<GcpProjectIdProvider> projectId,
      ObjectProvider<CredentialsProvider> credentials,
      PubSubProperties topics,
      WarehouseCounts counts) {
    GcpPubSubProperties pubSubProperties = pubSub.getIfAvailable();
    String emulatorHost = pubSubProperties == null ? null : pubSubProperties.getEmulatorHost();
    if (emulatorHost != null && !emulatorHost.isBlank()) {
      return new WarehouseBacklog(counts, Clock.systemUTC());
    }
    return new LazyBacklog(
        () -> {
          try {
            MetricServiceSettings.Builder settings = MetricServiceSettings.newBuilder();
            CredentialsProvider provider = credentials.getIfAvailable();
            if (provider != null) {
              settings.setCredentialsProvider(provider);
            }
            return new CloudMonitoringBacklog(
                MetricServiceClient.create(settings.build()),
                projectId.getObject().getProjectId(),
                topics.subscription(),
                Clock.systemUTC());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Cloud Monitoring client", e);
          }
        },
        "Cloud Monitoring " + CloudMonitoringBacklog.METRIC + " of " + topics.subscription());
  }
}
