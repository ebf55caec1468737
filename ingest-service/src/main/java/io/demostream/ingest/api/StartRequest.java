package io.demostream.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.demostream.events.EventSource;
import io.demostream.ingest.ingestion.StartCommand;
import io.demostream.ingest.source.ReplayFiles;
import io.demostream.ingest.source.ReplayFormat;
import io.demostream.ingest.source.ReplaySettings;
import io.demostream.ingest.source.SourceSettings;
import io.demostream.support.problem.InvalidRequestException;
import jakarta.validation.Valid;
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
 * configuration. {@code usersPerSecond} belongs to the synthetic source and to replay (where,
 * absent, the file goes as fast as the topic takes it); {@code requestsPerSecond}, {@code
 * resultsPerRequest} and {@code nationalities} to randomuser; {@code file} (required) and {@code
 * format} to replay; {@code scenario} ({@link ScenarioRequest}) to synthetic. A dry run answers
 * with the {@link #normalized} request, which leaves out the other sources' fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StartRequest(
    @Pattern(
            regexp = "(?i)randomuser|synthetic|replay",
            message = "must be randomuser, synthetic or replay")
        String source,
    @Min(1) @Max(1_000_000) Integer usersPerSecond,
    @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000") Double requestsPerSecond,
    @Min(1) @Max(5000) Integer resultsPerRequest,
    @Size(max = 30)
        List<
                @Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter nationality code")
                String>
            nationalities,
    @Min(1) @Max(31_536_000) Long durationSeconds,
    @Size(max = 2048) String file,
    @Pattern(regexp = "(?i)jsonl|csv", message = "must be jsonl or csv") String format,
    @Valid ScenarioRequest scenario) {

  /**
   * The command for the service, with the source resolved against {@code defaultSource}.
   *
   * @throws InvalidRequestException when a parameter belongs to the other source
   */
  StartCommand toCommand(EventSource defaultSource) {
    EventSource resolved = source == null ? defaultSource : EventSource.fromWireName(source);
    if (resolved == EventSource.SYNTHETIC || resolved == EventSource.REPLAY) {
      rejectIfSet("requestsPerSecond", requestsPerSecond, resolved);
      rejectIfSet("resultsPerRequest", resultsPerRequest, resolved);
      rejectIfSet("nationalities", nationalities, resolved);
    } else {
      rejectIfSet("usersPerSecond", usersPerSecond, resolved);
    }
    StartCommand.ReplayFile replay = null;
    if (resolved == EventSource.REPLAY) {
      replay = replayFile();
    } else {
      rejectIfSet("file", file, resolved);
      rejectIfSet("format", format, resolved);
    }
    if (resolved != EventSource.SYNTHETIC) {
      rejectIfSet("scenario", scenario, resolved);
    }
    return new StartCommand(
        resolved,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities == null ? null : nationalities.stream().map(String::toUpperCase).toList(),
        durationSeconds == null ? null : Duration.ofSeconds(durationSeconds),
        replay,
        scenario == null ? null : scenario.toScenario());
  }

  private StartCommand.ReplayFile replayFile() {
    if (file == null || file.isBlank()) {
      throw InvalidRequestException.of("file", "is required for source replay");
    }
    if (ReplayFiles.isCloudStorage(file)) {
      try {
        ReplayFiles.blobId(file);
      } catch (IllegalArgumentException e) {
        throw InvalidRequestException.of("file", e.getMessage());
      }
    }
    ReplayFormat resolved =
        format != null ? ReplayFormat.fromWireName(format) : ReplayFormat.ofFileName(file);
    if (resolved == null) {
      throw InvalidRequestException.of(
          "format", "is required when the file name ends in none of .jsonl, .ndjson, .csv");
    }
    return new StartCommand.ReplayFile(file, resolved);
  }

  /**
   * The request a run with these settings answers to: the source and every one of its settings
   * filled in; starting with it starts exactly that run.
   */
  static StartRequest normalized(SourceSettings settings, Duration duration) {
    boolean randomUser = settings.source() == EventSource.RANDOMUSER;
    ReplaySettings replay = settings.replay();
    return new StartRequest(
        settings.source().wireName(),
        settings.source() == EventSource.SYNTHETIC
            ? Integer.valueOf(settings.usersPerSecond())
            : replay != null ? replay.usersPerSecond() : null,
        randomUser ? settings.requestsPerSecond() : null,
        randomUser ? settings.resultsPerRequest() : null,
        randomUser ? settings.nationalities() : null,
        duration == null ? null : duration.toSeconds(),
        replay == null ? null : replay.file(),
        replay == null ? null : replay.format().wireName(),
        settings.scenario() == null ? null : ScenarioRequest.of(settings.scenario()));
  }

  private static void rejectIfSet(String field, Object value, EventSource source) {
    if (value != null) {
      throw InvalidRequestException.of(field, "does not apply to source " + source.wireName());
    }
  }
}
