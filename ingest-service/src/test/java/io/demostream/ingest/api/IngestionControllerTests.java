package io.demostream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.events.EventSource;
import io.demostream.ingest.ingestion.IngestionAlreadyRunningException;
import io.demostream.ingest.ingestion.IngestionCounts;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionShuttingDownException;
import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.ingestion.StartDefaults;
import io.demostream.ingest.source.SourceSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebMvcTest(IngestionController.class)
@Import(ApiSliceConfiguration.class)
@TestPropertySource(
    properties = {
      "demostream.security.api-token=s3cret-token",
      "demostream.ingest.source=randomuser"
    })
class IngestionControllerTests {

  private static final String TOKEN = "Bearer s3cret-token";
  private static final IngestionStatus RUNNING =
      new IngestionStatus(
          IngestionState.RUNNING,
          "synthetic",
          Instant.parse("2026-03-01T10:00:00Z"),
          new IngestionCounts(3, 1500, 1490, 2, 1),
          "CLOSED",
          null);

  @Autowired private MockMvc mvc;
  @MockitoBean private IngestionService ingestion;
  @Autowired private StartDefaults defaults;

  private static MockHttpServletRequestBuilder start(String json) {
    return post("/api/v1/ingestion/start")
        .header(HttpHeaders.AUTHORIZATION, TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .content(json);
  }

  @Test
  void statusWithoutTokenIsUnauthorizedProblem() throws Exception {
    mvc.perform(get("/api/v1/ingestion"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"))
        .andExpect(jsonPath("$.status").value(401));
    verify(ingestion, never()).status();
  }

  @Test
  void wrongTokenIsUnauthorizedAndNothingStarts() throws Exception {
    mvc.perform(
            post("/api/v1/ingestion/start")
                .header(HttpHeaders.AUTHORIZATION, "Bearer s3cret-tokeN"))
        .andExpect(status().isUnauthorized())
        .andExpect(
            header()
                .string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer error=\"invalid_token\"")))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unauthorized"));
    mvc.perform(post("/api/v1/ingestion/start").header(HttpHeaders.AUTHORIZATION, "s3cret-token"))
        .andExpect(status().isUnauthorized());
    verify(ingestion, never()).start(any());
  }

  @Test
  void statusHasTheDocumentedShape() throws Exception {
    given(ingestion.status()).willReturn(RUNNING);

    mvc.perform(get("/api/v1/ingestion").header(HttpHeaders.AUTHORIZATION, TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("RUNNING"))
        .andExpect(jsonPath("$.source").value("synthetic"))
        .andExpect(jsonPath("$.startedAt").value("2026-03-01T10:00:00Z"))
        .andExpect(jsonPath("$.counts.requests").value(3))
        .andExpect(jsonPath("$.counts.usersFetched").value(1500))
        .andExpect(jsonPath("$.counts.messagesPublished").value(1490))
        .andExpect(jsonPath("$.counts.publishFailures").value(2))
        .andExpect(jsonPath("$.counts.invalidRecords").value(1))
        .andExpect(jsonPath("$.circuit").value("CLOSED"))
        .andExpect(jsonPath("$.lastError").isEmpty());
  }

  @Test
  void startWithoutBodyUsesTheConfiguration() throws Exception {
    given(ingestion.start(any())).willReturn(RUNNING);

    mvc.perform(post("/api/v1/ingestion/start").header(HttpHeaders.AUTHORIZATION, TOKEN))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.state").value("RUNNING"));
    verify(ingestion).start(StartCommand.defaults());
  }

  @Test
  void startPassesTheRequestedSettingsToTheService() throws Exception {
    given(ingestion.start(any())).willReturn(RUNNING);

    mvc.perform(
            start(
                """
                {"source": "randomuser", "requestsPerSecond": 2.5, "resultsPerRequest": 5000,
                 "nationalities": ["us", "GB"], "durationSeconds": 60}
                """))
        .andExpect(status().isAccepted());

    ArgumentCaptor<StartCommand> command = ArgumentCaptor.forClass(StartCommand.class);
    verify(ingestion).start(command.capture());
    assertThat(command.getValue())
        .isEqualTo(
            new StartCommand(
                EventSource.RANDOMUSER,
                null,
                2.5,
                5000,
                List.of("US", "GB"),
                Duration.ofSeconds(60)));
  }

  @Test
  void startRejectsResultsAbove5000NamingTheField() throws Exception {
    mvc.perform(start("{\"resultsPerRequest\": 5001}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("resultsPerRequest"))
        .andExpect(jsonPath("$.errors[0].field").value("resultsPerRequest"));
    verify(ingestion, never()).start(any());
  }

  @Test
  void startRejectsResultsBelowOne() throws Exception {
    mvc.perform(start("{\"resultsPerRequest\": 0}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("resultsPerRequest"));
  }

  @Test
  void startRejectsAnUnknownSource() throws Exception {
    mvc.perform(start("{\"source\": \"twitter\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("source"))
        .andExpect(jsonPath("$.detail").value("source must be randomuser, synthetic or replay"));
  }

  @Test
  void startRejectsABadNationalityNamingItsIndex() throws Exception {
    mvc.perform(start("{\"nationalities\": [\"US\", \"USA\"]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("nationalities[1]"));
  }

  @Test
  void startRejectsATextWhereANumberBelongs() throws Exception {
    mvc.perform(start("{\"resultsPerRequest\": \"many\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("resultsPerRequest"));
  }

  @Test
  void startRejectsMalformedJson() throws Exception {
    mvc.perform(start("{\"source\": "))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:malformed-request"));
  }

  @Test
  void startRejectsUsersPerSecondForTheRandomuserSource() throws Exception {
    // demostream.ingest.source is randomuser, so a bare usersPerSecond does not apply.
    mvc.perform(start("{\"usersPerSecond\": 500}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("usersPerSecond"))
        .andExpect(
            jsonPath("$.detail").value("usersPerSecond does not apply to source randomuser"));
  }

  @Test
  void startRejectsResultsPerRequestForTheSyntheticSource() throws Exception {
    mvc.perform(start("{\"source\": \"synthetic\", \"resultsPerRequest\": 10}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("resultsPerRequest"));
  }

  @Test
  void startRejectsANonPositiveDuration() throws Exception {
    mvc.perform(start("{\"durationSeconds\": 0}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("durationSeconds"));
  }

  @Test
  void startWhileRunningAnswers409WithTheCurrentState() throws Exception {
    given(ingestion.start(any())).willThrow(new IngestionAlreadyRunningException(RUNNING));

    mvc.perform(start("{\"source\": \"synthetic\", \"usersPerSecond\": 10}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:ingestion-active"))
        .andExpect(jsonPath("$.state").value("RUNNING"))
        .andExpect(jsonPath("$.status.counts.usersFetched").value(1500));
  }

  @Test
  void stopAnswersWithTheStoppingStatus() throws Exception {
    given(ingestion.stop())
        .willReturn(
            new IngestionStatus(
                IngestionState.STOPPING,
                "synthetic",
                RUNNING.startedAt(),
                RUNNING.counts(),
                "CLOSED",
                null));

    mvc.perform(post("/api/v1/ingestion/stop").header(HttpHeaders.AUTHORIZATION, TOKEN))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.state").value("STOPPING"));
  }

  @Test
  void startWhileShuttingDownAnswers503WithRetryAfter() throws Exception {
    given(ingestion.start(any())).willThrow(new IngestionShuttingDownException());

    mvc.perform(start("{}"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string(HttpHeaders.RETRY_AFTER, "30"))
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:unavailable"));
  }

  @Test
  void anUnexpectedFailureNeverEchoesItsMessage() throws Exception {
    given(ingestion.start(any()))
        .willThrow(new IllegalStateException("pool jdbc:secret@10.0.0.7 exhausted"));

    mvc.perform(start("{}"))
        .andExpect(status().isInternalServerError())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:internal"))
        .andExpect(
            jsonPath("$.detail").value("the request could not be completed; see the service log"));
  }

  @Test
  void dryRunAnswersTheNormalizedRequestAndTouchesNothing() throws Exception {
    mvc.perform(dryRun("{\"source\": \"synthetic\", \"durationSeconds\": 60}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.source").value("synthetic"))
        .andExpect(jsonPath("$.usersPerSecond").value(100))
        .andExpect(jsonPath("$.durationSeconds").value(60))
        .andExpect(jsonPath("$.requestsPerSecond").doesNotExist())
        .andExpect(jsonPath("$.resultsPerRequest").doesNotExist())
        .andExpect(jsonPath("$.nationalities").doesNotExist());
    verifyNoInteractions(ingestion);
  }

  @Test
  void dryRunWithoutBodyFillsEveryDefaultOfTheConfiguredSource() throws Exception {
    mvc.perform(
            post("/api/v1/ingestion/start")
                .param("dryRun", "true")
                .header(HttpHeaders.AUTHORIZATION, TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.source").value("randomuser"))
        .andExpect(jsonPath("$.requestsPerSecond").value(1.0))
        .andExpect(jsonPath("$.resultsPerRequest").value(500))
        .andExpect(jsonPath("$.nationalities").isEmpty())
        .andExpect(jsonPath("$.durationSeconds").doesNotExist())
        .andExpect(jsonPath("$.usersPerSecond").doesNotExist());
    verifyNoInteractions(ingestion);
  }

  @Test
  void dryRunRefusesExactlyWhatAStartRefuses() throws Exception {
    for (String body :
        new String[] {
          "{\"source\": \"synthetic\", \"requestsPerSecond\": 2}",
          "{\"resultsPerRequest\": 6000}",
          "{\"nationalities\": [\"US\", \"x\"]}",
          "{\"source\": \"carrier-pigeon\"}",
          "{\"usersPerSecond\": \"fast\"}",
          "{\"durationSeconds\": 0}",
          "{not json"
        }) {
      String started =
          mvc.perform(start(body))
              .andExpect(status().isBadRequest())
              .andReturn()
              .getResponse()
              .getContentAsString();
      String dryRun =
          mvc.perform(dryRun(body))
              .andExpect(status().isBadRequest())
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(dryRun).as(body).isEqualTo(started);
    }
    verifyNoInteractions(ingestion);
  }

  @Test
  void theNormalizedRequestStartsTheRunTheDryRunDescribed() throws Exception {
    String request =
        "{\"nationalities\": [\"us\"], \"requestsPerSecond\": 0.5, \"durationSeconds\": 90}";
    String normalized = mvc.perform(dryRun(request)).andReturn().getResponse().getContentAsString();
    given(ingestion.start(any())).willReturn(RUNNING);

    mvc.perform(start(normalized)).andExpect(status().isAccepted());

    ArgumentCaptor<StartCommand> command = ArgumentCaptor.forClass(StartCommand.class);
    verify(ingestion).start(command.capture());
    assertThat(defaults.resolve(command.getValue()))
        .isEqualTo(new SourceSettings(EventSource.RANDOMUSER, 100, 0.5, 500, List.of("US")));
    assertThat(command.getValue().duration()).isEqualTo(Duration.ofSeconds(90));
  }

  private static MockHttpServletRequestBuilder dryRun(String json) {
    return start(json).param("dryRun", "true");
  }
}
