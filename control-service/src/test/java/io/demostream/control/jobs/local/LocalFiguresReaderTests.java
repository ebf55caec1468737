package io.demostream.control.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.events.metrics.PipelineMetricsSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFiguresReaderTests {

  @TempDir Path dataDir;

  private static LaunchedJob job(String name) {
    return new LaunchedJob(name, name, JobState.RUNNING, Instant.EPOCH, Map.of());
  }

  @Test
  void readsTheFileThePipelineWritesInTheJobFolder() {
    new PipelineMetricsSnapshot(
            1_700_000_000_000L,
            Map.of(
                "demographics/users_parsed", 70L,
                "demographics/users_dead_lettered", 2L,
                "org.apache.beam.runners.core.LateDataDroppingDoFnRunner/droppedDueToLateness", 1L),
            Map.of("demographics/on_time_window_end_millis", 1_699_999_980_000L))
        .writeAtomically(LocalFiguresReader.metricsFile(dataDir.resolve("jobs"), "demostream-1"));

    PipelineFigures figures = new LocalFiguresReader(dataDir).read(job("demostream-1"));

    assertThat(figures)
        .isEqualTo(
            new PipelineFigures(
                70L,
                2L,
                1L,
                Instant.ofEpochMilli(1_699_999_980_000L),
                Instant.ofEpochMilli(1_700_000_000_000L)));
  }

  @Test
  void aJobThatWroteNothingYetIsAnErrorNotZeros() {
    assertThatThrownBy(() -> new LocalFiguresReader(dataDir).read(job("demostream-2")))
        .hasMessageContaining("no metrics yet");
  }
}
