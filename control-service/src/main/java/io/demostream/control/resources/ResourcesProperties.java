package io.demostream.control.resources;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How resource provisioning retries transient faults of Google APIs and the warehouse ({@code
 * demostream.resources.*}). Only idempotent steps are retried: a create that raced another is
 * reported as existing.
 *
 * @param maxAttempts attempts per operation, the first included
 * @param initialBackoff wait before the second attempt; doubles each time
 */
@Validated
@ConfigurationProperties("demostream.resources")
public record ResourcesProperties(
    @Min(1) @Max(10) @DefaultValue("4") int maxAttempts,
    @NotNull @DefaultValue("500ms") Duration initialBackoff) {}
