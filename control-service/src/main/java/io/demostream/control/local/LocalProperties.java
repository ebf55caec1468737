package io.demostream.control.local;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
 * @param startupGrace how long a new pipeline process counts as {@code PENDING}: one that fails on
 *     its options or at start exits within this time and is reported {@code FAILED} instead of ever
 *     looking {@code RUNNING}
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
    @NotNull @DefaultValue("5s") Duration startupGrace) {}
