package io.demostream.ingest.api;

import io.demostream.ingest.config.IngestProperties;
import io.demostream.ingest.security.ApiSecurityProperties;
import io.demostream.ingest.security.SecurityConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of the API needs beyond the controller: its properties and security.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({IngestProperties.class, ApiSecurityProperties.class})
@Import(SecurityConfiguration.class)
class ApiSliceConfiguration {}
