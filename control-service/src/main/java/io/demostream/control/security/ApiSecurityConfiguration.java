package io.demostream.control.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.support.security.ApiSecurityProperties;
import io.demostream.support.security.BearerTokenSecurity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call the API. Mutating requests under {@code /api/**} need a bearer token: the configured
 * API token, or a JWT from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} when one is
 * set (Spring Boot then provides the {@link JwtDecoder}), checked by service-support's {@link
 * BearerTokenSecurity}. GET requests are open when {@code demostream.security.open-reads} is true.
 * Everything outside {@code /api/**} (OpenAPI document, Swagger UI, the dashboard, actuator on its
 * own port) is open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSecurityProperties.class)
public class ApiSecurityConfiguration {

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      ApiSecurityProperties properties,
      ObjectProvider<JwtDecoder> jwtDecoder,
      ObjectMapper objectMapper)
      throws Exception {
    return BearerTokenSecurity.apply(
            http, properties.apiToken(), jwtDecoder.getIfAvailable(), objectMapper)
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
        .build();
  }
}
