package io.demostream.control.config;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.spring.bigquery.core.BigQueryTemplate;
import com.google.cloud.spring.pubsub.PubSubAdmin;
import com.google.cloud.storage.Storage;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the Google clients of the Spring Cloud GCP starters (with their endpoint, emulator and
 * credential settings) but creates them on first use. The starters build them eagerly, and building
 * one looks up Application Default Credentials: a local deployment (emulator, JDBC warehouse) has
 * none and never needs BigQuery or Cloud Storage, so it must still start. Callers take these
 * clients through an {@code ObjectProvider}.
 */
@Configuration(proxyBeanMethods = false)
public class GoogleClientsConfiguration {

  static final List<Class<?>> LAZY_CLIENTS =
      List.of(
          BigQuery.class,
          BigQueryTemplate.class,
          com.google.cloud.bigquery.storage.v1.BigQueryWriteClient.class,
          Storage.class,
          TopicAdminClient.class,
          SubscriptionAdminClient.class,
          PubSubAdmin.class);

  @Bean
  static BeanFactoryPostProcessor lazyGoogleClients() {
    return beanFactory -> {
      for (Class<?> type : LAZY_CLIENTS) {
        // allowEagerInit=false: only reads definitions, instantiates nothing.
        for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
          beanFactory.getBeanDefinition(name).setLazyInit(true);
        }
      }
    };
  }
}
