package io.demostream.control.jobs.flinkoperator;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.jobs.JobState;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationState;
import org.junit.jupiter.api.Test;

/** How what the operator reports becomes a job's state. */
class FlinkDeploymentStatesTests {

  private static FlinkDeployment deployed(
      JobStatus flinkState, ReconciliationState reconciliation) {
    FlinkDeployment deployment =
        FlinkOperatorFixtures.launcher(null).deploymentFor("demostream-x", Map.of(), List.of());
    deployment
        .getStatus()
        .getReconciliationStatus()
        .serializeAndSetLastReconciledSpec(deployment.getSpec(), deployment);
    deployment.getStatus().getReconciliationStatus().setState(reconciliation);
    deployment.getStatus().getJobStatus().setState(flinkState);
    return deployment;
  }

  @Test
  void theOldJobsEndDuringAnUpgradeIsNotTheJobsEnd() {
    assertThat(
            FlinkDeploymentStates.toJobState(
                deployed(JobStatus.FINISHED, ReconciliationState.UPGRADING)))
        .isEqualTo(JobState.PENDING);
    assertThat(
            FlinkDeploymentStates.toJobState(
                deployed(JobStatus.RUNNING, ReconciliationState.UPGRADING)))
        .isEqualTo(JobState.RUNNING);
  }

  @Test
  void aJobFlinkFinishedOnItsOwnIsDoneAndAFailedOneFailed() {
    assertThat(
            FlinkDeploymentStates.toJobState(
                deployed(JobStatus.FINISHED, ReconciliationState.DEPLOYED)))
        .isEqualTo(JobState.DONE);
    assertThat(
            FlinkDeploymentStates.toJobState(
                deployed(JobStatus.FAILED, ReconciliationState.DEPLOYED)))
        .isEqualTo(JobState.FAILED);
  }

  @Test
  void aDeploymentTheOperatorHasNotSeenIsPending() {
    FlinkDeployment created =
        FlinkOperatorFixtures.launcher(null).deploymentFor("demostream-x", Map.of(), List.of());
    assertThat(FlinkDeploymentStates.toJobState(created)).isEqualTo(JobState.PENDING);
  }
}
