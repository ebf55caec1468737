package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.demostream.control.api.ConflictException;
import io.demostream.control.api.NotFoundException;
import io.demostream.support.problem.InvalidRequestException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JobServiceTests {

  private final FakeLauncher launcher = new FakeLauncher();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final JobService jobs =
      new JobService(
          launcher,
          new JobsProperties(
              "demostream", Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(5)),
          meters,
          Clock.systemUTC());

  @Test
  void emptyRequestStartsTheDefaults() {
    JobView job = jobs.start(StartJobRequest.defaults());

    assertThat(job.state()).isEqualTo(JobState.PENDING);
    assertThat(job.launcher()).isEqualTo("fake");
    assertThat(job.name()).startsWith("demostream-").matches(JobNames.VALID);
    assertThat(job.parameters())
        .containsEntry("windowType", "fixed")
        .containsEntry("windowSize", "60s")
        .containsEntry("allowedLateness", "300s")
        .containsEntry("earlyFiringInterval", "10s")
        .doesNotContainKeys("windowPeriod", "maxWorkers");
  }

  @Test
  void invalidParametersLaunchNothing() {
    assertThatThrownBy(
            () -> jobs.start(new StartJobRequest("sliding", "30s", "1m", null, null, null, null)))
        .isInstanceOf(InvalidRequestException.class)
        .extracting("field")
        .isEqualTo("windowPeriod");
    assertThat(launcher.launchedNames).isEmpty();
  }

  @Test
  void secondStartConflictsWithTheActiveJob() {
    JobView first = jobs.start(StartJobRequest.defaults());
    launcher.setState(first.id(), JobState.RUNNING);

    assertThatThrownBy(() -> jobs.start(StartJobRequest.defaults()))
        .isInstanceOf(ConflictException.class)
        .satisfies(
            e ->
                assertThat(((ConflictException) e).properties())
                    .extractingByKey("job")
                    .extracting("id", "state")
                    .containsExactly(first.id(), JobState.RUNNING));
    assertThat(
            meters
                .counter("demostream.jobs.launches", "launcher", "fake", "outcome", "conflict")
                .count())
        .isEqualTo(1);
  }

  @Test
  void concurrentStartsLaunchExactlyOneJob() throws Exception {
    int callers = 8;
    launcher.launchLatency = Duration.ofMillis(100);
    CyclicBarrier barrier = new CyclicBarrier(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<JobView>> results = new ArrayList<>();
    Callable<JobView> start =
        () -> {
          barrier.await();
          return jobs.start(StartJobRequest.defaults());
        };
    for (int i = 0; i < callers; i++) {
      results.add(pool.submit(start));
    }
    int started = 0;
    int conflicts = 0;
    for (Future<JobView> result : results) {
      try {
        result.get();
        started++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ConflictException.class);
        conflicts++;
      }
    }
    pool.shutdown();

    assertThat(started).isEqualTo(1);
    assertThat(conflicts).isEqualTo(callers - 1);
    assertThat(launcher.launchedNames).hasSize(1);
  }

  @Test
  void aStoppedJobNoLongerBlocksANewStart() {
    JobView first = jobs.start(StartJobRequest.defaults());
    jobs.cancel(first.id());

    JobView second = jobs.start(StartJobRequest.defaults());

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.name()).isNotEqualTo(first.name());
  }

  @Test
  void startCanWaitUntilTheJobRuns() {
    Thread runner =
        new Thread(
            () -> {
              org.awaitility.Awaitility.await().until(() -> !launcher.launchedNames.isEmpty());
              launcher.setState("job-1", JobState.RUNNING);
            });
    runner.start();

    JobView job = jobs.start(new StartJobRequest(null, null, null, null, null, null, true));

    assertThat(job.state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  void drainWaitsForTheTerminalState() {
    JobView job = jobs.start(StartJobRequest.defaults());
    launcher.setState(job.id(), JobState.RUNNING);

    assertThat(jobs.drain(job.id()).state()).isEqualTo(JobState.DRAINED);
    assertThat(launcher.stopRequests).containsExactly("drain:" + job.id());
    assertThat(jobs.activeJobId()).isEmpty();
  }

  @Test
  void stopAnswersTheStateReachedWhenTheTimeoutPasses() {
    launcher.stopsImmediately = false;
    JobView job = jobs.start(StartJobRequest.defaults());
    launcher.setState(job.id(), JobState.RUNNING);

    assertThat(jobs.cancel(job.id()).state()).isEqualTo(JobState.CANCELLING);
    assertThat(
            meters
                .counter(
                    "demostream.jobs.stops",
                    "launcher",
                    "fake",
                    "action",
                    "cancel",
                    "outcome",
                    "timed-out")
                .count())
        .isEqualTo(1);
  }

  @Test
  void stoppingAStoppedJobIsANoOp() {
    JobView job = jobs.start(StartJobRequest.defaults());
    launcher.setState(job.id(), JobState.FAILED);

    assertThat(jobs.drain(job.id()).state()).isEqualTo(JobState.FAILED);
    assertThat(launcher.stopRequests).isEmpty();
  }

  @Test
  void unknownJobIsNotFound() {
    assertThatThrownBy(() -> jobs.get("nope")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> jobs.cancel("nope")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void launchFailureIsCountedAndExplained() {
    launcher.launchFailure = new IllegalStateException("The pipeline jar x does not exist");

    assertThatThrownBy(() -> jobs.start(StartJobRequest.defaults()))
        .isInstanceOf(JobLaunchException.class)
        .hasMessageContaining("pipeline jar");
    assertThat(
            meters
                .counter("demostream.jobs.launches", "launcher", "fake", "outcome", "failed")
                .count())
        .isEqualTo(1);
  }

  @Test
  void stateGaugeCountsJobsByTheirLastObservedState() {
    JobView first = jobs.start(StartJobRequest.defaults());
    jobs.cancel(first.id());
    JobView second = jobs.start(StartJobRequest.defaults());
    launcher.setState(second.id(), JobState.RUNNING);
    jobs.list();

    assertThat(meters.get("demostream.jobs.state").tag("state", "RUNNING").gauge().value())
        .isEqualTo(1);
    assertThat(meters.get("demostream.jobs.state").tag("state", "CANCELLED").gauge().value())
        .isEqualTo(1);
    assertThat(meters.get("demostream.jobs.state").tag("state", "PENDING").gauge().value())
        .isZero();
    assertThat(
            meters
                .counter("demostream.jobs.launches", "launcher", "fake", "outcome", "launched")
                .count())
        .isEqualTo(2);
  }
}
