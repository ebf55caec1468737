package io.demostream.control.insights.forecast;

import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.insights.InsightsRepository;
import io.demostream.control.warehouse.BigQueryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ForecastEngine} of the configured warehouse ({@code demostream.warehouse.type}, as the
 * insights choose theirs): the local engine on a JDBC warehouse, BigQuery ML on BigQuery; and the
 * retrain schedule of either.
 */
@Configuration(proxyBeanMethods = false)
class ForecastConfiguration {

  @Bean
  @ConditionalOnProperty(
      name = "demostream.warehouse.type",
      havingValue = "jdbc",
      matchIfMissing = true)
  ForecastService forecastService(
      InsightsRepository repository, ForecastProperties properties, MeterRegistry meters) {
    return new ForecastService(new SeriesReader(repository), properties, Clock.systemUTC(), meters);
  }

  @Bean
  @ConditionalOnProperty(name = "demostream.warehouse.type", havingValue = "bigquery")
  BigQueryForecastEngine bigQueryForecastEngine(
      ObjectProvider<BigQuery> bigQuery,
      BigQueryProperties bigQueryProperties,
      ForecastProperties properties,
      BigQueryForecastProperties forecastProperties,
      MeterRegistry meters) {
    return new BigQueryForecastEngine(
        bigQuery::getObject,
        bigQueryProperties.dataset(),
        properties,
        forecastProperties,
        Clock.systemUTC(),
        meters);
  }

  @Bean(destroyMethod = "close")
  ForecastRetrainSchedule forecastRetrainSchedule(ForecastEngine forecasts) {
    return new ForecastRetrainSchedule(forecasts);
  }
}
