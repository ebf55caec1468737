package io.demostream.ingest.source;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The randomuser.me source: what to ask for, how often, and how to survive its failures.
 *
 * @param baseUrl the API endpoint; {@code ?results=N} is appended
 * @param resultsPerRequest users per request, 1 to 5000 (the API's maximum)
 * @param requestsPerSecond request rate, above 0 and at most 1000; below 1 means one request every
 *     few seconds
 * @param nationalities the API's {@code nat} filter (two-letter codes); empty means all
 * @param seed the API's {@code seed}; with a seed, successive requests walk its pages
 * @param connectTimeout TCP connect timeout
 * @param readTimeout time allowed for the whole response after connecting
 * @param maxAttempts attempts per fetch, the first included, on 5xx, 429 and I/O errors
 * @param initialBackoff wait before the first retry; doubled per retry, with jitter
 * @param maxBackoff cap on the backoff between retries
 * @param maxRetryAfter longest {@code Retry-After} the service waits; longer ones fail the fetch
 */
@Validated
@ConfigurationProperties("demostream.ingest.randomuser")
public record RandomUserProperties(
    @DefaultValue("https://randomuser.me/api/") @NotNull URI baseUrl,
    @DefaultValue("500") @Min(1) @Max(5000) int resultsPerRequest,
    @DefaultValue("1.0") @Positive @DecimalMax("1000") double requestsPerSecond,
    @DefaultValue({}) List<@Pattern(regexp = "[A-Za-z]{2}") String> nationalities,
    String seed,
    @DefaultValue("5s") @NotNull Duration connectTimeout,
    @DefaultValue("30s") @NotNull Duration readTimeout,
    @DefaultValue("5") @Min(1) @Max(20) int maxAttempts,
    @DefaultValue("500ms") @NotNull Duration initialBackoff,
    @DefaultValue("30s") @NotNull Duration maxBackoff,
    @DefaultValue("120s") @NotNull Duration maxRetryAfter) {}
