package io.demostream.control.jobs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's own figures, read on demand by the {@link JobMetricsReader} of its launcher: what a
 * run's summary adds from the runner (the users it dropped beyond the allowed lateness, which no
 * warehouse row records). Empty when the launcher has no reader or the figures cannot be read.
 */
public class JobFiguresLookup {

  private static final Logger log = LoggerFactory.getLogger(JobFiguresLookup.class);

  private final JobService jobs;
  private final Map<String, JobMetricsReader> readers;

  public JobFiguresLookup(JobService jobs, List<JobMetricsReader> readers) {
    this.jobs = jobs;
    this.readers =
        readers.stream()
            .collect(
                Collectors.toMap(
                    JobMetricsReader::launcherType, Function.identity(), (first, second) -> first));
  }

  public Optional<JobFigures> figures(String jobId) {
    try {
      JobView job = jobs.get(jobId);
      JobMetricsReader reader = readers.get(job.launcher());
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
