package io.demostream.ingest.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Authentication of the control API.
 *
 * @param apiToken the bearer token callers of {@code /api/**} present; blank refuses every call
 */
@Validated
@ConfigurationProperties("demostream.security")
public record ApiSecurityProperties(String apiToken) {

  /** True when no token is configured, so every API call is refused. */
  public boolean tokenMissing() {
    return apiToken == null || apiToken.isBlank();
  }

  @Override
  public String toString() {
    // Never let the token reach a log line through a record's generated toString.
    return "ApiSecurityProperties[apiToken=" + (tokenMissing() ? "<unset>" : "<set>") + "]";
  }
}
