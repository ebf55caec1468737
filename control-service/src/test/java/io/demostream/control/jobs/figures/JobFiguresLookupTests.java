package io.demostream.control.jobs.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.control.jobs.FakeLauncher;
import io.demostream.control.jobs.JobService;
import io.demostream.control.jobs.JobView;
import io.demostream.control.jobs.JobsProperties;
import io.demostream.control.jobs.LaunchedJob;
import io.demostream.control.jobs.StartJobRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JobFiguresLookupTests {

  private final FakeLauncher launcher = new FakeLauncher();
  private final JobService jobs =
      new JobService(
          launcher,
          new JobsProperties(
              "demostream", Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(5)),
          new SimpleMeterRegistry(),
          Clock.systemUTC());
  private final List<String> read = new CopyOnWriteArrayList<>();

  private JobMetricsReader reader(JobFigures figures) {
    return new JobMetricsReader() {
      @Override
      public JobFigures read(LaunchedJob job) {
        read.add(job.name());
        if (figures == null) {
          throw new IllegalStateException("the runner cannot be reached");
        }
        return figures;
      }
    };
  }

  @Test
  void readsTheJobThroughItsLaunchersReader() {
    JobView job = jobs.start(StartJobRequest.defaults());
    JobFigures figures = new JobFigures(10L, 1L, 2L, null, Instant.now());
    JobFiguresLookup lookup = new JobFiguresLookup(jobs, reader(figures));

    assertThat(lookup.figures(job.id())).contains(figures);
    assertThat(read).containsExactly(job.name());
  }

  @Test
  void unreadableFiguresAndUnknownJobsAreEmpty() {
    JobView job = jobs.start(StartJobRequest.defaults());

    assertThat(new JobFiguresLookup(jobs, reader(null)).figures(job.id())).isEmpty();
    assertThat(new JobFiguresLookup(jobs, null).figures(job.id())).isEmpty();
    JobFigures figures = new JobFigures(1L, 0L, 0L, null, Instant.now());
    assertThat(new JobFiguresLookup(jobs, reader(figures)).figures("nope")).isEmpty();
    assertThat(read).containsExactly(job.name());
  }
}
