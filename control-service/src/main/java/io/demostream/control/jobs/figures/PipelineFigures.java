package io.demostream.control.jobs.figures;

import java.time.Instant;

/**
 * A running job's own figures (counters named in {@link
 * io.demostream.events.metrics.PipelineCounters}, the one definition the pipeline uses too) as its
 * runner reported them at {@code measuredAt}. Counters the runner answered without (Beam reports a
 * counter once it was first incremented) are 0; a watermark it cannot give is {@code null}. A
 * runner that cannot be read gives no figures at all.
 *
 * @param usersParsed messages parsed into users ({@code demographics/users_parsed})
 * @param deadLetters messages sent to the dead-letter table ({@code
 *     demographics/users_dead_lettered})
 * @param droppedLate users dropped for arriving beyond the allowed lateness (Beam's {@code
 *     droppedDueToLateness})
 * @param watermark the job's output watermark, or where the runner gives none the end of the newest
 *     window whose on-time pane was emitted (a lower bound of the watermark)
 * @param measuredAt when the runner measured these figures
 * @param linesRead a backfill's lines read from its files ({@code demographics/lines_read}); {@code
 *     null} for a stream, which reads no files
 * @param duplicatesRemoved a backfill's lines dropped for repeating an {@code event_id} ({@code
 *     demographics/duplicates_removed}); {@code null} for a stream
 */
public record PipelineFigures(
    Long usersParsed,
    Long deadLetters,
    Long droppedLate,
    Instant watermark,
    Instant measuredAt,
    Long linesRead,
    Long duplicatesRemoved) {

  /** A stream's figures: no files read. */
  public PipelineFigures(
      Long usersParsed, Long deadLetters, Long droppedLate, Instant watermark, Instant measuredAt) {
    this(usersParsed, deadLetters, droppedLate, watermark, measuredAt, null, null);
  }
}
