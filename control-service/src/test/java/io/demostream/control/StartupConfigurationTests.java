package io.demostream.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.support.testing.StartupFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The control-service started as a first deploy would get it wrong: {@code
 * --demostream.launcher=dataflow} with everything else left at its local default and no Google
 * credentials. It must stop before creating any Google client, with one short report listing every
 * problem and what to set, not a chain of bean-creation exceptions.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTests {

  @TempDir Path home;

  @Test
  void dataflowWithoutCredentialsListsEveryProblemBeforeAnyGoogleClient(CapturedOutput output) {
    String description =
        StartupFailure.describe(
            ControlApplication.class,
            home,
            "--demostream.launcher=dataflow",
            // A key file that is not there, and no gcloud login in this home.
            "--GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/demostream-key.json");

    assertThat(description)
        .startsWith("control-service cannot start: its configuration has 4 problems.")
        .contains("demostream.launcher=dataflow cannot write to the embedded H2 warehouse")
        .contains("the project id is the local default demo-project")
        .contains("demostream.dataflow.template-spec-path")
        .contains("GOOGLE_APPLICATION_CREDENTIALS names /nonexistent/demostream-key.json");
    assertThat(description.lines()).hasSizeLessThan(10);
    // What Spring Boot printed: the analysis, not a trace through the Google clients.
    StartupFailure.assertPrinted(output, 4);
    assertThat(output).doesNotContain("FlexTemplatesServiceClient");
  }
}
