package io.demostream.control.local;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local deployment ({@code demostream.local.*}): the data folder of the embedded warehouse and
 * state database, and the local launcher (used with {@code demostream.launcher=local}).
 *
 * @param dataDir folder of the embedded warehouse, the service's state database and the local
 *     launcher's job registry and logs; created on demand
 * @param pipelineJar the pipeline's bundled jar, run with the JVM of this service
 * @param source {@code pubsub} reads the configured subscription (usually on the emulator); {@code
 *     synthetic} makes the pipeline generate its own users, handy without ingest-service
 * @param jvmOptions options for the pipeline's JVM, e.g. {@code -Xmx1g}
 * @param extraArgs further pipeline options appended to the command line, e.g. {@code
 *     --eventsPerSecond=50}
 * @param drainTimeout how long a draining pipeline may take to flush and exit before it is
 *     destroyed
 * @param startupGrace on the DirectRunner, how long a new pipeline process counts as {@code
 *     PENDING}: one that fails on its options or at start exits within this time and is reported
 *     {@code FAILED} instead of ever looking {@code RUNNING} (on Flink the embedded cluster's REST
 *     API says when the job runs)
 * @param runner {@code flink}: an embedded Flink cluster in the pipeline process, with checkpoints,
 *     drain through Flink's REST API and restarts from the last checkpoint; {@code direct}: the
 *     DirectRunner, whose window state is lost when its process dies
 * @param checkpointInterval on Flink, how often the job checkpoints; Pub/Sub messages are
 *     acknowledged only when a checkpoint completes, and a restart resumes from the last one
 * @param maxRestarts on Flink, how often a job whose process died is restarted before it is
 *     reported {@code FAILED}
 * @param restartBackoff on Flink, the wait before the first restart, doubled for each further one
 *     (at most 5 minutes)
 */
@Validated
@ConfigurationProperties("demostream.local")
public record LocalProperties(
    @NotNull @DefaultValue("./data") Path dataDir,
    @NotNull @DefaultValue("pipeline/target/pipeline-bundled.jar") Path pipelineJar,
    @Pattern(regexp = "pubsub|synthetic") @DefaultValue("pubsub") String source,
    @DefaultValue("-Xmx1g") List<String> jvmOptions,
    @DefaultValue("") List<String> extraArgs,
    @NotNull @DefaultValue("60s") Duration drainTimeout,
    @NotNull @DefaultValue("5s") Duration startupGrace,
    @Pattern(regexp = "flink|direct") @DefaultValue("flink") String runner,
    @NotNull @DefaultValue("10s") Duration checkpointInterval,
    @PositiveOrZero @DefaultValue("5") int maxRestarts,
    @NotNull @DefaultValue("5s") Duration restartBackoff) {}
