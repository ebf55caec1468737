package io.demostream.control.reconcile;

import java.time.Instant;
import java.util.Optional;

/**
 * The messages a run published that its pipeline has not consumed yet: what a drain must wait for,
 * since a drained pipeline stops reading and leaves them to the next run.
 */
public interface SubscriptionBacklog {

  /**
   * The backlog as measured at or after {@code query.since()}; empty while there is no such
   * measurement yet.
   */
  Optional<Reading> read(Query query);

  /** Where the figures come from, for the step's detail. */
  String source();

  /**
   * What a reading may need to know about the run.
   *
   * @param incarnationId the run's pipeline incarnation ({@code job_id})
   * @param tiling how its windows count users
   * @param published messages the run published
   * @param since when publishing stopped: older measurements do not count
   * @param runStarted when the run began
   */
  record Query(
      String incarnationId,
      WindowTiling tiling,
      long published,
      Instant since,
      Instant runStarted) {}

  /**
   * @param undelivered messages not consumed yet
   * @param measuredAt when
   */
  record Reading(long undelivered, Instant measuredAt) {}
}
