package io.demostream.control.reconcile;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.WindowType;
import java.time.Duration;
import java.time.Instant;

/**
 * Which windows of a job count each user exactly once. Fixed windows: all of them. Sliding windows
 * put a user in {@code size / period} windows, so summing them counts users several times; but Beam
 * aligns window starts on multiples of the period since the epoch, so when the size is a multiple
 * of the period the windows starting at multiples of the size tile time without overlap, and their
 * sum counts each user once. Sliding windows whose size is not a multiple of the period have no
 * such subset: they cannot be counted exactly.
 *
 * @param size window length
 * @param period how often a window starts; equal to {@code size} for fixed windows
 */
public record WindowTiling(Duration size, Duration period) {

  public WindowTiling {
    if (size.isZero() || size.isNegative() || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("window size and period must be positive");
    }
  }

  public static WindowTiling of(JobParameters parameters) {
    Duration size = parameters.windowSize();
    return new WindowTiling(
        size,
        parameters.windowType() == WindowType.SLIDING && parameters.windowPeriod() != null
            ? parameters.windowPeriod()
            : size);
  }

  public boolean sliding() {
    return !period.equals(size);
  }

  /** Whether some windows count each user exactly once. */
  public boolean exact() {
    return size.toMillis() % period.toMillis() == 0;
  }

  /** Whether the window starting at {@code windowStart} belongs to the non-overlapping subset. */
  public boolean counts(Instant windowStart) {
    return exact() && windowStart.toEpochMilli() % size.toMillis() == 0;
  }

  /** How users are counted, in words, for the run summary. */
  public String describe() {
    if (!sliding()) {
      return "the latest pane of every fixed window";
    }
    if (!exact()) {
      return "not counted: sliding windows of "
          + size.toSeconds()
          + "s every "
          + period.toSeconds()
          + "s overlap with no subset that counts each user once";
    }
    return "the latest pane of the sliding windows starting at multiples of "
        + size.toSeconds()
        + "s, which do not overlap (each user is in "
        + size.toMillis() / period.toMillis()
        + " windows)";
  }
}
