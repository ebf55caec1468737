package io.demostream.control.insights.forecast;

import io.demostream.control.insights.InsightsRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The local forecast engine on whichever warehouse the insights read, and its retrain schedule. */
@Configuration(proxyBeanMethods = false)
class ForecastConfiguration {

  @Bean
  ForecastService forecastService(
      InsightsRepository repository, ForecastProperties properties, MeterRegistry meters) {
    return new ForecastService(new SeriesReader(repository), properties, Clock.systemUTC(), meters);
  }

  @Bean(destroyMethod = "close")
  ForecastRetrainSchedule forecastRetrainSchedule(
      ForecastService forecasts, ForecastProperties properties) {
    return new ForecastRetrainSchedule(forecasts, properties);
  }
}
