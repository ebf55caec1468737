package io.demostream.control.insights.forecast;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.demostream.control.insights.InsightsRepository;
import io.demostream.control.insights.WindowRow;
import io.demostream.events.synthetic.Scenario;
import io.demostream.events.synthetic.ScenarioEvent;
import io.demostream.events.synthetic.ScenarioTraffic;
import io.demostream.events.synthetic.Scenarios;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How well the local engine finds the injected events of the synthetic scenarios, and how honest
 * its forecast intervals are (docs/BENCHMARKS.md, FC1 to FC4). Each scenario becomes the series of
 * users per 10 s window that ingestion at {@code BASE_RATE} users/s would give it: the scenario's
 * own rate and gender split ({@link ScenarioTraffic}, which the synthetic source draws from) with
 * the sampling noise of counting random arrivals (Poisson, drawn from a seeded normal
 * approximation). The series goes through {@link ForecastService} as the API serves it.
 *
 * <ul>
 *   <li>Recall: an injected event is found when a window it covers is flagged at the API's default
 *       threshold (0.99), on the series it changes: spikes and drops on all users, a gender skew on
 *       female users. A country's silence changes the total by that country's share only; without
 *       per-country series it is reported, not counted as a miss or a find.
 *   <li>Precision: flagged windows that an event covers (or that start within one window after it,
 *       where the model's one-step-ahead prediction still carries the event) over all flagged
 *       windows.
 *   <li>Coverage: on the event-free {@code daily} scenario, the share of held-out windows inside
 *       the forecast's interval, trained on the windows before them, at confidence 0.9.
 *   <li>Speed: a forecast over a week of 1-minute windows, best and mean of 10 after 5 warm-ups.
 * </ul>
 */
@Tag("bench")
class ForecastQualityBenchmark {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final double BASE_RATE = 20;
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
  private static final int SEEDS = 5;

  private final List<String> report = new ArrayList<>();

  @Test
  void measure() throws IOException {
    Scenario incidents = Scenarios.named("incidents");
    // The named incidents, then the same kinds again on later simulated days: more events to find.
    List<ScenarioEvent> events = new ArrayList<>(incidents.events());
    events.add(ScenarioEvent.spike(Duration.ofMinutes(34), Duration.ofSeconds(30), 3));
    events.add(ScenarioEvent.drop(Duration.ofMinutes(41), Duration.ofSeconds(50), 0.3));
    events.add(ScenarioEvent.skew(Duration.ofMinutes(47), Duration.ofSeconds(40), 0.85));
    events.add(ScenarioEvent.spike(Duration.ofMinutes(53), Duration.ofSeconds(20), 5));
    Scenario many = incidents.with(null, null, events);
    detection("incidents", incidents, Duration.ofMinutes(30));
    detection("incidents+4", many, Duration.ofMinutes(60));
    falseAlarms("daily", Scenarios.named("daily"), Duration.ofMinutes(60));
    coverage("daily", Scenarios.named("daily"), Duration.ofMinutes(60), Duration.ofMinutes(5));
    coverage("weekly", Scenarios.named("weekly"), Duration.ofMinutes(90), Duration.ofMinutes(5));
    speed();
    Path out = Path.of("target/bench/forecast.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
  }

  /** Recall per event kind and precision over {@code seeds} runs of the scenario. */
  private void detection(String name, Scenario scenario, Duration length) {
    int found = 0;
    int judged = 0;
    int flagged = 0;
    int flaggedInEvents = 0;
    List<String> missed = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Counts counts = counts(scenario, length, seed);
      List<AnomaliesAnswer.Row> users = anomalies(counts, null);
      List<AnomaliesAnswer.Row> female = anomalies(counts, "female");
      for (ScenarioEvent event : scenario.events()) {
        List<AnomaliesAnswer.Row> series =
            switch (event.kind()) {
              case SPIKE, DROP -> users;
              case SKEW -> female;
              case SILENCE -> null;
            };
        if (series == null) {
          continue;
        }
        judged++;
        if (series.stream().anyMatch(row -> row.anomaly() && covers(event, row.windowStart()))) {
          found++;
        } else {
          missed.add(event.kind().wireName() + "@" + event.at() + " seed " + seed);
        }
      }
      for (List<AnomaliesAnswer.Row> series : List.of(users, female)) {
        for (AnomaliesAnswer.Row row : series) {
          if (row.anomaly()) {
            flagged++;
            if (scenario.events().stream().anyMatch(e -> near(e, row.windowStart()))) {
              flaggedInEvents++;
            }
          }
        }
      }
    }
    line(
        "FC2 %s: recall %d/%d events (%.0f%%), precision %d/%d flagged windows (%.0f%%)%s",
        name,
        found,
        judged,
        100.0 * found / judged,
        flaggedInEvents,
        flagged,
        flagged == 0 ? 0 : 100.0 * flaggedInEvents / flagged,
        missed.isEmpty() ? "" : "; missed " + missed);
  }

  /** Windows flagged on a scenario without events: every one is a false alarm. */
  private void falseAlarms(String name, Scenario scenario, Duration length) {
    int flagged = 0;
    int windows = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Counts counts = counts(scenario, length, seed);
      for (String gender : new String[] {null, "female"}) {
        for (AnomaliesAnswer.Row row : anomalies(counts, gender)) {
          windows++;
          flagged += row.anomaly() ? 1 : 0;
        }
      }
    }
    line(
        "FC3 %s (no events): %d of %d windows flagged (%.2f%%; 1%% expected of a calibrated 0.99)",
        name, flagged, windows, 100.0 * flagged / windows);
  }

  /** Share of held-out windows inside the 0.9 interval of a forecast trained before them. */
  private void coverage(String name, Scenario scenario, Duration length, Duration heldOut) {
    int inside = 0;
    int total = 0;
    for (int seed = 1; seed <= SEEDS; seed++) {
      Counts counts = counts(scenario, length, seed);
      int held = (int) (heldOut.toMillis() / WINDOW.toMillis());
      int trained = counts.users.length - held;
      ForecastService service = service(counts, trained);
      ForecastAnswer answer = service.forecast(new SeriesKey(SeriesKey.USERS, null), heldOut, 0.9);
      for (int h = 0; h < held && h < answer.points().size(); h++) {
        ForecastAnswer.Point point = answer.points().get(h);
        double actual = counts.users[trained + h];
        total++;
        inside += actual >= point.lower() && actual <= point.upper() ? 1 : 0;
      }
      if (seed == 1) {
        line("FC4 %s: engine %s, season %d windows", name, answer.engine(), answer.season());
      }
    }
    line(
        "FC4 %s: %d of %d held-out windows inside the 0.9 interval (%.1f%%)",
        name, inside, total, 100.0 * inside / total);
  }

  private void speed() {
    double[] values = LocalForecastEngineTests.seasonal(10_080, 1_440, 9);
    Series series = new Series(START, Duration.ofMinutes(1), values);
    LocalForecastEngine engine = new LocalForecastEngine(Duration.ofDays(1));
    for (int i = 0; i < 5; i++) {
      engine.fit(series);
    }
    long best = Long.MAX_VALUE;
    long sum = 0;
    Fitted fitted = null;
    for (int i = 0; i < 10; i++) {
      long started = System.nanoTime();
      fitted = engine.fit(series);
      for (int h = 1; h <= 30; h++) {
        fitted.forecast(h);
        fitted.sigmaAhead(h);
      }
      long took = System.nanoTime() - started;
      best = Math.min(best, took);
      sum += took;
    }
    line(
        "FC1 a week of 1-minute windows: best %d ms, mean %d ms (budget 200 ms); engine %s, season"
            + " %d",
        best / 1_000_000, sum / 10 / 1_000_000, fitted.engine(), fitted.season());
  }

  private List<AnomaliesAnswer.Row> anomalies(Counts counts, String gender) {
    ForecastService service = service(counts, counts.users.length);
    return service
        .anomalies(
            new SeriesKey(SeriesKey.USERS, gender),
            START,
            START.plus(WINDOW.multipliedBy(counts.users.length)),
            0.99)
        .rows();
  }

  /** The service over the first {@code windows} windows, its clock at their end. */
  private static ForecastService service(Counts counts, int windows) {
    List<WindowRow> rows = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      Instant start = START.plus(WINDOW.multipliedBy(i));
      long female = counts.female[i];
      rows.add(OnTimeWindows.window(start, WINDOW, counts.users[i], female));
    }
    InsightsRepository repository = mock(InsightsRepository.class);
    when(repository.windows(any())).thenReturn(rows);
    Clock clock = Clock.fixed(START.plus(WINDOW.multipliedBy(windows)), ZoneOffset.UTC);
    ForecastProperties properties =
        new ForecastProperties(
            Duration.ofDays(7), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofDays(1));
    return new ForecastService(
        new SeriesReader(repository), properties, clock, new SimpleMeterRegistry());
  }

  /** Users and female users per window, as counting random arrivals at the scenario's rate. */
  private static Counts counts(Scenario scenario, Duration length, long seed) {
    ScenarioTraffic traffic = new ScenarioTraffic(scenario);
    SplittableRandom random = new SplittableRandom(seed);
    int windows = (int) (length.toMillis() / WINDOW.toMillis());
    long[] users = new long[windows];
    long[] female = new long[windows];
    for (int i = 0; i < windows; i++) {
      Duration middle = WINDOW.multipliedBy(i).plus(WINDOW.dividedBy(2));
      double expected = BASE_RATE * WINDOW.toSeconds() * traffic.rate(middle);
      users[i] = Math.max(0, Math.round(expected + Math.sqrt(expected) * gaussian(random)));
      double share = traffic.mix(middle).femaleShare();
      double mean = users[i] * share;
      double sd = Math.sqrt(users[i] * share * (1 - share));
      female[i] = Math.min(users[i], Math.max(0, Math.round(mean + sd * gaussian(random))));
    }
    return new Counts(users, female);
  }

  private record Counts(long[] users, long[] female) {}

  private static boolean covers(ScenarioEvent event, Instant windowStart) {
    Duration start = Duration.between(START, windowStart);
    return start.compareTo(event.end()) < 0 && start.plus(WINDOW).compareTo(event.at()) > 0;
  }

  /** In the event, or the window right after it, whose prediction still carries the event. */
  private static boolean near(ScenarioEvent event, Instant windowStart) {
    return covers(event, windowStart) || covers(event, windowStart.minus(WINDOW));
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private void line(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    System.out.println("[bench] " + line);
    report.add(line);
  }
}
