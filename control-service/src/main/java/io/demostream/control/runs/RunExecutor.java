package io.demostream.control.runs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs on background threads: each run's {@link Step}s in order, every transition written
 * to the database first, so that a run taken up again continues at its first step that has not
 * ended. A step that was in progress is done again ({@link StepContext#repeated()}). After a
 * failure or a stop request the remaining steps are skipped, except those that wind the flow down.
 *
 * <p>Metrics: {@code demostream.runs.steps} times each step by step and outcome, {@code
 * demostream.runs.completed} counts ended runs by outcome and times them from request to end,
 * {@code demostream.runs.active} gauges runs being executed.
 */
class RunExecutor {

  private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

  private final RunRepository repository;
  private final List<Step> steps;
  private final RunsProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final ExecutorService threads;
  private final Set<String> executing = ConcurrentHashMap.newKeySet();
  // Counted down on shutdown; waiting steps wait on it rather than sleep, so they end at once.
  private final CountDownLatch shuttingDown = new CountDownLatch(1);

  RunExecutor(
      RunRepository repository,
      List<Step> steps,
      RunsProperties properties,
      MeterRegistry meters,
      Clock clock) {
    List<RunStep> order = steps.stream().map(Step::id).toList();
    if (!order.equals(List.of(RunStep.values()))) {
      throw new IllegalArgumentException("Steps must be one per RunStep, in order: " + order);
    }
    this.repository = repository;
    this.steps = List.copyOf(steps);
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "run-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Gauge.builder("demostream.runs.active", executing, Set::size)
        .description("Runs being executed")
        .register(meters);
  }

  /** Starts executing the run unless this executor already does. */
  void submit(String id) {
    if (stopping() || !executing.add(id)) {
      return;
    }
    threads.execute(
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

  boolean executes(String id) {
    return executing.contains(id);
  }

  /**
   * Stops executing without touching the runs' records, as a crash would, so that the next start
   * resumes them.
   */
  void shutdown() {
    // Not by interrupting: an interrupt inside a JDBC call can close an H2 file database.
    shuttingDown.countDown();
    threads.shutdown();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private boolean stopping() {
    return shuttingDown.getCount() == 0 || Thread.currentThread().isInterrupted();
  }

  private void execute(String id) {
    String failure =
        repository.steps(id).stream()
            .filter(step -> step.state() == StepState.FAILED)
            .map(step -> step.name() + ": " + step.error())
            .findFirst()
            .orElse(null);
    for (Step step : steps) {
      if (stopping()) {
        return;
      }
      RunStep name = step.id();
      StepState recorded = repository.stepState(id, name);
      if (recorded != StepState.PENDING && recorded != StepState.RUNNING) {
        continue;
      }
      RunRepository.RunRecord run = repository.find(id).orElseThrow();
      if (!name.windsDown() && (failure != null || run.stopRequested())) {
        repository.stepEnded(id, name, StepState.SKIPPED, clock.instant(), null);
        continue;
      }
      boolean repeated = recorded == StepState.RUNNING;
      repository.stepStarted(id, name, clock.instant());
      Timer.Sample sample = Timer.start(meters);
      StepContext context = new StepContext(name, run, repeated, repository, clock, this::pause);
      StepState outcome;
      String error = null;
      try {
        outcome = step.retryPolicy().run(context, () -> step.perform(context));
      } catch (StepInterruptedException e) {
        return;
      } catch (RuntimeException e) {
        outcome = StepState.FAILED;
        error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.warn("Run {} step {} failed: {}", id, name.stepName(), error);
      }
      if (stopping()) {
        // Letting go mid-step: leave it RUNNING, to be done again on resume.
        return;
      }
      repository.stepEnded(id, name, outcome, clock.instant(), error);
      sample.stop(
          meters.timer(
              "demostream.runs.steps",
              "step",
              name.stepName(),
              "outcome",
              outcome.name().toLowerCase(Locale.ROOT)));
      if (outcome == StepState.FAILED && failure == null) {
        failure = name.stepName() + ": " + error;
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
        .timer("demostream.runs.completed", "outcome", end.name().toLowerCase(Locale.ROOT))
        .record(Duration.between(run.createdAt(), now));
    log.info("Run {} ended {}", id, end);
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
}
