package io.demostream.control.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, before a drain, until the subscription's backlog is consumed or a bound has passed, and
 * says what it saw: the first and last backlog and how long it waited. A backlog that cannot be
 * read (Cloud Monitoring answering PERMISSION_DENIED, unreachable, any failure) never ends the wait
 * early nor fails it: the wait then lasts the whole bound, and the outcome says the backlog could
 * not be read and why. It only waits: what to do next (drain anyway) is the caller's.
 */
public final class BacklogWait {

  private static final Logger log = LoggerFactory.getLogger(BacklogWait.class);
  private static final Pattern WRAPPED_CLASS =
      Pattern.compile("^([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

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
    String unreadable = null;
    while (true) {
      if (unreadable == null) {
        try {
          Optional<SubscriptionBacklog.Reading> reading = backlog.read(query);
          if (reading.isPresent()) {
            last = reading.get().undelivered();
            first = first == null ? last : first;
            if (last == 0) {
              return new Outcome(
                  first,
                  last,
                  Duration.between(started, clock.instant()),
                  true,
                  backlog.source(),
                  null);
            }
          }
        } catch (RuntimeException e) {
          // Not read again: the same answer would come back on every poll.
          unreadable = reason(e);
          log.warn(
              "The backlog ({}) could not be read: {}; waiting {} s before the drain instead",
              backlog.source(),
              unreadable,
              timeout.toSeconds(),
              e);
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        return new Outcome(
            first,
            last,
            Duration.between(started, clock.instant()),
            false,
            backlog.source(),
            unreadable);
      }
      pause.run();
    }
  }

  /**
   * The failure in one line: its message, which for Google's clients names the status ({@code
   * PERMISSION_DENIED: ...}), without the class name of a wrapped exception it may start with.
   */
  private static String reason(RuntimeException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    return WRAPPED_CLASS.matcher(message).replaceFirst("");
  }

  /**
   * @param firstBacklog the first reading; {@code null} if there was none
   * @param lastBacklog the last reading; {@code null} if there was none
   * @param waited how long the wait took
   * @param consumed whether the backlog reached 0 within the bound
   * @param source where the figures come from
   * @param unreadable why the backlog could not be read; {@code null} when it could
   */
  public record Outcome(
      Long firstBacklog,
      Long lastBacklog,
      Duration waited,
      boolean consumed,
      String source,
      String unreadable) {

    /** Whether reading the backlog failed, so that the wait lasted the whole bound. */
    public boolean backlogUnreadable() {
      return unreadable != null;
    }

    /** One line for the step's detail. */
    public String detail() {
      if (unreadable != null) {
        return "the backlog could not be read ("
            + unreadable
            + "): waited "
            + waited.toSeconds()
            + " s, the configured bound, instead, then drains ("
            + source
            + ")";
      }
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
