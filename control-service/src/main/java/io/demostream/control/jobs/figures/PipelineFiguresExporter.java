package io.demostream.control.jobs.figures;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.LaunchedJob;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports the active pipeline job's own figures, read on a short interval by the launcher's {@link
 * PipelineFiguresReader}, as {@code demostream_pipeline_*} series labelled with {@code job_id} and
 * {@code launcher}:
 *
 * <ul>
 *   <li>{@code users_parsed_total}, {@code dead_letters_total}, {@code dropped_late_total}: the
 *       job's counters, NaN until first read;
 *   <li>{@code watermark_lag_seconds}: now minus the job's watermark (on Dataflow its data
 *       watermark age from Cloud Monitoring), computed at scrape time, so it keeps growing while
 *       the source is unreachable;
 *   <li>{@code metrics_up} (0 when the last read failed or its figures are older than {@code
 *       stale-after}) and {@code metrics_age_seconds}: a stale source shows as such, never as zero;
 *   <li>{@code job_state{state=...}}: 1 for the job's current state.
 * </ul>
 *
 * With no active job nothing is exported.
 */
public class PipelineFiguresExporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PipelineFiguresExporter.class);

  private final JobService jobs;
  private final PipelineFiguresReader reader;
  private final MeterRegistry registry;
  private final Clock clock;
  private final PipelineFiguresProperties properties;
  private ScheduledExecutorService scheduler;
  private volatile Exported current;

  public PipelineFiguresExporter(
      JobService jobs,
      PipelineFiguresReader reader,
      MeterRegistry registry,
      Clock clock,
      PipelineFiguresProperties properties) {
    this.jobs = jobs;
    this.reader = reader;
    this.registry = registry;
    this.clock = clock;
    this.properties = properties;
  }

  /** Starts refreshing on {@code refresh-interval}. */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "pipeline-metrics");
              thread.setDaemon(true);
              return thread;
            });
    long period = properties.refreshInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.warn("Refreshing pipeline metrics failed: {}", e.toString());
    }
  }

  /** One refresh: finds the active job, reads its figures, updates the exported series. */
  public void refresh() {
    Optional<JobView> active;
    try {
      active = jobs.activeJob();
    } catch (RuntimeException e) {
      // The launcher's API is unreachable: what is exported is stale now.
      Exported exported = current;
      if (exported != null) {
        exported.up = false;
      }
      log.debug("Cannot look up the active job: {}", e.toString());
      return;
    }
    if (active.isEmpty()) {
      replace(null);
      return;
    }
    JobView job = active.get();
    Exported exported = current;
    if (exported == null || !exported.jobId.equals(job.id())) {
      exported = new Exported(job.id(), job.launcher());
      replace(exported);
    }
    exported.state = job.state();
    if (reader == null) {
      exported.up = false;
      return;
    }
    try {
      PipelineFigures figures =
          reader.read(
              new LaunchedJob(job.id(), job.name(), job.state(), job.createdAt(), Map.of()));
      exported.figures = figures;
      exported.up = !isStale(figures);
    } catch (RuntimeException e) {
      exported.up = false;
      log.debug("Cannot read the figures of job {}: {}", job.id(), e.toString());
    }
  }

  private boolean isStale(PipelineFigures figures) {
    return figures.measuredAt() == null
        || Duration.between(figures.measuredAt(), clock.instant())
                .compareTo(properties.staleAfter())
            > 0;
  }

  private synchronized void replace(Exported next) {
    Exported previous = current;
    if (previous != null) {
      previous.meters.forEach(registry::remove);
    }
    current = next;
    if (next != null) {
      next.register();
    }
  }

  /** The exported job and its meters. */
  private final class Exported {
    final String jobId;
    final Tags tags;
    final List<Meter> meters = new ArrayList<>();
    volatile PipelineFigures figures;
    volatile boolean up;
    volatile JobState state;

    Exported(String jobId, String launcher) {
      this.jobId = jobId;
      this.tags = Tags.of("job_id", jobId, "launcher", launcher);
    }

    void register() {
      counter(
          "demostream.pipeline.users.parsed",
          "Users parsed by the job",
          PipelineFigures::usersParsed);
      counter(
          "demostream.pipeline.dead.letters",
          "Messages the job sent to the dead-letter table",
          PipelineFigures::deadLetters);
      counter(
          "demostream.pipeline.dropped.late",
          "Users the job dropped beyond the allowed lateness",
          PipelineFigures::droppedLate);
      gauge(
          "demostream.pipeline.watermark.lag",
          "Now minus the job's output watermark (newest on-time window end, or on Dataflow its"
              + " data watermark)",
          "seconds",
          self ->
              self.figures == null || self.figures.watermark() == null
                  ? Double.NaN
                  : secondsSince(self.figures.watermark()));
      gauge(
          "demostream.pipeline.metrics.up",
          "1 if the job's figures were read and are fresh, 0 if stale or unreachable",
          null,
          self -> self.up ? 1 : 0);
      gauge(
          "demostream.pipeline.metrics.age",
          "Age of the job's figures",
          "seconds",
          self ->
              self.figures == null || self.figures.measuredAt() == null
                  ? Double.NaN
                  : secondsSince(self.figures.measuredAt()));
      for (JobState each : JobState.values()) {
        meters.add(
            Gauge.builder("demostream.pipeline.job.state", this, self -> self.state == each ? 1 : 0)
                .description("1 for the job's current state")
                .tags(tags)
                .tag("state", each.name())
                .register(registry));
      }
    }

    private void counter(
        String name, String description, java.util.function.Function<PipelineFigures, Long> value) {
      ToDoubleFunction<Exported> read =
          self -> {
            PipelineFigures f = self.figures;
            Long v = f == null ? null : value.apply(f);
            return v == null ? Double.NaN : v;
          };
      meters.add(
          FunctionCounter.builder(name, this, read)
              .description(description)
              .tags(tags)
              .register(registry));
    }

    private void gauge(
        String name, String description, String unit, ToDoubleFunction<Exported> value) {
      Gauge.Builder<Exported> builder =
          Gauge.builder(name, this, value).description(description).tags(tags);
      if (unit != null) {
        builder.baseUnit(unit);
      }
      meters.add(builder.register(registry));
    }

    private double secondsSince(Instant instant) {
      return Duration.between(instant, clock.instant()).toMillis() / 1000.0;
    }
  }
}
