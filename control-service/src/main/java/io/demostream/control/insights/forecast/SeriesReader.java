package io.demostream.control.insights.forecast;

import io.demostream.control.insights.CountryWindowRow;
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
 * InsightsRepository#windows}, or {@link InsightsRepository#countryWindows} for one country): the
 * tiling windows, one value per window of the most common length, missing windows filled as 0,
 * windows still open at {@code until} left out (their counts are not final).
 */
final class SeriesReader {

  /** One window's bounds and the key's count in it. */
  private record Observed(Instant windowStart, Instant windowEnd, double value) {}

  private final InsightsRepository repository;

  SeriesReader(InsightsRepository repository) {
    this.repository = repository;
  }

  /** The series of windows starting in {@code [from, until)}; null when there is no window. */
  Series read(SeriesKey key, Instant from, Instant until) {
    List<Observed> windows =
        observed(key, new TimeRange(from, until)).stream()
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
    List<Observed> regular =
        windows.stream()
            .filter(w -> Duration.between(w.windowStart(), w.windowEnd()).equals(step))
            .toList();
    Instant start = regular.get(0).windowStart();
    Instant last = regular.get(regular.size() - 1).windowStart();
    int size = (int) (Duration.between(start, last).toMillis() / step.toMillis()) + 1;
    double[] values = new double[size];
    Series series = new Series(start, step, values);
    for (Observed window : regular) {
      values[series.indexOf(window.windowStart())] = window.value();
    }
    return series;
  }

  /** The key's tiling windows in the range. */
  private List<Observed> observed(SeriesKey key, TimeRange range) {
    if (key.country() == null) {
      return repository.windows(range).stream()
          .filter(WindowRow::tiling)
          .map(
              w ->
                  new Observed(
                      w.windowStart(),
                      w.windowEnd(),
                      value(key, w.users(), w.male(), w.female(), w.otherGender())))
          .toList();
    }
    return repository.countryWindows(range, key.country()).stream()
        .filter(CountryWindowRow::tiling)
        .map(
            w ->
                new Observed(
                    w.windowStart(),
                    w.windowEnd(),
                    value(key, w.users(), w.male(), w.female(), w.otherGender())))
        .toList();
  }

  private static double value(SeriesKey key, long users, long male, long female, long other) {
    if (key.gender() == null) {
      return users;
    }
    return switch (key.gender()) {
      case "male" -> male;
      case "female" -> female;
      default -> other;
    };
  }
}
