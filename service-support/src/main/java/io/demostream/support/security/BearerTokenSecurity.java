package io.demostream.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.lang.Nullable;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The part of a service's API filter chain both services share: stateless, no CSRF (no cookies are
 * used), no form or basic login; bearer tokens authenticated by {@link
 * BearerTokenAuthenticationManager}; every failure answered by {@link
 * ProblemAuthenticationEntryPoint}. The service adds its own authorization rules to the returned
 * {@link HttpSecurity}.
 */
public final class BearerTokenSecurity {

  private static final Logger log = LoggerFactory.getLogger(BearerTokenSecurity.class);
  private static final String BEARER = "Bearer ";

  private BearerTokenSecurity() {}

  /**
   * Applies bearer-token authentication to {@code http}.
   *
   * @param apiToken the configured static token ({@code demostream.security.api-token})
   * @param jwtDecoder the decoder of JWTs from the configured OIDC issuer, or null for none
   */
  public static HttpSecurity apply(
      HttpSecurity http, String apiToken, @Nullable JwtDecoder jwtDecoder, ObjectMapper json)
      throws Exception {
    BearerTokenAuthenticationManager bearer =
        new BearerTokenAuthenticationManager(new ApiTokenVerifier(apiToken), jwtDecoder);
    if (!bearer.acceptsAnything()) {
      log.warn(
          "demostream.security.api-token is blank and no JWT issuer is configured: every call"
              + " that needs authentication will be refused with 401");
    }
    ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(json);
    return http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .bearerTokenResolver(BearerTokenSecurity::token)
                    .authenticationManagerResolver(request -> bearer)
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
  }

  /**
   * The token of an {@code Authorization: Bearer} header, or null. Lenient on purpose: any
   * characters are taken (the API token is whatever the operator chose), and a wrong or empty token
   * is answered by the entry point as 401, never as Spring's 400 {@code invalid_request}.
   */
  static String token(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
