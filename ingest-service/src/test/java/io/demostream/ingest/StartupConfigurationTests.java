package io.demostream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.support.testing.StartupFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The ingest-service started for the real Pub/Sub with neither a project nor credentials: it stops
 * before creating any Pub/Sub client with one short report of both problems, instead of starting
 * and failing every publish.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTests {

  @TempDir Path home;

  @Test
  void theRealPubSubWithoutProjectOrCredentialsListsBothProblems(CapturedOutput output) {
    String description =
        StartupFailure.describe(
            IngestApplication.class,
            home,
            "--GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/demostream-key.json");

    assertThat(description)
        .startsWith("ingest-service cannot start: its configuration has 2 problems.")
        .contains("no Google Cloud project is set for the Pub/Sub topic: set GOOGLE_CLOUD_PROJECT")
        .contains("GOOGLE_APPLICATION_CREDENTIALS names /nonexistent/demostream-key.json");
    StartupFailure.assertPrinted(output, 2);
  }
}
