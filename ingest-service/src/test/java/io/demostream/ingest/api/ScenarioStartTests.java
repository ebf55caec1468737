package io.demostream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.events.synthetic.Scenario;
import io.demostream.events.synthetic.ScenarioEvent;
import io.demostream.events.synthetic.Scenarios;
import io.demostream.ingest.ingestion.IngestionCounts;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.source.ScenarioStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The start request's {@code scenario}: resolution, its 400s naming the field, dry run, status. */
@WebMvcTest(IngestionController.class)
@Import(ApiSliceConfiguration.class)
@TestPropertySource(properties = "demostream.security.api-token=s3cret-token")
class ScenarioStartTests {

  private static final String ISSUE_EXAMPLE =
      """
      {"source":"synthetic","scenario":{"name":"daily","seed":42,"period":"PT10M","events":[
        {"kind":"spike","at":"PT6M","duration":"PT40S","factor":4},
        {"kind":"silence","at":"PT8M","duration":"PT1M","country":"FR"}]}}
      """;

  @Autowired private MockMvc mvc;
  @MockitoBean private IngestionService ingestion;

  private static MockHttpServletRequestBuilder start(String path, String json) {
    return post(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer s3cret-token")
        .contentType(MediaType.APPLICATION_JSON)
        .content(json);
  }

  @Test
  void aScenarioStartsWithItsEventsAndTheStatusListsThemWithAbsoluteTimes() throws Exception {
    Instant startedAt = Instant.parse("2026-03-01T10:00:00Z");
    Scenario scenario =
        Scenarios.named("daily")
            .with(
                42L,
                Duration.ofMinutes(10),
                List.of(
                    ScenarioEvent.spike(Duration.ofMinutes(6), Duration.ofSeconds(40), 4),
                    ScenarioEvent.silence(Duration.ofMinutes(8), Duration.ofMinutes(1), "FR")));
    given(ingestion.start(any()))
        .willReturn(
            new IngestionStatus(
                IngestionState.RUNNING,
                "synthetic",
                startedAt,
                new IngestionCounts(0, 0, 0, 0, 0),
                "CLOSED",
                null,
                null,
                ScenarioStatus.of(scenario, 42, startedAt)));

    mvc.perform(start("/api/v1/ingestion/start", ISSUE_EXAMPLE))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.scenario.name").value("daily"))
        .andExpect(jsonPath("$.scenario.seed").value(42))
        .andExpect(jsonPath("$.scenario.events[0].kind").value("spike"))
        .andExpect(jsonPath("$.scenario.events[0].start").value("2026-03-01T10:06:00Z"))
        .andExpect(jsonPath("$.scenario.events[0].end").value("2026-03-01T10:06:40Z"))
        .andExpect(jsonPath("$.scenario.events[0].factor").value(4.0))
        .andExpect(jsonPath("$.scenario.events[1].kind").value("silence"))
        .andExpect(jsonPath("$.scenario.events[1].country").value("FR"))
        .andExpect(jsonPath("$.scenario.events[1].start").value("2026-03-01T10:08:00Z"))
        .andExpect(jsonPath("$.scenario.events[1].end").value("2026-03-01T10:09:00Z"));

    ArgumentCaptor<StartCommand> command = ArgumentCaptor.forClass(StartCommand.class);
    Mockito.verify(ingestion).start(command.capture());
    assertThat(command.getValue().scenario()).isEqualTo(scenario);
  }

  @Test
  void aNamedScenarioWithoutEventsKeepsItsDocumentedDefaults() throws Exception {
    mvc.perform(
            start(
                "/api/v1/ingestion/start?dryRun=true",
                "{\"source\":\"synthetic\",\"scenario\":{\"name\":\"incidents\"}}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.scenario.name").value("incidents"))
        .andExpect(jsonPath("$.scenario.period").value("PT10M"))
        .andExpect(jsonPath("$.scenario.events.length()").value(4))
        .andExpect(jsonPath("$.scenario.events[0].kind").value("spike"))
        .andExpect(jsonPath("$.scenario.events[2].country").value("FR"))
        .andExpect(jsonPath("$.scenario.events[3].femaleShare").value(0.9));
    verifyNoInteractions(ingestion);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"period\":\"PT10M\"}|scenario.name",
        "{\"name\":\"monthly\"}|scenario.name",
        "{\"name\":\"daily\",\"period\":\"ten minutes\"}|scenario.period",
        "{\"name\":\"daily\",\"period\":\"PT0S\"}|scenario.period",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"boom\",\"at\":\"PT1M\",\"duration\":\"PT1M\"}]}"
            + "|scenario.events[0].kind",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"spike\",\"duration\":\"PT1M\"}]}"
            + "|scenario.events[0].at",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"spike\",\"at\":\"PT1M\",\"duration\":\"-PT1M\"}]}"
            + "|scenario.events[0].duration",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"spike\",\"at\":\"PT1M\",\"duration\":\"PT1M\"},"
            + "{\"kind\":\"spike\",\"at\":\"PT1M\",\"duration\":\"PT1M\",\"factor\":0.5}]}"
            + "|scenario.events[1].factor",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"drop\",\"at\":\"PT1M\",\"duration\":\"PT1M\",\"factor\":2}]}"
            + "|scenario.events[0].factor",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"silence\",\"at\":\"PT1M\",\"duration\":\"PT1M\",\"country\":\"XX\"}]}"
            + "|scenario.events[0].country",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"spike\",\"at\":\"PT1M\",\"duration\":\"PT1M\",\"country\":\"FR\"}]}"
            + "|scenario.events[0].country",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"skew\",\"at\":\"PT1M\",\"duration\":\"PT1M\"}]}"
            + "|scenario.events[0].femaleShare",
        "{\"name\":\"daily\",\"events\":[{\"kind\":\"skew\",\"at\":\"PT1M\",\"duration\":\"PT1M\",\"femaleShare\":1.5}]}"
            + "|scenario.events[0].femaleShare",
      })
  void aBadScenarioIsA400NamingTheField(String scenario, String field) throws Exception {
    mvc.perform(
            start(
                "/api/v1/ingestion/start",
                "{\"source\":\"synthetic\",\"scenario\":" + scenario + "}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value(field));
    verifyNoInteractions(ingestion);
  }

  @Test
  void aScenarioDoesNotApplyToRandomuser() throws Exception {
    mvc.perform(
            start(
                "/api/v1/ingestion/start",
                "{\"source\":\"randomuser\",\"scenario\":{\"name\":\"daily\"}}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.field").value("scenario"));
    verifyNoInteractions(ingestion);
  }
}
