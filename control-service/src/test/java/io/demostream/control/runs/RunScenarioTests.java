package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestionStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** A run's {@code scenario}: passed to ingest-service as given, its ground truth in the view. */
class RunScenarioTests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCENARIO =
      "{\"name\":\"daily\",\"seed\":42,\"period\":\"PT10M\",\"events\":[{\"kind\":\"spike\","
          + "\"at\":\"PT6M\",\"duration\":\"PT40S\",\"factor\":4}]}";
  private static final String GROUND_TRUTH =
      "{\"name\":\"daily\",\"seed\":42,\"period\":\"PT10M\",\"events\":[{\"kind\":\"spike\","
          + "\"at\":\"PT6M\",\"duration\":\"PT40S\",\"start\":\"2026-03-01T10:06:00Z\","
          + "\"end\":\"2026-03-01T10:06:40Z\",\"factor\":4.0}]}";

  @Test
  void theRunsScenarioReachesIngestServiceAsGiven() throws Exception {
    RunRequest request =
        JSON.readValue(
            "{\"durationMinutes\":30,\"source\":\"synthetic\",\"scenario\":" + SCENARIO + "}",
            RunRequest.class);

    JsonNode sent = JSON.readTree(JSON.writeValueAsString(request.ingestionRequest()));

    assertThat(sent.get("scenario")).isEqualTo(JSON.readTree(SCENARIO));
    assertThat(sent.get("durationSeconds").asLong()).isEqualTo(1800);
  }

  @Test
  void aBadScenarioFieldKeepsIngestServicesName() {
    assertThat(RunValidator.runField("scenario.events[1].factor"))
        .isEqualTo("scenario.events[1].factor");
  }

  @Test
  void theStartIngestionStepRecordsTheGroundTruthAndTheViewShowsIt() throws Exception {
    IngestClient ingest = mock(IngestClient.class);
    RunRepository repository = mock(RunRepository.class);
    given(ingest.start(any()))
        .willReturn(
            new IngestionStatus(
                "RUNNING",
                "synthetic",
                "2026-03-01T10:00:00Z",
                null,
                "CLOSED",
                null,
                JSON.readTree(GROUND_TRUTH)));
    RunRequest request =
        JSON.readValue(
            "{\"durationMinutes\":30,\"source\":\"synthetic\",\"scenario\":" + SCENARIO + "}",
            RunRequest.class);
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    RunRepository.RunRecord run =
        new RunRepository.RunRecord(
            "run-1", RunState.RUNNING, request, "job-1", false, now, null, null, null, null);
    StepContext context =
        new StepContext(
            RunStep.START_INGESTION,
            run,
            false,
            repository,
            Clock.fixed(now, ZoneOffset.UTC),
            () -> {});

    new StartIngestionStep(ingest, repository).perform(context);

    ArgumentCaptor<String> detail = ArgumentCaptor.forClass(String.class);
    verify(repository).stepDetail(eq("run-1"), eq(RunStep.START_INGESTION), detail.capture());
    RunView view =
        new RunView(
            "run-1",
            RunState.RUNNING,
            request,
            "job-1",
            now,
            null,
            null,
            null,
            null,
            List.of(
                new RunView.StepView(
                    RunStep.START_INGESTION.stepName(),
                    StepState.SUCCEEDED,
                    now,
                    now,
                    null,
                    detail.getValue())));
    assertThat(view.scenario().at("/events/0/start").asText()).isEqualTo("2026-03-01T10:06:00Z");
    assertThat(view.scenario().at("/events/0/end").asText()).isEqualTo("2026-03-01T10:06:40Z");
    // the REST answer carries it as the field "scenario"
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .findAndRegisterModules()
                .valueToTree(view)
                .at("/scenario/events/0/start")
                .asText())
        .isEqualTo("2026-03-01T10:06:00Z");
  }

  @Test
  void aRunWithoutScenarioHasNone() {
    RunView view =
        new RunView(
            "run-2",
            RunState.RUNNING,
            new RunRequest(1, null, null, null, null, null, null),
            null,
            Instant.EPOCH,
            null,
            null,
            null,
            null,
            List.of());
    assertThat(view.scenario()).isNull();
  }
}
