package io.demostream.control.jobs.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.Metric;
import com.google.api.MetricDescriptor;
import com.google.api.MonitoredResource;
import com.google.cloud.monitoring.v3.MetricServiceClient;
import com.google.dataflow.v1beta3.MetricStructuredName;
import com.google.dataflow.v1beta3.MetricUpdate;
import com.google.dataflow.v1beta3.MetricsV1Beta3Client;
import com.google.monitoring.v3.ListTimeSeriesRequest;
import com.google.monitoring.v3.Point;
import com.google.monitoring.v3.TimeInterval;
import com.google.monitoring.v3.TimeSeries;
import com.google.monitoring.v3.TypedValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.testing.FakeMetricService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataflowFiguresReaderTests {

  private static final Instant METRIC_TIME = Instant.parse("2026-12-01T12:00:00Z");

  private FakeDataflow fake;
  private MetricsV1Beta3Client client;
  private DataflowFiguresReader reader;

  @BeforeEach
  void setUp() throws Exception {
    fake = new FakeDataflow();
    client = fake.metricsClient();
    reader = new DataflowFiguresReader(client, () -> "demo-project", "europe-west1");
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

    PipelineFigures figures = reader.read(job("job-1"));

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

    PipelineFigures figures = reader.read(job("job-2"));

    assertThat(figures.usersParsed()).isEqualTo(5L);
    assertThat(figures.deadLetters()).isZero();
    assertThat(figures.droppedLate()).isZero();
    assertThat(figures.watermark()).isNull();
  }

  @Test
  void aLateUserDroppedByEachOfTheThreeAggregationsCountsOnce() {
    String lateness = "org.apache.beam.runners.core.LateDataDroppingDoFnRunner";
    fake.jobMetrics.put(
        "job-3",
        com.google.dataflow.v1beta3.JobMetrics.newBuilder()
            // Dataflow names steps internally: the summary, country-gender and age-band combines.
            .addMetrics(counter(lateness, "droppedDueToLateness", "s9", false, 2))
            .addMetrics(counter(lateness, "droppedDueToLateness", "s12", false, 2))
            .addMetrics(counter(lateness, "droppedDueToLateness", "s15", false, 1))
            .addMetrics(counter(lateness, "droppedDueToLateness", "s15", true, 2))
            .build());

    assertThat(reader.read(job("job-3")).droppedLate()).isEqualTo(2L);
  }

  @Test
  void withoutTheGaugeTheWatermarkIsTheJobsDataWatermarkFromCloudMonitoring() throws Exception {
    try (FakeMetricService monitoring = new FakeMetricService();
        MetricServiceClient monitoringClient = monitoring.client()) {
      // What Dataflow writes for a job, as ListTimeSeries answers it: a GAUGE of INT64 seconds
      // per minute on the dataflow_job resource, newest point first.
      monitoring.series =
          List.of(
              TimeSeries.newBuilder()
                  .setMetric(Metric.newBuilder().setType(DataflowDataWatermark.METRIC))
                  .setResource(
                      MonitoredResource.newBuilder()
                          .setType("dataflow_job")
                          .putLabels("project_id", "demo-project")
                          .putLabels("job_name", "demostream-x")
                          .putLabels("job_id", "job-4")
                          .putLabels("region", "europe-west1"))
                  .setMetricKind(MetricDescriptor.MetricKind.GAUGE)
                  .setValueType(MetricDescriptor.ValueType.INT64)
                  .setUnit("s")
                  .addPoints(agePoint(METRIC_TIME.minusSeconds(20), 95))
                  .addPoints(agePoint(METRIC_TIME.minusSeconds(80), 30))
                  .build());
      DataflowFiguresReader withMonitoring =
          new DataflowFiguresReader(
              client,
              () -> "demo-project",
              "europe-west1",
              new DataflowDataWatermark(
                  () -> monitoringClient,
                  () -> "demo-project",
                  Clock.fixed(METRIC_TIME, ZoneOffset.UTC)));
      // Dataflow's answer has counters only: no on_time_window_end_millis gauge.
      fake.jobMetrics.put(
          "job-4",
          com.google.dataflow.v1beta3.JobMetrics.newBuilder()
              .setMetricTime(FakeDataflow.timestamp(METRIC_TIME))
              .addMetrics(counter("demographics", "users_parsed", "s1", false, 5))
              .build());

      PipelineFigures figures = withMonitoring.read(job("job-4"));

      // The newest point, 20 s old, says the data is 95 s old: the watermark is 115 s behind.
      assertThat(figures.watermark()).isEqualTo(METRIC_TIME.minusSeconds(115));
      ListTimeSeriesRequest request = monitoring.requests.get(0);
      assertThat(request.getName()).isEqualTo("projects/demo-project");
      assertThat(request.getFilter())
          .isEqualTo(
              "metric.type = \"dataflow.googleapis.com/job/data_watermark_age\""
                  + " AND resource.type = \"dataflow_job\" AND resource.labels.job_id = \"job-4\"");
      assertThat(request.getInterval().getEndTime().getSeconds())
          .isEqualTo(METRIC_TIME.getEpochSecond());

      // Monitoring refusing leaves the watermark unknown, never the counters unread.
      monitoring.failure = io.grpc.Status.PERMISSION_DENIED;
      PipelineFigures refused = withMonitoring.read(job("job-4"));
      assertThat(refused.watermark()).isNull();
      assertThat(refused.usersParsed()).isEqualTo(5L);
    }
  }

  private static Point agePoint(Instant measuredAt, long ageSeconds) {
    return Point.newBuilder()
        .setInterval(
            TimeInterval.newBuilder()
                .setStartTime(FakeDataflow.timestamp(measuredAt))
                .setEndTime(FakeDataflow.timestamp(measuredAt)))
        .setValue(TypedValue.newBuilder().setInt64Value(ageSeconds))
        .build();
  }

  @Test
  void anUnknownJobIsAnError() {
    assertThatThrownBy(() -> reader.read(job("nope")))
        .isInstanceOf(com.google.api.gax.rpc.NotFoundException.class);
  }
}
