package io.demostream.support.security;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The shared chain on a minimal application: 401 with RFC 6750 challenges, 200 with the token. */
class BearerTokenSecurityTests {

  @SpringBootApplication
  static class TestApplication {

    @Bean
    SecurityFilterChain api(
        HttpSecurity http,
        @Value("${demostream.security.api-token:}") String token,
        ObjectProvider<JwtDecoder> jwt,
        ObjectMapper json)
        throws Exception {
      return BearerTokenSecurity.apply(http, token, jwt.getIfAvailable(), json)
          .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .build();
    }

    @RestController
    static class ThingController {

      @PostMapping("/api/things")
      String create() {
        return "created";
      }

      @GetMapping("/api/things")
      String list() {
        return "things";
      }
    }
  }

  @WebMvcTest(TestApplication.ThingController.class)
  @TestPropertySource(properties = "demostream.security.api-token=right-token!$%")
  abstract static class Base {

    @Autowired MockMvc mvc;
  }

  @Nested
  class WithApiToken extends Base {

    @Test
    void missingTokenIs401WithABareBearerChallengeAndAProblem() throws Exception {
      mvc.perform(post("/api/things"))
          .andExpect(status().isUnauthorized())
          .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
          .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"))
          .andExpect(jsonPath("$.status").value(401))
          .andExpect(jsonPath("$.instance").value("/api/things"));
    }

    @Test
    void wrongTokenIs401InvalidToken() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer wrong-token"))
          .andExpect(status().isUnauthorized())
          .andExpect(
              header()
                  .string(
                      HttpHeaders.WWW_AUTHENTICATE,
                      "Bearer error=\"invalid_token\","
                          + " error_description=\"the token is not valid for this service\""))
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"))
          .andExpect(jsonPath("$.detail").value("The bearer token is not valid for this service."));
    }

    @Test
    void tokenThatOnlySharesAPrefixIs401() throws Exception {
      mvc.perform(
              post("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer right-token!$%-more"))
          .andExpect(status().isUnauthorized());
    }

    @Test
    void emptyBearerIs401NotABadRequest() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer "))
          .andExpect(status().isUnauthorized())
          .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }

    @Test
    void basicCredentialsAreNoBearerToken() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz"))
          .andExpect(status().isUnauthorized())
          .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }

    @Test
    void rightTokenWithAnyCharactersIsServed() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "bearer right-token!$%"))
          .andExpect(status().isOk())
          .andExpect(content().string("created"));
    }
  }

  @Nested
  @TestPropertySource(properties = "demostream.security.api-token=")
  class WithoutAnyCredentials extends Base {

    @Test
    void everyTokenIs401InvalidToken() throws Exception {
      mvc.perform(get("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer anything"))
          .andExpect(status().isUnauthorized())
          .andExpect(
              header()
                  .string(
                      HttpHeaders.WWW_AUTHENTICATE,
                      "Bearer error=\"invalid_token\", error_description=\"no token is configured\""))
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    }
  }

  @Nested
  class WithJwtIssuer extends Base {

    @MockitoBean JwtDecoder jwtDecoder;

    @BeforeEach
    void stubDecoder() {
      given(jwtDecoder.decode(anyString()))
          .willAnswer(
              invocation -> {
                String token = invocation.getArgument(0);
                if (!token.equals("valid.jwt.token")) {
                  throw new BadJwtException("not a JWT from the issuer");
                }
                return new Jwt(
                    token,
                    Instant.now(),
                    Instant.now().plusSeconds(300),
                    Map.of("alg", "RS256"),
                    Map.of("sub", "ci@demo-project.iam.gserviceaccount.com"));
              });
    }

    @Test
    void jwtFromTheIssuerIsServed() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer valid.jwt.token"))
          .andExpect(status().isOk());
    }

    @Test
    void apiTokenStillWorks() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer right-token!$%"))
          .andExpect(status().isOk());
    }

    @Test
    void forgedJwtIs401InvalidToken() throws Exception {
      mvc.perform(post("/api/things").header(HttpHeaders.AUTHORIZATION, "Bearer forged.jwt.token"))
          .andExpect(status().isUnauthorized())
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    }
  }
}
