package io.demostream.control.insights;

import io.demostream.events.AgeBand;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Turns what an {@link InsightsRepository} reads into the API's answers. Totals, splits and
 * averages count only tiling windows ({@link WindowRow#tiling()}), so a user is counted once even
 * when a sliding-window job wrote overlapping windows; averages are weighted by users (sum of age ×
 * users over users), never averages of averages.
 */
public class InsightsService {

  private final InsightsRepository repository;
  private final InsightsProperties properties;
  private final Clock clock;

  public InsightsService(
      InsightsRepository repository, InsightsProperties properties, Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.clock = clock;
  }

  /** The range of a request's {@code from} and {@code to}; see {@link TimeRange#of}. */
  TimeRange range(String from, String to) {
    return TimeRange.of(from, to, clock, properties.refreshInterval(), properties.maxRange());
  }

  public Summary summary(TimeRange range) {
    List<WindowRow> windows = repository.windows(range);
    List<WindowRow> tiling = windows.stream().filter(WindowRow::tiling).toList();
    long users = tiling.stream().mapToLong(WindowRow::users).sum();
    double ageSum = tiling.stream().mapToDouble(w -> w.avgAge() * w.users()).sum();
    double registeredAgeSum =
        tiling.stream().mapToDouble(w -> w.avgRegisteredAge() * w.users()).sum();
    Instant latestEmittedAt =
        windows.stream()
            .map(WindowRow::emittedAt)
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder())
            .orElse(null);
    return new Summary(
        range.from(),
        range.to(),
        users,
        tiling.stream().mapToLong(WindowRow::male).sum(),
        tiling.stream().mapToLong(WindowRow::female).sum(),
        tiling.stream().mapToLong(WindowRow::otherGender).sum(),
        users == 0 ? null : round(ageSum / users),
        users == 0 ? null : round(registeredAgeSum / users),
        tiling.size(),
        latestEmittedAt);
  }

  public RunningTotal runningTotal(TimeRange range) {
    List<RunningTotal.Point> points = new ArrayList<>();
    long cumulative = 0;
    for (WindowRow window : tilingWindows(range)) {
      cumulative += window.users();
      points.add(
          new RunningTotal.Point(
              window.windowStart(),
              window.windowEnd(),
              window.users(),
              cumulative,
              window.paneTiming()));
    }
    return new RunningTotal(points);
  }

  public GenderDistribution gender(TimeRange range) {
    List<WindowRow> tiling = tilingWindows(range);
    long male = tiling.stream().mapToLong(WindowRow::male).sum();
    long female = tiling.stream().mapToLong(WindowRow::female).sum();
    long other = tiling.stream().mapToLong(WindowRow::otherGender).sum();
    List<GenderDistribution.Point> points =
        tiling.stream()
            .map(
                w ->
                    new GenderDistribution.Point(
                        w.windowStart(), w.male(), w.female(), w.otherGender()))
            .toList();
    return new GenderDistribution(male, female, other, male + female + other, points);
  }

  public AgeBreakdown age(TimeRange range, AgeGrouping by) {
    Comparator<AgeBreakdown.Row> order =
        Comparator.comparingLong(AgeBreakdown.Row::users)
            .reversed()
            .thenComparing(AgeBreakdown.Row::country, Comparator.nullsFirst(String::compareTo))
            .thenComparing(AgeBreakdown.Row::gender, Comparator.nullsFirst(String::compareTo));
    List<AgeBreakdown.Row> rows =
        repository.ageGroups(range, by).stream()
            .filter(group -> group.users() > 0)
            .map(
                group ->
                    new AgeBreakdown.Row(
                        group.country(),
                        group.gender(),
                        group.users(),
                        round(group.ageSum() / group.users()),
                        round(group.registeredAgeSum() / group.users())))
            .sorted(order)
            .toList();
    return new AgeBreakdown(by.parameter(), rows);
  }

  public AgeBands ageBands(TimeRange range) {
    Map<String, Long> users =
        repository.ageBands(range).stream()
            .collect(Collectors.toMap(AgeBandRow::ageBand, AgeBandRow::users, Long::sum));
    List<AgeBands.Row> rows =
        Arrays.stream(AgeBand.values())
            .map(AgeBand::label)
            .map(label -> new AgeBands.Row(label, users.getOrDefault(label, 0L)))
            .toList();
    return new AgeBands(rows);
  }

  private List<WindowRow> tilingWindows(TimeRange range) {
    return repository.windows(range).stream().filter(WindowRow::tiling).toList();
  }

  /** Years to two decimals: enough for any reader, and stable across warehouses. */
  private static double round(double years) {
    return Math.round(years * 100.0) / 100.0;
  }
}
