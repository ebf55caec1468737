package io.demostream.control.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the control-service calls ingest-service ({@code demostream.ingest.*}).
 *
 * @param url ingest-service base URL
 * @param apiToken bearer token ingest-service expects on its mutating endpoints; never logged
 * @param connectTimeout TCP connect timeout per attempt
 * @param readTimeout time to wait for an answer per attempt
 * @param maxAttempts attempts per call on 5xx answers and I/O errors, the first included
 * @param initialBackoff wait before the second attempt; doubles each time
 */
@Validated
@ConfigurationProperties("demostream.ingest")
public record IngestClientProperties(
    @NotNull @DefaultValue("http://localhost:8081") URI url,
    @DefaultValue("") String apiToken,
    @NotNull @DefaultValue("2s") Duration connectTimeout,
    @NotNull @DefaultValue("10s") Duration readTimeout,
    @Min(1) @Max(10) @DefaultValue("4") int maxAttempts,
    @NotNull @DefaultValue("500ms") Duration initialBackoff) {

  @Override
  public String toString() {
    return "IngestClientProperties[url=" + url + ", apiToken=***, maxAttempts=" + maxAttempts + "]";
  }
}
