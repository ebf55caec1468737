package io.demostream.control.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.demostream.control.ingest.IngestionStatus;
import io.demostream.control.reconcile.RunSummary;
import io.demostream.control.runs.RunState;
import io.demostream.control.runs.RunView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class EmulatorWatchTests {

  static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  final AtomicReference<IngestionStatus> ingestion = new AtomicReference<>();
  final AtomicReference<Optional<String>> activeJob = new AtomicReference<>(Optional.empty());
  final List<RunView> runs = new ArrayList<>();
  final SubscriptionRecycler recycler = mock(SubscriptionRecycler.class);
  final MutableClock clock = new MutableClock(START);
  EmulatorWatch watch;

  @BeforeEach
  void setUp() {
    when(recycler.subscriptionName()).thenReturn("projects/demo-project/subscriptions/users-sub");
    watch = watch(true);
  }

  EmulatorWatch watch(boolean recycle) {
    EmulatorProperties properties =
        new EmulatorProperties(
            DataSize.ofMegabytes(100), DataSize.ofBytes(1000), 0.7, recycle, Duration.ofSeconds(1));
    return new EmulatorWatch(
        new EmulatorWatch.Sources(ingestion::get, activeJob::get, () -> List.copyOf(runs)),
        recycler,
        properties,
        clock);
  }

  @Test
  void estimateGrowsWithWhatIngestionPublishedAcrossIngestions() {
    ingestion.set(status("RUNNING", "t1", 20_000));
    watch.check();
    ingestion.set(status("RUNNING", "t1", 50_000));
    watch.check();
    // A new ingestion restarts ingest-service's count: its messages add to the first one's.
    ingestion.set(status("RUNNING", "t2", 10_000));
    watch.check();

    EmulatorMemoryEstimate estimate = watch.current();
    assertThat(estimate.publishedSinceRecycle()).isEqualTo(60_000);
    assertThat(estimate.estimatedBytes()).isEqualTo(60_000_000);
    assertThat(estimate.warning()).isFalse();
    verify(recycler, never()).recycle();
  }

  @Test
  void warnsFromTheConfiguredShareOfTheHeap() {
    ingestion.set(status("RUNNING", "t1", 80_000)); // 80 MB of 100 MiB: 0.76, above 0.7
    watch.check();

    assertThat(watch.current().warning()).isTrue();
    assertThat(watch.current().message()).contains("will run out of memory");
  }

  @Test
  void recyclesOnceARunEndedReconciledAndNothingIsInFlight() {
    ingestion.set(status("RUNNING", "t1", 30_000));
    runs.add(run(RunState.RUNNING, null, null));
    activeJob.set(Optional.of("job-1"));
    watch.check();
    verify(recycler, never()).recycle();

    clock.advance(Duration.ofMinutes(5));
    ingestion.set(status("STOPPED", "t1", 30_000));
    runs.set(0, run(RunState.SUCCEEDED, clock.instant(), summary(30_000, true)));
    // The job still drains: not yet.
    watch.check();
    verify(recycler, never()).recycle();

    activeJob.set(Optional.empty());
    clock.advance(Duration.ofSeconds(10));
    watch.check();
    verify(recycler, times(1)).recycle();
    assertThat(watch.current().publishedSinceRecycle()).isZero();
    assertThat(watch.current().recycles()).isEqualTo(1);

    // Nothing new ended since: the next checks leave the new subscription alone.
    watch.check();
    watch.check();
    verify(recycler, times(1)).recycle();
  }

  @Test
  void aRunThatDidNotReconcileKeepsTheSubscription() {
    ingestion.set(status("STOPPED", "t1", 30_000));
    clock.advance(Duration.ofMinutes(1));
    runs.add(run(RunState.STOPPED, clock.instant(), summary(30_000, false)));
    watch.check();

    verify(recycler, never()).recycle();
    assertThat(watch.current().publishedSinceRecycle()).isEqualTo(30_000);
  }

  @Test
  void runningIngestionOrAnUnfinishedRunKeepTheSubscription() {
    clock.advance(Duration.ofMinutes(1));
    runs.add(run(RunState.SUCCEEDED, clock.instant(), summary(1_000, true)));
    ingestion.set(status("RUNNING", "t2", 5_000)); // e.g. a replay started by hand
    watch.check();
    verify(recycler, never()).recycle();

    ingestion.set(status("STOPPED", "t2", 5_000));
    runs.add(run(RunState.RUNNING, null, null));
    watch.check();
    verify(recycler, never()).recycle();
  }

  @Test
  void disabledRecyclingOnlyEstimates() {
    EmulatorWatch estimating = watch(false);
    ingestion.set(status("STOPPED", "t1", 30_000));
    clock.advance(Duration.ofMinutes(1));
    runs.add(run(RunState.SUCCEEDED, clock.instant(), summary(30_000, true)));
    estimating.check();

    verify(recycler, never()).recycle();
    assertThat(estimating.current().publishedSinceRecycle()).isEqualTo(30_000);
  }

  @Test
  void aFailedRecycleKeepsTheTallyAndTriesAgain() {
    doThrow(new IllegalStateException("emulator unreachable")).when(recycler).recycle();
    ingestion.set(status("STOPPED", "t1", 30_000));
    clock.advance(Duration.ofMinutes(1));
    runs.add(run(RunState.SUCCEEDED, clock.instant(), summary(30_000, true)));
    watch.check();
    watch.check();

    verify(recycler, times(2)).recycle();
    assertThat(watch.current().publishedSinceRecycle()).isEqualTo(30_000);
    assertThat(watch.current().recycles()).isZero();
  }

  @Test
  void unreadableIngestServiceNeitherCountsNorRecycles() {
    EmulatorWatch unreadable =
        new EmulatorWatch(
            new EmulatorWatch.Sources(
                () -> {
                  throw new IllegalStateException("connection refused");
                },
                activeJob::get,
                () -> List.copyOf(runs)),
            recycler,
            new EmulatorProperties(
                DataSize.ofMegabytes(100),
                DataSize.ofBytes(1000),
                0.7,
                true,
                Duration.ofSeconds(1)),
            clock);
    clock.advance(Duration.ofMinutes(1));
    runs.add(run(RunState.SUCCEEDED, clock.instant(), summary(30_000, true)));
    unreadable.check();

    verify(recycler, never()).recycle();
    assertThat(unreadable.current().publishedSinceRecycle()).isZero();
  }

  static IngestionStatus status(String state, String startedAt, long published) {
    return new IngestionStatus(
        state, "synthetic", startedAt, Map.of("messagesPublished", published), "CLOSED", null);
  }

  static RunView run(RunState state, Instant finishedAt, RunSummary summary) {
    return new RunView(
        "run-1", state, null, "job-1", START, null, finishedAt, null, summary, List.of());
  }

  static RunSummary summary(long published, boolean reconciled) {
    return new RunSummary(
        published, reconciled ? published : published - 5, 0, 0L, reconciled, "warehouse", "job-1");
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
