package io.demostream.ingest.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.support.security.ApiSecurityProperties;
import io.demostream.support.security.BearerTokenSecurity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two filter chains: every call under {@code /api/**}, reads included, needs a bearer token (the
 * configured API token, or a JWT from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * when one is set), checked by service-support's {@link BearerTokenSecurity}; everything else (the
 * OpenAPI document, and the actuator on the management port) is open. With no token configured
 * every API call is refused with 401, and a warning says so at startup. The properties ({@code
 * demostream.security.*}) are service-support's {@link ApiSecurityProperties}; ingest ignores
 * {@code open-reads}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class SecurityConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiSecurityProperties properties,
      ObjectProvider<JwtDecoder> jwtDecoder,
      ObjectMapper json)
      throws Exception {
    return BearerTokenSecurity.apply(
            http.securityMatcher("/api/**"),
            properties.apiToken(),
            jwtDecoder.getIfAvailable(),
            json)
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
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
