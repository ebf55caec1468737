package io.demostream.control.backfills;

import java.time.Instant;
import java.util.Optional;

/**
 * The windows of the warehouse that intersect a backfill's range and that another incarnation (a
 * stream run, or another backfill) already wrote: the views add incarnations up, so a backfill into
 * them would count their users twice.
 */
interface CountedWindows {

  /**
   * @param exceptIncarnation the backfill's own incarnation, whose panes a re-run replaces
   * @return the span of the windows found, or empty when there are none
   */
  Optional<CountedSpan> intersecting(Instant start, Instant end, String exceptIncarnation);

  /** The first window start and the last window end found, and how many panes. */
  record CountedSpan(Instant firstStart, Instant lastEnd, long panes) {}
}
