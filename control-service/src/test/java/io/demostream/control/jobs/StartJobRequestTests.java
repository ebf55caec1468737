package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.support.problem.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartJobRequestTests {

  @Test
  void slidingWindowsDefaultToHalfTheSizeAsPeriod() {
    JobParameters parameters =
        new StartJobRequest("SLIDING", "PT2M", null, "0", "5", 10, null).toParameters();

    assertThat(parameters.windowType()).isEqualTo(WindowType.SLIDING);
    assertThat(parameters.windowPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(parameters.pipelineOptions())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("windowType", "sliding"),
            org.assertj.core.api.Assertions.entry("windowSize", "120s"),
            org.assertj.core.api.Assertions.entry("windowPeriod", "60s"),
            org.assertj.core.api.Assertions.entry("allowedLateness", "0s"),
            org.assertj.core.api.Assertions.entry("earlyFiringInterval", "5s"));
  }

  @Test
  void earlyFiringDefaultShrinksToASmallWindow() {
    assertThat(
            new StartJobRequest(null, "5s", null, null, null, null, null)
                .toParameters()
                .earlyFiringInterval())
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void labelsGiveTheParametersBack() {
    JobParameters parameters =
        new StartJobRequest("sliding", "10m", "1m", "2m", "30s", 4, null).toParameters();

    assertThat(parameters.labels().keySet()).allMatch(key -> key.matches("[a-z][-a-z0-9_]{0,62}"));
    assertThat(JobParameters.fromLabels(parameters.labels())).isEqualTo(parameters);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad window type | hopping | | | | | windowType",
        "window too small | fixed | 0s | | | | windowSize",
        "window too large | fixed | 25h | | | | windowSize",
        "unparseable size | fixed | ten minutes | | | | windowSize",
        "sub-second size | fixed | 1500ms | | | | windowSize",
        "period on fixed windows | fixed | 60s | 30s | | | windowPeriod",
        "period above size | sliding | 60s | 2m | | | windowPeriod",
        "negative lateness | fixed | 60s | | -PT1S | | allowedLateness",
        "early firing above size | fixed | 60s | | | 2m | earlyFiringInterval",
        "early firing zero | fixed | 60s | | | 0s | earlyFiringInterval",
      })
  void invalidValuesNameTheField(
      String scenario,
      String type,
      String size,
      String period,
      String lateness,
      String earlyFiring,
      String field) {
    StartJobRequest request =
        new StartJobRequest(type, size, period, lateness, earlyFiring, null, null);

    assertThatThrownBy(request::toParameters)
        .isInstanceOf(InvalidRequestException.class)
        .extracting("field")
        .isEqualTo(field);
  }

  @Test
  void workerCountOutsideItsRangeIsRejected() {
    assertThatThrownBy(
            () -> new StartJobRequest(null, null, null, null, null, 0, null).toParameters())
        .isInstanceOf(InvalidRequestException.class)
        .extracting("field")
        .isEqualTo("maxWorkers");
  }
}
