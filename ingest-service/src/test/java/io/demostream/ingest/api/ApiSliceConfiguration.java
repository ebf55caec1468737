package io.demostream.ingest.api;

import io.demostream.ingest.config.IngestProperties;
import io.demostream.ingest.config.RandomUserProperties;
import io.demostream.ingest.config.SyntheticProperties;
import io.demostream.ingest.ingestion.StartDefaults;
import io.demostream.ingest.security.ApiSecurityProperties;
import io.demostream.ingest.security.SecurityConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of the API needs beyond the controller: its properties, the real start
 * defaults (what a dry run answers) and security.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  IngestProperties.class,
  RandomUserProperties.class,
  SyntheticProperties.class,
  ApiSecurityProperties.class
})
@Import({SecurityConfiguration.class, StartDefaults.class})
class ApiSliceConfiguration {}
