package io.demostream.control.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.demostream.control.ingest.IngestionStartRequest;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.support.problem.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The body of {@code POST /api/v1/runs}.
 *
 * @param durationMinutes how long ingestion runs before the flow winds down, 1 to 1440
 * @param source ingest-service source, {@code randomuser} or {@code synthetic}; absent keeps its
 *     default
 * @param usersPerSecond synthetic source rate
 * @param requestsPerSecond randomuser request rate
 * @param resultsPerRequest users per randomuser request
 * @param nationalities randomuser {@code nat} filter
 * @param scenario the synthetic source's scenario as ingest-service's start request takes it, e.g.
 *     {@code {"name":"daily","seed":42,"period":"PT10M","events":[...]}}; validated there
 * @param job the pipeline job's parameters as for {@code POST /api/v1/jobs}; absent means the
 *     defaults
 */
public record RunRequest(
    @NotNull @Min(1) @Max(1440) Integer durationMinutes,
    @Pattern(regexp = "(?i)randomuser|synthetic", message = "must be randomuser or synthetic")
        String source,
    @Min(1) Integer usersPerSecond,
    Double requestsPerSecond,
    @Min(1) @Max(5000) Integer resultsPerRequest,
    List<String> nationalities,
    JsonNode scenario,
    StartJobRequest job) {

  public RunRequest {
    // A stored "scenario": null reads back as a JSON null node: the same as none.
    if (scenario != null && scenario.isNull()) {
      scenario = null;
    }
  }

  /** A run request without a scenario. */
  public RunRequest(
      Integer durationMinutes,
      String source,
      Integer usersPerSecond,
      Double requestsPerSecond,
      Integer resultsPerRequest,
      List<String> nationalities,
      StartJobRequest job) {
    this(
        durationMinutes,
        source,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities,
        null,
        job);
  }

  /**
   * The job's parameters, parsed from {@code job} (the defaults when absent): what the run
   * validates, launches and tiles its windows by.
   *
   * @throws InvalidRequestException naming the run's field at fault ({@code job.windowSize})
   */
  JobParameters jobParameters() {
    try {
      return (job == null ? StartJobRequest.defaults() : job).toParameters();
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("job." + e.field(), e.getMessage());
    }
  }

  IngestionStartRequest ingestionRequest() {
    return new IngestionStartRequest(
        source,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities,
        // ingest-service stops by itself at the end even if this service is down then.
        durationMinutes * 60L,
        scenario);
  }
}
