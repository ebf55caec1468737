package io.demostream.ingest.push;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and timings of the push endpoint ({@code POST /api/v1/events}).
 *
 * @param maxBodySize largest request body accepted; a larger one is answered 413
 * @param maxUsersPerRequest most users in one request, 1 to 100,000; more is answered 413 (a
 *     request is also refused with 413 when it could never fit under {@code
 *     demostream.ingest.publish.max-in-flight})
 * @param publishTimeout how long a request waits for Pub/Sub to acknowledge its users before it is
 *     answered 503
 * @param overloadedRetryAfter the {@code Retry-After} of a 429, when publishing has fallen behind
 * @param unavailableRetryAfter the {@code Retry-After} of a 503, when publishing failed
 */
@Validated
@ConfigurationProperties("demostream.ingest.push")
public record PushProperties(
    @DefaultValue("10MB") @NotNull DataSize maxBodySize,
    @DefaultValue("5000") @Positive @Max(100_000) int maxUsersPerRequest,
    @DefaultValue("30s") @NotNull Duration publishTimeout,
    @DefaultValue("1s") @NotNull Duration overloadedRetryAfter,
    @DefaultValue("10s") @NotNull Duration unavailableRetryAfter) {}
