package io.demostream.control.runs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes runs on background threads: each run's {@link Step}s in order, every transition written
 * to the database first, so that a run taken up again continues at its first step that has not
 * ended. A step that was in progress is done again ({@link StepContext#repeated()}). After a
 * failure or a stop request the remaining steps are skipped, except those that wind the flow down.
 *
 * <p>Several replicas may share the state database. A run is executed only under its lease ({@link
 * RunLeases}): claimed before the first step, renewed every {@code
 * demostream.runs.lease-check-interval} and before every transition is written, released when the
 * run ends or the executor shuts down. An executor that cannot renew a lease lets go of the run at
 * once, leaving its records as they are. Every check interval, unfinished runs whose lease expired
 * (their replica died) are taken over.
 *
 * <p>Metrics: {@code demostream.runs.steps} times each step by step and outcome, {@code
 * demostream.runs.completed} counts ended runs by outcome and times them from request to end,
 * {@code demostream.runs.active} gauges runs being executed here.
 */
class RunExecutor {

  private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

  private final RunRepository repository;
  private final RunLeases leases;
  private final List<Step> steps;
  private final RunsProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;
  private final String owner;
  private final ExecutorService threads;
  private final ScheduledExecutorService leaseChecks;
  // Runs executed here, each with the flag that tells its thread to let go (lease lost).
  private final Map<String, AtomicBoolean> executing = new ConcurrentHashMap<>();
  // Counted down on shutdown; waiting steps wait on it rather than sleep, so they end at once.
  private final CountDownLatch shuttingDown = new CountDownLatch(1);
  private final AtomicBoolean crashed = new AtomicBoolean();

  RunExecutor(
      RunRepository repository,
      RunLeases leases,
      List<Step> steps,
      RunsProperties properties,
      MeterRegistry meters,
      Clock clock) {
    List<RunStep> order = steps.stream().map(Step::kind).toList();
    if (!order.equals(List.of(RunStep.values()))) {
      throw new IllegalArgumentException("Steps must be one per RunStep, in order: " + order);
    }
    this.repository = repository;
    this.leases = leases;
    this.steps = List.copyOf(steps);
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
    this.owner = ownerName();
    this.threads = Executors.newCachedThreadPool(daemonThreads("run-"));
    this.leaseChecks = Executors.newSingleThreadScheduledExecutor(daemonThreads("run-leases-"));
    Gauge.builder("demostream.runs.active", executing, Map::size)
        .description("Runs being executed by this replica")
        .register(meters);
  }

  /**
   * Starts the periodic lease check: renews the leases of runs executed here and takes over
   * unfinished runs whose lease expired. The first check runs at once.
   */
  void start() {
    leaseChecks.scheduleWithFixedDelay(
        this::checkLeases, 0, properties.leaseCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Executes the run if this executor can claim its lease.
   *
   * @return whether this executor executes the run now; false while another replica holds it
   */
  boolean submit(String id) {
    AtomicBoolean lost = new AtomicBoolean();
    if (stopping() || executing.putIfAbsent(id, lost) != null) {
      return executing.containsKey(id);
    }
    Instant now = clock.instant();
    boolean claimed = false;
    try {
      claimed = leases.claim(id, owner, now, now.plus(properties.leaseDuration()));
    } finally {
      if (!claimed) {
        executing.remove(id);
      }
    }
    if (!claimed) {
      return false;
    }
    threads.execute(
        () -> {
          try {
            execute(id, lost);
          } catch (RuntimeException e) {
            // E.g. the state database is gone: leave the run as recorded, to be resumed.
            log.error("Run {} stopped executing here; it is resumed under a new lease", id, e);
          } finally {
            executing.remove(id);
            if (!lost.get() && !crashed.get()) {
              releaseQuietly(id);
            }
          }
        });
    return true;
  }

  /** Takes over every unfinished run that no replica holds; returns the ones executed here now. */
  List<String> takeOverUnfinished() {
    return leases.unclaimedUnfinished(clock.instant()).stream()
        .filter(id -> !executing.containsKey(id))
        .filter(this::submit)
        .peek(id -> log.info("Run {} taken up by {}", id, owner))
        .toList();
  }

  boolean executes(String id) {
    return executing.containsKey(id);
  }

  /** This executor's name in the leases it holds. */
  String owner() {
    return owner;
  }

  /**
   * Stops executing without touching the runs' records and gives their leases up, so that another
   * replica (or the next start) resumes them at once.
   */
  void shutdown() {
    stop();
  }

  /**
   * Stops as a killed process would: no more renewals and no release, so the leases expire and
   * another replica takes the runs over. For tests of that takeover.
   */
  void crash() {
    crashed.set(true);
    stop();
  }

  private void stop() {
    leaseChecks.shutdownNow();
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

  private void checkLeases() {
    try {
      executing.forEach((id, lost) -> holdsLease(id, lost));
      takeOverUnfinished();
    } catch (RuntimeException e) {
      // The state database may be briefly unreachable; the next check tries again.
      log.warn("Lease check failed: {}", e.getMessage());
    }
  }

  /** Renews the run's lease; false, and the run let go, once another replica holds it. */
  private boolean holdsLease(String id, AtomicBoolean lost) {
    if (!lost.get() && !leases.renew(id, owner, clock.instant().plus(properties.leaseDuration()))) {
      lost.set(true);
      log.warn("Run {}: lease lost to another replica; letting go", id);
    }
    return !lost.get();
  }

  private void releaseQuietly(String id) {
    try {
      leases.release(id, owner);
    } catch (RuntimeException e) {
      log.warn("Run {}: lease not released ({}); it expires by itself", id, e.getMessage());
    }
  }

  private void execute(String id, AtomicBoolean lost) {
    String failure =
        repository.steps(id).stream()
            .filter(step -> step.state() == StepState.FAILED)
            .map(step -> step.name() + ": " + step.error())
            .findFirst()
            .orElse(null);
    for (Step step : steps) {
      if (stopping() || !holdsLease(id, lost)) {
        return;
      }
      RunStep name = step.kind();
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
      StepContext context =
          new StepContext(name, run, repeated, repository, clock, () -> pause(lost));
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
      if (stopping() || !holdsLease(id, lost)) {
        // Letting go mid-step: leave it RUNNING, to be done again by whoever resumes the run.
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

  private void pause(AtomicBoolean lost) {
    try {
      if (shuttingDown.await(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS)
          || lost.get()) {
        throw new StepInterruptedException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepInterruptedException();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String ownerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    String name = host + "/" + UUID.randomUUID().toString().substring(0, 8);
    return name.length() <= 128 ? name : name.substring(name.length() - 128);
  }
}
