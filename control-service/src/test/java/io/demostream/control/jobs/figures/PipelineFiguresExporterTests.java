package io.demostream.control.jobs.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.jobs.FakeLauncher;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.StartJobRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineFiguresExporterTests {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final PipelineFiguresProperties PROPERTIES =
      new PipelineFiguresProperties(true, Duration.ofSeconds(15), Duration.ofSeconds(60));

  private final FakeLauncher launcher = new FakeLauncher();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicReference<Object> nextRead = new AtomicReference<>();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private JobService jobs;
  private PipelineFiguresExporter exporter;

  @BeforeEach
  void setUp() {
    launcher.stateAfterLaunch = JobState.RUNNING;
    jobs =
        new JobService(
            launcher,
            new JobsProperties(
                "demostream", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(10)),
            registry,
            Clock.systemUTC());
    PipelineFiguresReader reader =
        new PipelineFiguresReader() {
          @Override
          public PipelineFigures read(LaunchedJob job) {
            Object next = nextRead.get();
            if (next instanceof RuntimeException e) {
              throw e;
            }
            return (PipelineFigures) next;
          }
        };
    exporter = new PipelineFiguresExporter(jobs, reader, registry, clock, PROPERTIES);
  }

  private String startJob() {
    return jobs.start(StartJobRequest.defaults()).id();
  }

  private String scrape() {
    return registry.scrape();
  }

  @Test
  void activeJobsFiguresAreExportedWithJobIdAndLauncher() {
    String id = startJob();
    nextRead.set(new PipelineFigures(1200L, 7L, 3L, NOW.minusSeconds(42), NOW.minusSeconds(5)));

    exporter.refresh();

    String labels = "job_id=\"" + id + "\",launcher=\"fake\"";
    assertThat(scrape())
        .contains("demostream_pipeline_users_parsed_total{" + labels + "} 1200.0")
        .contains("demostream_pipeline_dead_letters_total{" + labels + "} 7.0")
        .contains("demostream_pipeline_dropped_late_total{" + labels + "} 3.0")
        .contains("demostream_pipeline_watermark_lag_seconds{" + labels + "} 42.0")
        .contains("demostream_pipeline_metrics_up{" + labels + "} 1.0")
        .contains("demostream_pipeline_metrics_age_seconds{" + labels + "} 5.0")
        .contains("demostream_pipeline_job_state{" + labels + ",state=\"RUNNING\"} 1.0")
        .contains("demostream_pipeline_job_state{" + labels + ",state=\"FAILED\"} 0.0");
  }

  @Test
  void anUnreachableSourceShowsAsDownWithTheLastFiguresNotZero() {
    String id = startJob();
    nextRead.set(new PipelineFigures(1200L, 7L, 3L, NOW.minusSeconds(42), NOW.minusSeconds(5)));
    exporter.refresh();

    nextRead.set(new IllegalStateException("connection refused"));
    exporter.refresh();

    String labels = "job_id=\"" + id + "\",launcher=\"fake\"";
    assertThat(scrape())
        .contains("demostream_pipeline_metrics_up{" + labels + "} 0.0")
        .contains("demostream_pipeline_users_parsed_total{" + labels + "} 1200.0");
  }

  @Test
  void figuresNeverReadAreNaNAndStaleFiguresAreDown() {
    String id = startJob();
    nextRead.set(new IllegalStateException("no metrics file yet"));
    exporter.refresh();
    String labels = "job_id=\"" + id + "\",launcher=\"fake\"";
    assertThat(scrape())
        .contains("demostream_pipeline_users_parsed_total{" + labels + "} NaN")
        .contains("demostream_pipeline_watermark_lag_seconds{" + labels + "} NaN")
        .contains("demostream_pipeline_metrics_up{" + labels + "} 0.0");

    // Measured 2 minutes ago, beyond stale-after (60s): exported, but down.
    nextRead.set(new PipelineFigures(5L, 0L, null, null, NOW.minusSeconds(120)));
    exporter.refresh();
    assertThat(scrape())
        .contains("demostream_pipeline_users_parsed_total{" + labels + "} 5.0")
        .contains("demostream_pipeline_dropped_late_total{" + labels + "} NaN")
        .contains("demostream_pipeline_metrics_up{" + labels + "} 0.0")
        .contains("demostream_pipeline_metrics_age_seconds{" + labels + "} 120.0");
  }

  @Test
  void seriesFollowTheActiveJobAndDisappearWhenNoneIsActive() {
    String first = startJob();
    nextRead.set(new PipelineFigures(1L, 0L, 0L, NOW, NOW));
    exporter.refresh();
    assertThat(scrape()).contains("job_id=\"" + first + "\"");

    launcher.setState(first, JobState.DONE);
    exporter.refresh();
    assertThat(scrape()).doesNotContain("demostream_pipeline_users_parsed_total{");

    String second = startJob();
    exporter.refresh();
    assertThat(scrape())
        .contains("job_id=\"" + second + "\"")
        .doesNotContain("job_id=\"" + first + "\"");
  }

  @Test
  void aLauncherWithoutReaderIsDownNotZero() {
    PipelineFiguresExporter withoutReaders =
        new PipelineFiguresExporter(jobs, null, registry, clock, PROPERTIES);
    String id = startJob();

    withoutReaders.refresh();

    assertThat(scrape())
        .contains("demostream_pipeline_metrics_up{job_id=\"" + id + "\",launcher=\"fake\"} 0.0")
        .contains(
            "demostream_pipeline_users_parsed_total{job_id=\"" + id + "\",launcher=\"fake\"} NaN");
  }
}
