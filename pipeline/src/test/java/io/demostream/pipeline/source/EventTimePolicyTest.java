package io.demostream.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.events.UserEventAttributes;
import io.demostream.pipeline.source.EventTimePolicy.Verdict;
import io.demostream.pipeline.window.WindowSpec;
import java.util.Map;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The reader's event-time rules, one per kind of message, with one-minute windows. */
@RunWith(JUnit4.class)
public class EventTimePolicyTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration MINUTE = Duration.standardMinutes(1);
  private static final EventTimePolicy FIXED =
      new EventTimePolicy(
          Duration.standardMinutes(5),
          Duration.ZERO,
          WindowSpec.fixed(MINUTE, MINUTE, Duration.standardSeconds(10)));

  private static Map<String, String> at(String eventTime) {
    return Map.of(UserEventAttributes.EVENT_TIME, eventTime, UserEventAttributes.EVENT_ID, "u");
  }

  @Test
  public void validEventTimeIsTheTimestamp() {
    EventTimePolicy.Stamp stamp =
        FIXED.stamp(at("2026-03-01T10:00:05.123Z"), T0.plus(6000), T0.minus(60_000));

    assertThat(stamp.verdict()).isEqualTo(Verdict.EVENT_TIME);
    assertThat(stamp.timestamp()).isEqualTo(T0.plus(5123));
  }

  @Test
  public void missingEmptyOrUnparsableEventTimeTakesThePublishTime() {
    for (Map<String, String> attributes :
        java.util.List.<Map<String, String>>of(
            Map.of(), at(""), at("   "), at("yesterday"), at("2026-13-01T00:00:00Z"))) {
      EventTimePolicy.Stamp stamp = FIXED.stamp(attributes, T0, T0.minus(1));
      assertThat(stamp.verdict()).as(attributes.toString()).isEqualTo(Verdict.UNUSABLE);
      assertThat(stamp.timestamp()).isEqualTo(T0);
    }
    assertThat(FIXED.stamp(null, T0, T0).verdict()).isEqualTo(Verdict.UNUSABLE);
  }

  @Test
  public void eventTimeBeyondTheFutureSkewTakesThePublishTime() {
    assertThat(FIXED.stamp(at("2026-03-01T10:05:00Z"), T0, T0).verdict())
        .as("exactly the skew is still accepted")
        .isEqualTo(Verdict.EVENT_TIME);
    EventTimePolicy.Stamp stamp = FIXED.stamp(at("2026-03-01T10:05:00.001Z"), T0, T0);

    assertThat(stamp.verdict()).isEqualTo(Verdict.FUTURE);
    assertThat(stamp.timestamp()).isEqualTo(T0);
    assertThat(FIXED.stamp(at("+10000-01-01T00:00:00Z"), T0, T0).verdict())
        .isIn(Verdict.FUTURE, Verdict.UNUSABLE);
  }

  @Test
  public void eventTimeWhoseWindowsHaveExpiredTakesTheWatermark() {
    // The window [10:00, 10:01) takes late users until the watermark passes 10:01:59.999 + 1m.
    Instant lastChance = Instant.parse("2026-03-01T10:01:59.999Z");
    assertThat(FIXED.stamp(at("2026-03-01T10:00:30Z"), T0, lastChance).verdict())
        .isEqualTo(Verdict.EVENT_TIME);
    EventTimePolicy.Stamp late = FIXED.stamp(at("2026-03-01T10:00:30Z"), T0, lastChance.plus(1));

    assertThat(late.verdict()).isEqualTo(Verdict.LATE);
    assertThat(late.timestamp()).isEqualTo(lastChance.plus(1));
    assertThat(FIXED.stamp(at("1970-01-01T00:00:00Z"), T0, T0).verdict())
        .as("an ancient event time")
        .isEqualTo(Verdict.LATE);
  }

  @Test
  public void eventTimeOlderThanTheMaximumAgeTakesThePublishTime() {
    EventTimePolicy withAge =
        new EventTimePolicy(FIXED.maxFutureSkew(), Duration.standardDays(7), FIXED.window());
    Instant published = Instant.parse("2026-03-08T10:00:00Z");
    assertThat(withAge.stamp(at("2026-03-01T10:00:00Z"), published, T0).verdict())
        .as("exactly the maximum age is still accepted")
        .isEqualTo(Verdict.EVENT_TIME);
    EventTimePolicy.Stamp old = withAge.stamp(at("2026-03-01T09:59:59.999Z"), published, T0);

    assertThat(old.verdict()).isEqualTo(Verdict.LATE);
    assertThat(old.timestamp()).isEqualTo(published);
    assertThat(FIXED.stamp(at("2026-03-01T09:59:59.999Z"), published, T0).verdict())
        .as("no limit when the maximum age is zero")
        .isEqualTo(Verdict.EVENT_TIME);
  }

  @Test
  public void slidingWindowsExpireWithTheirLastWindow() {
    // 10:00:30 lies in [09:59, 10:01) and [10:00, 10:02); the later closes at 10:02 + 1m.
    EventTimePolicy sliding =
        new EventTimePolicy(
            Duration.standardMinutes(5),
            Duration.ZERO,
            WindowSpec.sliding(
                Duration.standardMinutes(2), MINUTE, MINUTE, Duration.standardSeconds(10)));
    assertThat(
            sliding
                .stamp(at("2026-03-01T10:00:30Z"), T0, Instant.parse("2026-03-01T10:02:59.999Z"))
                .verdict())
        .isEqualTo(Verdict.EVENT_TIME);
    assertThat(
            sliding
                .stamp(at("2026-03-01T10:00:30Z"), T0, Instant.parse("2026-03-01T10:03:00Z"))
                .verdict())
        .isEqualTo(Verdict.LATE);
  }

  @Test
  public void negativeSkewIsRejected() {
    assertThatThrownBy(
            () -> new EventTimePolicy(Duration.millis(-1), Duration.ZERO, FIXED.window()))
        .hasMessageContaining("--maxFutureSkew");
    assertThatThrownBy(
            () -> new EventTimePolicy(Duration.ZERO, Duration.millis(-1), FIXED.window()))
        .hasMessageContaining("--maxEventAge");
  }
}
