package io.demostream.control.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.jobs.WindowType;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackfillRequestTests {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC);
  private static final Duration MAX = Duration.ofDays(31);

  @Test
  void aValidRequestKeepsItsRangeAndFillsInTheWindowDefaults() {
    BackfillSpec spec =
        new BackfillRequest(
                " /data/day*.jsonl ",
                "2026-03-01T10:00:00Z",
                "2026-03-01T11:00:00Z",
                null,
                "10m",
                null,
                null)
            .validate(MAX, NOW);

    assertThat(spec.inputFiles()).isEqualTo("/data/day*.jsonl");
    assertThat(spec.start()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(spec.end()).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
    assertThat(spec.parameters().windowType()).isEqualTo(WindowType.FIXED);
    assertThat(spec.parameters().windowSize()).isEqualTo(Duration.ofMinutes(10));
    assertThat(spec.input().inputFiles()).isEqualTo("/data/day*.jsonl");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no files       | ''          | 2026-03-01T10:00:00Z | 2026-03-01T11:00:00Z | 60s | inputFiles",
        "no start       | /f.jsonl    | ''                   | 2026-03-01T11:00:00Z | 60s | start",
        "bad start      | /f.jsonl    | yesterday            | 2026-03-01T11:00:00Z | 60s | start",
        "no end         | /f.jsonl    | 2026-03-01T10:00:00Z | ''                   | 60s | end",
        "end first      | /f.jsonl    | 2026-03-01T11:00:00Z | 2026-03-01T10:00:00Z | 60s | end",
        "empty range    | /f.jsonl    | 2026-03-01T10:00:00Z | 2026-03-01T10:00:00Z | 60s | end",
        "future end     | /f.jsonl    | 2026-03-01T10:00:00Z | 2026-03-03T00:00:00Z | 60s | end",
        "too long       | /f.jsonl    | 2026-01-01T00:00:00Z | 2026-03-01T00:00:00Z | 60s | end",
        "unaligned from | /f.jsonl    | 2026-03-01T10:00:30Z | 2026-03-01T11:00:00Z | 60s | start",
        "unaligned end  | /f.jsonl    | 2026-03-01T10:00:00Z | 2026-03-01T10:55:00Z | 10m | end",
        "bad window     | /f.jsonl    | 2026-03-01T10:00:00Z | 2026-03-01T11:00:00Z | 0s  | windowSize",
      })
  void anInvalidRequestNamesTheFieldAtFault(
      String name, String files, String start, String end, String size, String field) {
    BackfillRequest request = new BackfillRequest(files, start, end, null, size, null, null);

    assertThatThrownBy(() -> request.validate(MAX, NOW))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void slidingWindowsAlignOnTheirPeriod() {
    BackfillRequest request =
        new BackfillRequest(
            "/f.jsonl",
            "2026-03-01T10:00:30Z",
            "2026-03-01T11:00:00Z",
            "sliding",
            "60s",
            "30s",
            null);

    assertThat(request.validate(MAX, NOW).start()).isEqualTo(Instant.parse("2026-03-01T10:00:30Z"));
  }

  @Test
  void rangesOverlapOnlyWhenTheyShareAnInstant() {
    BackfillSpec spec =
        new BackfillRequest(
                "/f.jsonl", "2026-03-01T10:00:00Z", "2026-03-01T11:00:00Z", null, null, null, null)
            .validate(MAX, NOW);

    assertThat(
            spec.overlaps(
                Instant.parse("2026-03-01T11:00:00Z"), Instant.parse("2026-03-01T12:00:00Z")))
        .isFalse();
    assertThat(
            spec.overlaps(
                Instant.parse("2026-03-01T09:00:00Z"), Instant.parse("2026-03-01T10:00:00Z")))
        .isFalse();
    assertThat(
            spec.overlaps(
                Instant.parse("2026-03-01T10:59:00Z"), Instant.parse("2026-03-01T12:00:00Z")))
        .isTrue();
  }
}
