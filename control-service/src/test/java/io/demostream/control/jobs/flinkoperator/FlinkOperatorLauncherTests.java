package io.demostream.control.jobs.flinkoperator;

import static io.demostream.control.jobs.flinkoperator.FlinkOperatorFixtures.NAMESPACE;
import static io.demostream.control.jobs.flinkoperator.FlinkOperatorFixtures.parameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.WindowType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;

/**
 * The flink-operator launcher against fabric8's mock API server in CRUD mode, with {@link
 * FakeFlinkOperator} playing the operator's part one reconciliation at a time.
 */
@EnableKubernetesMockClient(crud = true)
class FlinkOperatorLauncherTests {

  KubernetesClient client;

  private FlinkOperatorLauncher launcher() {
    return FlinkOperatorFixtures.launcher(client);
  }

  private FakeFlinkOperator operator() {
    return new FakeFlinkOperator(client, NAMESPACE);
  }

  private FlinkDeployment stored(String name) {
    return client.resources(FlinkDeployment.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Map<String, String> runLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("managed-by", "demostream-control");
    labels.putAll(parameters().labels());
    return labels;
  }

  @Test
  void launchCreatesAnApplicationModeDeploymentWithThePipelinesArguments() {
    LaunchedJob job =
        launcher().launch("demostream-20261127-220000-abc123", runLabels(), parameters());

    assertThat(job.id()).isEqualTo("demostream-20261127-220000-abc123");
    assertThat(job.state()).isEqualTo(JobState.PENDING);
    FlinkDeployment deployment = stored(job.id());
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "demostream")
        .containsEntry("demostream.io/job-name", job.id())
        .containsEntry("managed-by", "demostream-control")
        .containsEntry("ds-window-size", "20s");
    assertThat(deployment.getSpec().getImage())
        .isEqualTo("registry.example/demostream-pipeline-flink:1");
    assertThat(deployment.getSpec().getFlinkVersion()).isEqualTo(FlinkVersion.v1_19);
    assertThat(deployment.getSpec().getServiceAccount()).isEqualTo("flink-pipeline");
    assertThat(deployment.getSpec().getJob().getJarURI())
        .isEqualTo("local:///opt/flink/usrlib/pipeline-bundled.jar");
    assertThat(deployment.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
    assertThat(deployment.getSpec().getJob().getParallelism()).isEqualTo(2);
    assertThat(deployment.getSpec().getJob().getArgs())
        .startsWith(
            "--runner=FlinkRunner",
            "--flinkMaster=[auto]",
            "--attachedMode=false",
            "--jobName=" + job.id())
        .contains(
            "--source=pubsub",
            "--inputSubscription=projects/demo-project/subscriptions/users-sub",
            "--windowSize=20s",
            "--sink=bigquery",
            "--outputDataset=demo-project:demographics",
            "--panesTopic=projects/demo-project/topics/panes");
    assertThat(deployment.getSpec().getFlinkConfiguration())
        .containsEntry("state.savepoints.dir", "gs://test-bucket/flink/savepoints")
        .containsEntry("state.checkpoints.dir", "gs://test-bucket/flink/checkpoints")
        .containsEntry("high-availability.type", "kubernetes")
        .containsEntry("high-availability.storageDir", "gs://test-bucket/flink/ha")
        .containsEntry(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
        .containsEntry(FlinkDeploymentFactory.DRAIN_OPTION, "false");
    // What k8s/components/flink selects and scrapes Flink's pods by.
    assertThat(deployment.getSpec().getPodTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "flink-pipeline");
    assertThat(deployment.getSpec().getPodTemplate().getSpec().getContainers().get(0).getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("prom-metrics");
              assertThat(port.getContainerPort()).isEqualTo(9249);
            });
  }

  @Test
  void aNewLauncherFindsTheJobAgainByItsLabelsAfterARestart() {
    String id =
        launcher().launch("demostream-20261127-220000-abc123", runLabels(), parameters()).id();
    operator().reconcileAll();

    FlinkOperatorLauncher restarted = launcher();
    LaunchedJob found = restarted.find(id).orElseThrow();
    assertThat(found.state()).isEqualTo(JobState.RUNNING);
    assertThat(JobParameters.fromLabels(found.labels()).windowType()).isEqualTo(WindowType.FIXED);
    assertThat(restarted.listActive("demostream")).extracting(LaunchedJob::id).containsExactly(id);
    assertThat(restarted.list("other-prefix")).isEmpty();
    assertThat(restarted.find("demostream-unknown")).isEmpty();
  }

  @Test
  void drainSuspendsWithASavepointOnlyOnceTheOperatorDeployedTheDrainSwitch() {
    FlinkOperatorLauncher launcher = launcher();
    FakeFlinkOperator operator = operator();
    PendingDrains drains = FlinkOperatorFixtures.pendingDrains(client);
    String id =
        launcher.launch("demostream-20261127-220000-abc123", runLabels(), parameters()).id();
    operator.reconcileAll();

    launcher.drain(id);
    // Asked, not yet done: the drain switch is on, the job still runs.
    assertThat(launcher.find(id).orElseThrow().state()).isEqualTo(JobState.DRAINING);
    assertThat(stored(id).getSpec().getFlinkConfiguration())
        .containsEntry(FlinkDeploymentFactory.DRAIN_OPTION, "true");
    assertThat(drains.follow()).isZero();
    assertThat(stored(id).getSpec().getJob().getState())
        .isEqualTo(org.apache.flink.kubernetes.operator.api.spec.JobState.RUNNING);

    // The operator deploys the switch; now the job is suspended with a savepoint.
    operator.reconcileAll();
    assertThat(drains.follow()).isEqualTo(1);
    assertThat(stored(id).getSpec().getJob().getState())
        .isEqualTo(org.apache.flink.kubernetes.operator.api.spec.JobState.SUSPENDED);
    assertThat(stored(id).getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
    operator.reconcileAll();

    assertThat(operator.drainedWith).isTrue();
    LaunchedJob drained = launcher().find(id).orElseThrow();
    assertThat(drained.state()).isEqualTo(JobState.DRAINED);
    assertThat(drained.status().message()).contains(FakeFlinkOperator.SAVEPOINT);
  }

  @Test
  void cancelSuspendsStatelesslyAndKeepsTheDeploymentAsARecord() {
    FlinkOperatorLauncher launcher = launcher();
    FakeFlinkOperator operator = operator();
    String id =
        launcher.launch("demostream-20261127-220000-abc123", runLabels(), parameters()).id();
    operator.reconcileAll();

    launcher.cancel(id);
    assertThat(launcher.find(id).orElseThrow().state()).isEqualTo(JobState.CANCELLING);
    assertThat(stored(id).getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.STATELESS);
    operator.reconcileAll();

    assertThat(operator.drainedWith).isNull();
    assertThat(launcher.find(id).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    assertThat(launcher.listActive("demostream")).isEmpty();
  }

  @Test
  void upgradeChangesTheImageThroughASavepointWithoutDrain() {
    FlinkOperatorLauncher launcher = launcher();
    FakeFlinkOperator operator = operator();
    String id =
        launcher.launch("demostream-20261127-220000-abc123", runLabels(), parameters()).id();
    operator.reconcileAll();

    launcher.upgrade(id, "registry.example/demostream-pipeline-flink:2");
    FlinkDeployment upgraded = stored(id);
    assertThat(upgraded.getSpec().getImage())
        .isEqualTo("registry.example/demostream-pipeline-flink:2");
    assertThat(upgraded.getSpec().getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
    assertThat(upgraded.getSpec().getFlinkConfiguration())
        .containsEntry(FlinkDeploymentFactory.DRAIN_OPTION, "false");
    assertThat(upgraded.getSpec().getRestartNonce()).isNull();

    // Without an image: the same one, restarted from a savepoint.
    launcher.upgrade(id, null);
    assertThat(stored(id).getSpec().getRestartNonce()).isEqualTo(1L);
    assertThat(stored(id).getSpec().getImage())
        .isEqualTo("registry.example/demostream-pipeline-flink:2");
  }

  @Test
  void onlyARunningJobIsUpgraded() {
    FlinkOperatorLauncher launcher = launcher();
    String id =
        launcher.launch("demostream-20261127-220000-abc123", runLabels(), parameters()).id();

    assertThatThrownBy(() -> launcher.upgrade(id, "image:2"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is PENDING");
  }

  @Test
  void aLaunchWithoutASavepointDirectoryIsRefusedBeforeAnythingIsCreated() {
    FlinkOperatorLauncher launcher =
        new FlinkOperatorLauncher(
            client,
            FlinkOperatorFixtures.properties(""),
            FlinkOperatorFixtures.target(),
            Clock.systemUTC());

    assertThatThrownBy(() -> launcher.launch("demostream-x", runLabels(), parameters()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demostream.flink-operator.savepoint-dir");
    assertThat(client.resources(FlinkDeployment.class).inNamespace(NAMESPACE).list().getItems())
        .isEmpty();
  }

  @Test
  void aNameTooLongForTheOperatorsServicesIsRefused() {
    String name = "demostream-with-a-long-prefix-20261127-220000-abc123";

    assertThatThrownBy(() -> launcher().launch(name, runLabels(), parameters()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("demostream.jobs.name-prefix");
  }

  @Test
  void deploymentsNotLabelledAsDemostreamsAreNotTouched() {
    FlinkDeployment foreign =
        FlinkOperatorFixtures.launcher(client).deploymentFor("someone-else", Map.of(), List.of());
    foreign.getMetadata().setLabels(Map.of("team", "other"));
    client.resources(FlinkDeployment.class).inNamespace(NAMESPACE).resource(foreign).create();

    assertThat(launcher().find("someone-else")).isEmpty();
    assertThat(launcher().list("")).isEmpty();
    assertThatThrownBy(() -> launcher().cancel("someone-else"))
        .isInstanceOf(KubernetesApiException.class)
        .satisfies(e -> assertThat(((KubernetesApiException) e).code()).isEqualTo(404));
  }
}
