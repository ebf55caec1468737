package io.demostream.ingest.source;

import com.google.cloud.storage.StorageOptions;
import com.google.common.base.Suppliers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The randomuser.me client shared by every run, built from {@link RandomUserProperties}, and the
 * files a replay reads.
 */
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

  /**
   * Local files and Cloud Storage objects for replays; the Storage client (Application Default
   * Credentials, {@code spring.cloud.gcp.project-id} not needed to read) is built on first use.
   */
  @Bean
  ReplayFiles replayFiles() {
    return new ReplayFiles(
        Suppliers.memoize(() -> StorageOptions.getDefaultInstance().getService()));
  }
}
