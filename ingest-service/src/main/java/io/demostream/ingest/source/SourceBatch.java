package io.demostream.ingest.source;

import io.demostream.events.ApiResponse;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import java.time.Instant;
import java.util.List;

/**
 * What one fetch produced.
 *
 * @param users valid users, credentials still in place (publishing removes them)
 * @param rejectedRecords records of an otherwise readable response that failed validation
 * @param responseRejected true when the whole body was unusable (not JSON, no results, API error)
 * @param requests HTTP requests this fetch sent, retries included; 0 for the synthetic source
 * @param observedAt when the batch arrived: every message's {@code event_time} unless recorded
 * @param problem a plain description of what was rejected, or null
 * @param recorded for a replay, each user's recorded event time and id (parallel to {@code users});
 *     empty for the live sources
 */
public record SourceBatch(
    List<ApiResponse.ValidUser> users,
    int rejectedRecords,
    boolean responseRejected,
    int requests,
    Instant observedAt,
    String problem,
    List<Recorded> recorded) {

  /**
   * What a file recorded about one user; either may be null (then the batch's {@code observedAt},
   * and the contract's rule for the id: {@code login.uuid}, else random).
   */
  public record Recorded(Instant eventTime, String eventId) {}

  public SourceBatch {
    users = List.copyOf(users);
    recorded = List.copyOf(recorded);
    if (!recorded.isEmpty() && recorded.size() != users.size()) {
      throw new IllegalArgumentException("recorded must be empty or one per user");
    }
  }

  /** A batch of a live source: every user observed now. */
  public SourceBatch(
      List<ApiResponse.ValidUser> users,
      int rejectedRecords,
      boolean responseRejected,
      int requests,
      Instant observedAt,
      String problem) {
    this(users, rejectedRecords, responseRejected, requests, observedAt, problem, List.of());
  }

  /** Invalid records for the status counts: a rejected body counts as one. */
  public int invalidRecords() {
    return rejectedRecords + (responseRejected ? 1 : 0);
  }

  /** The contract message of user {@code index}, credentials removed. */
  public UserEventMessage message(int index, EventSource source) {
    ApiResponse.ValidUser user = users.get(index);
    Recorded known = recorded.isEmpty() ? null : recorded.get(index);
    if (known == null || (known.eventTime() == null && known.eventId() == null)) {
      return UserEventMessages.toMessage(user, observedAt, source);
    }
    Instant eventTime = known.eventTime() != null ? known.eventTime() : observedAt;
    if (known.eventId() == null) {
      return UserEventMessages.toMessage(
          user.record(), user.fields().loginUuid(), eventTime, source);
    }
    return UserEventMessages.toMessageWithEventId(
        user.record(), known.eventId(), eventTime, source);
  }
}
