package io.demostream.ingest.api;

import io.demostream.support.web.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description of the ingest API's OpenAPI document; the rest (version, bearer scheme,
 * {@code /v3/api-docs}) is service-support's {@link OpenApiDocuments}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI ingestOpenApi() {
    return OpenApiDocuments.bearerSecured(
        "demostream ingest-service",
        "Start, stop and follow ingestion from randomuser.me, the synthetic source or a replay"
            + " into Pub/Sub, and push users. Every call needs 'Authorization: Bearer <token>'.");
  }
}
