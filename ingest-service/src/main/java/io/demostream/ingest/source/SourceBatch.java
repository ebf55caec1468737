package io.demostream.ingest.source;

import io.demostream.events.ApiResponse;
import java.time.Instant;
import java.util.List;

/**
 * What one fetch produced.
 *
 * @param users valid users, credentials still in place (publishing removes them)
 * @param rejectedRecords records of an otherwise readable response that failed validation
 * @param responseRejected true when the whole body was unusable (not JSON, no results, API error)
 * @param requests HTTP requests this fetch sent, retries included; 0 for the synthetic source
 * @param observedAt when the batch arrived: every message's {@code event_time}
 * @param problem a plain description of what was rejected, or null
 */
public record SourceBatch(
    List<ApiResponse.ValidUser> users,
    int rejectedRecords,
    boolean responseRejected,
    int requests,
    Instant observedAt,
    String problem) {

  /** Invalid records for the status counts: a rejected body counts as one. */
  public int invalidRecords() {
    return rejectedRecords + (responseRejected ? 1 : 0);
  }
}
