package io.demostream.control.backfills;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code demostream.backfills.*}.
 *
 * @param namePrefix start of every backfill's job name, and so of its incarnation id; must differ
 *     from the stream's {@code demostream.jobs.name-prefix}, whose active job it must never be
 * @param maxRange the longest event-time range one backfill may cover
 * @param pollInterval how often running backfills' jobs are looked at
 * @param launchTimeout how long a backfill may stay accepted without a launched job (its replica
 *     went away mid-launch) before it is failed
 */
@Validated
@ConfigurationProperties("demostream.backfills")
public record BackfillsProperties(
    @DefaultValue("backfill") @NotBlank String namePrefix,
    @DefaultValue("31d") @NotNull Duration maxRange,
    @DefaultValue("2s") @NotNull Duration pollInterval,
    @DefaultValue("2m") @NotNull Duration launchTimeout) {}
