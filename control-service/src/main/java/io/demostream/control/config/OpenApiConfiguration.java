package io.demostream.control.config;

import io.demostream.support.web.OpenApiDocuments;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The title and description of the control API's OpenAPI document; the rest (version, bearer
 * scheme, {@code /v3/api-docs}) is service-support's {@link OpenApiDocuments}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  @Bean
  OpenAPI demostreamOpenApi() {
    return OpenApiDocuments.bearerSecured(
        "demostream control-service",
        "Provision resources, start and stop the pipeline job, run the whole flow, read insights."
            + " Mutating calls need 'Authorization: Bearer <token>'.");
  }
}
