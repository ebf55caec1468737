package io.demostream.ingest.source;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The synthetic source: the seeded generator from {@code user-events}, for load and offline demos.
 *
 * @param usersPerSecond generation rate, 1 to 1,000,000 users per second
 * @param seed generator seed; unset means a fresh random seed per run, so event ids never repeat
 *     across runs (the pipeline deduplicates on them)
 */
@Validated
@ConfigurationProperties("demostream.ingest.synthetic")
public record SyntheticProperties(
    @DefaultValue("100") @Positive @Max(1_000_000) int usersPerSecond, Long seed) {}
