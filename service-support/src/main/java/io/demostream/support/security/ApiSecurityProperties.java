package io.demostream.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication of a service's API ({@code demostream.security.*}), read by {@link
 * BearerTokenSecurity}. A JWT issuer for OIDC is configured with Spring's own {@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri}. Each service enables it with
 * {@code @EnableConfigurationProperties}.
 *
 * @param apiToken the bearer token callers of {@code /api/**} present; blank refuses every call
 *     that needs authentication unless a JWT issuer is configured. Never logged.
 * @param openReads whether GET and HEAD requests under {@code /api/**} need no authentication
 *     (control-service; ingest-service authenticates every API call)
 */
@Validated
@ConfigurationProperties("demostream.security")
public record ApiSecurityProperties(
    @DefaultValue("") String apiToken, @DefaultValue("true") boolean openReads) {

  /** Whether a static API token is configured. */
  public boolean hasApiToken() {
    return apiToken != null && !apiToken.isBlank();
  }

  @Override
  public String toString() {
    // Never let the token reach a log line through a record's generated toString.
    return "ApiSecurityProperties[apiToken="
        + (hasApiToken() ? "<set>" : "<unset>")
        + ", openReads="
        + openReads
        + "]";
  }
}
