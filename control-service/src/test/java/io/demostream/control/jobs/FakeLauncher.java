package io.demostream.control.jobs;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link PipelineLauncher}: launched jobs start {@code PENDING}; tests move them with
 * {@link #setState}. Stop requests are recorded and move the job to the stopping state, and to the
 * terminal one too when {@link #stopsImmediately} is set.
 */
public class FakeLauncher implements PipelineLauncher {

  public final List<String> launchedNames = new CopyOnWriteArrayList<>();

  /** The parameters of every launch, in launch order, as the launcher received them. */
  public final List<JobParameters> launchedParameters = new CopyOnWriteArrayList<>();

  public final List<String> stopRequests = new CopyOnWriteArrayList<>();
  private final Map<String, LaunchedJob> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  public volatile boolean stopsImmediately = true;
  public volatile JobState stateAfterLaunch = JobState.PENDING;
  public volatile RuntimeException launchFailure;

  /** How many of the next stop requests fail as a passing API fault would. */
  public final AtomicInteger stopFailures = new AtomicInteger();

  public volatile java.time.Duration launchLatency = java.time.Duration.ZERO;

  /**
   * When set, every launch waits until the gate opens: a launch API that is as slow as the test
   * wants, released when the test has seen what it needs ({@link #launchesWaiting}).
   */
  public volatile CountDownLatch launchGate;

  /** Launches currently held at {@link #launchGate}. */
  public final AtomicInteger launchesWaiting = new AtomicInteger();

  @Override
  public String backend() {
    return "fake";
  }

  @Override
  public LaunchedJob launch(String name, Map<String, String> labels, JobParameters parameters) {
    if (launchFailure != null) {
      throw launchFailure;
    }
    CountDownLatch gate = launchGate;
    if (gate != null) {
      launchesWaiting.incrementAndGet();
      try {
        if (!gate.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the test never opened the launch gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        launchesWaiting.decrementAndGet();
      }
    }
    if (!launchLatency.isZero()) {
      // A slow launch API: without serialisation, concurrent starts would all pass the check.
      try {
        Thread.sleep(launchLatency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    launchedNames.add(name);
    launchedParameters.add(parameters);
    String id = "job-" + ids.incrementAndGet();
    LaunchedJob job = new LaunchedJob(id, name, stateAfterLaunch, Instant.now(), labels);
    jobs.put(id, job);
    return job;
  }

  @Override
  public Optional<LaunchedJob> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public List<LaunchedJob> list(String namePrefix) {
    return jobs.values().stream()
        .filter(job -> job.name().startsWith(namePrefix))
        .sorted(Comparator.comparing(LaunchedJob::createdAt).reversed())
        .toList();
  }

  @Override
  public void cancel(String id) {
    stop(id, "cancel", JobState.CANCELLING, JobState.CANCELLED);
  }

  @Override
  public void drain(String id) {
    stop(id, "drain", JobState.DRAINING, JobState.DRAINED);
  }

  private void stop(String id, String action, JobState stopping, JobState stopped) {
    if (stopFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("UNAVAILABLE: the jobs API is briefly down");
    }
    stopRequests.add(action + ":" + id);
    setState(id, stopsImmediately ? stopped : stopping);
  }

  /** Forgets every job and request, for tests that share one launcher. */
  public void reset() {
    jobs.clear();
    launchedNames.clear();
    launchedParameters.clear();
    stopRequests.clear();
    launchLatency = java.time.Duration.ZERO;
    launchGate = null;
    launchFailure = null;
    stopFailures.set(0);
    stopsImmediately = true;
  }

  public void setState(String id, JobState state) {
    jobs.computeIfPresent(id, (key, job) -> job.withState(state));
  }

  public JobState state(String id) {
    return jobs.get(id).state();
  }
}
