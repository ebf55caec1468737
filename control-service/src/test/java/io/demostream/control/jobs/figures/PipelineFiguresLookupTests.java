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

class PipelineFiguresLookupTests {

  private final FakeLauncher launcher = new FakeLauncher();
  private final JobService jobs =
      new JobService(
          launcher,
          new JobsProperties(
              "demostream", Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(5)),
          new SimpleMeterRegistry(),
          Clock.systemUTC());
  private final List<String> read = new CopyOnWriteArrayList<>();

  private PipelineFiguresReader reader(PipelineFigures figures) {
    return new PipelineFiguresReader() {
      @Override
      public PipelineFigures read(LaunchedJob job) {
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
    PipelineFigures figures = new PipelineFigures(10L, 1L, 2L, null, Instant.now());
    PipelineFiguresLookup lookup = new PipelineFiguresLookup(jobs, reader(figures));

    assertThat(lookup.figures(job.id())).contains(figures);
    assertThat(read).containsExactly(job.name());
  }

  @Test
  void unreadableFiguresAndUnknownJobsAreEmpty() {
    JobView job = jobs.start(StartJobRequest.defaults());

    assertThat(new PipelineFiguresLookup(jobs, reader(null)).figures(job.id())).isEmpty();
    assertThat(new PipelineFiguresLookup(jobs, null).figures(job.id())).isEmpty();
    PipelineFigures figures = new PipelineFigures(1L, 0L, 0L, null, Instant.now());
    assertThat(new PipelineFiguresLookup(jobs, reader(figures)).figures("nope")).isEmpty();
    assertThat(read).containsExactly(job.name());
  }
}
