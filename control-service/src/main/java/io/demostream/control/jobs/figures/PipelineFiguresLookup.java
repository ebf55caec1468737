package io.demostream.control.jobs.figures;

import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.LaunchedJob;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's own figures, read on demand by the {@link PipelineFiguresReader} of its launcher: what
 * a run's summary adds from the runner (the users it dropped beyond the allowed lateness, which no
 * warehouse row records). Empty when the launcher has no reader or the figures cannot be read.
 */
public class PipelineFiguresLookup {

  private static final Logger log = LoggerFactory.getLogger(PipelineFiguresLookup.class);

  private final JobService jobs;
  private final PipelineFiguresReader reader;

  /**
   * @param reader the configured launcher's reader, or {@code null} where it has none
   */
  public PipelineFiguresLookup(JobService jobs, PipelineFiguresReader reader) {
    this.jobs = jobs;
    this.reader = reader;
  }

  public Optional<PipelineFigures> figures(String jobId) {
    try {
      JobView job = jobs.get(jobId);
      if (reader == null) {
        return Optional.empty();
      }
      return Optional.of(
          reader.read(
              new LaunchedJob(job.id(), job.name(), job.state(), job.createdAt(), Map.of())));
    } catch (RuntimeException e) {
      log.info("No figures for job {}: {}", jobId, e.toString());
      return Optional.empty();
    }
  }
}
