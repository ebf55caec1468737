package io.demostream.control.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Waits, before a drain, until the subscription's backlog is consumed or a bound has passed, and
 * says what it saw: the first and last backlog and how long it waited. It only waits: what to do
 * next (drain anyway) is the caller's.
 */
public final class BacklogWait {

  private final Clock clock;
  private final Duration timeout;

  /**
   * @param timeout the longest wait; the drain goes ahead after it, and the outcome says so
   */
  public BacklogWait(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * @param pause waits one poll interval between readings (and ends the wait by throwing when the
   *     service shuts down)
   */
  public Outcome await(
      SubscriptionBacklog backlog, SubscriptionBacklog.Query query, Runnable pause) {
    Instant started = clock.instant();
    Instant deadline = started.plus(timeout);
    Long first = null;
    Long last = null;
    while (true) {
      Optional<SubscriptionBacklog.Reading> reading = backlog.read(query);
      if (reading.isPresent()) {
        last = reading.get().undelivered();
        first = first == null ? last : first;
        if (last == 0) {
          return new Outcome(
              first, last, Duration.between(started, clock.instant()), true, backlog.source());
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        return new Outcome(
            first, last, Duration.between(started, clock.instant()), false, backlog.source());
      }
      pause.run();
    }
  }

  /**
   * @param firstBacklog the first reading; {@code null} if there was none
   * @param lastBacklog the last reading; {@code null} if there was none
   * @param waited how long the wait took
   * @param consumed whether the backlog reached 0 within the bound
   * @param source where the figures come from
   */
  public record Outcome(
      Long firstBacklog, Long lastBacklog, Duration waited, boolean consumed, String source) {

    /** One line for the step's detail. */
    public String detail() {
      String figures =
          firstBacklog == null
              ? "no backlog reading"
              : "backlog " + firstBacklog + " -> " + lastBacklog + " messages";
      return (consumed ? "backlog consumed: " : "gave up waiting for the backlog: ")
          + figures
          + " after "
          + waited.toSeconds()
          + " s ("
          + source
          + ")";
    }
  }
}
