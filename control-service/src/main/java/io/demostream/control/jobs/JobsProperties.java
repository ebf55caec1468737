package io.demostream.control.jobs;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Pipeline job control independent of the launcher ({@code demostream.jobs.*}).
 *
 * @param namePrefix start of every job name; jobs started here are found again by it after a
 *     restart, so changing it orphans running jobs
 * @param startTimeout how long a start that waits for {@code RUNNING} waits
 * @param stopTimeout how long cancel and drain wait for a terminal state before answering with the
 *     state reached so far
 * @param pollInterval how often a waiting call asks the launcher for the job's state
 */
@Validated
@ConfigurationProperties("demostream.jobs")
public record JobsProperties(
    @Pattern(regexp = "[a-z]([-a-z0-9]{0,30}[a-z0-9])?") @DefaultValue("demostream")
        String namePrefix,
    @NotNull @DefaultValue("5m") Duration startTimeout,
    @NotNull @DefaultValue("10m") Duration stopTimeout,
    @NotNull @DefaultValue("2s") Duration pollInterval) {}
