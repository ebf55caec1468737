package io.demostream.control.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** Wires the ingest-service client on Spring Boot's {@link RestClient.Builder}. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

  @Bean
  IngestClient ingestClient(
      IngestClientProperties properties, RestClient.Builder builder, MeterRegistry meters) {
    return new IngestClient(properties, builder, meters);
  }
}
