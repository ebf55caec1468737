package io.demostream.events.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipeline's Beam metrics at one moment, as the local pipeline process writes them to its job
 * folder ({@code --metricsFile}) and the control-service reads them for {@code
 * /actuator/prometheus}. Counters and gauges are keyed {@code namespace/name}, summed over steps.
 *
 * @param measuredAtMillis when the values were queried from the running pipeline, epoch millis
 * @param counters attempted counter values
 * @param gauges latest gauge values
 */
public record PipelineMetricsSnapshot(
    long measuredAtMillis, Map<String, Long> counters, Map<String, Long> gauges) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public PipelineMetricsSnapshot {
    counters = counters == null ? Map.of() : Map.copyOf(new TreeMap<>(counters));
    gauges = gauges == null ? Map.of() : Map.copyOf(new TreeMap<>(gauges));
  }

  public static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** The counter's value, or {@code null} if the pipeline has not reported it. */
  public Long counter(String namespace, String name) {
    return counters.get(key(namespace, name));
  }

  /** The sum of the counters called {@code name} in any namespace, or {@code null} if none. */
  public Long counterInAnyNamespace(String name) {
    Long total = null;
    for (Map.Entry<String, Long> counter : counters.entrySet()) {
      if (counter.getKey().endsWith("/" + name)) {
        total = (total == null ? 0 : total) + counter.getValue();
      }
    }
    return total;
  }

  public Long gauge(String namespace, String name) {
    return gauges.get(key(namespace, name));
  }

  /** Writes to a sibling file first and moves it over {@code file}: readers never see half. */
  public void writeAtomically(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      MAPPER.writeValue(temporary.toFile(), this);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write pipeline metrics to " + file, e);
    }
  }

  public static PipelineMetricsSnapshot read(Path file) {
    try {
      return MAPPER.readValue(file.toFile(), PipelineMetricsSnapshot.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read pipeline metrics from " + file, e);
    }
  }
}
