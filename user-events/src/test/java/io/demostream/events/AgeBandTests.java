package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeBandTests {

  @ParameterizedTest
  @CsvSource({
    "0,0-17",
    "17,0-17",
    "18,18-24",
    "24,18-24",
    "25,25-34",
    "44,35-44",
    "64,55-64",
    "65,65+",
    "130,65+"
  })
  void everyAgeFallsInOneBand(int age, String label) {
    assertThat(AgeBand.of(age).label()).isEqualTo(label);
    assertThat(AgeBand.fromLabel(label)).isEqualTo(AgeBand.of(age));
  }

  @ParameterizedTest
  @CsvSource({"-1"})
  void negativeAgeIsRejected(int age) {
    assertThatIllegalArgumentException().isThrownBy(() -> AgeBand.of(age));
  }
}
