package io.demostream.control.jobs;

import io.demostream.control.api.ConflictException;
import io.demostream.control.api.NotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, finds and stops the pipeline job through the configured {@link PipelineLauncher}, with at
 * most one active job per environment. Jobs carry a name prefix and labels, so the active one is
 * found again after a restart by asking the launcher, not from memory.
 */
public class JobService implements ActiveJobCheck {

  /** Label that marks jobs started by the control-service. */
  public static final String MANAGED_BY_LABEL = "managed-by";

  public static final String MANAGED_BY_VALUE = "demostream-control";

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final PipelineLauncher launcher;
  private final JobsProperties properties;
  private final JobNames names;
  private final JobApiMetrics metrics;
  // Serialises starts: the check for an active job and the launch are one step.
  private final ReentrantLock startLock = new ReentrantLock();
  // The job launched last, active until seen terminal: covers a listing that lags a launch.
  private volatile String lastLaunchedId;

  public JobService(
      PipelineLauncher launcher, JobsProperties properties, MeterRegistry registry, Clock clock) {
    this.launcher = launcher;
    this.properties = properties;
    this.names = new JobNames(properties.namePrefix(), clock);
    this.metrics = new JobApiMetrics(registry, launcher.backend());
  }

  /**
   * Starts the pipeline as {@code POST /api/v1/jobs} asks: its body parsed into {@link
   * JobParameters} here, once.
   *
   * @throws io.demostream.support.problem.InvalidRequestException for invalid parameters
   * @throws ConflictException with the active job as {@code job} if one is active
   */
  public JobView start(StartJobRequest request) {
    return start(request.toParameters(), request.waits());
  }

  /**
   * Starts the pipeline unless a job is active.
   *
   * @param awaitRunning answer only once the job runs (or fails to), at most {@code
   *     demostream.jobs.start-timeout}
   * @throws ConflictException with the active job as {@code job} if one is active
   */
  public JobView start(JobParameters parameters, boolean awaitRunning) {
    LaunchedJob job;
    startLock.lock();
    try {
      Optional<LaunchedJob> active = findActive();
      if (active.isPresent()) {
        metrics.launch("conflict");
        throw new ConflictException(
            "Pipeline job " + active.get().id() + " is active; stop it before starting another",
            Map.of("job", view(active.get())));
      }
      String name = names.next();
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put(MANAGED_BY_LABEL, MANAGED_BY_VALUE);
      labels.putAll(parameters.labels());
      try {
        job = launcher.launch(name, labels, parameters);
      } catch (IllegalStateException e) {
        metrics.launch("failed");
        throw new JobLaunchException(e.getMessage(), e);
      } catch (RuntimeException e) {
        metrics.launch("failed");
        throw e;
      }
      lastLaunchedId = job.id();
      metrics.launch("launched");
      metrics.observed(job);
      log.info("Launched pipeline job {} ({}) with {}", job.id(), name, parameters.asMap());
    } finally {
      startLock.unlock();
    }
    if (awaitRunning) {
      job = awaitRunning(job.id(), properties.startTimeout());
    }
    return view(job);
  }

  private LaunchedJob awaitRunning(String id, Duration timeout) {
    return await(id, job -> job.state() == JobState.RUNNING || job.state().isTerminal(), timeout);
  }

  public List<JobView> list() {
    return launcher.list(names.prefix()).stream()
        .filter(JobService::managedHere)
        .peek(metrics::observed)
        .map(this::view)
        .toList();
  }

  public JobView get(String id) {
    return view(find(id));
  }

  /** Cancels the job and waits for it to stop; a no-op on a stopped job. */
  public JobView cancel(String id) {
    return stop(id, "cancel");
  }

  /** Drains the job (finishes the open windows) and waits for it to stop; a no-op if stopped. */
  public JobView drain(String id) {
    return stop(id, "drain");
  }

  /**
   * Upgrades a running job in place through a savepoint (on {@code image} when given), where the
   * launcher can; answers the job as it is right after the request.
   *
   * @throws io.demostream.support.problem.InvalidRequestException for an image with whitespace
   * @throws ConflictException when the launcher cannot upgrade, or the job is not running
   */
  public JobView upgrade(String id, String image) {
    if (image != null && (image.isBlank() || !image.equals(image.strip()) || image.contains(" "))) {
      throw new io.demostream.support.problem.InvalidRequestException(
          "image", "image must be an image reference such as registry/name:tag");
    }
    LaunchedJob job = find(id);
    try {
      LaunchedJob upgraded = launcher.upgrade(job.id(), image);
      log.info("Upgrading pipeline job {} (image {})", id, image == null ? "unchanged" : image);
      return view(upgraded);
    } catch (UnsupportedOperationException | IllegalStateException e) {
      throw new ConflictException(e.getMessage(), Map.of("job", view(job)));
    }
  }

  /** The active job, if any. */
  public Optional<JobView> activeJob() {
    return findActive().map(this::view);
  }

  @Override
  public Optional<String> activeJobId() {
    return findActive().map(LaunchedJob::id);
  }

  private JobView stop(String id, String action) {
    LaunchedJob job = find(id);
    if (job.state().isTerminal()) {
      metrics.stop(action, "already-stopped");
      return view(job);
    }
    if ("drain".equals(action)) {
      launcher.drain(id);
    } else {
      launcher.cancel(id);
    }
    LaunchedJob last = await(id, j -> j.state().isTerminal(), properties.stopTimeout());
    metrics.stop(action, last.state().isTerminal() ? "stopped" : "timed-out");
    if (!last.state().isTerminal()) {
      log.warn("Job {} is still {} after {}", id, last.state(), properties.stopTimeout());
    }
    return view(last);
  }

  private LaunchedJob find(String id) {
    LaunchedJob job =
        launcher
            .find(id)
            .filter(JobService::managedHere)
            .orElseThrow(() -> new NotFoundException("No pipeline job with id " + id));
    metrics.observed(job);
    return job;
  }

  private Optional<LaunchedJob> findActive() {
    Optional<LaunchedJob> listed =
        launcher.listActive(names.prefix()).stream()
            .filter(JobService::managedHere)
            .peek(metrics::observed)
            .findFirst();
    if (listed.isPresent()) {
      return listed;
    }
    String last = lastLaunchedId;
    if (last == null) {
      return Optional.empty();
    }
    Optional<LaunchedJob> lastJob = launcher.find(last);
    lastJob.ifPresent(metrics::observed);
    if (lastJob.isEmpty() || lastJob.get().state().isTerminal()) {
      lastLaunchedId = null;
      return Optional.empty();
    }
    return lastJob;
  }

  private LaunchedJob await(String id, Predicate<LaunchedJob> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      LaunchedJob job = find(id);
      if (done.test(job) || System.nanoTime() - deadline >= 0) {
        return job;
      }
      try {
        Thread.sleep(properties.pollInterval().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return job;
      }
    }
  }

  /** Jobs without labels are kept: Dataflow's summary listing may leave them out. */
  private static boolean managedHere(LaunchedJob job) {
    return job.labels().isEmpty() || MANAGED_BY_VALUE.equals(job.labels().get(MANAGED_BY_LABEL));
  }

  private JobView view(LaunchedJob job) {
    return JobView.of(job, launcher.backend());
  }
}
