package io.demostream.control.runs;

import io.demostream.control.api.ConflictException;
import io.demostream.control.api.NotFoundException;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs of the whole flow, as the REST API sees them: records a run validated whole by the {@link
 * RunValidator} and hands it to the {@link RunExecutor}; reads runs from the {@link RunRepository};
 * records stop requests, which the executing step picks up.
 */
public class RunService {

  private static final Logger log = LoggerFactory.getLogger(RunService.class);
  private static final int LIST_LIMIT = 50;

  private final RunValidator validator;
  private final RunRepository repository;
  private final RunExecutor executor;
  private final Clock clock;

  RunService(RunValidator validator, RunRepository repository, RunExecutor executor, Clock clock) {
    this.validator = validator;
    this.repository = repository;
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * Records a run and starts executing it.
   *
   * @throws InvalidRequestException naming the run's field at fault; nothing is recorded,
   *     provisioned or launched
   * @throws ConflictException with the unfinished run as {@code run} if one is in progress
   */
  public RunView start(RunRequest request) {
    // Every parameter, before anything is recorded: a bad request leaves no failed run behind.
    validator.validate(request);
    String id;
    synchronized (this) {
      Optional<String> unfinished = repository.unfinishedIds().stream().findFirst();
      if (unfinished.isPresent()) {
        throw inProgress(unfinished.get());
      }
      id = UUID.randomUUID().toString();
      // The database decides between replicas: only one run can hold the active-run slot.
      if (!repository.insertActive(id, request, clock.instant())) {
        throw inProgress(
            repository
                .activeRunId()
                .or(() -> repository.unfinishedIds().stream().findFirst())
                .orElseThrow(() -> new IllegalStateException("the active run vanished")));
      }
    }
    log.info("Run {} requested for {} minutes", id, request.durationMinutes());
    executor.submit(id);
    return get(id);
  }

  private ConflictException inProgress(String runId) {
    return new ConflictException(
        "Run " + runId + " is in progress; stop it before starting another",
        Map.of("run", get(runId)));
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

  /**
   * Continues every unfinished run that no replica holds (none had, or its lease expired), as the
   * executor's periodic lease check also does.
   */
  public void resumeUnfinished() {
    executor.takeOverUnfinished();
  }
}
