package io.demostream.control.jobs.figures;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The active pipeline job's figures on {@code /actuator/prometheus} ({@code
 * demostream.pipeline-metrics.*}).
 *
 * @param enabled whether control-service reads and exports them
 * @param refreshInterval how often they are read from the job's runner
 * @param staleAfter figures measured longer ago than this count as stale ({@code
 *     demostream_pipeline_metrics_up} 0)
 */
@Validated
@ConfigurationProperties("demostream.pipeline-metrics")
public record PipelineFiguresProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("15s") Duration refreshInterval,
    @NotNull @DefaultValue("60s") Duration staleAfter) {}
