package io.demostream.ingest.ingestion;

import io.demostream.events.EventSource;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The default of a start request ({@code demostream.ingest.source}).
 *
 * @param source the source ({@code randomuser} or {@code synthetic}) of a start request that names
 *     none; {@code replay} needs a file and {@code push} is not read by a run (producers post to
 *     {@code /api/v1/events}), so neither is a default: the service refuses to start with them
 */
@Validated
@ConfigurationProperties("demostream.ingest")
public record IngestionProperties(@DefaultValue("randomuser") @NotNull EventSource source) {

  /** Checked at startup, so a wrong default fails the start, not the first start request. */
  @AssertTrue(
      message =
          "must be randomuser or synthetic: replay needs a file on the start request, and push"
              + " users arrive on POST /api/v1/events, not in a run")
  public boolean isSource() {
    return source == null || source == EventSource.RANDOMUSER || source == EventSource.SYNTHETIC;
  }
}
