package io.demostream.control.runs;

import io.demostream.control.api.ConflictException;
import io.demostream.control.api.InvalidRequestException;
import io.demostream.control.api.NotFoundException;
import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestClientException;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobState;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.StartJobRequest;
import io.demostream.control.resources.ResourceService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs: each run's {@link RunStep}s in order on a background thread, every transition
 * written to the database first, so that {@link #resumeUnfinished()} after a restart continues each
 * unfinished run at its first step that has not ended. A step that was in progress is done again in
 * a way that is safe to repeat: an already started job is adopted, an ingestion that already runs
 * counts as started.
 *
 * <p>Metrics: {@code demostream.runs.steps} times each step by step and outcome, {@code
 * demostream.runs.completed} counts ended runs by outcome and times them from request to end,
 * {@code demostream.runs.active} gauges runs being executed.
 */
public class RunService {

  private static final Logger log = LoggerFactory.getLogger(RunService.class);
  private static final int LIST_LIMIT = 50;
  private static final int WIND_DOWN_ATTEMPTS = 4;

  private final RunRepository repository;
  private final ResourceService resources;
  private final JobService jobs;
  private final IngestClient ingest;
  private final RunsProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ExecutorService executor;
  private final Set<String> executing = ConcurrentHashMap.newKeySet();
  // Counted down on shutdown; waiting steps wait on it rather than sleep, so they end at once.
  private final CountDownLatch shuttingDown = new CountDownLatch(1);

  public RunService(
      DataSource dataSource,
      ResourceService resources,
      JobService jobs,
      IngestClient ingest,
      RunsProperties properties,
      MeterRegistry meters,
      Clock clock) {
    this.repository = new RunRepository(dataSource);
    this.resources = resources;
    this.jobs = jobs;
    this.ingest = ingest;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "run-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Gauge.builder("demostream.runs.active", executing, Set::size)
        .description("Runs being executed")
        .register(meters);
  }

  /**
   * Records a run and starts executing it.
   *
   * @throws ConflictException with the unfinished run as {@code run} if one is in progress
   */
  public RunView start(RunRequest request) {
    String id;
    synchronized (this) {
      Optional<String> unfinished = repository.unfinishedIds().stream().findFirst();
      if (unfinished.isPresent()) {
        throw new ConflictException(
            "Run " + unfinished.get() + " is in progress; stop it before starting another",
            Map.of("run", get(unfinished.get())));
      }
      // Checked before anything is recorded, so a bad request leaves no failed run behind.
      try {
        request.jobRequest().toParameters();
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("job." + e.field(), e.getMessage());
      }
      id = UUID.randomUUID().toString();
      repository.insert(id, request, clock.instant());
    }
    log.info("Run {} requested for {} minutes", id, request.durationMinutes());
    submit(id);
    return get(id);
  }

  public RunView get(String id) {
    return repository.view(id).orElseThrow(() -> new NotFoundException("No run with id " + id));
  }

  /** The most recent runs, newest first. */
  public List<RunView> list() {
    return repository.recent(LIST_LIMIT);
  }

  /**
   * Asks the run to end early: it skips what has not started, stops ingestion and drains the job.
   * Answers at once with the run as {@code STOPPING}; a no-op on a run that has ended.
   */
  public RunView stop(String id) {
    if (repository.requestStop(id)) {
      log.info("Stop requested for run {}", id);
    }
    return get(id);
  }

  /** Continues every run that had not ended when the service last stopped. */
  public void resumeUnfinished() {
    for (String id : repository.unfinishedIds()) {
      if (!executing.contains(id)) {
        log.info("Resuming run {}", id);
        submit(id);
      }
    }
  }

  /**
   * Stops executing without touching the runs' records, as a crash would, so that the next start
   * resumes them.
   */
  public void shutdown() {
    // Not by interrupting: an interrupt inside a JDBC call can close an H2 file database.
    shuttingDown.countDown();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private boolean stopping() {
    return shuttingDown.getCount() == 0 || Thread.currentThread().isInterrupted();
  }

  private void submit(String id) {
    executing.add(id);
    executor.execute(
        () -> {
          try {
            execute(id);
          } catch (RuntimeException e) {
            // E.g. the state database is gone: leave the run as recorded, to be resumed.
            log.error("Run {} stopped executing; it resumes on the next start", id, e);
          } finally {
            executing.remove(id);
          }
        });
  }

  private void execute(String id) {
    String failure =
        repository.steps(id).stream()
            .filter(step -> step.state() == StepState.FAILED)
            .map(step -> step.name() + ": " + step.error())
            .findFirst()
            .orElse(null);
    for (RunStep step : RunStep.values()) {
      if (stopping()) {
        return;
      }
      StepState recorded = repository.stepState(id, step);
      if (recorded != StepState.PENDING && recorded != StepState.RUNNING) {
        continue;
      }
      RunRepository.RunRecord run = repository.find(id).orElseThrow();
      if (!step.windsDown() && (failure != null || run.stopRequested())) {
        repository.stepEnded(id, step, StepState.SKIPPED, clock.instant(), null);
        continue;
      }
      boolean repeated = recorded == StepState.RUNNING;
      repository.stepStarted(id, step, clock.instant());
      Timer.Sample sample = Timer.start(meters);
      StepState outcome;
      String error = null;
      try {
        outcome = perform(step, run, repeated);
      } catch (StepInterruptedException e) {
        return;
      } catch (RuntimeException e) {
        outcome = StepState.FAILED;
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.warn("Run {} step {} failed: {}", id, step.stepName(), error);
      }
      if (stopping()) {
        // Shutting down mid-step: leave it RUNNING, to be done again on resume.
        return;
      }
      repository.stepEnded(id, step, outcome, clock.instant(), error);
      sample.stop(
          meters.timer(
              "demostream.runs.steps",
              "step",
              step.stepName(),
              "outcome",
              outcome.name().toLowerCase(java.util.Locale.ROOT)));
      if (outcome == StepState.FAILED && failure == null) {
        failure = step.stepName() + ": " + error;
      }
    }
    RunRepository.RunRecord run = repository.find(id).orElseThrow();
    RunState end =
        failure != null
            ? RunState.FAILED
            : run.stopRequested() ? RunState.STOPPED : RunState.SUCCEEDED;
    Instant now = clock.instant();
    repository.finish(id, end, now, failure);
    meters
        .timer(
            "demostream.runs.completed", "outcome", end.name().toLowerCase(java.util.Locale.ROOT))
        .record(Duration.between(run.createdAt(), now));
    log.info("Run {} ended {}", id, end);
  }

  private StepState perform(RunStep step, RunRepository.RunRecord run, boolean repeated) {
    return switch (step) {
      case ENSURE_RESOURCES -> {
        resources.ensure();
        yield StepState.SUCCEEDED;
      }
      case START_JOB -> startJob(run, repeated);
      case AWAIT_JOB_RUNNING -> awaitJobRunning(run);
      case START_INGESTION -> startIngestion(run, repeated);
      case RUN_FOR_DURATION -> runForDuration(run);
      case STOP_INGESTION -> windDown(() -> stopIngestion(run));
      case DRAIN_JOB -> windDown(() -> drainJob(run));
    };
  }

  private StepState startJob(RunRepository.RunRecord run, boolean repeated) {
    if (run.jobId() != null) {
      return StepState.SUCCEEDED;
    }
    if (repeated) {
      // The service stopped during the launch: the job may exist without its id recorded.
      Optional<JobView> active = jobs.activeJob();
      if (active.isPresent()) {
        repository.jobStarted(run.id(), active.get().id());
        return StepState.SUCCEEDED;
      }
    }
    StartJobRequest asked = run.request().jobRequest();
    StartJobRequest noWait =
        new StartJobRequest(
            asked.windowType(),
            asked.windowSize(),
            asked.windowPeriod(),
            asked.allowedLateness(),
            asked.earlyFiringInterval(),
            asked.maxWorkers(),
            false);
    JobView job = jobs.start(noWait);
    repository.jobStarted(run.id(), job.id());
    return StepState.SUCCEEDED;
  }

  /**
   * Runs a wind-down step with a few retries and growing pauses: giving up early would leave
   * ingestion or the job running.
   */
  private StepState windDown(java.util.function.Supplier<StepState> step) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < WIND_DOWN_ATTEMPTS; attempt++) {
      try {
        return step.get();
      } catch (NotFoundException e) {
        throw e;
      } catch (RuntimeException e) {
        last = e;
        log.warn("Wind-down attempt {} failed: {}", attempt + 1, e.getMessage());
        for (int pauses = 0; pauses < 1 << attempt; pauses++) {
          pause();
        }
      }
    }
    throw last;
  }

  private StepState awaitJobRunning(RunRepository.RunRecord run) {
    Instant deadline = clock.instant().plus(properties.jobRunningTimeout());
    while (true) {
      JobView job;
      try {
        job = jobs.get(run.jobId());
      } catch (NotFoundException e) {
        throw e;
      } catch (RuntimeException e) {
        // A passing fault of the launcher's API: keep asking until the deadline.
        if (!clock.instant().isBefore(deadline)) {
          throw new IllegalStateException(
              "Job " + run.jobId() + " could not be looked up: " + e.getMessage(), e);
        }
        pause();
        continue;
      }
      if (job.state() == JobState.RUNNING) {
        return StepState.SUCCEEDED;
      }
      if (job.state().isTerminal()) {
        throw new IllegalStateException(
            "Job " + job.id() + " ended " + job.state() + " before it was running");
      }
      if (stopRequested(run.id())) {
        return StepState.STOPPED;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new IllegalStateException(
            "Job "
                + job.id()
                + " is still "
                + job.state()
                + " after "
                + properties.jobRunningTimeout()
                + " (demostream.runs.job-running-timeout)");
      }
      pause();
    }
  }

  private StepState startIngestion(RunRepository.RunRecord run, boolean repeated) {
    try {
      ingest.start(run.request().ingestionRequest());
    } catch (IngestClientException e) {
      // Repeating the step after a restart: ingestion already running is what the step wanted.
      if (!(repeated && e.conflict())) {
        throw e;
      }
    }
    if (run.endsAt() == null) {
      repository.endsAt(
          run.id(), clock.instant().plus(Duration.ofMinutes(run.request().durationMinutes())));
    }
    return StepState.SUCCEEDED;
  }

  private StepState runForDuration(RunRepository.RunRecord run) {
    Instant endsAt = repository.find(run.id()).orElseThrow().endsAt();
    while (clock.instant().isBefore(endsAt)) {
      if (stopRequested(run.id())) {
        return StepState.STOPPED;
      }
      pause();
    }
    return StepState.SUCCEEDED;
  }

  private StepState stopIngestion(RunRepository.RunRecord run) {
    StepState started = repository.stepState(run.id(), RunStep.START_INGESTION);
    if (started == StepState.PENDING || started == StepState.SKIPPED) {
      return StepState.SKIPPED;
    }
    ingest.stop();
    return StepState.SUCCEEDED;
  }

  private StepState drainJob(RunRepository.RunRecord run) {
    String jobId = repository.find(run.id()).orElseThrow().jobId();
    if (jobId == null) {
      return StepState.SKIPPED;
    }
    JobView job = jobs.drain(jobId);
    if (!job.state().isTerminal()) {
      throw new IllegalStateException(
          "Job " + jobId + " is still " + job.state() + " after the stop timeout");
    }
    return StepState.SUCCEEDED;
  }

  private boolean stopRequested(String id) {
    return repository.find(id).map(RunRepository.RunRecord::stopRequested).orElse(false);
  }

  private void pause() {
    try {
      if (shuttingDown.await(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new StepInterruptedException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepInterruptedException();
    }
  }

  /** The service is shutting down in the middle of a step. */
  private static final class StepInterruptedException extends RuntimeException {
    StepInterruptedException() {
      super(null, null, false, false);
    }
  }
}
