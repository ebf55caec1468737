package io.demostream.control.jobs.flinkoperator;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.RunnerStatus;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.apache.flink.kubernetes.operator.api.status.FlinkDeploymentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline as a {@code FlinkDeployment} that the Flink Kubernetes Operator deploys in
 * application mode, through the Kubernetes API ({@link KubernetesClient}) and the operator's typed
 * resources. The job's id is the FlinkDeployment's name (also its job name).
 *
 * <ul>
 *   <li>launch creates the FlinkDeployment ({@link FlinkDeploymentFactory}), labelled so that
 *       {@link #find} and {@link #list} find it again after a restart: nothing is kept here;
 *   <li>drain asks for Flink's stop-with-savepoint with {@code drain}, so open windows fire: it
 *       switches the operator's {@link FlinkDeploymentFactory#DRAIN_OPTION} on, and once the
 *       operator has taken that ({@link PendingDrains}), suspends the job with {@code upgradeMode:
 *       savepoint};
 *   <li>cancel suspends the job with {@code upgradeMode: stateless} (a plain cancel); the resource
 *       stays, as a record, like a stopped Dataflow job;
 *   <li>upgrade changes the image (or the {@code restartNonce}) with {@code upgradeMode:
 *       savepoint}: the operator stops the job with a savepoint (no drain) and restores it.
 * </ul>
 *
 * <p>Kubernetes API refusals become {@link KubernetesApiException} problems with the API server's
 * reason.
 */
public class FlinkOperatorLauncher implements PipelineLauncher {

  static final String BACKEND = "flink-operator";

  private static final Logger log = LoggerFactory.getLogger(FlinkOperatorLauncher.class);

  private final KubernetesClient client;
  private final FlinkOperatorProperties properties;
  private final PipelineTarget target;
  private final FlinkDeploymentFactory factory;
  private final Clock clock;

  public FlinkOperatorLauncher(
      KubernetesClient client,
      FlinkOperatorProperties properties,
      PipelineTarget target,
      Clock clock) {
    this.client = client;
    this.properties = properties;
    this.target = target;
    this.factory = new FlinkDeploymentFactory(properties);
    this.clock = clock;
  }

  @Override
  public String backend() {
    return BACKEND;
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    return create(
        name, labels, new PipelineArguments(target).commandLine(properties.source(), parameters));
  }

  /** The same image in batch over files; Flink finishes the job by itself ({@code DONE}). */
  @Override
  public LaunchedJob launchBackfill(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      PipelineArguments.FileInput input) {
    return create(name, labels, new PipelineArguments(target).commandLine(input, parameters));
  }

  /** The FlinkDeployment a launch would create, without creating it. */
  FlinkDeployment deploymentFor(String name, Map<String, String> labels, List<String> args) {
    return factory.create(name, labels, args);
  }

  private LaunchedJob create(String name, Map<String, String> labels, List<String> pipelineArgs) {
    FlinkDeployment deployment = factory.create(name, labels, pipelineArgs);
    FlinkDeployment created =
        call(
            "create FlinkDeployment " + name + " in namespace " + properties.namespace(),
            () -> deployments().resource(deployment).create());
    log.info(
        "Created FlinkDeployment {} in namespace {} (image {})",
        name,
        properties.namespace(),
        properties.image());
    return toLaunchedJob(created);
  }

  @Override
  public Optional<LaunchedJob> find(String id) {
    FlinkDeployment deployment =
        call("read FlinkDeployment " + id, () -> deployments().withName(id).get());
    return Optional.ofNullable(deployment)
        .filter(FlinkOperatorLauncher::ours)
        .map(this::toLaunchedJob);
  }

  @Override
  public List<LaunchedJob> list(String namePrefix) {
    List<FlinkDeployment> all =
        call(
            "list FlinkDeployments in namespace " + properties.namespace(),
            () ->
                deployments()
                    .withLabel(
                        FlinkDeploymentFactory.PART_OF_LABEL, FlinkDeploymentFactory.PART_OF_VALUE)
                    .list()
                    .getItems());
    return all.stream()
        .filter(deployment -> deployment.getMetadata().getName().startsWith(namePrefix))
        .map(this::toLaunchedJob)
        .sorted(Comparator.comparing(LaunchedJob::createdAt).reversed())
        .toList();
  }

  @Override
  public void cancel(String id) {
    edit(
        "cancel FlinkDeployment " + id,
        id,
        deployment -> {
          annotate(deployment, FlinkDeploymentStates.CANCEL);
          JobSpec job = deployment.getSpec().getJob();
          job.setUpgradeMode(UpgradeMode.STATELESS);
          job.setState(org.apache.flink.kubernetes.operator.api.spec.JobState.SUSPENDED);
          return deployment;
        });
    log.info("Cancelling FlinkDeployment {} (suspended, stateless)", id);
  }

  @Override
  public void drain(String id) {
    edit(
        "drain FlinkDeployment " + id,
        id,
        deployment -> {
          annotate(deployment, FlinkDeploymentStates.DRAIN);
          deployment
              .getSpec()
              .getFlinkConfiguration()
              .put(FlinkDeploymentFactory.DRAIN_OPTION, "true");
          deployment.getSpec().getJob().setUpgradeMode(UpgradeMode.SAVEPOINT);
          return deployment;
        });
    log.info("Draining FlinkDeployment {}: drain on, suspend once the operator has it", id);
  }

  /**
   * Upgrades in place through a savepoint: a new image, or the same one restarted (a new {@code
   * restartNonce}). The operator stops the job with a savepoint, without drain, and starts the new
   * spec from it; a savepoint that fails leaves the job running and the error in its status.
   */
  @Override
  public LaunchedJob upgrade(String id, String image) {
    LaunchedJob current =
        find(id).orElseThrow(() -> new IllegalArgumentException("No FlinkDeployment " + id));
    if (current.state() != JobState.RUNNING) {
      throw new IllegalStateException(
          "FlinkDeployment " + id + " is " + current.state() + "; only a running job is upgraded");
    }
    FlinkDeployment upgraded =
        edit(
            "upgrade FlinkDeployment " + id,
            id,
            deployment -> {
              if (image != null && !image.isBlank()) {
                deployment.getSpec().setImage(image);
              } else {
                Long nonce = deployment.getSpec().getRestartNonce();
                deployment.getSpec().setRestartNonce(nonce == null ? 1L : nonce + 1);
              }
              deployment
                  .getSpec()
                  .getFlinkConfiguration()
                  .put(FlinkDeploymentFactory.DRAIN_OPTION, "false");
              deployment.getSpec().getJob().setUpgradeMode(UpgradeMode.SAVEPOINT);
              return deployment;
            });
    log.info(
        "Upgrading FlinkDeployment {} through a savepoint to image {}",
        id,
        upgraded.getSpec().getImage());
    return toLaunchedJob(upgraded);
  }

  private static void annotate(FlinkDeployment deployment, String stop) {
    if (deployment.getMetadata().getAnnotations() == null) {
      deployment.getMetadata().setAnnotations(new java.util.LinkedHashMap<>());
    }
    deployment.getMetadata().getAnnotations().put(FlinkDeploymentStates.STOP_ANNOTATION, stop);
  }

  /** Reads the resource, applies {@code change} and patches what it changed (fabric8's edit). */
  private FlinkDeployment edit(String action, String id, UnaryOperator<FlinkDeployment> change) {
    return call(
        action,
        () ->
            deployments()
                .withName(id)
                .edit(
                    deployment -> {
                      if (!ours(deployment)) {
                        throw new KubernetesClientException(
                            "FlinkDeployment " + id + " is not demostream's", 404, null);
                      }
                      return change.apply(deployment);
                    }));
  }

  LaunchedJob toLaunchedJob(FlinkDeployment deployment) {
    String name = deployment.getMetadata().getName();
    return new LaunchedJob(
        name,
        name,
        FlinkDeploymentStates.toJobState(deployment),
        createdAt(deployment),
        deployment.getMetadata().getLabels(),
        new RunnerStatus("flink", 0, message(deployment)));
  }

  private static String message(FlinkDeployment deployment) {
    String error = FlinkDeploymentStates.error(deployment);
    FlinkDeploymentStatus status = deployment.getStatus();
    if (error != null && !error.isBlank()) {
      return "The operator reports: " + error;
    }
    if (status != null
        && status.getJobStatus() != null
        && status.getJobStatus().getSavepointInfo() != null
        && status.getJobStatus().getSavepointInfo().getLastSavepoint() != null
        && FlinkDeploymentStates.DRAIN.equals(FlinkDeploymentStates.stopRequested(deployment))) {
      return "Drained; its savepoint is at "
          + status.getJobStatus().getSavepointInfo().getLastSavepoint().getLocation();
    }
    return null;
  }

  private Instant createdAt(FlinkDeployment deployment) {
    String created = deployment.getMetadata().getCreationTimestamp();
    try {
      return created == null ? clock.instant() : Instant.parse(created);
    } catch (DateTimeParseException e) {
      return clock.instant();
    }
  }

  private static boolean ours(FlinkDeployment deployment) {
    Map<String, String> labels = deployment.getMetadata().getLabels();
    return labels != null
        && FlinkDeploymentFactory.PART_OF_VALUE.equals(
            labels.get(FlinkDeploymentFactory.PART_OF_LABEL));
  }

  private NonNamespaceOperation<
          FlinkDeployment, KubernetesResourceList<FlinkDeployment>, Resource<FlinkDeployment>>
      deployments() {
    return client.resources(FlinkDeployment.class).inNamespace(properties.namespace());
  }

  private static <T> T call(String action, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw KubernetesApiException.of(action, e);
    }
  }
}
