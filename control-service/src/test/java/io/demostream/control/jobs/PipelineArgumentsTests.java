package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's options as every launcher passes them: the alerts' panes topic on streams only.
 */
class PipelineArgumentsTests {

  private static final JobParameters PARAMETERS = StartJobRequest.defaults().toParameters();

  private static PipelineTarget target(String emulator, String panesTopic) {
    return new PipelineTarget(
        "demo-project",
        "users-pipeline",
        emulator,
        false,
        "demostream",
        "jdbc:h2:file:/tmp/w",
        "",
        "",
        panesTopic);
  }

  @Test
  void aStreamPublishesItsPanesToTheAlertsTopic() {
    PipelineArguments arguments =
        new PipelineArguments(target("localhost:8085", "demostream-panes"));

    assertThat(arguments.options("pubsub", PARAMETERS))
        .containsEntry("panesTopic", "projects/demo-project/topics/demostream-panes")
        .containsEntry("pubsubRootUrl", "http://localhost:8085");
    // The synthetic source reads no Pub/Sub but still writes its panes to the emulator.
    assertThat(arguments.options("synthetic", PARAMETERS))
        .containsEntry("panesTopic", "projects/demo-project/topics/demostream-panes")
        .containsEntry("pubsubRootUrl", "http://localhost:8085");
    assertThat(arguments.templateParameters(PARAMETERS))
        .containsEntry("panesTopic", "projects/demo-project/topics/demostream-panes");
  }

  @Test
  void withoutAPanesTopicNothingIsPublishedAndABackfillNeverPublishes() {
    assertThat(new PipelineArguments(target("", "")).options("pubsub", PARAMETERS))
        .doesNotContainKeys("panesTopic", "pubsubRootUrl");
    PipelineArguments.FileInput input =
        new PipelineArguments.FileInput(
            "/f.jsonl",
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-03-02T00:00:00Z"));
    assertThat(
            new PipelineArguments(target("localhost:8085", "demostream-panes"))
                .options(input, PARAMETERS))
        .containsEntry("source", "files")
        .doesNotContainKey("panesTopic");
  }
}
