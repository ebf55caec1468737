package io.demostream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.demostream.support.startup.StartupConfigurationException;
import io.demostream.support.startup.StartupConfigurationFailureAnalyzer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
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
    Throwable failure =
        catchThrowable(
            () ->
                SpringApplication.run(
                    ControlApplication.class,
                    "--demostream.launcher=dataflow",
                    // A key file that is not there, and no gcloud login in this home.
                    "--GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/demostream-key.json",
                    "--user.home=" + home,
                    "--server.port=0",
                    "--management.server.port=0"));

    assertThat(failure).isInstanceOf(StartupConfigurationException.class);
    FailureAnalysis analysis = new StartupConfigurationFailureAnalyzer().analyze(failure);
    assertThat(analysis.getDescription())
        .startsWith("control-service cannot start: its configuration has 4 problems.")
        .contains("demostream.launcher=dataflow cannot write to the embedded H2 warehouse")
        .contains("the project id is the local default demo-project")
        .contains("demostream.dataflow.template-spec-path")
        .contains("GOOGLE_APPLICATION_CREDENTIALS names /nonexistent/demostream-key.json");
    assertThat(analysis.getDescription().lines()).hasSizeLessThan(10);
    // What Spring Boot printed: the analysis, not a trace through the Google clients.
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains("its configuration has 4 problems")
        .doesNotContain("FlexTemplatesServiceClient")
        .doesNotContain("BeanCreationException");
  }
}
