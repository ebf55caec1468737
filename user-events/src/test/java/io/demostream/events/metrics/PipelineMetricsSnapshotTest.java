package io.demostream.events.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineMetricsSnapshotTest {

  @TempDir Path dir;

  @Test
  void roundTripsThroughItsFileAndReplacesTheOldOne() {
    Path file = dir.resolve("job.metrics.json");
    new PipelineMetricsSnapshot(1L, Map.of("demographics/users_parsed", 1L), Map.of())
        .writeAtomically(file);
    PipelineMetricsSnapshot written =
        new PipelineMetricsSnapshot(
            1_700_000_000_000L,
            Map.of("demographics/users_parsed", 42L, "demographics/users_dead_lettered", 3L),
            Map.of("demographics/on_time_window_end_millis", 1_699_999_990_000L));
    written.writeAtomically(file);

    PipelineMetricsSnapshot read = PipelineMetricsSnapshot.read(file);
    assertThat(read).isEqualTo(written);
    assertThat(read.counter("demographics", "users_parsed")).isEqualTo(42L);
    assertThat(read.gauge("demographics", "on_time_window_end_millis"))
        .isEqualTo(1_699_999_990_000L);
    assertThat(dir.toFile().list()).containsExactly("job.metrics.json");
  }

  @Test
  void countersOfOneNameAreSummedOverNamespacesAndAbsentOnesAreNull() {
    PipelineMetricsSnapshot snapshot =
        new PipelineMetricsSnapshot(
            0,
            Map.of(
                "org.apache.beam.runners.core.LateDataDroppingDoFnRunner/droppedDueToLateness", 2L,
                "other/droppedDueToLateness", 3L),
            Map.of());
    assertThat(snapshot.counterInAnyNamespace("droppedDueToLateness")).isEqualTo(5L);
    assertThat(snapshot.counterInAnyNamespace("users_parsed")).isNull();
    assertThat(snapshot.counter("demographics", "users_parsed")).isNull();
  }
}
