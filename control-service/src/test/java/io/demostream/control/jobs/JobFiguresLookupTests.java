package io.demostream.control.jobs;

import static org.assertj.core.api.Assertions.assertThat;

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

  private JobMetricsReader reader(String launcherType, JobFigures figures) {
    return new JobMetricsReader() {
      @Override
      public String launcherType() {
        return launcherType;
      }

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
    JobFiguresLookup lookup =
        new JobFiguresLookup(jobs, List.of(reader("dataflow", null), reader("fake", figures)));

    assertThat(lookup.figures(job.id())).contains(figures);
    assertThat(read).containsExactly(job.name());
  }

  @Test
  void unreadableFiguresAndUnknownJobsAreEmpty() {
    JobView job = jobs.start(StartJobRequest.defaults());

    assertThat(new JobFiguresLookup(jobs, List.of(reader("fake", null))).figures(job.id()))
        .isEmpty();
    assertThat(new JobFiguresLookup(jobs, List.of()).figures(job.id())).isEmpty();
    assertThat(new JobFiguresLookup(jobs, List.of()).figures("nope")).isEmpty();
  }
}
