package io.demostream.ingest.api;

import io.demostream.ingest.ingestion.IngestionProperties;
import io.demostream.ingest.ingestion.StartDefaults;
import io.demostream.ingest.security.SecurityConfiguration;
import io.demostream.ingest.source.RandomUserProperties;
import io.demostream.ingest.source.ReplayFiles;
import io.demostream.ingest.source.SyntheticProperties;
import io.demostream.support.security.ApiSecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of the API needs beyond the controller: its properties, the real start
 * defaults (what a dry run answers) and security.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  IngestionProperties.class,
  RandomUserProperties.class,
  SyntheticProperties.class,
  ApiSecurityProperties.class
})
@Import({SecurityConfiguration.class, StartDefaults.class})
class ApiSliceConfiguration {

  /** Local files only: no test of the API reaches Cloud Storage. */
  @Bean
  ReplayFiles replayFiles() {
    return new ReplayFiles(
        () -> {
          throw new IllegalStateException("no Cloud Storage in API tests");
        });
  }
}
