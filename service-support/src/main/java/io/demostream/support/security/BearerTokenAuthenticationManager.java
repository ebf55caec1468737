package io.demostream.support.security;

import java.util.List;
import org.springframework.lang.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * Accepts a bearer token that is the configured API token ({@link ApiTokenVerifier}) or, when an
 * OIDC issuer is configured ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, for
 * which Spring Boot provides the {@link JwtDecoder}), a JWT from that issuer. Anything else is an
 * {@link InvalidBearerTokenException}, which {@link ProblemAuthenticationEntryPoint} answers with
 * 401 and {@code error="invalid_token"}.
 */
public final class BearerTokenAuthenticationManager implements AuthenticationManager {

  /** The authority of a caller that presented the API token. */
  public static final String API_TOKEN_AUTHORITY = "API_TOKEN";

  private final ApiTokenVerifier apiToken;
  private final JwtAuthenticationProvider jwt;

  public BearerTokenAuthenticationManager(ApiTokenVerifier apiToken, @Nullable JwtDecoder jwt) {
    this.apiToken = apiToken;
    this.jwt = jwt == null ? null : new JwtAuthenticationProvider(jwt);
  }

  /** Whether any token at all can succeed. */
  public boolean acceptsAnything() {
    return apiToken.configured() || jwt != null;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String token = ((BearerTokenAuthenticationToken) authentication).getToken();
    if (apiToken.matches(token)) {
      return new ApiTokenAuthentication();
    }
    if (jwt != null) {
      return jwt.authenticate(authentication);
    }
    if (!apiToken.configured()) {
      throw new CredentialsNotConfiguredException();
    }
    throw new InvalidBearerTokenException("the bearer token is not valid for this service");
  }

  /** The caller proved it holds the API token; it carries no identity beyond that. */
  static final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    ApiTokenAuthentication() {
      super(List.of(new SimpleGrantedAuthority(API_TOKEN_AUTHORITY)));
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
