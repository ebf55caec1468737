package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.metrics.PipelineMetricsSnapshot;
import java.util.List;
import org.apache.beam.sdk.metrics.MetricKey;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** What the metrics file says of a job's counters, as Flink's runner reports them per step. */
@RunWith(JUnit4.class)
public class MetricsFileWriterTest {

  private static final String LATENESS = "org.apache.beam.runners.core.LateDataDroppingDoFnRunner";

  @Test
  public void lateUsersAreCountedOnceAndOtherCountersSummedOverSteps() {
    MetricQueryResults metrics =
        MetricQueryResults.create(
            List.of(
                counter("ParseUserEvents/Parse", "demographics", "users_parsed", 5),
                counter("ParseUserEvents/Parse2", "demographics", "users_parsed", 7),
                // Two late users, dropped and counted by each of the three aggregations.
                counter(
                    "AggregateDemographics/CombineSummary", LATENESS, "droppedDueToLateness", 2),
                counter(
                    "AggregateDemographics/CombineByCountryGender",
                    LATENESS,
                    "droppedDueToLateness",
                    2),
                counter(
                    "AggregateDemographics/CombineByAgeBand", LATENESS, "droppedDueToLateness", 2)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());

    PipelineMetricsSnapshot snapshot = MetricsFileWriter.snapshot(metrics, 1_000L);

    assertThat(snapshot.counter("demographics", "users_parsed")).isEqualTo(12L);
    assertThat(snapshot.counterInAnyNamespace("droppedDueToLateness")).isEqualTo(2L);
    assertThat(snapshot.measuredAtMillis()).isEqualTo(1_000L);
  }

  @Test
  public void noLateUserMeansNoLatenessCounter() {
    MetricQueryResults metrics =
        MetricQueryResults.create(
            List.of(counter("ParseUserEvents/Parse", "demographics", "users_parsed", 3)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());

    assertThat(
            MetricsFileWriter.snapshot(metrics, 0L).counterInAnyNamespace("droppedDueToLateness"))
        .isNull();
  }

  private static MetricResult<Long> counter(
      String step, String namespace, String name, long value) {
    return MetricResult.attempted(MetricKey.create(step, MetricName.named(namespace, name)), value);
  }
}
