package io.demostream.control.jobs.flinkoperator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second step of a drain, on its own schedule. The operator reads {@link
 * FlinkDeploymentFactory#DRAIN_OPTION} from the spec it last deployed when it suspends a job, not
 * from the one it is asked to apply; so a drain first switches the option on, and only when the
 * operator's {@code status.reconciliationStatus.lastReconciledSpec} has it does this suspend the
 * job ({@code job.state: suspended}, {@code upgradeMode: savepoint}): Flink's stop-with-savepoint
 * with drain. Deployments waiting for it are found by their labels and annotation, so a drain
 * requested before a restart is still finished after it.
 */
public class PendingDrains implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PendingDrains.class);

  private final KubernetesClient client;
  private final String namespace;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  PendingDrains(KubernetesClient client, String namespace, Duration interval) {
    this.client = client;
    this.namespace = namespace;
    this.interval = interval;
  }

  public void start() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "flink-operator-drains");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::followSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void followSafely() {
    try {
      follow();
    } catch (KubernetesClientException e) {
      log.warn("Could not follow pending drains: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("Could not follow pending drains", e);
    }
  }

  /** Suspends every deployment whose drain the operator has taken; returns how many. */
  public int follow() {
    int suspended = 0;
    for (FlinkDeployment deployment :
        client
            .resources(FlinkDeployment.class)
            .inNamespace(namespace)
            .withLabel(FlinkDeploymentFactory.PART_OF_LABEL, FlinkDeploymentFactory.PART_OF_VALUE)
            .list()
            .getItems()) {
      if (waitsForSuspend(deployment) && operatorHasDrainOn(deployment)) {
        String name = deployment.getMetadata().getName();
        client
            .resources(FlinkDeployment.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                current -> {
                  current.getSpec().getJob().setState(JobState.SUSPENDED);
                  return current;
                });
        log.info("FlinkDeployment {} has drain on: suspended with a savepoint", name);
        suspended++;
      }
    }
    return suspended;
  }

  private static boolean waitsForSuspend(FlinkDeployment deployment) {
    return FlinkDeploymentStates.DRAIN.equals(FlinkDeploymentStates.stopRequested(deployment))
        && deployment.getSpec().getJob().getState() == JobState.RUNNING;
  }

  static boolean operatorHasDrainOn(FlinkDeployment deployment) {
    FlinkDeploymentStatus status = deployment.getStatus();
    if (status == null
        || status.getReconciliationStatus() == null
        || status.getReconciliationStatus().getLastReconciledSpec() == null) {
      return false;
    }
    FlinkDeploymentSpec deployed = status.getReconciliationStatus().deserializeLastReconciledSpec();
    return deployed.getFlinkConfiguration() != null
        && "true".equals(deployed.getFlinkConfiguration().get(FlinkDeploymentFactory.DRAIN_OPTION));
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
