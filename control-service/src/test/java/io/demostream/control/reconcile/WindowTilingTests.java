package io.demostream.control.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.jobs.StartJobRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTilingTests {

  private static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void fixedWindowsAllCount() {
    WindowTiling fixed =
        WindowTiling.of(
            new StartJobRequest("fixed", "10m", null, "5m", "10s", null, null).toParameters());

    assertThat(fixed.sliding()).isFalse();
    assertThat(fixed.counts(TEN)).isTrue();
    assertThat(fixed.counts(TEN.plus(Duration.ofMinutes(10)))).isTrue();
    assertThat(fixed.describe()).contains("every fixed window");
  }

  @Test
  void slidingWindowsCountOnlyTheNonOverlappingOnesStartingAtMultiplesOfTheSize() {
    WindowTiling sliding =
        WindowTiling.of(
            new StartJobRequest("sliding", "10m", "5m", "5m", "10s", null, null).toParameters());

    assertThat(sliding.exact()).isTrue();
    assertThat(sliding.counts(TEN)).isTrue();
    assertThat(sliding.counts(TEN.plus(Duration.ofMinutes(5)))).isFalse();
    assertThat(sliding.counts(TEN.plus(Duration.ofMinutes(10)))).isTrue();
    assertThat(sliding.describe()).contains("multiples of 600s").contains("in 2 windows");
  }

  @Test
  void slidingWindowsWhoseSizeIsNotAMultipleOfThePeriodCannotBeCounted() {
    WindowTiling sliding = new WindowTiling(Duration.ofMinutes(10), Duration.ofMinutes(3));

    assertThat(sliding.exact()).isFalse();
    assertThat(sliding.counts(TEN)).isFalse();
    assertThat(WindowPane.countedUsers(java.util.List.of(new WindowPane(TEN, 4)), sliding))
        .isNull();
    assertThat(sliding.describe()).startsWith("not counted");
  }
}
