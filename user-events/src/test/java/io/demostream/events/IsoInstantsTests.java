package io.demostream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTests {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-27T10:15:30.123Z",
        "2026-11-27T10:15:30Z",
        "1945-01-01T00:00:00.000Z",
        "2024-02-29T23:59:59.999Z",
        "2023-02-29T12:00:00.000Z",
        "2026-13-01T00:00:00.000Z",
        "2026-00-10T00:00:00.000Z",
        "2026-04-31T00:00:00.000Z",
        "2026-11-27T24:00:00.000Z",
        "2026-11-27T10:60:00.000Z",
        "2026-11-27T23:59:60Z",
        "2026-11-27T10:15:30.1Z",
        "2026-11-27T10:15:30.123456789Z",
        "2026-11-27T10:15:30+01:00",
        "2026-11-27 10:15:30.123Z",
        "2026-11-2xT10:15:30.123Z",
        "+12026-11-27T10:15:30Z",
        "yesterday",
        ""
      })
  void agreesWithInstantParse(String text) {
    assertThat(IsoInstants.parseOrNull(text)).isEqualTo(reference(text));
  }

  @Test
  void agreesWithInstantParseOnRandomCommonForms() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      String text =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
              random.nextInt(1900, 2100),
              random.nextInt(0, 14),
              random.nextInt(0, 33),
              random.nextInt(0, 26),
              random.nextInt(0, 61),
              random.nextInt(0, 61),
              random.nextInt(0, 1000));
      assertThat(IsoInstants.parseOrNull(text)).as(text).isEqualTo(reference(text));
    }
  }

  private static Instant reference(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
