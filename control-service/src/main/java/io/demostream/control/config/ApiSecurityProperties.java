package io.demostream.control.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication of the REST API ({@code demostream.security.*}). A JWT issuer for OIDC is
 * configured with Spring's own {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}.
 *
 * @param apiToken bearer token that mutating requests must present; blank means mutating requests
 *     are refused unless a JWT issuer is configured. Never logged.
 * @param openReads whether GET requests under {@code /api/**} need no authentication
 */
@Validated
@ConfigurationProperties("demostream.security")
public record ApiSecurityProperties(
    @DefaultValue("") String apiToken, @DefaultValue("true") boolean openReads) {

  public boolean hasApiToken() {
    return apiToken != null && !apiToken.isBlank();
  }

  @Override
  public String toString() {
    return "ApiSecurityProperties[apiToken="
        + (hasApiToken() ? "***" : "")
        + ", openReads="
        + openReads
        + "]";
  }
}
