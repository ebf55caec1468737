package io.demostream.control.jobs.flinkoperator;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Flink Kubernetes Operator launcher ({@code demostream.flink-operator.*}), used with {@code
 * demostream.launcher=flink-operator}: each job is a {@code FlinkDeployment} in application mode
 * that the operator (1.10) runs, checkpoints, restores and upgrades.
 *
 * @param namespace the namespace of the FlinkDeployments; control-service's Role allows it there
 * @param image the image with the bundled pipeline jar at {@code jarUri} ({@code
 *     pipeline/Dockerfile.flink})
 * @param imagePullPolicy the Flink pods' image pull policy; blank for Kubernetes' default
 * @param flinkVersion the operator's name of the image's Flink version ({@code v1_19}, the Flink of
 *     Beam's {@code beam-runners-flink-1.19})
 * @param serviceAccount the Kubernetes service account of the Flink pods (Workload Identity, and
 *     the operator's {@code flink} role for HA ConfigMaps)
 * @param jarUri the pipeline jar inside the image
 * @param entryClass the jar's main class; blank for its manifest's
 * @param source {@code pubsub} reads the configured subscription; {@code synthetic} makes the
 *     pipeline generate users itself
 * @param parallelism the job's parallelism
 * @param jobManagerCpu CPU of the JobManager pod
 * @param jobManagerMemory memory of the JobManager pod ({@code 1600m}, {@code 2g})
 * @param taskManagerCpu CPU of each TaskManager pod
 * @param taskManagerMemory memory of each TaskManager pod
 * @param taskSlots slots per TaskManager
 * @param checkpointInterval how often the job checkpoints; Pub/Sub messages are acknowledged only
 *     when a checkpoint completes
 * @param checkpointDir where checkpoints go ({@code gs://bucket/flink/checkpoints})
 * @param savepointDir where savepoints go (drains and upgrades); required by the savepoint upgrade
 *     mode
 * @param haDir where Kubernetes HA keeps the JobManager's metadata; blank for no HA
 * @param restUrl the JobManager REST Service of a deployment, {@code {name}} and {@code
 *     {namespace}} replaced: where live figures are read
 * @param flinkConfiguration further Flink configuration for every deployment
 * @param extraArgs further pipeline options appended to the job's arguments
 * @param drainPollInterval how often requested drains are followed (the second step of a drain
 *     waits for the operator to have taken the drain setting)
 */
@Validated
@ConfigurationProperties("demostream.flink-operator")
public record FlinkOperatorProperties(
    @NotBlank @DefaultValue("demostream") String namespace,
    @NotBlank @DefaultValue("demostream-pipeline-flink:latest") String image,
    @DefaultValue("") String imagePullPolicy,
    @Pattern(regexp = "v\\d+_\\d+") @DefaultValue("v1_19") String flinkVersion,
    @NotBlank @DefaultValue("flink-pipeline") String serviceAccount,
    @NotBlank @DefaultValue("local:///opt/flink/usrlib/pipeline-bundled.jar") String jarUri,
    @DefaultValue("") String entryClass,
    @Pattern(regexp = "pubsub|synthetic") @DefaultValue("pubsub") String source,
    @Positive @DefaultValue("2") int parallelism,
    @Positive @DefaultValue("1") double jobManagerCpu,
    @NotBlank @DefaultValue("1600m") String jobManagerMemory,
    @Positive @DefaultValue("1") double taskManagerCpu,
    @NotBlank @DefaultValue("2048m") String taskManagerMemory,
    @Min(1) @DefaultValue("2") int taskSlots,
    @NotNull @DefaultValue("10s") Duration checkpointInterval,
    @DefaultValue("") String checkpointDir,
    @DefaultValue("") String savepointDir,
    @DefaultValue("") String haDir,
    @NotBlank @DefaultValue("http://{name}-rest.{namespace}:8081") String restUrl,
    @DefaultValue Map<String, String> flinkConfiguration,
    @DefaultValue("") List<String> extraArgs,
    @NotNull @DefaultValue("2s") Duration drainPollInterval) {

  public FlinkOperatorProperties {
    flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
    extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
  }

  /** The REST address of the deployment {@code name}. */
  String restUrl(String name) {
    return restUrl.replace("{name}", name).replace("{namespace}", namespace);
  }
}
