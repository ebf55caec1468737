package io.demostream.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.demostream.events.EventSource;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.source.SourceSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;

/**
 * Body of {@code POST /api/v1/ingestion/start}; every field is optional and defaults to the
 * configuration. {@code usersPerSecond} belongs to the synthetic source; {@code requestsPerSecond},
 * {@code resultsPerRequest} and {@code nationalities} to randomuser. A dry run answers with the
 * {@link #normalized} request, which leaves out the other source's fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StartRequest(
    @Pattern(regexp = "(?i)randomuser|synthetic", message = "must be randomuser or synthetic")
        String source,
    @Min(1) @Max(1_000_000) Integer usersPerSecond,
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") Double requestsPerSecond,
    @Min(1) @Max(5000) Integer resultsPerRequest,
    @Size(max = 30)
        List<
                @Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter nationality code")
                String>
            nationalities,
    @Min(1) @Max(31_536_000) Long durationSeconds) {

  /**
   * The command for the service, with the source resolved against {@code defaultSource}.
   *
   * @throws InvalidParameterException when a parameter belongs to the other source
   */
  StartCommand toCommand(EventSource defaultSource) {
    EventSource resolved = source == null ? defaultSource : EventSource.fromWireName(source);
    if (resolved == EventSource.SYNTHETIC) {
      rejectIfSet("requestsPerSecond", requestsPerSecond, resolved);
      rejectIfSet("resultsPerRequest", resultsPerRequest, resolved);
      rejectIfSet("nationalities", nationalities, resolved);
    } else {
      rejectIfSet("usersPerSecond", usersPerSecond, resolved);
    }
    return new StartCommand(
        resolved,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities == null ? null : nationalities.stream().map(String::toUpperCase).toList(),
        durationSeconds == null ? null : Duration.ofSeconds(durationSeconds));
  }

  /**
   * The request a run with these settings answers to: the source and every one of its settings
   * filled in; starting with it starts exactly that run.
   */
  static StartRequest normalized(SourceSettings settings, Duration duration) {
    boolean synthetic = settings.source() == EventSource.SYNTHETIC;
    return new StartRequest(
        settings.source().wireName(),
        synthetic ? settings.usersPerSecond() : null,
        synthetic ? null : settings.requestsPerSecond(),
        synthetic ? null : settings.resultsPerRequest(),
        synthetic ? null : settings.nationalities(),
        duration == null ? null : duration.toSeconds());
  }

  private static void rejectIfSet(String field, Object value, EventSource source) {
    if (value != null) {
      throw new InvalidParameterException(field, "does not apply to source " + source.wireName());
    }
  }
}
