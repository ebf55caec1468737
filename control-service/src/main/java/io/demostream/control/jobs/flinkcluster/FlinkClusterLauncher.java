package io.demostream.control.jobs.flinkcluster;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineLauncher;
import io.demostream.control.jobs.PipelineTarget;
import io.demostream.control.jobs.RunnerStatus;
import io.demostream.control.jobs.flink.FlinkJob;
import io.demostream.control.jobs.flink.FlinkJobStates;
import io.demostream.control.jobs.flink.FlinkRestClient;
import io.demostream.control.jobs.flink.FlinkRestException;
import io.demostream.control.jobs.flink.StopWithDrain;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pipeline's bundled jar on a Flink session cluster through the JobManager's REST API:
 * uploads the jar once (or uses an uploaded one), runs it with the job's options as program
 * arguments ({@code --jobName} is the job's name), follows the job's state, cancels, and drains
 * with stop-with-savepoint and {@code drain}, which fires every open window before the job ends.
 *
 * <p>Nothing is kept here that a restart would lose: jobs are found again by their name prefix in
 * {@code GET /jobs/overview}, and their parameters in the pipeline options Beam's Flink runner
 * publishes as the job's user configuration. The job id is Flink's.
 *
 * <p>Every call but a run is retried on transient faults with exponential backoff ({@code
 * demostream.flink.retries} counts the retries). A run is not repeated blindly: after a fault the
 * launcher looks for a job of that name first. When the cluster stays unreachable, jobs seen before
 * are answered as last seen, with the fault in their status message; otherwise the call fails with
 * {@link FlinkClusterException}.
 */
public class FlinkClusterLauncher implements PipelineLauncher {

  static final String TYPE = "flink";

  private static final Logger log = LoggerFactory.getLogger(FlinkClusterLauncher.class);

  private final FlinkRestClient rest;
  private final FlinkClusterProperties properties;
  private final PipelineTarget target;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Retry retry;
  private volatile String uploadedJarId;
  // Per job: labels rebuilt from its options, never changing; the job as last seen; a drain.
  private final Map<String, Map<String, String>> labelsById = new ConcurrentHashMap<>();
  private final Map<String, Seen> lastSeen = new ConcurrentHashMap<>();
  private final Map<String, StopWithDrain> drains = new ConcurrentHashMap<>();
  private final Map<String, String> drainFailures = new ConcurrentHashMap<>();
  private final Map<String, String> drainResults = new ConcurrentHashMap<>();

  public FlinkClusterLauncher(
      FlinkRestClient rest,
      FlinkClusterProperties properties,
      PipelineTarget target,
      Clock clock,
      MeterRegistry meters) {
    this.rest = rest;
    this.properties = properties;
    this.target = target;
    this.clock = clock;
    this.meters = meters;
    this.retry =
        Retry.of(
            "flink",
            RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(properties.initialBackoff(), 2.0))
                .retryOnException(e -> e instanceof FlinkRestException fault && fault.isTransient())
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            event -> {
              meters.counter("demostream.flink.retries").increment();
              log.warn(
                  "Flink REST call failed ({}), attempt {} of {}; retrying",
                  event.getLastThrowable().getMessage(),
                  event.getNumberOfRetryAttempts(),
                  properties.maxAttempts());
            });
  }

  @Override
  public String backend() {
    return TYPE;
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    return submit(name, labels, programArgs(name, parameters));
  }

  /** The same jar in batch over files; Flink finishes the job by itself. */
  @Override
  public LaunchedJob launchBackfill(
      String name,
      Map<String, String> labels,
      JobParameters parameters,
      PipelineArguments.FileInput input) {
    return submit(
        name,
        labels,
        programArgs(name, new PipelineArguments(target).commandLine(input, parameters)));
  }

  private LaunchedJob submit(String name, Map<String, String> labels, List<String> programArgs) {
    FlinkRestClient.JarRun run =
        new FlinkRestClient.JarRun(
            programArgs,
            properties.entryClass().isBlank() ? null : properties.entryClass(),
            properties.parallelism(),
            null,
            flinkConfiguration());
    String jobId;
    try {
      jobId = rest.runJar(jarId(), run);
    } catch (FlinkRestException e) {
      jobId = recoverFailedRun(name, run, e);
    }
    log.info("Submitted pipeline job {} to Flink at {} as {}", name, rest.baseUrl(), jobId);
    labelsById.put(jobId, labels);
    LaunchedJob job =
        new LaunchedJob(jobId, name, JobState.PENDING, clock.instant(), labels, status(null));
    lastSeen.put(jobId, new Seen(job, clock.instant()));
    return job;
  }

  /**
   * After a failed run: a jar the cluster lost (404) is uploaded again and run once more; after a
   * fault without an answer the run may still have happened, so a job of that name is taken.
   */
  private String recoverFailedRun(String name, FlinkRestClient.JarRun run, FlinkRestException e) {
    if (e.isNotFound() && properties.jarId().isBlank()) {
      log.info("Flink no longer has the uploaded pipeline jar; uploading it again");
      uploadedJarId = null;
      try {
        return rest.runJar(jarId(), run);
      } catch (FlinkRestException again) {
        throw launchFailure(again);
      }
    }
    if (e.status() == 0 || e.status() >= 502) {
      Optional<FlinkJob> submitted =
          call(rest::jobs).stream().filter(job -> job.name().equals(name)).findFirst();
      if (submitted.isPresent()) {
        return submitted.get().id();
      }
    }
    throw launchFailure(e);
  }

  private RuntimeException launchFailure(FlinkRestException e) {
    if (e.status() == 0 || e.status() >= 502) {
      return FlinkClusterException.unavailable(e.getMessage(), e);
    }
    // Flink answered: the jar, its arguments, its main or the cluster's configuration is at fault
    // (a program that fails answers 500); the message says which.
    return new IllegalStateException(e.getMessage(), e);
  }

  private String jarId() {
    if (!properties.jarId().isBlank()) {
      return properties.jarId();
    }
    String id = uploadedJarId;
    if (id == null) {
      synchronized (this) {
        if (uploadedJarId == null) {
          Path jar = properties.pipelineJar().toAbsolutePath().normalize();
          if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                "The pipeline jar "
                    + jar
                    + " does not exist: build it with ./mvnw -pl pipeline package, set"
                    + " demostream.flink.pipeline-jar, or upload it to Flink and set"
                    + " demostream.flink.jar-id");
          }
          log.info("Uploading {} to Flink at {}", jar, rest.baseUrl());
          uploadedJarId = call(() -> rest.uploadJar(jar));
        }
        id = uploadedJarId;
      }
    }
    return id;
  }

  /** The pipeline's arguments: source, sink, the job's parameters, the Flink runner's options. */
  List<String> programArgs(String name, JobParameters parameters) {
    return programArgs(
        name, new PipelineArguments(target).commandLine(properties.source(), parameters));
  }

  /** The runner's options, the pipeline's (never the JDBC password: Flink's env has it), extras. */
  private List<String> programArgs(String name, List<String> pipelineArgs) {
    List<String> args = new ArrayList<>();
    args.add("--runner=FlinkRunner");
    // The cluster the jar runs in.
    args.add("--flinkMaster=[auto]");
    args.add("--jobName=" + name);
    args.add("--checkpointingInterval=" + properties.checkpointInterval().toMillis());
    args.add("--fasterCopy=true");
    if (properties.parallelism() != null) {
      args.add("--parallelism=" + properties.parallelism());
    }
    args.addAll(pipelineArgs);
    args.addAll(properties.extraArgs().stream().filter(s -> !s.isBlank()).toList());
    return args;
  }

  private Map<String, String> flinkConfiguration() {
    Map<String, String> configuration = new LinkedHashMap<>();
    if (!properties.checkpointDir().isBlank()) {
      configuration.put("state.checkpoints.dir", properties.checkpointDir());
    }
    if (!properties.savepointDir().isBlank()) {
      configuration.put("state.savepoints.dir", properties.savepointDir());
    }
    // A cancelled job's last checkpoint stays, to restore from by hand (docs/FLINK.md).
    configuration.put(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    return configuration;
  }

  @Override
  public Optional<LaunchedJob> find(String id) {
    Optional<FlinkJob> job;
    try {
      job = call(() -> rest.job(id));
    } catch (FlinkClusterException e) {
      if (!e.isUnavailable()) {
        // Flink refuses ids that are not job ids (400): no such job.
        return Optional.empty();
      }
      Seen known = lastSeen.get(id);
      if (known == null) {
        throw e;
      }
      return Optional.of(unreachable(known, e));
    }
    return job.map(this::toLaunchedJob);
  }

  @Override
  public List<LaunchedJob> list(String namePrefix) {
    List<FlinkJob> jobs;
    try {
      jobs = call(rest::jobs);
    } catch (FlinkClusterException e) {
      List<Seen> known =
          lastSeen.values().stream()
              .filter(seen -> seen.job().name().startsWith(namePrefix))
              .toList();
      if (known.isEmpty() || !e.isUnavailable()) {
        throw e;
      }
      return known.stream()
          .map(seen -> unreachable(seen, e))
          .sorted(Comparator.comparing(LaunchedJob::createdAt).reversed())
          .toList();
    }
    return jobs.stream()
        .filter(job -> job.name().startsWith(namePrefix))
        .map(this::toLaunchedJob)
        .sorted(Comparator.comparing(LaunchedJob::createdAt).reversed())
        .toList();
  }

  /** A job as last seen, its status saying that the cluster cannot be reached now. */
  private LaunchedJob unreachable(Seen known, FlinkClusterException e) {
    return known
        .job()
        .withStatus(
            status(
                "The Flink cluster cannot be reached ("
                    + e.getMessage()
                    + "); the state shown was seen at "
                    + known.at()
                    + "."));
  }

  private record Seen(LaunchedJob job, Instant at) {}

  @Override
  public void cancel(String id) {
    call(
        () -> {
          rest.cancel(id);
          return null;
        });
  }

  @Override
  public void drain(String id) {
    String directory = properties.savepointDir().isBlank() ? null : properties.savepointDir();
    drainFailures.remove(id);
    StopWithDrain drain = call(() -> StopWithDrain.request(rest, id, directory));
    drains.put(id, drain);
    log.info("Draining Flink job {} (stop-with-savepoint, trigger {})", id, drain.trigger());
  }

  private LaunchedJob toLaunchedJob(FlinkJob job) {
    boolean draining =
        drainResults.containsKey(job.id()) || (drains.containsKey(job.id()) && followDrain(job));
    String message = drainFailures.getOrDefault(job.id(), drainResults.get(job.id()));
    JobState state = FlinkJobStates.toJobState(job, draining);
    if ("FINISHED".equals(job.state()) && !draining) {
      // Found again after a restart: a streaming job only finishes when it was drained.
      state = JobState.DRAINED;
    }
    Map<String, String> labels = labelsById.computeIfAbsent(job.id(), id -> labelsFromOptions(job));
    Instant createdAt = job.startedAt() != null ? job.startedAt() : clock.instant();
    LaunchedJob launched =
        new LaunchedJob(job.id(), job.name(), state, createdAt, labels, status(message));
    lastSeen.put(job.id(), new Seen(launched, clock.instant()));
    return launched;
  }

  /**
   * Whether a drain asked of this job is still on: a stop-with-savepoint that failed (no savepoint
   * directory, a checkpoint that failed) leaves the job running, and says why in its status.
   */
  private boolean followDrain(FlinkJob job) {
    StopWithDrain drain = drains.get(job.id());
    if (drain == null) {
      return drainResults.containsKey(job.id());
    }
    StopWithDrain.Outcome outcome = drain.poll();
    switch (outcome.progress()) {
      case SUCCEEDED -> {
        drains.remove(job.id());
        drainResults.put(job.id(), "Drained; its savepoint is at " + outcome.location());
        return true;
      }
      case FAILED -> {
        drains.remove(job.id());
        drainFailures.put(job.id(), "The drain failed: " + outcome.failure());
        return false;
      }
      default -> {
        // Pending, or unknown after a JobManager restart: keep reporting the drain.
        return true;
      }
    }
  }

  /** Labels for a job started here, rebuilt from the options Beam published with it. */
  private Map<String, String> labelsFromOptions(FlinkJob job) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(JobService.MANAGED_BY_LABEL, JobService.MANAGED_BY_VALUE);
    try {
      labels.putAll(JobParameters.labelsFromPipelineOptions(call(() -> rest.userConfig(job.id()))));
    } catch (FlinkClusterException e) {
      log.debug("No options for Flink job {}: {}", job.id(), e.getMessage());
    }
    return labels;
  }

  private RunnerStatus status(String message) {
    return new RunnerStatus(TYPE, 0, message);
  }

  /**
   * Runs a REST call with retries. A transient fault that outlasts them is {@code
   * flink-unavailable}, a refusal {@code flink-error}; both are counted as {@code
   * demostream.flink.faults}.
   */
  private <T> T call(Supplier<T> request) {
    try {
      return Retry.decorateSupplier(retry, request).get();
    } catch (FlinkRestException e) {
      meters
          .counter("demostream.flink.faults", "transient", String.valueOf(e.isTransient()))
          .increment();
      throw e.isTransient()
          ? FlinkClusterException.unavailable(e.getMessage(), e)
          : FlinkClusterException.rejected(e.getMessage(), e);
    }
  }
}
