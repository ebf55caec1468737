package io.demostream.ingest.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.ingest.config.ApiSecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Two filter chains: {@code /api/**} needs the bearer token (stateless, no CSRF since no cookies
 * are used); everything else, which is only the actuator on the management port, is open. With no
 * token configured every API call is refused, and a warning says so at startup.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(
      HttpSecurity http, ApiSecurityProperties properties, ObjectMapper json) throws Exception {
    ApiTokenVerifier verifier = new ApiTokenVerifier(properties.apiToken());
    if (!verifier.configured()) {
      log.warn(
          "demostream.security.api-token is not set: every /api/** call will be refused with 401");
    }
    ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(json);
    return http.securityMatcher("/api/**")
        .csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new BearerTokenFilter(verifier), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(
                        (request, response, denied) ->
                            entryPoint.commence(request, response, null)))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain openSecurity(HttpSecurity http) throws Exception {
    return http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .build();
  }
}
