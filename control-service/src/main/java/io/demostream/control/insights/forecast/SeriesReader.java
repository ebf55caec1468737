package io.demostream.control.insights.forecast;

import io.demostream.control.insights.InsightsRepository;
import io.demostream.control.insights.TimeRange;
import io.demostream.control.insights.WindowRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The series of a {@link SeriesKey} from the warehouse's latest panes ({@link
 * InsightsRepository#windows}): the tiling windows, one value per window of the most common length,
 * missing windows filled as 0, windows still open at {@code until} left out (their counts are not
 * final).
 */
final class SeriesReader {

  private final InsightsRepository repository;

  SeriesReader(InsightsRepository repository) {
    this.repository = repository;
  }

  /** The series of windows starting in {@code [from, until)}; null when there is no window. */
  Series read(SeriesKey key, Instant from, Instant until) {
    List<WindowRow> windows =
        repository.windows(new TimeRange(from, until)).stream()
            .filter(WindowRow::tiling)
            .filter(w -> !w.windowEnd().isAfter(until))
            .toList();
    if (windows.isEmpty()) {
      return null;
    }
    Duration step =
        windows.stream()
            .map(w -> Duration.between(w.windowStart(), w.windowEnd()))
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    List<WindowRow> regular =
        windows.stream()
            .filter(w -> Duration.between(w.windowStart(), w.windowEnd()).equals(step))
            .toList();
    Instant start = regular.get(0).windowStart();
    Instant last = regular.get(regular.size() - 1).windowStart();
    int size = (int) (Duration.between(start, last).toMillis() / step.toMillis()) + 1;
    double[] values = new double[size];
    Series series = new Series(start, step, values);
    for (WindowRow window : regular) {
      values[series.indexOf(window.windowStart())] = value(key, window);
    }
    return series;
  }

  private static double value(SeriesKey key, WindowRow window) {
    if (key.gender() == null) {
      return window.users();
    }
    return switch (key.gender()) {
      case "male" -> window.male();
      case "female" -> window.female();
      default -> window.otherGender();
    };
  }
}
