package io.demostream.ingest.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.demostream.events.EventSource;
import io.demostream.ingest.ingestion.IngestionCounts;
import io.demostream.ingest.ingestion.IngestionService;
import io.demostream.ingest.ingestion.IngestionState;
import io.demostream.ingest.ingestion.IngestionStatus;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.source.ReplayFormat;
import io.demostream.ingest.source.ReplayProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** The start request's {@code replay} source: its fields, their 400s, its dry run and status. */
@WebMvcTest(IngestionController.class)
@Import(ApiSliceConfiguration.class)
@TestPropertySource(properties = "demostream.security.api-token=s3cret-token")
class ReplayStartTests {

  @Autowired private MockMvc mvc;
  @MockitoBean private IngestionService ingestion;
  @TempDir Path dir;

  private static MockHttpServletRequestBuilder start(String path, String json) {
    return post(path)
        .header(HttpHeaders.AUTHORIZATION, "Bearer s3cret-token")
        .contentType(MediaType.APPLICATION_JSON)
        .content(json);
  }

  @Test
  void aReplayStartsWithItsFileFormatAndRate() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("day.csv"), "gender,dob.age,registered.age,location.country\n");
    given(ingestion.start(any()))
        .willReturn(
            new IngestionStatus(
                IngestionState.RUNNING,
                "replay",
                Instant.parse("2026-03-01T10:00:00Z"),
                new IngestionCounts(0, 10, 8, 0, 1),
                "CLOSED",
                null,
                new ReplayProgress(
                    file.toString(),
                    "csv",
                    12,
                    10,
                    1,
                    List.of(
                        new ReplayProgress.RejectedLine(
                            7, "dob.age", "WRONG_TYPE", "expected an integer, got string")),
                    false)));

    mvc.perform(
            start(
                "/api/v1/ingestion/start",
                "{\"source\":\"replay\",\"file\":\"" + file + "\",\"usersPerSecond\":50}"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.source").value("replay"))
        .andExpect(jsonPath("$.replay.linesRead").value(12))
        .andExpect(jsonPath("$.replay.rejected[0].line").value(7))
        .andExpect(jsonPath("$.replay.rejected[0].field").value("dob.age"));

    ArgumentCaptor<StartCommand> command = ArgumentCaptor.forClass(StartCommand.class);
    Mockito.verify(ingestion).start(command.capture());
    org.assertj.core.api.Assertions.assertThat(command.getValue().source())
        .isEqualTo(EventSource.REPLAY);
    org.assertj.core.api.Assertions.assertThat(command.getValue().usersPerSecond()).isEqualTo(50);
    org.assertj.core.api.Assertions.assertThat(command.getValue().replay())
        .isEqualTo(new StartCommand.ReplayFile(file.toString(), ReplayFormat.CSV));
  }

  @Test
  void aDryRunNormalizesAReplayAndChecksItsFile() throws Exception {
    Path file = Files.writeString(dir.resolve("day.data"), "");

    mvc.perform(
            start(
                "/api/v1/ingestion/start?dryRun=true",
                "{\"source\":\"replay\",\"file\":\"" + file + "\",\"format\":\"JSONL\"}"))
        .andExpect(status().isOk())
        .andExpect(
            content()
                .json(
                    "{\"source\":\"replay\",\"file\":\"" + file + "\",\"format\":\"jsonl\"}",
                    true));
    mvc.perform(
            start(
                "/api/v1/ingestion/start?dryRun=true",
                "{\"source\":\"replay\",\"file\":\"" + dir.resolve("gone.jsonl") + "\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
        .andExpect(jsonPath("$.field").value("file"));
    verifyNoInteractions(ingestion);
  }

  @Test
  void replayFieldsAreValidatedByName() throws Exception {
    String[][] cases = {
      {"{\"source\":\"replay\"}", "file"},
      {"{\"source\":\"replay\",\"file\":\"users.txt\"}", "format"},
      {"{\"source\":\"replay\",\"file\":\"u.csv\",\"format\":\"xml\"}", "format"},
      {"{\"source\":\"replay\",\"file\":\"gs://bucket-only\"}", "file"},
      {"{\"source\":\"replay\",\"file\":\"u.csv\",\"resultsPerRequest\":5}", "resultsPerRequest"},
      {"{\"source\":\"replay\",\"file\":\"u.csv\",\"usersPerSecond\":0}", "usersPerSecond"},
      {"{\"source\":\"synthetic\",\"file\":\"u.csv\"}", "file"},
      {"{\"source\":\"randomuser\",\"format\":\"csv\"}", "format"},
      {"{\"source\":\"push\"}", "source"}
    };
    for (String[] c : cases) {
      mvc.perform(start("/api/v1/ingestion/start", c[0]))
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.type").value("urn:demostream:problem:invalid-request"))
          .andExpect(jsonPath("$.field").value(c[1]));
    }
    verifyNoInteractions(ingestion);
  }
}
