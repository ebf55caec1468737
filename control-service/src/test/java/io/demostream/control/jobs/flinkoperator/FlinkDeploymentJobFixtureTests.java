package io.demostream.control.jobs.flinkoperator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.WindowType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.junit.jupiter.api.Test;

/**
 * Renders the FlinkDeployment of a representative job, the gke-flink overlay's {@code
 * demostream-pipeline} (a Pub/Sub stream with the default window into BigQuery, panes published),
 * with {@link FlinkDeploymentFactory} and keeps what the operator hands to Flink's application mode
 * ({@code job.jarURI}, {@code job.entryClass}, {@code job.args}, {@code flinkConfiguration}) as a
 * fixture of the pipeline's tests: {@code FlinkApplicationModeEmulatorTest} runs the pipeline's
 * entry point with exactly these arguments on a local Flink cluster. The test fails when the
 * committed fixture differs from what the factory renders, so it cannot go stale; {@code
 * -Dfixtures.update=true} rewrites it.
 */
class FlinkDeploymentJobFixtureTests {

  /** From control-service's module directory, where Maven runs its tests. */
  static final Path FIXTURE =
      Path.of("../pipeline/src/test/resources/flink-operator/flink-deployment-job.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The gke-flink overlay's launcher configuration (k8s/overlays/gke-flink), defaults elsewhere.
   */
  static FlinkOperatorProperties overlayProperties() {
    return new FlinkOperatorProperties(
        "demostream",
        "us-central1-docker.pkg.dev/demostream-prod/demostream/pipeline-flink:0.1.0",
        "",
        "v1_19",
        "flink-pipeline",
        "local:///opt/flink/usrlib/pipeline-bundled.jar",
        "",
        "pubsub",
        2,
        1,
        "1600m",
        1,
        "2048m",
        2,
        Duration.ofSeconds(10),
        "gs://demostream-prod-demostream/flink/checkpoints",
        "gs://demostream-prod-demostream/flink/savepoints",
        "gs://demostream-prod-demostream/flink/ha",
        "http://{name}-rest.{namespace}:8081",
        Map.of(),
        List.of(),
        Duration.ofSeconds(2));
  }

  /** The gke overlay's project, subscription, dataset and panes topic. */
  static PipelineTarget overlayTarget() {
    return new PipelineTarget(
        "demostream-prod",
        "users-pipeline",
        "",
        true,
        "demostream",
        "",
        "",
        "",
        "demostream-panes");
  }

  /** control-service's default window (demostream.jobs.*). */
  static JobParameters defaultWindow() {
    return new JobParameters(
        WindowType.FIXED,
        Duration.ofSeconds(60),
        null,
        Duration.ofSeconds(300),
        Duration.ofSeconds(10),
        null);
  }

  /** What the launcher's {@code launch} creates for {@code demostream-pipeline}. */
  static FlinkDeployment rendered() {
    JobParameters parameters = defaultWindow();
    return new FlinkDeploymentFactory(overlayProperties())
        .create(
            "demostream-pipeline",
            parameters.labels(),
            new PipelineArguments(overlayTarget()).commandLine("pubsub", parameters));
  }

  static String fixtureText(FlinkDeployment deployment) throws IOException {
    JobSpec job = deployment.getSpec().getJob();
    Map<String, Object> fixture = new LinkedHashMap<>();
    fixture.put(
        "renderedBy",
        "control-service FlinkDeploymentJobFixtureTests (FlinkDeploymentFactory); do not edit,"
            + " regenerate with -Dfixtures.update=true");
    fixture.put("name", deployment.getMetadata().getName());
    fixture.put("jarURI", job.getJarURI());
    fixture.put("entryClass", job.getEntryClass());
    fixture.put("parallelism", job.getParallelism());
    fixture.put("flinkConfiguration", deployment.getSpec().getFlinkConfiguration());
    fixture.put("args", List.of(job.getArgs()));
    return JSON.writeValueAsString(fixture) + "\n";
  }

  @Test
  void thePipelinesApplicationModeFixtureIsWhatTheFactoryRenders() throws IOException {
    String rendered = fixtureText(rendered());
    if (Boolean.getBoolean("fixtures.update")) {
      Files.createDirectories(FIXTURE.getParent());
      Files.writeString(FIXTURE, rendered, StandardCharsets.UTF_8);
    }
    assertThat(FIXTURE)
        .as(
            "%s is stale: rerun this test with -Dfixtures.update=true and commit it",
            FIXTURE.toAbsolutePath().normalize())
        .exists();
    assertThat(Files.readString(FIXTURE, StandardCharsets.UTF_8)).isEqualTo(rendered);
  }

  @Test
  void theFixtureIsAStreamJobOnTheClusterItRunsIn() {
    List<String> args = List.of(rendered().getSpec().getJob().getArgs());
    // What the pipeline test relies on: the application cluster's own environment, a Pub/Sub
    // stream, the BigQuery sink and the panes topic it substitutes.
    assertThat(args)
        .contains(
            "--runner=FlinkRunner",
            "--flinkMaster=[auto]",
            "--attachedMode=false",
            "--source=pubsub",
            "--sink=bigquery")
        .anyMatch(arg -> arg.startsWith("--inputSubscription="))
        .anyMatch(arg -> arg.startsWith("--panesTopic="));
  }
}
