package io.demostream.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

class BacklogWaitTests {

  /** A clock that moves only when a pause moves it. */
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

  private final SubscriptionBacklog.Query query =
      new SubscriptionBacklog.Query(
          "run-1",
          new WindowTiling(Duration.ofMinutes(1), Duration.ofMinutes(1)),
          100,
          clock.instant(),
          clock.instant().minusSeconds(600));

  /** Answers the queued readings in turn (empty for "no reading yet"), then the last one again. */
  private SubscriptionBacklog backlog(Long... readings) {
    // A LinkedList, since a null reading stands for "no measurement yet".
    Queue<Long> queue = new LinkedList<>(java.util.Arrays.asList(readings));
    return new SubscriptionBacklog() {
      private Long last;

      @Override
      public Optional<Reading> read(Query ignored) {
        if (!queue.isEmpty()) {
          last = queue.poll();
        }
        return Optional.ofNullable(last).map(value -> new Reading(value, clock.instant()));
      }

      @Override
      public String source() {
        return "test";
      }
    };
  }

  private final Runnable pause = () -> clock.advance(Duration.ofSeconds(5));

  @Test
  void waitsUntilTheBacklogIsConsumed() {
    BacklogWait.Outcome outcome =
        new BacklogWait(clock, Duration.ofMinutes(5))
            .await(backlog(null, 40L, 12L, 0L), query, pause);

    assertThat(outcome.consumed()).isTrue();
    assertThat(outcome.firstBacklog()).isEqualTo(40);
    assertThat(outcome.lastBacklog()).isZero();
    assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(15));
    assertThat(outcome.detail())
        .isEqualTo("backlog consumed: backlog 40 -> 0 messages after 15 s (test)");
  }

  @Test
  void givesUpAfterTheBoundAndSaysSo() {
    BacklogWait.Outcome outcome =
        new BacklogWait(clock, Duration.ofSeconds(30)).await(backlog(9L, 7L), query, pause);

    assertThat(outcome.consumed()).isFalse();
    assertThat(outcome.lastBacklog()).isEqualTo(7);
    assertThat(outcome.waited()).isEqualTo(Duration.ofSeconds(30));
    assertThat(outcome.detail())
        .isEqualTo("gave up waiting for the backlog: backlog 9 -> 7 messages after 30 s (test)");
  }

  @Test
  void noReadingAtAllIsReported() {
    BacklogWait.Outcome outcome =
        new BacklogWait(clock, Duration.ofSeconds(10)).await(backlog(), query, pause);

    assertThat(outcome.consumed()).isFalse();
    assertThat(outcome.detail()).contains("no backlog reading");
    assertThat(List.of(outcome.waited())).containsExactly(Duration.ofSeconds(10));
  }
}
