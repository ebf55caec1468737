package io.demostream.control.runs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Runs of the whole flow ({@code demostream.runs.*}).
 *
 * @param jobRunningTimeout how long a run waits for its job to reach {@code RUNNING} before the
 *     step fails (Dataflow needs a few minutes to start workers)
 * @param pollInterval how often a waiting step looks at the job, the clock and stop requests
 */
@Validated
@ConfigurationProperties("demostream.runs")
public record RunsProperties(
    @NotNull @DefaultValue("10m") Duration jobRunningTimeout,
    @NotNull @DefaultValue("1s") Duration pollInterval) {}
