package io.demostream.control.insights.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The local engine on synthetic series whose season, spikes and noise are known. */
class LocalForecastEngineTests {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** A daily-like cycle of {@code season} windows around 100 with normal noise of sd 3. */
  static double[] seasonal(int size, int season, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = 100 - 60 * Math.cos(2 * Math.PI * i / season) + 3 * gaussian(random) + 0.01 * i;
    }
    return values;
  }

  static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void theSeasonIsFoundFromTheData() {
    assertThat(SeasonDetector.season(seasonal(600, 60, 1), 200)).isEqualTo(60);
    assertThat(SeasonDetector.season(seasonal(500, 24, 2), 200)).isEqualTo(24);
  }

  @Test
  void noiseAloneHasNoSeason() {
    SplittableRandom random = new SplittableRandom(3);
    double[] noise = new double[500];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 50 + 5 * gaussian(random);
    }
    assertThat(SeasonDetector.season(noise, 200)).isZero();
  }

  @Test
  void aSpikeDoesNotMoveTheSeasonFound() {
    // Three seasons of counts with a x4 spike of four windows: the spike's distance to the next
    // peak of the cycle used to win the autocorrelation (a season of 53 to 59 instead of 60).
    for (long seed = 1; seed <= 5; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      double[] values = new double[180];
      for (int i = 0; i < values.length; i++) {
        double level = 200 - 120 * Math.cos(2 * Math.PI * i / 60);
        values[i] = (i >= 36 && i < 40 ? 4 : 1) * level + Math.sqrt(level) * gaussian(random);
      }
      assertThat(SeasonDetector.season(values, 90)).as("seed %d", seed).isBetween(59, 61);
    }
  }

  @Test
  void threeSeasonsGetHoltWintersFewerGetSeasonalNaive() {
    LocalForecastEngine engine = new LocalForecastEngine(Duration.ofDays(1));

    Fitted long_ = engine.fit(new Series(START, MINUTE, seasonal(300, 60, 4)));
    Fitted short_ = engine.fit(new Series(START, MINUTE, seasonal(150, 60, 4)));

    assertThat(long_.engine()).isEqualTo("local-holt-winters");
    assertThat(long_.season()).isEqualTo(60);
    assertThat(short_.engine()).isEqualTo("local-seasonal-naive");
    // Two and a half noisy seasons pin the season to within a window.
    assertThat(short_.season()).isBetween(59, 61);
  }

  @Test
  void theForecastFollowsTheSeasonAndItsIntervalWidensWithTheHorizon() {
    double[] values = seasonal(480, 60, 5);
    Fitted fitted =
        new LocalForecastEngine(Duration.ofDays(1)).fit(new Series(START, MINUTE, values));

    // Window 480 is the cycle's trough (cos = 1), 510 its peak.
    assertThat(fitted.forecast(1)).isBetween(30.0, 60.0);
    assertThat(fitted.forecast(31)).isBetween(150.0, 180.0);
    // Further ahead is wider; at the same phase a day later, only by the horizon.
    assertThat(fitted.sigmaAhead(61)).isGreaterThan(fitted.sigmaAhead(1));
    assertThat(fitted.sigmaAhead(31)).isGreaterThan(fitted.sigmaAhead(1));
  }

  @Test
  void anInjectedSpikeStandsOutOfTheResidualsAndTheRestDoesNot() {
    double[] values = seasonal(480, 60, 6);
    for (int i = 400; i < 403; i++) {
      values[i] *= 4;
    }
    Fitted fitted =
        new LocalForecastEngine(Duration.ofDays(1)).fit(new Series(START, MINUTE, values));

    for (int i = 400; i < 403; i++) {
      assertThat(Math.abs(values[i] - fitted.fittedAt(i)) / fitted.sigmaAt(i)).isGreaterThan(5);
    }
    int flagged = 0;
    for (int i = 120; i < 480; i++) {
      if ((i < 400 || i >= 403)
          && Math.abs(values[i] - fitted.fittedAt(i)) / fitted.sigmaAt(i) > 3) {
        flagged++;
      }
    }
    assertThat(flagged).isLessThan(8);
  }

  @Test
  void tooLittleHistorySaysHowMuchIsNeeded() {
    LocalForecastEngine engine = new LocalForecastEngine(Duration.ofDays(1));

    assertThatThrownBy(() -> engine.fit(new Series(START, MINUTE, new double[5])))
        .isInstanceOf(InsufficientHistoryException.class)
        .hasMessageContaining("at least 12 windows")
        .hasMessageContaining("holds 5");
  }
}
