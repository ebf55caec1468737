package io.demostream.control.jobs.flinkoperator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.apache.flink.kubernetes.operator.api.status.JobStatus.JobStatusBuilder;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationState;
import org.apache.flink.kubernetes.operator.api.status.ReconciliationStatus;
import org.apache.flink.kubernetes.operator.api.status.Savepoint;
import org.apache.flink.kubernetes.operator.api.status.SavepointInfo;
import org.apache.flink.kubernetes.operator.api.status.SnapshotTriggerType;

/**
 * Plays the Flink Kubernetes Operator against the mock API server, as far as the launcher can see:
 * a new FlinkDeployment becomes a running job, every spec change is recorded as the deployed spec
 * ({@code status.reconciliationStatus.lastReconciledSpec}), and a suspended job is stopped: with a
 * savepoint, drained or not as the <em>deployed</em> spec's drain option says (as the operator
 * reads it), or cancelled when its upgrade mode is stateless. {@link #drainedWith} records whether
 * the last stop-with-savepoint drained.
 */
public class FakeFlinkOperator implements AutoCloseable {

  static final String SAVEPOINT = "gs://test-bucket/flink/savepoints/savepoint-0001";

  private final KubernetesClient client;
  private final String namespace;
  private ScheduledExecutorService scheduler;
  public volatile Boolean drainedWith;

  public FakeFlinkOperator(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Reconciles every 20 ms until closed. */
  public FakeFlinkOperator start() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    scheduler.scheduleWithFixedDelay(this::reconcileQuietly, 0, 20, TimeUnit.MILLISECONDS);
    return this;
  }

  private void reconcileQuietly() {
    try {
      reconcileAll();
    } catch (KubernetesClientException e) {
      // A concurrent change by the launcher: the next round sees it.
    }
  }

  public void reconcileAll() {
    client
        .resources(FlinkDeployment.class)
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(this::reconcile);
  }

  /** One reconciliation of one deployment; a no-op when nothing changed. */
  public void reconcile(FlinkDeployment deployment) {
    FlinkDeploymentStatus status = deployment.getStatus();
    if (status == null) {
      status = new FlinkDeploymentStatus();
      deployment.setStatus(status);
    }
    ReconciliationStatus<FlinkDeploymentSpec> reconciliation = status.getReconciliationStatus();
    String deployedBefore = reconciliation.getLastReconciledSpec();
    // As the operator: the stop reads the configuration of the spec deployed so far.
    boolean drainDeployed = deployedBefore != null && PendingDrains.operatorHasDrainOn(deployment);
    reconciliation.serializeAndSetLastReconciledSpec(deployment.getSpec(), deployment);
    if (reconciliation.getLastReconciledSpec().equals(deployedBefore)) {
      return;
    }
    reconciliation.setState(ReconciliationState.DEPLOYED);
    JobStatusBuilder job = status.getJobStatus().toBuilder();
    if (deployment.getSpec().getJob().getState() == JobState.SUSPENDED) {
      boolean withSavepoint =
          deployment.getSpec().getJob().getUpgradeMode() != UpgradeMode.STATELESS;
      if (withSavepoint) {
        drainedWith = drainDeployed;
        SavepointInfo savepoints = new SavepointInfo();
        savepoints.updateLastSavepoint(
            new Savepoint(1L, SAVEPOINT, SnapshotTriggerType.UPGRADE, null, null));
        job.savepointInfo(savepoints).state(JobStatus.FINISHED);
      } else {
        job.state(JobStatus.CANCELED);
      }
    } else {
      job.jobId("00000000000000000000000000000001").state(JobStatus.RUNNING);
      reconciliation.markReconciledSpecAsStable();
    }
    status.setJobStatus(job.build());
    client.resources(FlinkDeployment.class).inNamespace(namespace).resource(deployment).update();
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
