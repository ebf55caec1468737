package io.demostream.control.insights.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.demostream.control.insights.InsightsRepository;
import io.demostream.control.warehouse.BigQueryProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The warehouse chooses the engine as it chooses the insights' repository: the local one on JDBC
 * (and by default), BigQuery ML on BigQuery, never both; the retrain schedule runs whichever.
 */
class ForecastConfigurationTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({
    ForecastProperties.class,
    BigQueryForecastProperties.class,
    BigQueryProperties.class
  })
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(Properties.class, ForecastConfiguration.class)
          .withBean(InsightsRepository.class, () -> mock(InsightsRepository.class))
          .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  @Test
  void jdbcAndTheDefaultGetTheLocalEngine() {
    for (String[] properties : new String[][] {{}, {"demostream.warehouse.type=jdbc"}}) {
      runner
          .withPropertyValues(properties)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(ForecastEngine.class))
                    .isInstanceOf(ForecastService.class);
                assertThat(context).hasSingleBean(ForecastRetrainSchedule.class);
              });
    }
  }

  @Test
  void bigQueryGetsBigQueryMlWithItsDefaults() {
    runner
        .withPropertyValues("demostream.warehouse.type=bigquery")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ForecastEngine.class))
                  .isInstanceOf(BigQueryForecastEngine.class);
              assertThat(context).doesNotHaveBean(ForecastService.class);
              BigQueryForecastProperties defaults =
                  context.getBean(BigQueryForecastProperties.class);
              assertThat(defaults.modelHorizon()).isEqualTo(1440);
              assertThat(defaults.tableConfidence()).isEqualTo(0.9);
              assertThat(defaults.tableThreshold()).isEqualTo(0.99);
              assertThat(defaults.retrainInterval()).isEqualTo(Duration.ofHours(1));
              assertThat(context.getBean(ForecastEngine.class).retrainInterval())
                  .as("the schedule's interval")
                  .isEqualTo(Duration.ofHours(1));
            });
  }

  @Test
  void eachEngineRetrainsAtItsOwnInterval() {
    String[] intervals = {
      "demostream.insights.forecast.retrain-interval=5m",
      "demostream.insights.forecast.bigquery.retrain-interval=3h"
    };
    runner
        .withPropertyValues(intervals)
        .run(
            context ->
                assertThat(context.getBean(ForecastEngine.class).retrainInterval())
                    .isEqualTo(Duration.ofMinutes(5)));
    runner
        .withPropertyValues(intervals)
        .withPropertyValues("demostream.warehouse.type=bigquery")
        .run(
            context ->
                assertThat(context.getBean(ForecastEngine.class).retrainInterval())
                    .isEqualTo(Duration.ofHours(3)));
  }
}
