package io.demostream.control.jobs.flinkcluster;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Flink cluster launcher ({@code demostream.flink.*}), used with {@code
 * demostream.launcher=flink}: the pipeline's bundled jar runs on a Flink session cluster, submitted
 * and controlled through the JobManager's REST API.
 *
 * @param restUrl the JobManager's REST address
 * @param jarId the id of the pipeline jar already uploaded to the cluster ({@code GET /jars});
 *     blank uploads {@code pipelineJar} on the first launch
 * @param pipelineJar the bundled jar to upload when {@code jarId} is blank
 * @param entryClass the jar's main class; blank for its manifest's
 * @param source {@code pubsub} reads the configured subscription; {@code synthetic} makes the
 *     pipeline generate users itself
 * @param parallelism the job's parallelism; {@code null} for the cluster's {@code
 *     parallelism.default}
 * @param checkpointInterval how often the job checkpoints; Pub/Sub messages are acknowledged only
 *     when a checkpoint completes
 * @param checkpointDir where the job's checkpoints go (a URI every Flink process can reach, e.g.
 *     {@code gs://bucket/checkpoints}); blank for the cluster's {@code state.checkpoints.dir}
 * @param savepointDir where a drain writes its savepoint; blank for the cluster's {@code
 *     state.savepoints.dir} (one of the two must be set to drain)
 * @param extraArgs further pipeline options appended to the program arguments
 * @param requestTimeout connect and read timeout of each REST call
 * @param submitTimeout read timeout of the jar upload and of the run, which returns once the
 *     pipeline's main has built and submitted the job
 * @param maxAttempts attempts per REST call on transient faults (no answer, 5xx, 429)
 * @param initialBackoff wait before the first retry, doubled for each further one
 */
@Validated
@ConfigurationProperties("demostream.flink")
public record FlinkClusterProperties(
    @NotNull @DefaultValue("http://localhost:8081") URI restUrl,
    @DefaultValue("") String jarId,
    @NotNull @DefaultValue("pipeline/target/pipeline-bundled.jar") Path pipelineJar,
    @DefaultValue("") String entryClass,
    @Pattern(regexp = "pubsub|synthetic") @DefaultValue("pubsub") String source,
    @Positive Integer parallelism,
    @NotNull @DefaultValue("10s") Duration checkpointInterval,
    @DefaultValue("") String checkpointDir,
    @DefaultValue("") String savepointDir,
    @DefaultValue("") List<String> extraArgs,
    @NotNull @DefaultValue("10s") Duration requestTimeout,
    @NotNull @DefaultValue("5m") Duration submitTimeout,
    @Min(1) @DefaultValue("4") int maxAttempts,
    @NotNull @DefaultValue("500ms") Duration initialBackoff) {}
