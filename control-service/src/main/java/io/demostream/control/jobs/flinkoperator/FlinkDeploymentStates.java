package io.demostream.control.jobs.flinkoperator;

import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.flink.FlinkJobStates;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.lifecycle.ResourceLifecycleState;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;

/**
 * A FlinkDeployment's state in the API's names, from what control-service asked of it (the {@link
 * #STOP_ANNOTATION}) and what the operator reports: {@code status.lifecycleState} and {@code
 * status.jobStatus.state}. A stop asked for is {@code DRAINING} or {@code CANCELLING} until the
 * operator reports the deployment {@code SUSPENDED}; then {@code DRAINED} or {@code CANCELLED}.
 * While the operator upgrades (or rolls back) the job, the old job's end is not the job's: {@code
 * PENDING} until the new one runs. A job Flink finished on its own (a backfill) is {@code DONE}.
 */
final class FlinkDeploymentStates {

  /** What control-service asked: {@code drain} or {@code cancel}; kept on the resource. */
  static final String STOP_ANNOTATION = "demostream.io/stop";

  static final String DRAIN = "drain";
  static final String CANCEL = "cancel";

  private FlinkDeploymentStates() {}

  static JobState toJobState(FlinkDeployment deployment) {
    FlinkDeploymentStatus status = deployment.getStatus();
    ResourceLifecycleState lifecycle = status == null ? null : status.getLifecycleState();
    JobStatus flinkState =
        status == null || status.getJobStatus() == null ? null : status.getJobStatus().getState();
    String stop = stopRequested(deployment);
    if (lifecycle == ResourceLifecycleState.FAILED || flinkState == JobStatus.FAILED) {
      return JobState.FAILED;
    }
    if (DRAIN.equals(stop)) {
      return lifecycle == ResourceLifecycleState.SUSPENDED ? JobState.DRAINED : JobState.DRAINING;
    }
    if (CANCEL.equals(stop)) {
      return lifecycle == ResourceLifecycleState.SUSPENDED
          ? JobState.CANCELLED
          : JobState.CANCELLING;
    }
    if (flinkState == null) {
      return JobState.PENDING;
    }
    if (lifecycle == ResourceLifecycleState.UPGRADING
        || lifecycle == ResourceLifecycleState.ROLLING_BACK) {
      // The old job stopped with a savepoint, the new one is on its way: not an ending.
      return flinkState == JobStatus.RUNNING ? JobState.RUNNING : JobState.PENDING;
    }
    return FlinkJobStates.toJobState(flinkState.name(), false);
  }

  static String stopRequested(FlinkDeployment deployment) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(STOP_ANNOTATION);
  }

  /** The operator's error, if it reports one (a failed savepoint, a failed deploy). */
  static String error(FlinkDeployment deployment) {
    FlinkDeploymentStatus status = deployment.getStatus();
    return status == null ? null : status.getError();
  }
}
