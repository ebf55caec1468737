package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.dataflow.v1beta3.MetricStructuredName;
import com.google.dataflow.v1beta3.MetricUpdate;
import com.google.dataflow.v1beta3.MetricsV1Beta3Client;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataflowJobMetricsReaderTests {

  private static final Instant METRIC_TIME = Instant.parse("2026-12-01T12:00:00Z");

  private FakeDataflow fake;
  private MetricsV1Beta3Client client;
  private DataflowJobMetricsReader reader;

  @BeforeEach
  void setUp() throws Exception {
    fake = new FakeDataflow();
    client = fake.metricsClient();
    reader = new DataflowJobMetricsReader(client, () -> "demo-project", "europe-west1");
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  private static MetricUpdate counter(
      String namespace, String name, String step, boolean tentative, long value) {
    MetricStructuredName.Builder metricName =
        MetricStructuredName.newBuilder()
            .setOrigin("user")
            .setName(name)
            .putContext("namespace", namespace)
            .putContext("step", step);
    if (tentative) {
      metricName.putContext("tentative", "true");
    }
    return MetricUpdate.newBuilder()
        .setName(metricName)
        .setKind("SUM")
        .setCumulative(true)
        .setScalar(Value.newBuilder().setNumberValue(value))
        .build();
  }

  private static LaunchedJob job(String id) {
    return new LaunchedJob(id, "demostream-x", JobState.RUNNING, Instant.EPOCH, Map.of());
  }

  @Test
  void readsCommittedCountersSummedOverStepsAndTheWatermarkGauge() {
    long windowEnd = METRIC_TIME.minusSeconds(30).toEpochMilli();
    fake.jobMetrics.put(
        "job-1",
        com.google.dataflow.v1beta3.JobMetrics.newBuilder()
            .setMetricTime(FakeDataflow.timestamp(METRIC_TIME))
            .addMetrics(counter("demographics", "users_parsed", "s1", false, 900))
            .addMetrics(counter("demographics", "users_parsed", "s1", true, 950))
            .addMetrics(counter("demographics", "users_parsed", "s7", false, 100))
            .addMetrics(counter("demographics", "users_dead_lettered", "s1", true, 4))
            .addMetrics(
                counter(
                    "org.apache.beam.runners.core.LateDataDroppingDoFnRunner",
                    "droppedDueToLateness",
                    "s9",
                    false,
                    2))
            .addMetrics(
                MetricUpdate.newBuilder()
                    .setName(
                        MetricStructuredName.newBuilder()
                            .setOrigin("user")
                            .setName("on_time_window_end_millis")
                            .putContext("namespace", "demographics"))
                    .setGauge(
                        Value.newBuilder()
                            .setStructValue(
                                Struct.newBuilder()
                                    .putFields(
                                        "value",
                                        Value.newBuilder().setNumberValue(windowEnd).build()))))
            .build());

    JobFigures figures = reader.read(job("job-1"));

    assertThat(figures.usersParsed()).isEqualTo(1000L);
    // Only a tentative value exists yet: better than nothing.
    assertThat(figures.deadLetters()).isEqualTo(4L);
    assertThat(figures.droppedLate()).isEqualTo(2L);
    assertThat(figures.watermark()).isEqualTo(Instant.ofEpochMilli(windowEnd));
    assertThat(figures.measuredAt()).isEqualTo(METRIC_TIME);
    assertThat(fake.metricsRequests.get(0).getProjectId()).isEqualTo("demo-project");
    assertThat(fake.metricsRequests.get(0).getLocation()).isEqualTo("europe-west1");
  }

  @Test
  void countersNotYetIncrementedAreZeroAndAMissingWatermarkIsUnknown() {
    fake.jobMetrics.put(
        "job-2",
        com.google.dataflow.v1beta3.JobMetrics.newBuilder()
            .addMetrics(counter("demographics", "users_parsed", "s1", false, 5))
            .build());

    JobFigures figures = reader.read(job("job-2"));

    assertThat(figures.usersParsed()).isEqualTo(5L);
    assertThat(figures.deadLetters()).isZero();
    assertThat(figures.droppedLate()).isZero();
    assertThat(figures.watermark()).isNull();
  }

  @Test
  void anUnknownJobIsAnError() {
    assertThatThrownBy(() -> reader.read(job("nope")))
        .isInstanceOf(com.google.api.gax.rpc.NotFoundException.class);
  }
}
