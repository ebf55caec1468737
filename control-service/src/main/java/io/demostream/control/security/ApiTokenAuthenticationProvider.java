package io.demostream.control.security;

import io.demostream.control.config.ApiSecurityProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Accepts a bearer token equal to {@code demostream.security.api-token}. The comparison is
 * constant-time ({@link MessageDigest#isEqual}) over SHA-256 digests, so neither the content nor
 * the length of the configured token leaks through timing.
 */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

  static final String AUTHORITY = "API_TOKEN";

  private final byte[] expectedDigest;

  ApiTokenAuthenticationProvider(ApiSecurityProperties properties) {
    this.expectedDigest = properties.hasApiToken() ? sha256(properties.apiToken()) : null;
  }

  /** Whether a token is configured at all. */
  boolean configured() {
    return expectedDigest != null;
  }

  /** Whether the token matches, in constant time. */
  boolean matches(String token) {
    return expectedDigest != null && MessageDigest.isEqual(expectedDigest, sha256(token));
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (!matches(token)) {
      throw new BadCredentialsException("Bearer token does not match the API token");
    }
    return new ApiTokenAuthentication();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The caller proved it holds the API token; it carries no identity beyond that. */
  static final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    ApiTokenAuthentication() {
      super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return "api-token";
    }
  }
}
