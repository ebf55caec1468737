package io.demostream.support.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI document both services serve at {@code /v3/api-docs} (Swagger UI at {@code
 * /swagger-ui.html}, both outside {@code /api/**} and open): version {@code v1}, one HTTP bearer
 * security scheme required by every operation. A service's {@code OpenAPI} bean gives only its
 * title and description.
 */
public final class OpenApiDocuments {

  /** The name of the bearer security scheme in the document. */
  public static final String BEARER = "bearer";

  private OpenApiDocuments() {}

  /** The document of an API whose calls authenticate with {@code Authorization: Bearer}. */
  public static OpenAPI bearerSecured(String title, String description) {
    return new OpenAPI()
        .info(new Info().title(title).description(description).version("v1"))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
