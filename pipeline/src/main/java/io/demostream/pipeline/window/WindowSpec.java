package io.demostream.pipeline.window;

import java.io.Serializable;
import java.util.Locale;
import org.joda.time.Duration;

/**
 * How users are windowed and when panes fire. Validated on construction, so a bad combination fails
 * before the pipeline is built.
 *
 * @param period for {@link Type#SLIDING} how often a window starts; equals {@code size} for fixed
 */
public record WindowSpec(
    Type type,
    Duration size,
    Duration period,
    Duration allowedLateness,
    Duration earlyFiringInterval)
    implements Serializable {

  /** The {@code --windowType} values. */
  public enum Type {
    FIXED,
    SLIDING;

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Type fromOption(String value) {
      String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
      return switch (wanted) {
        case "fixed" -> FIXED;
        case "sliding" -> SLIDING;
        default ->
            throw new IllegalArgumentException(
                "--windowType='" + value + "' is not supported: use fixed or sliding");
      };
    }
  }

  public WindowSpec {
    requirePositive("windowSize", size);
    requirePositive("earlyFiringInterval", earlyFiringInterval);
    if (allowedLateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "--allowedLateness must not be negative, got " + allowedLateness);
    }
    if (type == Type.FIXED) {
      period = size;
    } else {
      requirePositive("windowPeriod", period);
      if (period.isLongerThan(size)) {
        throw new IllegalArgumentException(
            "--windowPeriod ("
                + period
                + ") must not be longer than --windowSize ("
                + size
                + "): sliding windows would leave gaps");
      }
      if (size.getMillis() % period.getMillis() != 0) {
        throw new IllegalArgumentException(
            "--windowSize (" + size + ") must be a multiple of --windowPeriod (" + period + ")");
      }
    }
  }

  public static WindowSpec fixed(Duration size, Duration allowedLateness, Duration early) {
    return new WindowSpec(Type.FIXED, size, size, allowedLateness, early);
  }

  public static WindowSpec sliding(
      Duration size, Duration period, Duration allowedLateness, Duration early) {
    return new WindowSpec(Type.SLIDING, size, period, allowedLateness, early);
  }

  private static void requirePositive(String option, Duration value) {
    if (value == null || !value.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("--" + option + " must be positive, got " + value);
    }
  }
}
