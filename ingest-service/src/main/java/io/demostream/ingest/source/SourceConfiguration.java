package io.demostream.ingest.source;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The randomuser.me client shared by every run, built from {@link RandomUserProperties}. */
@Configuration(proxyBeanMethods = false)
class SourceConfiguration {

  /** Name of the circuit breaker around randomuser.me; configured under resilience4j.*. */
  static final String RANDOMUSER_CIRCUIT_BREAKER = "randomuser";

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
