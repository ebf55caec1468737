package io.demostream.control.security;

import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.control.resources.ResourceReport;
import io.demostream.control.resources.ResourceService;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Who may call the API: 401 without credentials or with wrong ones, 200 with the token. */
class ApiSecurityConfigurationTests {

  static final ResourceReport REPORT =
      new ResourceReport("demo-project", "local", "jdbc", List.of());

  @WebMvcTest(
      useDefaultFilters = false,
      includeFilters =
          @Filter(
              type = FilterType.REGEX,
              pattern = {
                "io\\.demostream\\.control\\.resources\\.ResourcesController",
                "io\\.demostream\\.control\\.api\\.ApiExceptionHandler"
              }))
  @Import(ApiSecurityConfiguration.class)
  @TestPropertySource(properties = "demostream.security.api-token=right-token")
  abstract static class Base {

    @Autowired MockMvc mvc;
    @MockitoBean ResourceService resources;

    @BeforeEach
    void stubResources() {
      given(resources.ensure()).willReturn(REPORT);
      given(resources.describe()).willReturn(REPORT);
    }
  }

  @Nested
  class WithApiToken extends Base {

    @Test
    void putWithoutTokenIsUnauthorizedProblem() throws Exception {
      mvc.perform(put("/api/v1/resources"))
          .andExpect(status().isUnauthorized())
          .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
          .andExpect(header().string("WWW-Authenticate", "Bearer"))
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"))
          .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void putWithWrongTokenIsUnauthorizedInvalidToken() throws Exception {
      mvc.perform(put("/api/v1/resources").header("Authorization", "Bearer wrong-token"))
          .andExpect(status().isUnauthorized())
          .andExpect(
              header().string("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\"")))
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    }

    @Test
    void putWithTokenThatOnlySharesAPrefixIsUnauthorized() throws Exception {
      mvc.perform(put("/api/v1/resources").header("Authorization", "Bearer right-token-and-more"))
          .andExpect(status().isUnauthorized());
    }

    @Test
    void putWithRightTokenIsServed() throws Exception {
      mvc.perform(put("/api/v1/resources").header("Authorization", "Bearer right-token"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.projectId").value("demo-project"));
    }

    @Test
    void deleteWithoutTokenIsUnauthorized() throws Exception {
      mvc.perform(
              org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete(
                  "/api/v1/resources?confirm=demo-project"))
          .andExpect(status().isUnauthorized());
    }

    @Test
    void getIsOpenByDefault() throws Exception {
      mvc.perform(get("/api/v1/resources")).andExpect(status().isOk());
    }
  }

  @Nested
  @TestPropertySource(properties = "demostream.security.open-reads=false")
  class WithClosedReads extends Base {

    @Test
    void getWithoutTokenIsUnauthorized() throws Exception {
      mvc.perform(get("/api/v1/resources")).andExpect(status().isUnauthorized());
    }

    @Test
    void getWithTokenIsServed() throws Exception {
      mvc.perform(get("/api/v1/resources").header("Authorization", "Bearer right-token"))
          .andExpect(status().isOk());
    }
  }

  @Nested
  @TestPropertySource(properties = "demostream.security.api-token=")
  class WithoutApiToken extends Base {

    @Test
    void everyMutatingCallIsUnauthorizedEvenWithAToken() throws Exception {
      mvc.perform(put("/api/v1/resources").header("Authorization", "Bearer anything"))
          .andExpect(status().isUnauthorized())
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    }
  }

  /** The OIDC decoder Spring Boot provides is wired in; the token rules are service-support's. */
  @Nested
  class WithJwtIssuer extends Base {

    @MockitoBean JwtDecoder jwtDecoder;

    @Test
    void putWithJwtFromIssuerIsServed() throws Exception {
      Jwt jwt = Jwt.withTokenValue("valid.jwt.token").header("alg", "RS256").subject("ci").build();
      given(jwtDecoder.decode("valid.jwt.token")).willReturn(jwt);

      mvc.perform(put("/api/v1/resources").header("Authorization", "Bearer valid.jwt.token"))
          .andExpect(status().isOk());
    }

    @Test
    void putWithInvalidJwtIsUnauthorized() throws Exception {
      given(jwtDecoder.decode(anyString())).willThrow(new BadJwtException("forged"));

      mvc.perform(put("/api/v1/resources").header("Authorization", "Bearer forged.jwt.token"))
          .andExpect(status().isUnauthorized())
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    }
  }
}
