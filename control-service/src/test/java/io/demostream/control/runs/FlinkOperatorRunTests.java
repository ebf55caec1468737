package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.flinkoperator.FakeFlinkOperator;
import io.demostream.control.jobs.flinkoperator.FlinkOperatorFixtures;
import io.demostream.control.jobs.flinkoperator.PendingDrains;
import io.demostream.control.reconcile.IncarnationCounts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole run ({@code POST /api/v1/runs}'s service) unchanged on the flink-operator launcher: its
 * steps create the FlinkDeployment, wait until the operator runs it, and drain it with a savepoint
 * and Flink's drain, against the mock API server with {@link FakeFlinkOperator} reconciling.
 */
@EnableKubernetesMockClient(crud = true)
class FlinkOperatorRunTests extends RunFixture {

  static KubernetesClient client;

  private FakeFlinkOperator operator;
  private PendingDrains drains;

  @Override
  PipelineLauncher pipelineLauncher() {
    if (operator == null) {
      operator = new FakeFlinkOperator(client, FlinkOperatorFixtures.NAMESPACE).start();
      drains = FlinkOperatorFixtures.pendingDrains(client);
      drains.start();
    }
    return FlinkOperatorFixtures.launcher(client);
  }

  @AfterEach
  void stopOperator() {
    operator.close();
    drains.close();
  }

  @Test
  void aRunLaunchesAwaitsAndDrainsItsJobThroughTheOperator() {
    given(ingest.status()).willReturn(published(300));
    warehouseCounts = new IncarnationCounts(300L, 0, "the latest pane of every fixed window");
    RunView run = runs.start(request(1));
    awaitStep(runs, run.id(), RunStep.RUN_FOR_DURATION, StepState.RUNNING);
    String jobId = runs.get(run.id()).jobId();
    assertThat(
            client
                .resources(FlinkDeployment.class)
                .inNamespace(FlinkOperatorFixtures.NAMESPACE)
                .withName(jobId)
                .get())
        .isNotNull();

    clock.advance(Duration.ofMinutes(1));
    awaitRun(runs, run.id(), RunState.SUCCEEDED);

    assertThat(operator.drainedWith).isTrue();
    assertThat(runs.get(run.id()).summary().incarnationId()).isEqualTo(jobId);
    assertThat(launcher.launchedNames).isEmpty();
  }
}
