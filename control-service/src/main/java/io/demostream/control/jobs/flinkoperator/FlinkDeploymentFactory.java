package io.demostream.control.jobs.flinkoperator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.JobManagerSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.Resource;
import org.apache.flink.kubernetes.operator.api.spec.TaskManagerSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;

/**
 * Builds the {@link FlinkDeployment} of one job: application mode (the pipeline's main runs in the
 * JobManager with the job's arguments), checkpoints and savepoints where the properties say,
 * Kubernetes HA, Flink's Prometheus reporter, and the labels it is found by again. Upgrades go
 * through a savepoint ({@code upgradeMode: savepoint}); a drain is the same stop-with-savepoint
 * with Flink's {@code drain}, switched on per deployment by {@link #DRAIN_OPTION}.
 */
final class FlinkDeploymentFactory {

  /** Marks every resource of demostream; FlinkDeployments are listed by it. */
  static final String PART_OF_LABEL = "app.kubernetes.io/part-of";

  static final String PART_OF_VALUE = "demostream";

  /** The {@code app.kubernetes.io/name} of every Flink pod. */
  static final String POD_NAME_VALUE = "flink-pipeline";

  /** The job's name, which is also the FlinkDeployment's. */
  static final String JOB_NAME_LABEL = "demostream.io/job-name";

  /**
   * The operator's switch for Flink's {@code drain} on its stop-with-savepoint (operator 1.7+,
   * FLINK-32700): read from the deployed spec's configuration when the job is suspended.
   */
  static final String DRAIN_OPTION = "kubernetes.operator.job.drain-on-savepoint-deletion";

  /**
   * FlinkDeployment names stay short enough for the Services and pods the operator derives from
   * them ({@code <name>-rest}, {@code <name>-taskmanager-1-1}, and label values of 63 at most).
   */
  static final int MAX_NAME_LENGTH = 45;

  private final FlinkOperatorProperties properties;

  FlinkDeploymentFactory(FlinkOperatorProperties properties) {
    this.properties = properties;
  }

  FlinkDeployment create(String name, Map<String, String> labels, List<String> pipelineArgs) {
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalStateException(
          "The job name "
              + name
              + " is longer than a FlinkDeployment name may be here ("
              + MAX_NAME_LENGTH
              + "): shorten demostream.jobs.name-prefix");
    }
    if (properties.savepointDir().isBlank()) {
      throw new IllegalStateException(
          "demostream.flink-operator.savepoint-dir is not set: the operator drains and upgrades"
              + " the pipeline through savepoints (e.g. gs://<bucket>/flink/savepoints)");
    }
    FlinkDeployment deployment = new FlinkDeployment();
    deployment.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(properties.namespace())
            .withLabels(labels(name, labels))
            .build());
    FlinkDeploymentSpec spec = new FlinkDeploymentSpec();
    spec.setImage(properties.image());
    if (!properties.imagePullPolicy().isBlank()) {
      spec.setImagePullPolicy(properties.imagePullPolicy());
    }
    spec.setFlinkVersion(FlinkVersion.valueOf(properties.flinkVersion()));
    spec.setServiceAccount(properties.serviceAccount());
    spec.setFlinkConfiguration(flinkConfiguration());
    // Labels and the reporter's port on every Flink pod, for the NetworkPolicies and the
    // PodMonitoring of k8s/components/flink (the operator adds its own labels: app, component,
    // type); Flink's image runs as its flink user (9999).
    spec.setPodTemplate(
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .withLabels(
                Map.of(
                    "app.kubernetes.io/name",
                    POD_NAME_VALUE,
                    PART_OF_LABEL,
                    PART_OF_VALUE,
                    JOB_NAME_LABEL,
                    name))
            .endMetadata()
            .withNewSpec()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(9999L)
            .withFsGroup(9999L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName("flink-main-container")
            .addNewPort()
            .withName("prom-metrics")
            .withContainerPort(9249)
            .endPort()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build());
    spec.setJobManager(
        new JobManagerSpec(
            new Resource(properties.jobManagerCpu(), properties.jobManagerMemory(), null),
            1,
            null));
    spec.setTaskManager(
        new TaskManagerSpec(
            new Resource(properties.taskManagerCpu(), properties.taskManagerMemory(), null),
            null,
            null));
    JobSpec job = new JobSpec();
    job.setJarURI(properties.jarUri());
    if (!properties.entryClass().isBlank()) {
      job.setEntryClass(properties.entryClass());
    }
    job.setArgs(programArgs(name, pipelineArgs).toArray(String[]::new));
    job.setParallelism(properties.parallelism());
    job.setUpgradeMode(UpgradeMode.SAVEPOINT);
    job.setState(JobState.RUNNING);
    spec.setJob(job);
    deployment.setSpec(spec);
    return deployment;
  }

  /** The launcher's labels, the name's, and demostream's; values made valid label values. */
  static Map<String, String> labels(String name, Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>();
    labels.forEach((key, value) -> all.put(key, labelValue(value)));
    all.put(PART_OF_LABEL, PART_OF_VALUE);
    all.put(JOB_NAME_LABEL, name);
    return all;
  }

  private static String labelValue(String value) {
    String valid = value.replaceAll("[^A-Za-z0-9._-]", "_");
    valid = valid.substring(0, Math.min(valid.length(), 63));
    return valid.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }

  /**
   * The program arguments of the pipeline's main as the operator passes them: Beam's Flink runner
   * on the cluster it runs in ({@code [auto]}: application mode's own environment), the job's name,
   * checkpointing, the pipeline's options and the extra ones.
   */
  List<String> programArgs(String name, List<String> pipelineArgs) {
    List<String> args = new ArrayList<>();
    args.add("--runner=FlinkRunner");
    args.add("--flinkMaster=[auto]");
    // main returns once the job is submitted; the JobManager runs it on (docs/FLINK.md).
    args.add("--attachedMode=false");
    args.add("--jobName=" + name);
    args.add("--checkpointingInterval=" + properties.checkpointInterval().toMillis());
    args.add("--fasterCopy=true");
    args.add("--parallelism=" + properties.parallelism());
    args.addAll(pipelineArgs);
    args.addAll(properties.extraArgs().stream().filter(s -> !s.isBlank()).toList());
    return args;
  }

  private Map<String, String> flinkConfiguration() {
    Map<String, String> configuration = new LinkedHashMap<>();
    configuration.put("taskmanager.numberOfTaskSlots", String.valueOf(properties.taskSlots()));
    if (!properties.checkpointDir().isBlank()) {
      configuration.put("state.checkpoints.dir", properties.checkpointDir());
    }
    configuration.put("state.savepoints.dir", properties.savepointDir());
    // A cancelled job's last checkpoint stays, for a restore by hand (docs/FLINK-OPERATOR.md).
    configuration.put(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    if (!properties.haDir().isBlank()) {
      configuration.put("high-availability.type", "kubernetes");
      configuration.put("high-availability.storageDir", properties.haDir());
    }
    configuration.put(
        "metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    configuration.put("metrics.reporter.prom.port", "9249");
    // Upgrades stop with a savepoint and no drain; a drain turns this on first.
    configuration.put(DRAIN_OPTION, "false");
    configuration.putAll(properties.flinkConfiguration());
    return configuration;
  }
}
