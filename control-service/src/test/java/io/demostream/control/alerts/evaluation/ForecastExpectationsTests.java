package io.demostream.control.alerts.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.demostream.control.alerts.engine.Expectations;
import io.demostream.control.alerts.engine.Measurements;
import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Condition;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.RuleFilter;
import io.demostream.control.alerts.rules.Severity;
import io.demostream.control.insights.forecast.AnomaliesAnswer;
import io.demostream.control.insights.forecast.ForecastAnswer;
import io.demostream.control.insights.forecast.ForecastEngine;
import io.demostream.control.insights.forecast.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastExpectationsTests {

  static final Instant W = Instant.parse("2026-12-07T10:05:00Z");
  static final Instant NEXT = W.plus(Duration.ofMinutes(1));

  final ForecastEngine engine = mock(ForecastEngine.class);

  @Test
  void aWindowInTheWarehouseGetsTheAnomaliesIntervalAndOneAheadOfItTheForecasts() {
    SeriesKey women = new SeriesKey(SeriesKey.USERS, "female", null);
    when(engine.anomalies(eq(women), eq(W), any(), eq(0.95)))
        .thenReturn(
            new AnomaliesAnswer(
                "local-holt-winters",
                W,
                null,
                List.of(new AnomaliesAnswer.Row(W, 50, 40, 60, 0.5, false))));
    when(engine.anomalies(eq(women), eq(NEXT), any(), eq(0.95)))
        .thenReturn(new AnomaliesAnswer("local-holt-winters", W, null, List.of()));
    when(engine.forecast(eq(women), any(), eq(0.95)))
        .thenReturn(
            new ForecastAnswer(
                "local-holt-winters",
                W,
                Duration.ofMinutes(1),
                0,
                null,
                List.of(new ForecastAnswer.Point(NEXT, 52, 41, 63))));
    Expectations expectations =
        new ForecastExpectations(engine).of(rule(new RuleFilter(null, "female", null), null, 0.95));

    assertThat(expectations.expected(Measurements.ALL, W, 0.95))
        .isEqualTo(new Expectations.Interval(40, 60));
    assertThat(expectations.expected(Measurements.ALL, NEXT, 0.95))
        .isEqualTo(new Expectations.Interval(41, 63));
    assertThat(expectations.expected(Measurements.ALL, NEXT.plusSeconds(3600), 0.95)).isNull();
  }

  @Test
  void aGroupedSeriesIsItsCountrysAndAFailingEngineJudgesNothing() {
    when(engine.anomalies(any(), any(), any(), anyDouble()))
        .thenThrow(new IllegalStateException("too little history"));
    Expectations expectations =
        new ForecastExpectations(engine).of(rule(null, AlertRule.GROUP_BY_COUNTRY, null));

    assertThat(expectations.expected(Measurements.countryKey("France"), W, 0.99)).isNull();
    verify(engine)
        .anomalies(eq(new SeriesKey(SeriesKey.USERS, null, "France")), eq(W), any(), eq(0.99));
    verify(engine, never()).forecast(any(), any(), anyDouble());
  }

  private static AlertRule rule(RuleFilter filter, String groupBy, Double threshold) {
    return new AlertRule(
        "anomalies",
        Metric.USERS,
        filter,
        groupBy,
        new Condition.Anomaly(threshold),
        1,
        Severity.WARNING,
        List.of(),
        0L,
        false);
  }
}
