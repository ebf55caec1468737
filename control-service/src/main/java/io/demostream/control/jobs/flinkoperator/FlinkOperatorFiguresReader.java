package io.demostream.control.jobs.flinkoperator;

import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.jobs.figures.PipelineFiguresReader;
import io.demostream.control.jobs.flink.FlinkRestFiguresReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;

/**
 * Reads a FlinkDeployment's live figures from its JobManager's REST Service ({@code
 * demostream.flink-operator.rest-url}, e.g. {@code http://<name>-rest.<namespace>:8081}) with the
 * {@link FlinkRestFiguresReader} both other Flink backends use; the Flink job id is the one the
 * operator reports in {@code status.jobStatus.jobId}.
 */
class FlinkOperatorFiguresReader implements PipelineFiguresReader {

  private final KubernetesClient client;
  private final FlinkOperatorProperties properties;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, FlinkRestFiguresReader> readers = new ConcurrentHashMap<>();

  FlinkOperatorFiguresReader(
      KubernetesClient client, FlinkOperatorProperties properties, Duration timeout, Clock clock) {
    this.client = client;
    this.properties = properties;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public PipelineFigures read(LaunchedJob job) {
    // One active job at a time: older readers are dropped as a new job is read.
    readers.keySet().retainAll(java.util.Set.of(job.id()));
    return readers
        .computeIfAbsent(
            job.id(),
            name ->
                new FlinkRestFiguresReader(
                    URI.create(properties.restUrl(name)),
                    FlinkOperatorLauncher.BACKEND,
                    this::flinkJobId,
                    timeout,
                    clock))
        .read(job);
  }

  private String flinkJobId(LaunchedJob job) {
    FlinkDeployment deployment =
        client
            .resources(FlinkDeployment.class)
            .inNamespace(properties.namespace())
            .withName(job.id())
            .get();
    if (deployment == null
        || deployment.getStatus() == null
        || deployment.getStatus().getJobStatus() == null
        || deployment.getStatus().getJobStatus().getJobId() == null) {
      throw new IllegalStateException("FlinkDeployment " + job.id() + " reports no Flink job yet");
    }
    return deployment.getStatus().getJobStatus().getJobId();
  }
}
