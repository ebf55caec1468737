package io.demostream.control.alerts.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.RuleFilter;
import io.demostream.control.alerts.rules.Severity;
import io.demostream.events.panes.WindowPaneMessage;
import io.demostream.events.panes.WindowPaneMessage.Cell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine by tables of scenarios: each step is one pane (window number, timing, pane index and
 * its users), each expectation one transition as {@code w<window>:<status>} (with {@code #n} for a
 * revision number).
 */
class AlertEngineTests {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final long WINDOW_MILLIS = 20_000;

  /** One pane: window {@code w}, {@code timing}, {@code index}, and its cells. */
  record Step(int w, String timing, long index, List<Cell> cells, long lagMillis) {
    Step(int w, String timing, long index, List<Cell> cells) {
      this(w, timing, index, cells, 0);
    }

    @Override
    public String toString() {
      return "w" + w + " " + timing + "#" + index + " " + cells.size() + " cells";
    }
  }

  static Step onTime(int w, long users) {
    return new Step(w, "ON_TIME", 1, split(users, 0));
  }

  static Step pane(int w, String timing, long index, long users) {
    return new Step(w, timing, index, split(users, 0));
  }

  /** {@code male} and {@code female} users in France. */
  static Step genders(int w, long male, long female) {
    return new Step(w, "ON_TIME", 1, split(male, female));
  }

  static Step countries(int w, long france, long spain) {
    List<Cell> cells = new ArrayList<>();
    if (france > 0) {
      cells.add(new Cell("France", "male", france, 30.0 * france, 5.0 * france));
    }
    if (spain > 0) {
      cells.add(new Cell("Spain", "male", spain, 30.0 * spain, 5.0 * spain));
    }
    return new Step(w, "ON_TIME", 1, cells);
  }

  private static List<Cell> split(long male, long female) {
    List<Cell> cells = new ArrayList<>();
    if (male > 0) {
      cells.add(new Cell("France", "male", male, 40.0 * male, 5.0 * male));
    }
    if (female > 0) {
      cells.add(new Cell("France", "female", female, 20.0 * female, 5.0 * female));
    }
    return cells;
  }

  static AlertRule rule(Metric metric, Condition condition, int forWindows, long minUsers) {
    return new AlertRule(
        "r",
        metric,
        null,
        null,
        condition,
        forWindows,
        Severity.WARNING,
        List.of(),
        minUsers,
        false);
  }

  static Stream<Arguments> scenarios() {
    Condition below = new Condition.Below(50.0, null);
    Condition belowWithRecover = new Condition.Below(50.0, 80.0);
    Condition above = new Condition.Above(0.6, 0.55);
    Condition outside = new Condition.Outside(0.4, 0.6);
    Condition deviation = new Condition.Deviation(4, 3.5);
    return Stream.of(
        Arguments.of(
            "below fires on the window under the threshold",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), onTime(2, 40), onTime(3, 30)),
            List.of("w2:firing")),
        Arguments.of(
            "below resolves once back at the threshold",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 40), onTime(2, 50)),
            List.of("w1:firing", "w2:resolved")),
        Arguments.of(
            "below with recover does not flap inside the recover band",
            rule(Metric.USERS, belowWithRecover, 1, 0),
            List.of(
                onTime(1, 100),
                onTime(2, 40),
                onTime(3, 60),
                onTime(4, 79),
                onTime(5, 45),
                onTime(6, 80),
                onTime(7, 60)),
            List.of("w2:firing", "w6:resolved")),
        Arguments.of(
            "forWindows makes a short dip pending only",
            rule(Metric.USERS, below, 2, 0),
            List.of(onTime(1, 40), onTime(2, 100), onTime(3, 40), onTime(4, 40), onTime(5, 90)),
            List.of("w1:pending", "w2:normal", "w3:pending", "w4:firing", "w5:resolved")),
        Arguments.of(
            "above with recover on the female share",
            rule(Metric.FEMALE_SHARE, above, 1, 0),
            List.of(genders(1, 50, 50), genders(2, 30, 70), genders(3, 42, 58), genders(4, 46, 54)),
            List.of("w2:firing", "w4:resolved")),
        Arguments.of(
            "outside fires on either side",
            rule(Metric.MALE_SHARE, outside, 1, 0),
            List.of(genders(1, 50, 50), genders(2, 70, 30), genders(3, 50, 50), genders(4, 30, 70)),
            List.of("w2:firing", "w3:resolved", "w4:firing")),
        Arguments.of(
            "deviation waits for its baseline, shrugs off an old outlier, fires on a new one",
            rule(Metric.USERS, deviation, 1, 0),
            List.of(
                onTime(1, 500),
                onTime(2, 100),
                onTime(3, 104),
                onTime(4, 98),
                onTime(5, 102),
                onTime(6, 101),
                onTime(7, 300),
                onTime(8, 100)),
            List.of("w7:firing", "w8:resolved")),
        Arguments.of(
            "minUsers leaves small windows of a ratio unjudged",
            rule(Metric.FEMALE_SHARE, outside, 1, 10),
            List.of(genders(1, 1, 8), genders(2, 10, 90), genders(3, 50, 50)),
            List.of("w2:firing", "w3:resolved")),
        Arguments.of(
            "early panes are ignored by default",
            rule(Metric.USERS, below, 1, 0),
            List.of(pane(1, "EARLY", 0, 10), pane(1, "ON_TIME", 1, 100)),
            List.of()),
        Arguments.of(
            "a late pane that lifts a window out of breach revises it and resolves",
            rule(Metric.USERS, below, 1, 0),
            List.of(pane(1, "ON_TIME", 0, 40), pane(1, "LATE", 1, 60), pane(1, "LATE", 2, 70)),
            List.of("w1:firing", "w1:revised#1")),
        Arguments.of(
            "a late pane that puts a window into breach revises it and fires",
            rule(Metric.USERS, new Condition.Above(100.0, null), 1, 0),
            List.of(pane(1, "ON_TIME", 0, 60), pane(1, "LATE", 1, 160)),
            List.of("w1:revised#1")),
        Arguments.of(
            "a late pane of an older window revises that window only",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), onTime(2, 100), pane(1, "LATE", 2, 10), onTime(3, 100)),
            List.of("w1:revised#1")),
        Arguments.of(
            "a redelivered or stale pane changes nothing",
            rule(Metric.USERS, below, 1, 0),
            List.of(pane(1, "ON_TIME", 1, 40), pane(1, "ON_TIME", 1, 40), pane(1, "EARLY", 0, 90)),
            List.of("w1:firing")),
        Arguments.of(
            "a country missing from a window counts 0 users",
            new AlertRule(
                "r",
                Metric.USERS,
                null,
                "country",
                below,
                1,
                Severity.WARNING,
                List.of(),
                0L,
                false),
            List.of(countries(1, 60, 60), countries(2, 60, 0), countries(3, 60, 55)),
            List.of("w2:firing", "w3:resolved")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void judgesPanesAsTheTableSays(
      String scenario, AlertRule rule, List<Step> steps, List<String> expected) {
    assertThat(run(rule, steps)).as(scenario).containsExactlyElementsOf(expected);
  }

  private static List<String> run(AlertRule rule, List<Step> steps) {
    RuleState state = RuleState.initial();
    List<String> transitions = new ArrayList<>();
    for (Step step : steps) {
      Evaluation evaluation = AlertEngine.onPane(rule, state, message(step), at(step.w()));
      state = evaluation.state();
      for (AlertEvent event : evaluation.events()) {
        long w = (event.windowStart().toEpochMilli() - T0.toEpochMilli()) / WINDOW_MILLIS;
        transitions.add(
            "w"
                + w
                + ":"
                + event.status().json()
                + (event.status() == AlertStatus.REVISED ? "#" + event.revision() : ""));
      }
    }
    return transitions;
  }

  private static WindowPaneMessage message(Step step) {
    long start = T0.toEpochMilli() + step.w() * WINDOW_MILLIS;
    return new WindowPaneMessage(
        "inc-1",
        start,
        start + WINDOW_MILLIS,
        step.timing(),
        step.index(),
        start + WINDOW_MILLIS + step.lagMillis(),
        step.cells(),
        List.of());
  }

  private static Instant at(int w) {
    return T0.plusMillis((w + 1) * WINDOW_MILLIS + 500);
  }

  /** A gap check at {@code millisAfterEnd} after the end of window {@code w}. */
  record Tick(int w, long millisAfterEnd) {
    Instant at() {
      return T0.plusMillis((w + 1) * WINDOW_MILLIS + millisAfterEnd);
    }

    @Override
    public String toString() {
      return "tick w" + w + "+" + millisAfterEnd + "ms";
    }
  }

  private static final Duration GRACE = Duration.ofSeconds(3);

  static Stream<Arguments> gapScenarios() {
    Condition below = new Condition.Below(50.0, 80.0);
    AlertRule byCountry =
        new AlertRule(
            "r", Metric.USERS, null, "country", below, 1, Severity.WARNING, List.of(), 0L, false);
    return Stream.of(
        Arguments.of(
            "a window that ended without a pane counts 0 users and fires",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), new Tick(2, 3_000)),
            List.of("w2:firing")),
        Arguments.of(
            "not before the grace for its on-time pane has passed",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), new Tick(2, 2_999)),
            List.of()),
        Arguments.of(
            "a gap is judged once however often it is checked",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), new Tick(2, 3_000), new Tick(2, 3_500), new Tick(2, 9_000)),
            List.of("w2:firing")),
        Arguments.of(
            "every missing window is judged, in order, and counts for forWindows",
            rule(Metric.USERS, below, 2, 0),
            List.of(onTime(1, 100), new Tick(3, 3_000)),
            List.of("w2:pending", "w3:firing")),
        Arguments.of(
            "the pane that comes after its gap was judged revises it when it changes the verdict",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), new Tick(2, 3_000), pane(2, "ON_TIME", 1, 100)),
            List.of("w2:firing", "w2:revised#1")),
        Arguments.of(
            "a pane that confirms its judged gap changes nothing",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), new Tick(2, 3_000), onTime(2, 10)),
            List.of("w2:firing")),
        Arguments.of(
            "ingestion restarted: the first window with users resolves",
            rule(Metric.USERS, below, 1, 0),
            List.of(onTime(1, 100), new Tick(3, 3_000), onTime(4, 100)),
            List.of("w2:firing", "w4:resolved")),
        Arguments.of(
            "with groupBy country every known country counts 0 in a gap",
            byCountry,
            List.of(countries(1, 60, 60), new Tick(2, 3_000)),
            List.of("w2:firing", "w2:firing")),
        Arguments.of(
            "a share is not judged in a gap (no users)",
            rule(Metric.FEMALE_SHARE, new Condition.Outside(0.4, 0.6), 1, 0),
            List.of(genders(1, 50, 50), new Tick(3, 3_000)),
            List.of()),
        Arguments.of(
            "absent is about time without panes, not windows: no gap is judged",
            rule(Metric.USERS, new Condition.Absent(Duration.ofMinutes(10)), 1, 0),
            List.of(onTime(1, 100), new Tick(3, 3_000)),
            List.of()),
        Arguments.of(
            "a pipeline whose on-time panes come 30 s late holds gap filling back as long",
            rule(Metric.USERS, below, 1, 0),
            List.of(
                new Step(1, "ON_TIME", 1, split(100, 0), 30_000),
                new Tick(2, 32_999),
                new Step(2, "ON_TIME", 1, split(100, 0), 30_000),
                new Tick(3, 33_000)),
            List.of("w3:firing")),
        Arguments.of(
            "a long lag fades by a quarter per pane once panes come promptly again",
            rule(Metric.USERS, below, 1, 0),
            List.of(
                new Step(1, "ON_TIME", 1, split(100, 0), 40_000),
                new Step(2, "ON_TIME", 1, split(100, 0), 0),
                new Tick(3, 32_999),
                new Step(3, "ON_TIME", 1, split(100, 0), 0),
                new Tick(4, 25_499),
                new Tick(4, 25_500)),
            List.of("w4:firing")),
        Arguments.of(
            "early panes still coming (a late pipeline with data) hold gap filling back",
            rule(Metric.USERS, below, 1, 0),
            List.of(
                onTime(1, 100),
                new Step(3, "EARLY", 0, split(30, 0), -8_000),
                new Tick(2, 12_000),
                new Tick(2, 14_999),
                new Tick(2, 15_000)),
            List.of("w2:firing")),
        Arguments.of(
            "nothing is filled before the rule judged a window",
            rule(Metric.USERS, below, 1, 0),
            List.of(new Tick(3, 3_000)),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("gapScenarios")
  void judgesGapsAsTheTableSays(
      String scenario, AlertRule rule, List<Object> steps, List<String> expected) {
    RuleState state = RuleState.initial();
    List<String> transitions = new ArrayList<>();
    for (Object step : steps) {
      Evaluation evaluation =
          step instanceof Tick tick
              ? AlertEngine.onGaps(rule, state, tick.at(), T0, GRACE)
              : AlertEngine.onPane(rule, state, message((Step) step), arrival((Step) step));
      state = evaluation.state();
      evaluation.events().forEach(event -> transitions.add(describe(event)));
    }
    assertThat(transitions).as(scenario).containsExactlyElementsOf(expected);
  }

  /** When a pane of the gap table reaches the evaluator: its window's end plus its lag. */
  private static Instant arrival(Step step) {
    return T0.plusMillis((step.w() + 1) * WINDOW_MILLIS + step.lagMillis());
  }

  @Test
  void gapsAreJudgedOnlyWhileARunIsActiveAndOnceAPaneOfThatRunCame() {
    AlertRule rule = rule(Metric.USERS, new Condition.Below(50.0, null), 1, 0);
    RuleState seen =
        AlertEngine.onPane(rule, RuleState.initial(), message(onTime(1, 100)), at(1)).state();
    Instant later = new Tick(5, 3_000).at();

    assertThat(AlertEngine.onGaps(rule, seen, later, null, GRACE).events())
        .as("no run active")
        .isEmpty();
    assertThat(AlertEngine.onGaps(rule, seen, later, at(1).plusMillis(1), GRACE).events())
        .as("a run that began after the last pane: its windows' grid is not known yet")
        .isEmpty();
    assertThat(AlertEngine.onGaps(rule, seen, later, T0.plusSeconds(40), GRACE).events())
        .as("a run that began as the judged window ended: not one of its windows")
        .isEmpty();
    assertThat(AlertEngine.onGaps(rule, seen, later, T0, GRACE).events()).hasSize(1);
  }

  @Test
  void slidingWindowsAreFilledByTheirPeriod() {
    AlertRule rule = rule(Metric.USERS, new Condition.Below(50.0, null), 1, 0);
    RuleState state = RuleState.initial();
    // 20 s windows every 10 s: two judged, then silence.
    for (long start : new long[] {0, 10_000}) {
      state = AlertEngine.onPane(rule, state, sliding(start, 100), T0.plusMillis(start)).state();
    }
    Evaluation filled = AlertEngine.onGaps(rule, state, T0.plusMillis(50_000 + 3_000), T0, GRACE);
    assertThat(filled.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.status()).isEqualTo(AlertStatus.FIRING);
              assertThat(event.windowStart()).isEqualTo(T0.plusMillis(20_000));
              assertThat(event.windowEnd()).isEqualTo(T0.plusMillis(40_000));
            });
    assertThat(filled.state().seriesOrInitial(Measurements.ALL).recent())
        .extracting(v -> v.windowStart().toEpochMilli() - T0.toEpochMilli())
        .containsExactly(0L, 10_000L, 20_000L, 30_000L);
  }

  private static WindowPaneMessage sliding(long startOffset, long users) {
    long start = T0.toEpochMilli() + startOffset;
    return new WindowPaneMessage(
        "inc-1", start, start + 20_000, "ON_TIME", 1, start + 20_000, split(users, 0), List.of());
  }

  private static String describe(AlertEvent event) {
    long w = (event.windowStart().toEpochMilli() - T0.toEpochMilli()) / WINDOW_MILLIS;
    return "w"
        + w
        + ":"
        + event.status().json()
        + (event.status() == AlertStatus.REVISED ? "#" + event.revision() : "");
  }

  @Test
  void anotherIncarnationsPaneOfAJudgedWindowReplacesItsVerdictTheLatestPaneWins() {
    AlertRule rule = rule(Metric.USERS, new Condition.Below(50.0, null), 1, 0);
    Evaluation first =
        AlertEngine.onPane(rule, RuleState.initial(), message(pane(1, "ON_TIME", 1, 100)), at(1));
    // A restarted pipeline (incarnation inc-2) rewrites window 1 from its own index 0.
    Evaluation rewritten =
        AlertEngine.onPane(
            rule, first.state(), incarnation("inc-2", message(pane(1, "ON_TIME", 0, 30))), at(1));
    // The first incarnation's late pane of that window comes after: it is the latest, it wins.
    Evaluation late =
        AlertEngine.onPane(rule, rewritten.state(), message(pane(1, "LATE", 2, 100)), at(2));

    assertThat(first.events()).isEmpty();
    assertThat(rewritten.events())
        .extracting(AlertEngineTests::describe)
        .containsExactly("w1:firing");
    assertThat(late.events())
        .extracting(AlertEngineTests::describe)
        .containsExactly("w1:revised#1");
    assertThat(late.state().seriesOrInitial(Measurements.ALL).recent())
        .singleElement()
        .extracting(WindowVerdict::value)
        .isEqualTo(100.0);
  }

  private static WindowPaneMessage incarnation(String id, WindowPaneMessage pane) {
    return new WindowPaneMessage(
        id,
        pane.windowStartMillis(),
        pane.windowEndMillis(),
        pane.paneTiming(),
        pane.paneIndex(),
        pane.emittedAtMillis(),
        pane.cells(),
        pane.ageBands());
  }

  @Test
  void anomalyJudgesEachWindowAgainstTheForecastsIntervalAndSkipsWindowsWithoutOne() {
    AlertRule rule = rule(Metric.USERS, new Condition.Anomaly(null), 1, 0);
    // The forecast expects 80 to 120 users in every window but w3, for which it has no answer.
    List<Double> asked = new ArrayList<>();
    Expectations expectations =
        (series, windowStart, probability) -> {
          asked.add(probability);
          return windowStart.equals(at(3)) ? null : new Expectations.Interval(80, 120);
        };
    RuleState state = RuleState.initial();
    List<String> transitions = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    for (Step step :
        List.of(onTime(1, 100), onTime(2, 400), onTime(3, 5), onTime(4, 100), onTime(5, 30))) {
      Evaluation evaluation =
          AlertEngine.onPane(rule, state, message(step), at(step.w()), expectations);
      state = evaluation.state();
      for (AlertEvent event : evaluation.events()) {
        transitions.add(describe(event));
        thresholds.add(event.threshold());
      }
    }
    assertThat(transitions).containsExactly("w2:firing", "w4:resolved", "w5:firing");
    // The bound the value fell beyond: the upper one of a spike, the lower one of a drop.
    assertThat(thresholds).containsExactly(120.0, 120.0, 80.0);
    assertThat(asked).containsOnly(Condition.Anomaly.DEFAULT_THRESHOLD);
    // Without expectations an anomaly rule judges nothing.
    assertThat(
            AlertEngine.onPane(rule, RuleState.initial(), message(onTime(1, 400)), at(1)).events())
        .isEmpty();
  }

  @Test
  void aWindowWithoutAnyPaneIsAnAnomalyWhenZeroUsersIsOutsideTheInterval() {
    AlertRule rule = rule(Metric.USERS, new Condition.Anomaly(0.99), 1, 0);
    Expectations expectations =
        (series, windowStart, probability) -> new Expectations.Interval(80, 120);
    RuleState state =
        AlertEngine.onPane(
                rule,
                RuleState.initial(),
                message(onTime(1, 100)),
                arrival(onTime(1, 100)),
                expectations)
            .state();
    Evaluation filled =
        AlertEngine.onGaps(rule, state, new Tick(2, 3_000).at(), T0, GRACE, expectations);
    assertThat(filled.events()).extracting(AlertEngineTests::describe).containsExactly("w2:firing");
  }

  @Test
  void transitionsCarryWindowValueThresholdAndTimes() {
    AlertRule rule = rule(Metric.USERS, new Condition.Below(50.0, 80.0), 1, 0);
    Evaluation fired = AlertEngine.onPane(rule, RuleState.initial(), message(onTime(1, 40)), at(1));
    Evaluation resolved = AlertEngine.onPane(rule, fired.state(), message(onTime(2, 90)), at(2));

    AlertEvent firing = fired.events().get(0);
    assertThat(firing.seriesKey()).isEqualTo(Measurements.ALL);
    assertThat(firing.from()).isEqualTo(AlertStatus.NORMAL);
    assertThat(firing.windowStart()).isEqualTo(T0.plusMillis(WINDOW_MILLIS));
    assertThat(firing.windowEnd()).isEqualTo(T0.plusMillis(2 * WINDOW_MILLIS));
    assertThat(firing.value()).isEqualTo(40.0);
    assertThat(firing.threshold()).isEqualTo(50.0);
    assertThat(firing.startsAt()).isEqualTo(at(1));
    assertThat(firing.endsAt()).isNull();
    AlertEvent resolving = resolved.events().get(0);
    assertThat(resolving.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolving.threshold()).as("judged against recover while firing").isEqualTo(80.0);
    assertThat(resolving.startsAt()).isEqualTo(at(1));
    assertThat(resolving.endsAt()).isEqualTo(at(2));
  }

  @Test
  void earlyPanesJudgeWhenTheRuleOptsIn() {
    AlertRule rule =
        new AlertRule(
            "r",
            Metric.USERS,
            null,
            null,
            new Condition.Below(50.0, null),
            1,
            Severity.INFO,
            List.of(),
            0L,
            true);
    List<String> transitions =
        run(rule, List.of(pane(1, "EARLY", 0, 10), pane(1, "ON_TIME", 1, 100)));
    assertThat(transitions).containsExactly("w1:firing", "w1:resolved");
  }

  @Test
  void ageBandFilterCountsTheBand() {
    AlertRule rule =
        new AlertRule(
            "r",
            Metric.AGE_BAND_SHARE,
            new RuleFilter(null, null, "18-24"),
            null,
            new Condition.Above(0.5, null),
            1,
            Severity.INFO,
            List.of(),
            0L,
            false);
    WindowPaneMessage pane =
        new WindowPaneMessage(
            "i",
            0,
            20_000,
            "ON_TIME",
            0,
            20_000,
            List.of(),
            List.of(
                new WindowPaneMessage.AgeBandCell("18-24", 6),
                new WindowPaneMessage.AgeBandCell("25-34", 4)));
    Evaluation evaluation = AlertEngine.onPane(rule, RuleState.initial(), pane, T0);
    assertThat(evaluation.events()).singleElement().extracting(AlertEvent::value).isEqualTo(0.6);
  }

  @Test
  void absentFiresAfterItsDurationOfSilenceWhileARunIsActiveAndResolvesOnAPane() {
    AlertRule rule = rule(Metric.USERS, new Condition.Absent(Duration.ofMinutes(2)), 1, 0);
    Instant runSince = T0;
    RuleState state = RuleState.initial();

    assertThat(AlertEngine.onTick(rule, state, T0.plusSeconds(600), null).events())
        .as("no run active: not judged")
        .isEmpty();
    assertThat(AlertEngine.onTick(rule, state, T0.plusSeconds(119), runSince).events()).isEmpty();
    Evaluation fired = AlertEngine.onTick(rule, state, T0.plusSeconds(120), runSince);
    assertThat(fired.events())
        .singleElement()
        .extracting(AlertEvent::status)
        .isEqualTo(AlertStatus.FIRING);
    assertThat(AlertEngine.onTick(rule, fired.state(), T0.plusSeconds(180), runSince).events())
        .as("fires once")
        .isEmpty();

    Evaluation resolved =
        AlertEngine.onPane(rule, fired.state(), message(onTime(9, 5)), T0.plusSeconds(190));
    assertThat(resolved.events())
        .singleElement()
        .extracting(AlertEvent::status)
        .isEqualTo(AlertStatus.RESOLVED);
    assertThat(AlertEngine.onTick(rule, resolved.state(), T0.plusSeconds(300), runSince).events())
        .as("the clock restarts at the last pane")
        .isEmpty();
    assertThat(AlertEngine.onTick(rule, resolved.state(), T0.plusSeconds(310), runSince).events())
        .singleElement()
        .extracting(AlertEvent::status)
        .isEqualTo(AlertStatus.FIRING);
  }
}
