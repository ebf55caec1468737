package io.demostream.control.runs;

import io.demostream.control.ingest.IngestClient;
import io.demostream.control.ingest.IngestionStatus;
import io.demostream.control.jobs.JobService;
import io.demostream.control.reconcile.BacklogWait;
import io.demostream.control.reconcile.RunSummary;
import io.demostream.control.reconcile.SubscriptionBacklog;
import io.demostream.control.reconcile.WarehouseCounts;
import io.demostream.control.reconcile.WindowTiling;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a run count everything it published, for {@link DrainJobStep}: before the drain, a bounded
 * wait until the subscription's backlog is consumed (a drained pipeline stops reading, and would
 * leave the rest to the next run), recorded as the step's detail; after it, the run's {@link
 * RunSummary} from ingest-service's published count and the warehouse rows of the run's pipeline
 * incarnation (its job name). Neither ever fails the drain: what could not be read is said in the
 * step's detail.
 */
final class RunReconciliation {

  private static final Logger log = LoggerFactory.getLogger(RunReconciliation.class);
  private static final String PUBLISHED = "messagesPublished";

  /** Drains whose backlog could not be read (Prometheus: {@code ..._total}). */
  static final String BACKLOG_UNREADABLE = "demostream.runs.backlog.unreadable";

  private final IngestClient ingest;
  private final JobService jobs;
  private final RunRepository repository;
  private final SubscriptionBacklog backlog;
  private final WarehouseCounts counts;
  private final BacklogWait backlogWait;
  private final Duration settleTimeout;
  private final Clock clock;
  private final Function<String, Optional<Long>> droppedLate;
  private final Counter backlogUnreadable;

  /**
   * @param droppedLate the users a job (by id) dropped beyond the allowed lateness, as its runner
   *     counts them; empty when unknown
   */
  RunReconciliation(
      IngestClient ingest,
      JobService jobs,
      RunRepository repository,
      SubscriptionBacklog backlog,
      WarehouseCounts counts,
      Function<String, Optional<Long>> droppedLate,
      Duration backlogTimeout,
      MeterRegistry meters,
      Clock clock) {
    this.ingest = ingest;
    this.jobs = jobs;
    this.repository = repository;
    this.backlog = backlog;
    this.counts = counts;
    this.droppedLate = droppedLate;
    this.backlogWait = new BacklogWait(clock, backlogTimeout);
    this.settleTimeout = backlogTimeout;
    this.clock = clock;
    this.backlogUnreadable =
        Counter.builder(BACKLOG_UNREADABLE)
            .description(
                "Drains that waited the whole drain-backlog-timeout because the subscription's"
                    + " backlog could not be read")
            .register(meters);
  }

  /**
   * What the run published and which pipeline incarnation counts it; empty (with the reason as the
   * step's detail) when ingestion never started, has not settled within the bound, or the figures
   * cannot be read.
   *
   * @param pause waits one poll interval while ingestion is still draining, and ends the wait by
   *     throwing when the run is let go
   */
  Optional<Subject> subject(
      String runId,
      RunRequest request,
      String jobId,
      Instant runStarted,
      Instant now,
      Runnable pause) {
    StepState ingestion = repository.stepState(runId, RunStep.START_INGESTION);
    if (ingestion == StepState.PENDING || ingestion == StepState.SKIPPED) {
      return Optional.empty();
    }
    // Outside the try below: the pause ends the wait by throwing when the run is let go.
    IngestionStatus status = settled(runId, pause);
    if (status == null) {
      return Optional.empty();
    }
    if (status.active()) {
      detail(
          runId,
          "not reconciled: ingest-service still "
              + status.state()
              + " after "
              + settleTimeout.toSeconds()
              + " s, its published count is not final");
      return Optional.empty();
    }
    try {
      Object published = status.counts() == null ? null : status.counts().get(PUBLISHED);
      if (!(published instanceof Number number)) {
        detail(runId, "not reconciled: ingest-service reported no published count");
        return Optional.empty();
      }
      return Optional.of(
          new Subject(
              jobId,
              jobs.get(jobId).name(),
              WindowTiling.of(request.jobParameters()),
              number.longValue(),
              ingestionStopped(runId, now),
              runStarted));
    } catch (RuntimeException e) {
      detail(runId, "not reconciled: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * ingest-service's status once no publish of its run is in flight, or the last status read when
   * the bound passed first; null (with the reason as the step's detail) when it cannot be read. The
   * pause's own exception (the run let go) passes through.
   */
  private IngestionStatus settled(String runId, Runnable pause) {
    Instant deadline = clock.instant().plus(settleTimeout);
    while (true) {
      IngestionStatus status;
      try {
        status = ingest.status();
      } catch (RuntimeException e) {
        detail(runId, "not reconciled: " + e.getMessage());
        return null;
      }
      if (status == null) {
        detail(runId, "not reconciled: ingest-service reported no published count");
        return null;
      }
      if (!status.active() || !clock.instant().isBefore(deadline)) {
        return status;
      }
      pause.run();
    }
  }

  /**
   * Waits until the backlog is consumed or the bound passed, and says so in the step's detail.
   *
   * @param pause waits one poll interval, and ends the wait by throwing when the run is let go
   */
  void awaitBacklog(String runId, Subject subject, Runnable pause) {
    BacklogWait.Outcome outcome = backlogWait.await(backlog, subject.query(), pause);
    if (outcome.backlogUnreadable()) {
      backlogUnreadable.increment();
      log.warn("Run {}: {}", runId, outcome.detail());
    } else {
      log.info("Run {}: {}", runId, outcome.detail());
    }
    detail(runId, outcome.detail());
  }

  /** Records the run's summary; after the drain, so the final panes are in the warehouse. */
  void summarize(String runId, Subject subject) {
    try {
      RunSummary summary =
          RunSummary.of(
              subject.published(),
              counts.count(subject.incarnationId(), subject.tiling(), subject.runStarted()),
              droppedLate.apply(subject.jobId()).orElse(null),
              subject.incarnationId());
      repository.summary(runId, summary);
      log.info("Run {}: {}", runId, summary);
    } catch (RuntimeException e) {
      log.warn("Run {}: no summary, the warehouse could not be read", runId, e);
      String before = repository.stepDetail(runId, RunStep.DRAIN_JOB);
      detail(
          runId,
          (before == null ? "" : before + "; ")
              + "no summary: the warehouse could not be read: "
              + e.getMessage());
    }
  }

  private Instant ingestionStopped(String runId, Instant now) {
    return repository.steps(runId).stream()
        .filter(step -> step.name().equals(RunStep.STOP_INGESTION.stepName()))
        .map(RunView.StepView::finishedAt)
        .filter(at -> at != null)
        .findFirst()
        .orElse(now);
  }

  /** What the drain step saw. */
  private void detail(String runId, String detail) {
    repository.stepDetail(runId, RunStep.DRAIN_JOB, detail);
  }

  /**
   * @param jobId the run's pipeline job
   * @param incarnationId the run's pipeline incarnation: its job's name
   * @param tiling how the job's windows count users
   * @param published messages ingest-service published for the run
   * @param since when ingestion stopped
   * @param runStarted when the run was requested
   */
  record Subject(
      String jobId,
      String incarnationId,
      WindowTiling tiling,
      long published,
      Instant since,
      Instant runStarted) {

    SubscriptionBacklog.Query query() {
      return new SubscriptionBacklog.Query(incarnationId, tiling, published, since, runStarted);
    }
  }
}
