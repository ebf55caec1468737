package io.demostream.control.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.demostream.control.ingest.IngestClientException;
import io.demostream.control.jobs.JobState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code stop-ingestion} step: passing faults while winding down are retried. */
class StopIngestionStepTests extends RunFixture {

  @Test
  void passingFaultsWhileWindingDownAreRetried() {
    RunView run = runUntilIngesting(request(1));
    launcher.stopFailures.set(2);
    given(ingest.stop())
        .willThrow(new IngestClientException(0, "ingest-service cannot be reached", null))
        .willReturn(null);

    clock.advance(Duration.ofMinutes(1));

    awaitRun(runs, run.id(), RunState.SUCCEEDED);
    verify(ingest, times(2)).stop();
    assertThat(launcher.state(run.jobId())).isEqualTo(JobState.DRAINED);
  }
}
