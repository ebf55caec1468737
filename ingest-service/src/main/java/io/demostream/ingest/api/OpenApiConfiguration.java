package io.demostream.ingest.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the control API at {@code /v3/api-docs} (Swagger UI at {@code
 * /swagger-ui.html}); both are outside {@code /api/**} and need no token.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String BEARER = "bearer";

  @Bean
  OpenAPI ingestOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("demostream ingest-service")
                .description(
                    "Start, stop and follow ingestion from randomuser.me or the synthetic source"
                        + " into Pub/Sub. Every call needs 'Authorization: Bearer <token>'.")
                .version("v1"))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
