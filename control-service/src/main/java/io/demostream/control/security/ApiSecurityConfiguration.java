package io.demostream.control.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.config.ApiSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call the API. Mutating requests under {@code /api/**} need a bearer token: the configured
 * API token, or a JWT from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} when one is
 * set (Spring Boot then provides the {@link JwtDecoder}). GET requests are open when {@code
 * demostream.security.open-reads} is true. Everything outside {@code /api/**} (OpenAPI document,
 * Swagger UI, actuator on its own port) is open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiSecurityProperties properties,
      ObjectProvider<JwtDecoder> jwtDecoder,
      ObjectMapper objectMapper)
      throws Exception {
    ApiTokenAuthenticationProvider apiToken = new ApiTokenAuthenticationProvider(properties);
    JwtDecoder decoder = jwtDecoder.getIfAvailable();
    JwtAuthenticationProvider jwt = decoder == null ? null : new JwtAuthenticationProvider(decoder);
    if (!apiToken.configured() && jwt == null) {
      log.warn(
          "demostream.security.api-token is blank and no JWT issuer is configured: "
              + "every mutating API request will be refused with 401");
    }
    AuthenticationManager bearer =
        authentication -> {
          String token = ((BearerTokenAuthenticationToken) authentication).getToken();
          if (apiToken.matches(token)) {
            return apiToken.authenticate(authentication);
          }
          if (jwt != null) {
            return jwt.authenticate(authentication);
          }
          if (!apiToken.configured()) {
            throw new CredentialsNotConfiguredException();
          }
          throw new BadCredentialsException("Bearer token does not match the API token");
        };
    ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(objectMapper);

    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests -> {
              if (properties.openReads()) {
                requests
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.HEAD, "/api/**")
                    .permitAll();
              }
              requests.requestMatchers("/api/**").authenticated().anyRequest().permitAll();
            })
        .oauth2ResourceServer(
            resourceServer ->
                resourceServer
                    .authenticationManagerResolver(request -> bearer)
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    return http.build();
  }
}
