package io.demostream.control.backfills;

import io.demostream.control.jobs.figures.PipelineFigures;
import io.demostream.control.reconcile.IncarnationCounts;

/**
 * What a finished backfill read and what it wrote. The pipeline's own counters must add up ({@code
 * linesRead = usersParsed + deadLettered + duplicatesRemoved}), and the warehouse must hold what
 * they say: {@code counted = usersParsed} and {@code warehouseDeadLettered = deadLettered}.
 *
 * @param linesRead non-blank lines read from the files ({@code lines_read})
 * @param usersParsed lines parsed into users, each counted once ({@code users_parsed})
 * @param deadLettered lines dead-lettered with their reason, outside the range included ({@code
 *     users_dead_lettered})
 * @param duplicatesRemoved lines that repeated an earlier line's {@code event_id} ({@code
 *     duplicates_removed})
 * @param counted users the warehouse's windows of the backfill's incarnation hold; {@code null}
 *     when its windows cannot be counted exactly
 * @param warehouseDeadLettered dead-letter rows of the incarnation in the warehouse
 * @param reconciled both equations hold
 * @param countedFrom how {@code counted} was read
 * @param incarnationId the backfill's incarnation ({@code job_id} of its rows): its job's name
 */
public record BackfillSummary(
    Long linesRead,
    Long usersParsed,
    Long deadLettered,
    Long duplicatesRemoved,
    Long counted,
    long warehouseDeadLettered,
    boolean reconciled,
    String countedFrom,
    String incarnationId) {

  static BackfillSummary of(
      PipelineFigures figures, IncarnationCounts counts, String incarnationId) {
    Long linesRead = figures == null ? null : zeroIfAbsent(figures.linesRead());
    Long parsed = figures == null ? null : figures.usersParsed();
    Long dead = figures == null ? null : figures.deadLetters();
    Long duplicates = figures == null ? null : zeroIfAbsent(figures.duplicatesRemoved());
    boolean linesAddUp =
        linesRead != null
            && parsed != null
            && dead != null
            && linesRead == parsed + dead + duplicates;
    boolean warehouseHoldsThem =
        parsed != null
            && counts.counted() != null
            && counts.counted().longValue() == parsed
            && counts.deadLettered() == dead;
    return new BackfillSummary(
        linesRead,
        parsed,
        dead,
        duplicates,
        counts.counted(),
        counts.deadLettered(),
        linesAddUp && warehouseHoldsThem,
        counts.countedFrom(),
        incarnationId);
  }

  // Beam reports a counter once it was first incremented: a backfill that read no line, or kept
  // every line, has none.
  private static Long zeroIfAbsent(Long value) {
    return value == null ? 0L : value;
  }
}
