package io.demostream.control.backfills;

import io.demostream.control.api.ConflictException;
import io.demostream.control.api.NotFoundException;
import io.demostream.control.jobs.JobLaunchException;
import io.demostream.control.jobs.JobNames;
import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.PipelineArguments;
import io.demostream.control.jobs.PipelineLauncher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts backfills and launches their jobs. A backfill is refused (409, naming the range) when its
 * range overlaps windows another incarnation wrote, a running backfill's range, or what the active
 * stream job may still count: a window is counted by the stream or by a backfill, never both.
 */
public class BackfillService {

  private static final Logger log = LoggerFactory.getLogger(BackfillService.class);

  private final BackfillRepository repository;
  private final PipelineLauncher launcher;
  private final JobService jobs;
  private final CountedWindows counted;
  private final BackfillsProperties properties;
  private final BackfillMetrics metrics;
  private final JobNames names;
  private final Clock clock;

  BackfillService(
      BackfillRepository repository,
      PipelineLauncher launcher,
      JobService jobs,
      CountedWindows counted,
      BackfillsProperties properties,
      BackfillMetrics metrics,
      Clock clock) {
    this.repository = repository;
    this.launcher = launcher;
    this.jobs = jobs;
    this.counted = counted;
    this.properties = properties;
    this.metrics = metrics;
    this.names = new JobNames(properties.namePrefix(), clock);
    this.clock = clock;
  }

  /**
   * Validates, checks for overlap, records and launches a backfill.
   *
   * @throws io.demostream.support.problem.InvalidRequestException for an invalid request
   * @throws ConflictException when the range overlaps what is or may be counted
   * @throws JobLaunchException when the launcher refuses the job
   */
  public Backfill start(BackfillRequest request) {
    BackfillSpec spec = request.validate(properties.maxRange(), clock);
    String jobName = names.next();
    refuseIfTheStreamMayCount(spec);
    counted
        .intersecting(spec.start(), spec.end(), jobName)
        .ifPresent(
            span -> {
              metrics.refused();
              throw new ConflictException(
                  "The range ["
                      + spec.start()
                      + ", "
                      + spec.end()
                      + ") overlaps windows another incarnation already counted, ["
                      + span.firstStart()
                      + ", "
                      + span.lastEnd()
                      + "): refused, it would count them twice; backfill a range before or after"
                      + " it",
                  Map.of("overlap", overlap(span.firstStart(), span.lastEnd())));
            });
    BackfillRepository.Row row =
        new BackfillRepository.Row(
            UUID.randomUUID().toString(),
            BackfillState.RUNNING,
            spec,
            jobName,
            null,
            clock.instant(),
            null,
            null,
            null);
    repository.insertUnless(
        row,
        running ->
            running.stream()
                .filter(other -> spec.overlaps(other.spec().start(), other.spec().end()))
                .findFirst()
                .ifPresent(
                    other -> {
                      metrics.refused();
                      throw new ConflictException(
                          "The range ["
                              + spec.start()
                              + ", "
                              + spec.end()
                              + ") overlaps backfill "
                              + other.id()
                              + ", still running over ["
                              + other.spec().start()
                              + ", "
                              + other.spec().end()
                              + ")",
                          Map.of(
                              "overlap",
                              overlap(other.spec().start(), other.spec().end()),
                              "backfill",
                              other.id()));
                    }));
    metrics.accepted();
    try {
      LaunchedJob job =
          launcher.launchBackfill(jobName, labels(spec), spec.parameters(), spec.input());
      repository.launched(row.id(), job.id());
      log.info(
          "Backfill {} launched as job {} over {} for [{}, {})",
          row.id(),
          job.id(),
          spec.inputFiles(),
          spec.start(),
          spec.end());
    } catch (RuntimeException e) {
      repository.finish(row.id(), BackfillState.FAILED, clock.instant(), null, e.getMessage());
      metrics.finished(BackfillState.FAILED);
      throw e instanceof IllegalStateException ? new JobLaunchException(e.getMessage(), e) : e;
    }
    return get(row.id());
  }

  public List<Backfill> list() {
    return repository.list().stream().map(BackfillService::view).toList();
  }

  public Backfill get(String id) {
    return repository
        .find(id)
        .map(BackfillService::view)
        .orElseThrow(() -> new NotFoundException("No backfill with id " + id));
  }

  /**
   * The active stream job counts users whose event times are around now; late ones back to its
   * allowed lateness and a window before its start. A range ending after that may meet its panes
   * later, so it is refused while the job runs.
   */
  private void refuseIfTheStreamMayCount(BackfillSpec spec) {
    Optional<JobView> active = jobs.activeJob();
    if (active.isEmpty()) {
      return;
    }
    JobView job = active.get();
    Duration reach = reach(JobParameters.fromLabels(toLabels(job)));
    Instant from = job.createdAt().minus(reach);
    if (spec.end().isAfter(from)) {
      metrics.refused();
      throw new ConflictException(
          "The range ["
              + spec.start()
              + ", "
              + spec.end()
              + ") may be counted by the active stream job "
              + job.id()
              + ", which counts windows from "
              + from
              + ": refused; backfill a range ending by then, or stop the stream first",
          Map.of("overlap", overlap(from, spec.end()), "job", job.id()));
    }
  }

  private static Duration reach(JobParameters parameters) {
    // Unknown parameters: the longest window and lateness a job may have.
    return parameters == null
        ? Duration.ofHours(48)
        : parameters.allowedLateness().plus(parameters.windowSize());
  }

  private static Map<String, String> toLabels(JobView job) {
    Map<String, String> options = new LinkedHashMap<>();
    job.parameters().forEach((key, value) -> options.put(key, String.valueOf(value)));
    return JobParameters.labelsFromPipelineOptions(options);
  }

  private static Map<String, String> labels(BackfillSpec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(JobService.MANAGED_BY_LABEL, JobService.MANAGED_BY_VALUE);
    labels.put(PipelineArguments.FileInput.SOURCE_LABEL, PipelineArguments.FILES_SOURCE);
    labels.putAll(spec.parameters().labels());
    return labels;
  }

  private static Map<String, Object> overlap(Instant start, Instant end) {
    return Map.of("start", start.toString(), "end", end.toString());
  }

  static Backfill view(BackfillRepository.Row row) {
    BackfillSpec spec = row.spec();
    return new Backfill(
        row.id(),
        row.state(),
        spec.inputFiles(),
        spec.start(),
        spec.end(),
        spec.parameters() == null ? Map.of() : spec.parameters().asMap(),
        row.jobId(),
        row.jobName(),
        row.createdAt(),
        row.finishedAt(),
        row.summary(),
        row.error());
  }
}
