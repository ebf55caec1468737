package io.demostream.control.insights;

import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.warehouse.BigQueryProperties;
import io.demostream.control.warehouse.JdbcWarehouse;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the insights on the configured warehouse ({@code demostream.warehouse.type}): the JDBC
 * repository, or the BigQuery one behind a cache shared by every viewer.
 */
@Configuration(proxyBeanMethods = false)
class InsightsConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "demostream.warehouse.type",
      havingValue = "jdbc",
      matchIfMissing = true)
  InsightsRepository jdbcInsightsRepository(JdbcWarehouse warehouse) {
    return new JdbcInsightsRepository(warehouse);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.warehouse.type", havingValue = "bigquery")
  InsightsRepository bigQueryInsightsRepository(
      ObjectProvider<BigQuery> bigQuery,
      BigQueryProperties bigQueryProperties,
      InsightsProperties properties) {
    return new CachingInsightsRepository(
        new BigQueryInsightsRepository(bigQuery::getObject, bigQueryProperties.dataset()),
        properties.refreshInterval());
  }

  @Bean
  InsightsService insightsService(InsightsRepository repository, InsightsProperties properties) {
    return new InsightsService(repository, properties, Clock.systemUTC());
  }
}
