package io.demostream.control.jobs.flinkoperator;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.WindowType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The properties, target and parameters the flink-operator launcher's tests share. */
public final class FlinkOperatorFixtures {

  public static final String NAMESPACE = "demostream-test";

  private FlinkOperatorFixtures() {}

  public static FlinkOperatorProperties properties(String savepointDir) {
    return new FlinkOperatorProperties(
        NAMESPACE,
        "registry.example/demostream-pipeline-flink:1",
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
        "gs://test-bucket/flink/checkpoints",
        savepointDir,
        "gs://test-bucket/flink/ha",
        "http://{name}-rest.{namespace}:8081",
        Map.of(),
        List.of(),
        Duration.ofMillis(20));
  }

  public static FlinkOperatorProperties properties() {
    return properties("gs://test-bucket/flink/savepoints");
  }

  public static PipelineTarget target() {
    return new PipelineTarget(
        "demo-project", "users-sub", "", true, "demographics", "", "", "", "panes");
  }

  public static JobParameters parameters() {
    return new JobParameters(
        WindowType.FIXED,
        Duration.ofSeconds(20),
        null,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        null);
  }

  /** A launcher and its drain follower over {@code client}. */
  public static FlinkOperatorLauncher launcher(
      io.fabric8.kubernetes.client.KubernetesClient client) {
    return new FlinkOperatorLauncher(client, properties(), target(), java.time.Clock.systemUTC());
  }

  public static PendingDrains pendingDrains(io.fabric8.kubernetes.client.KubernetesClient client) {
    return new PendingDrains(client, NAMESPACE, Duration.ofMillis(20));
  }
}
