package io.demostream.control.alerts.engine;

import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Whether a window's value breaches a rule's condition, and the limit that decided. */
record Verdict(boolean breached, Double threshold) {

  WindowVerdict window(Instant start, Instant end, double value, long paneIndex, boolean filled) {
    return new WindowVerdict(start, end, value, breached, paneIndex, filled);
  }

  /** Whether the value breaches, and the limit that decided; null when it cannot be judged yet. */
  static Verdict of(
      AlertRule rule,
      String key,
      SeriesState s,
      AlertStatus status,
      Instant windowStart,
      double value,
      Expectations expectations) {
    boolean firing = status == AlertStatus.FIRING;
    Condition condition = rule.condition();
    if (condition instanceof Condition.Below below) {
      double limit = firing && below.recover() != null ? below.recover() : below.threshold();
      return new Verdict(value < limit, limit);
    }
    if (condition instanceof Condition.Above above) {
      double limit = firing && above.recover() != null ? above.recover() : above.threshold();
      return new Verdict(value > limit, limit);
    }
    if (condition instanceof Condition.Outside outside) {
      return new Verdict(
          value < outside.low() || value > outside.high(),
          value < outside.low() ? outside.low() : outside.high());
    }
    if (condition instanceof Condition.Deviation deviation) {
      List<Double> baseline = s.valuesBefore(windowStart, deviation.baselineWindows());
      if (baseline.size() < deviation.baselineWindows()) {
        return null;
      }
      double median = median(baseline);
      double scale = 1.4826 * median(baseline.stream().map(v -> Math.abs(v - median)).toList());
      if (scale == 0) {
        return new Verdict(value != median, median);
      }
      double bound = median + Math.signum(value - median) * deviation.z() * scale;
      return new Verdict(Math.abs(value - median) / scale > deviation.z(), bound);
    }
    if (condition instanceof Condition.Anomaly anomaly) {
      Expectations.Interval expected = expectations.expected(key, windowStart, anomaly.threshold());
      if (expected == null) {
        return null;
      }
      boolean below = value < expected.lower();
      return new Verdict(
          below || value > expected.upper(), below ? expected.lower() : expected.upper());
    }
    return null;
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
