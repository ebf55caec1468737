package io.demostream.control.insights.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CountSpreadTests {

  @Test
  void poissonLikeCountsGetASpreadOfTheSquareRootOfTheirLevel() {
    // Levels from 25 to 400 with noise of sd sqrt(level): pure counting noise.
    SplittableRandom random = new SplittableRandom(7);
    double[] predicted = new double[4000];
    double[] y = new double[predicted.length];
    for (int t = 0; t < y.length; t++) {
      predicted[t] = 25 + 375 * (t % 100) / 99.0;
      y[t] = predicted[t] + Math.sqrt(predicted[t]) * LocalForecastEngineTests.gaussian(random);
    }

    CountSpread spread = CountSpread.fit(y, predicted, 0, 0.5);

    assertThat(spread.at(100)).isCloseTo(10, within(0.6));
    assertThat(spread.at(400) / spread.at(100)).isCloseTo(2, within(1e-9));
  }

  @Test
  void countsNeverGetLessSpreadThanPoissonNorLessThanTheFloor() {
    double[] predicted = {Double.NaN, 100, 100, 100, 100};
    double[] y = {1_000, 100, 100, 100, 100};

    CountSpread spread = CountSpread.fit(y, predicted, 0, 0.5);

    // Perfect predictions (and a first window without one, left out) still vary like counts.
    assertThat(spread.at(100)).isEqualTo(10);
    assertThat(spread.at(0)).isEqualTo(1);
    assertThat(CountSpread.fit(y, predicted, 0, 2).at(0)).isEqualTo(2);
  }

  @Test
  void theSpreadComesFromTheWindowsTheModelDidNotStartFromWhenThereAreEnough() {
    // Before window 100: residuals a model fitted on them shrank (sd 0.5 sqrt); after: sd 3 sqrt.
    SplittableRandom random = new SplittableRandom(11);
    double[] predicted = new double[400];
    double[] y = new double[predicted.length];
    for (int t = 0; t < y.length; t++) {
      predicted[t] = 100;
      y[t] = 100 + (t < 100 ? 5 : 30) * LocalForecastEngineTests.gaussian(random);
    }

    assertThat(CountSpread.fit(y, predicted, 100, 0.5).at(100)).isCloseTo(30, within(3.0));
    // With fewer than 30 windows after it, all of them count.
    assertThat(CountSpread.fit(y, predicted, 380, 0.5).at(100)).isLessThan(30);
  }
}
