package io.demostream.control.insights.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.demostream.control.insights.InsightsRepository;
import io.demostream.control.insights.WindowRow;
import io.demostream.control.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastServiceTests {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  final InsightsRepository repository = mock(InsightsRepository.class);
  final MutableClock clock = new MutableClock(START.plus(Duration.ofMinutes(60)));
  final ForecastService service =
      new ForecastService(
          new SeriesReader(repository),
          new ForecastProperties(
              Duration.ofDays(7), Duration.ofDays(1), Duration.ofMinutes(15), Duration.ofDays(7)),
          clock,
          new SimpleMeterRegistry());
  final List<WindowRow> rows = new ArrayList<>();

  @Test
  void windowsClosedSinceTheTrainingAreJudgedWithoutWaitingForTheRetrain() {
    for (int i = 0; i < 60; i++) {
      window(i, 100 + (i % 5));
    }
    SeriesKey users = new SeriesKey(SeriesKey.USERS, null);
    Instant trainedAt = service.anomalies(users, START, clock.instant(), 0.99).trainedAt();

    clock.advance(Duration.ofMinutes(2));
    window(60, 102);
    window(61, 450);
    AnomaliesAnswer answer = service.anomalies(users, START, clock.instant(), 0.99);

    assertThat(answer.trainedAt()).isEqualTo(trainedAt);
    assertThat(answer.rows())
        .last()
        .satisfies(
            row -> {
              assertThat(row.windowStart()).isEqualTo(START.plus(Duration.ofMinutes(61)));
              assertThat(row.anomaly()).isTrue();
            });
    assertThat(answer.rows().get(answer.rows().size() - 2).anomaly()).isFalse();
    // The forecast starts after the newest window too.
    assertThat(service.forecast(users, Duration.ofMinutes(1), 0.9).points())
        .first()
        .satisfies(p -> assertThat(p.windowStart()).isEqualTo(START.plus(Duration.ofMinutes(62))));
  }

  private void window(int minute, long users) {
    rows.add(OnTimeWindows.minute(START.plus(Duration.ofMinutes(minute)), users));
    when(repository.windows(any())).thenReturn(List.copyOf(rows));
  }
}
