package io.demostream.control.backfills;

import io.demostream.control.jobs.JobParameters;
import io.demostream.control.jobs.PipelineArguments;
import java.time.Instant;

/**
 * A validated backfill: what it reads, the event-time range {@code [start, end)} it may write, and
 * its windows.
 */
public record BackfillSpec(
    String inputFiles, Instant start, Instant end, JobParameters parameters) {

  PipelineArguments.FileInput input() {
    return new PipelineArguments.FileInput(inputFiles, start, end);
  }

  boolean overlaps(Instant otherStart, Instant otherEnd) {
    return start.isBefore(otherEnd) && otherStart.isBefore(end);
  }
}
