package io.demostream.pipeline;

import io.demostream.events.metrics.PipelineMetricsSnapshot;
import io.demostream.pipeline.aggregate.DroppedLateUsers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.GaugeResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites a running pipeline's Beam counters and gauges to a {@link PipelineMetricsSnapshot} file
 * every {@link #INTERVAL_SECONDS} seconds (and once more at the end), so that the control-service
 * can export a local job's figures: the DirectRunner has no metrics API of its own outside this
 * process. Counters are attempted values summed over steps, except Beam's lateness counter, which
 * is written as the users dropped late ({@link DroppedLateUsers}).
 */
final class MetricsFileWriter implements AutoCloseable {

  static final long INTERVAL_SECONDS = 5;

  /** Where the users dropped late are written: Beam's namespace of its lateness counter. */
  static final String LATENESS_NAMESPACE =
      "org.apache.beam.runners.core.LateDataDroppingDoFnRunner";

  private static final Logger LOG = LoggerFactory.getLogger(MetricsFileWriter.class);

  private final PipelineResult result;
  private final Path file;
  private final ScheduledExecutorService scheduler;

  private MetricsFileWriter(PipelineResult result, Path file) {
    this.result = result;
    this.file = file;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "metrics-file-writer");
              thread.setDaemon(true);
              return thread;
            });
  }

  static MetricsFileWriter start(PipelineResult result, Path file) {
    MetricsFileWriter writer = new MetricsFileWriter(result, file);
    writer.scheduler.scheduleWithFixedDelay(
        writer::writeQuietly, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    return writer;
  }

  private void writeQuietly() {
    try {
      write();
    } catch (RuntimeException e) {
      LOG.warn("Cannot write pipeline metrics to {}: {}", file, e.toString());
    }
  }

  void write() {
    snapshot(
            result.metrics().queryMetrics(MetricsFilter.builder().build()),
            System.currentTimeMillis())
        .writeAtomically(file);
  }

  static PipelineMetricsSnapshot snapshot(MetricQueryResults metrics, long now) {
    Map<String, Long> counters = new HashMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      if (DroppedLateUsers.isLatenessCounter(counter)) {
        // Counted once per aggregation step: summed, one late user would read as three.
        continue;
      }
      Long value = attempted(counter);
      if (value != null) {
        counters.merge(key(counter), value, Long::sum);
      }
    }
    Long droppedLate = DroppedLateUsers.count(metrics);
    if (droppedLate != null) {
      counters.put(
          PipelineMetricsSnapshot.key(LATENESS_NAMESPACE, DroppedLateUsers.COUNTER), droppedLate);
    }
    Map<String, Long> gauges = new HashMap<>();
    for (MetricResult<GaugeResult> gauge : metrics.getGauges()) {
      GaugeResult value = attemptedGauge(gauge);
      // A gauge never set reads 0 at the epoch: not a value.
      if (value != null && value.getTimestamp().getMillis() > 0) {
        gauges.merge(key(gauge), value.getValue(), Math::max);
      }
    }
    return new PipelineMetricsSnapshot(now, counters, gauges);
  }

  private static String key(MetricResult<?> metric) {
    return PipelineMetricsSnapshot.key(metric.getName().getNamespace(), metric.getName().getName());
  }

  private static Long attempted(MetricResult<Long> counter) {
    try {
      return counter.getAttempted();
    } catch (UnsupportedOperationException e) {
      return counter.getCommitted();
    }
  }

  private static GaugeResult attemptedGauge(MetricResult<GaugeResult> gauge) {
    try {
      return gauge.getAttempted();
    } catch (UnsupportedOperationException e) {
      return gauge.getCommitted();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    writeQuietly();
  }
}
