package io.demostream.control.alerts.rules;

import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.demostream.control.alerts.AlertsDatabase;
import io.demostream.control.security.ApiSecurityConfiguration;
import java.nio.file.Files;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Rules over REST on a real (H2) state database: stored, versioned, validated, token-guarded. */
@WebMvcTest(
    useDefaultFilters = false,
    includeFilters =
        @Filter(
            type = FilterType.REGEX,
            pattern = {
              "io\\.demostream\\.control\\.alerts\\.rules\\.AlertRulesController",
              "io\\.demostream\\.control\\.api\\.ApiExceptionHandler"
            }))
@Import({ApiSecurityConfiguration.class, AlertRulesControllerTests.Rules.class})
@TestPropertySource(properties = "demostream.security.api-token=right-token")
class AlertRulesControllerTests {

  static final String TRAFFIC_DROP =
      "{\"name\":\"traffic-drop\",\"metric\":\"users\",\"condition\":{\"type\":\"below\","
          + "\"threshold\":50,\"recover\":80},\"forWindows\":1,\"severity\":\"warning\","
          + "\"notify\":[\"pubsub\"]}";

  private static AlertsDatabase db;

  @TestConfiguration
  static class Rules {
    @Bean
    AlertRuleService alertRuleService() throws Exception {
      db = AlertsDatabase.open(AlertsDatabase.Kind.H2, Files.createTempDirectory("alert-rules"));
      return new AlertRuleService(
          new AlertRuleRepository(db.dataSource(), AlertsDatabase.JSON), Clock.systemUTC());
    }
  }

  @AfterAll
  static void close() {
    if (db != null) {
      db.close();
    }
  }

  @Autowired MockMvc mvc;

  @Test
  void createAnswers201WithIdAndVersionThenEveryEditRaisesTheVersion() throws Exception {
    String created =
        mvc.perform(
                post("/api/v1/alert-rules")
                    .header("Authorization", "Bearer right-token")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(TRAFFIC_DROP))
            .andExpect(status().isCreated())
            .andExpect(header().exists("Location"))
            .andExpect(jsonPath("$.id").isString())
            .andExpect(jsonPath("$.version").value(1))
            .andExpect(jsonPath("$.name").value("traffic-drop"))
            .andExpect(jsonPath("$.condition.type").value("below"))
            .andExpect(jsonPath("$.condition.recover").value(80.0))
            .andExpect(jsonPath("$.notify[0]").value("pubsub"))
            .andExpect(jsonPath("$.minUsers").value(0))
            .andExpect(jsonPath("$.earlyPanes").value(false))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String id = JsonPath.read(created, "$.id");

    mvc.perform(
            put("/api/v1/alert-rules/" + id)
                .header("Authorization", "Bearer right-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(TRAFFIC_DROP.replace("\"threshold\":50", "\"threshold\":40")))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(2))
        .andExpect(jsonPath("$.condition.threshold").value(40.0));
    mvc.perform(get("/api/v1/alert-rules/" + id))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.version").value(2));
    mvc.perform(get("/api/v1/alert-rules"))
        .andExpect(jsonPath("$[?(@.id=='" + id + "')]", hasSize(1)));

    mvc.perform(delete("/api/v1/alert-rules/" + id).header("Authorization", "Bearer right-token"))
        .andExpect(status().isNoContent());
    mvc.perform(get("/api/v1/alert-rules/" + id))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:not-found"));
  }

  @Test
  void absentRuleTakesAnIsoDuration() throws Exception {
    mvc.perform(
            post("/api/v1/alert-rules")
                .header("Authorization", "Bearer right-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\"silence\",\"metric\":\"users\",\"groupBy\":\"country\","
                        + "\"condition\":{\"type\":\"absent\",\"for\":\"PT2M\"},\"severity\":\"critical\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.condition.for").value("PT2M"));
  }

  @Test
  void mutatingCallsNeedTheToken() throws Exception {
    mvc.perform(
            post("/api/v1/alert-rules")
                .contentType(MediaType.APPLICATION_JSON)
                .content(TRAFFIC_DROP))
        .andExpect(status().isUnauthorized());
    mvc.perform(
            put("/api/v1/alert-rules/x")
                .header("Authorization", "Bearer wrong")
                .contentType(MediaType.APPLICATION_JSON)
                .content(TRAFFIC_DROP))
        .andExpect(status().isUnauthorized());
    mvc.perform(delete("/api/v1/alert-rules/x")).andExpect(status().isUnauthorized());
  }

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        Arguments.of(TRAFFIC_DROP.replace("\"name\":\"traffic-drop\",", ""), "name"),
        Arguments.of(TRAFFIC_DROP.replace("\"users\"", "\"visitors\""), "metric"),
        Arguments.of(TRAFFIC_DROP.replace("\"recover\":80", "\"recover\":20"), "condition.recover"),
        Arguments.of(TRAFFIC_DROP.replace("\"threshold\":50,", ""), "condition.threshold"),
        Arguments.of(TRAFFIC_DROP.replace("\"forWindows\":1", "\"forWindows\":0"), "forWindows"),
        Arguments.of(TRAFFIC_DROP.replace("\"warning\"", "\"page\""), "severity"),
        Arguments.of(TRAFFIC_DROP.replace("[\"pubsub\"]", "[\"sms\"]"), "notify"),
        Arguments.of(
            TRAFFIC_DROP.replace("\"metric\":\"users\"", "\"metric\":\"age_band_share\""),
            "filter.ageBand"),
        Arguments.of(
            TRAFFIC_DROP.replace(
                "\"metric\":\"users\"",
                "\"metric\":\"users\",\"filter\":{\"country\":\"France\"},\"groupBy\":\"country\""),
            "groupBy"),
        Arguments.of(
            TRAFFIC_DROP.replace(
                "{\"type\":\"below\",\"threshold\":50,\"recover\":80}",
                "{\"type\":\"outside\",\"low\":0.6,\"high\":0.4}"),
            "condition.high"),
        Arguments.of(
            TRAFFIC_DROP.replace(
                "{\"type\":\"below\",\"threshold\":50,\"recover\":80}",
                "{\"type\":\"deviation\",\"baselineWindows\":12}"),
            "condition.z"),
        Arguments.of(
            TRAFFIC_DROP.replace(
                "{\"type\":\"below\",\"threshold\":50,\"recover\":80}",
                "{\"type\":\"absent\",\"for\":\"soon\"}"),
            "condition.for"),
        Arguments.of(
            TRAFFIC_DROP.replace(
                "{\"type\":\"below\",\"threshold\":50,\"recover\":80}",
                "{\"type\":\"anomaly\",\"threshold\":1.5}"),
            "condition.threshold"),
        Arguments.of(
            TRAFFIC_DROP
                .replace("\"metric\":\"users\"", "\"metric\":\"female_share\"")
                .replace(
                    "{\"type\":\"below\",\"threshold\":50,\"recover\":80}",
                    "{\"type\":\"anomaly\"}"),
            "metric"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidRules")
  void invalidRuleIsABadRequestNamingTheField(String body, String field) throws Exception {
    mvc.perform(
            post("/api/v1/alert-rules")
                .header("Authorization", "Bearer right-token")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value(field));
  }
}
