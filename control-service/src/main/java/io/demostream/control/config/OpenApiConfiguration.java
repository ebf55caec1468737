package io.demostream.control.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

  static final String BEARER = "bearer";

  @Bean
  OpenAPI demostreamOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("demostream control-service")
                .description(
                    "Provision resources, start and stop the pipeline job, run the whole flow. "
                        + "Mutating calls need 'Authorization: Bearer <token>'.")
                .version("v1"))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
