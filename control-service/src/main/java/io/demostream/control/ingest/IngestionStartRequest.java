package io.demostream.control.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of ingest-service's {@code POST /api/v1/ingestion/start}; absent members keep
 * ingest-service's configured defaults.
 *
 * @param source {@code randomuser} or {@code synthetic}
 * @param usersPerSecond rate of the synthetic source
 * @param requestsPerSecond request rate of the randomuser source
 * @param resultsPerRequest users per randomuser request, 1 to 5000
 * @param nationalities randomuser {@code nat} filter
 * @param durationSeconds ingestion stops by itself after this long
 * @param scenario the synthetic source's scenario, passed through as given (ingest-service
 *     validates it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestionStartRequest(
    String source,
    Integer usersPerSecond,
    Double requestsPerSecond,
    Integer resultsPerRequest,
    List<String> nationalities,
    Long durationSeconds,
    JsonNode scenario) {

  /** A request without a scenario. */
  public IngestionStartRequest(
      String source,
      Integer usersPerSecond,
      Double requestsPerSecond,
      Integer resultsPerRequest,
      List<String> nationalities,
      Long durationSeconds) {
    this(
        source,
        usersPerSecond,
        requestsPerSecond,
        resultsPerRequest,
        nationalities,
        durationSeconds,
        null);
  }
}
