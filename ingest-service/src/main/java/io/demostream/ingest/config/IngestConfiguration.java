package io.demostream.ingest.config;

import io.demostream.ingest.source.RandomUserClient;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared clients of the ingest service, built from its properties. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

  /** Name of the circuit breaker around randomuser.me; configured under resilience4j.*. */
  public static final String RANDOMUSER_CIRCUIT_BREAKER = "randomuser";

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  RandomUserClient randomUserClient(
      RandomUserProperties properties,
      CircuitBreakerRegistry circuitBreakers,
      MeterRegistry meters,
      Clock clock) {
    HttpClient http =
        HttpClient.newBuilder()
            // The API speaks HTTP/1.1; skipping the h2c upgrade attempt saves a round trip.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    return new RandomUserClient(
        http,
        properties,
        circuitBreakers.circuitBreaker(RANDOMUSER_CIRCUIT_BREAKER),
        meters,
        clock);
  }
}
