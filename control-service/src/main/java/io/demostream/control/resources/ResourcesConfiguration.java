package io.demostream.control.resources;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.spring.core.GcpProjectIdProvider;
import com.google.cloud.storage.Storage;
import io.demostream.control.cloud.PubSubProperties;
import io.demostream.control.cloud.StorageProperties;
import io.demostream.control.jobs.ActiveJobCheck;
import io.demostream.control.jobs.LauncherProperties;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import io.demostream.control.warehouse.WarehouseProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires provisioning: one {@link Provisioner} per kind of resource, sharing one {@link
 * TransientFaultRetry}, behind {@link ResourceService}. Google clients are asked for lazily, so a
 * local setup that never provisions on Google Cloud needs none.
 */
@Configuration(proxyBeanMethods = false)
class ResourcesConfiguration {

  @Bean
  TransientFaultRetry transientFaultRetry(ResourcesProperties properties) {
    return new TransientFaultRetry(properties);
  }

  @Bean
  PubSubProvisioner pubSubProvisioner(
      ObjectProvider<TopicAdminClient> topicAdmin,
      ObjectProvider<SubscriptionAdminClient> subscriptionAdmin,
      GcpProjectIdProvider projectIdProvider,
      PubSubProperties properties,
      TransientFaultRetry retry) {
    return new PubSubProvisioner(
        topicAdmin, subscriptionAdmin, projectIdProvider, properties, retry);
  }

  @Bean
  BigQueryProvisioner bigQueryProvisioner(
      ObjectProvider<BigQuery> bigQuery,
      GcpProjectIdProvider projectIdProvider,
      BigQueryProperties properties,
      TransientFaultRetry retry) {
    return new BigQueryProvisioner(bigQuery, projectIdProvider, properties, retry);
  }

  @Bean
  JdbcWarehouseProvisioner jdbcWarehouseProvisioner(
      JdbcWarehouse warehouse, TransientFaultRetry retry) {
    return new JdbcWarehouseProvisioner(warehouse, retry);
  }

  @Bean
  StorageProvisioner storageProvisioner(
      ObjectProvider<Storage> storage, StorageProperties properties, TransientFaultRetry retry) {
    return new StorageProvisioner(storage, properties, retry);
  }

  @Bean
  ResourceService resourceService(
      LauncherProperties launcher,
      WarehouseProperties warehouse,
      GcpProjectIdProvider projectIdProvider,
      PubSubProvisioner pubSub,
      BigQueryProvisioner bigQuery,
      JdbcWarehouseProvisioner jdbcWarehouse,
      StorageProvisioner storage,
      ObjectProvider<ActiveJobCheck> activeJobCheck,
      MeterRegistry meterRegistry) {
    return new ResourceService(
        launcher,
        warehouse,
        projectIdProvider,
        pubSub,
        bigQuery,
        jdbcWarehouse,
        storage,
        activeJobCheck,
        meterRegistry);
  }
}
