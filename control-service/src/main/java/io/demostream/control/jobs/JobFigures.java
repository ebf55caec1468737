package io.demostream.control.jobs;

import java.time.Instant;

/**
 * A running job's own figures as its runner reported them at {@code measuredAt}. Counters the
 * runner answered without (Beam reports a counter once it was first incremented) are 0; a watermark
 * it cannot give is {@code null}. A runner that cannot be read gives no figures at all.
 *
 * @param usersParsed messages parsed into users ({@code demographics/users_parsed})
 * @param deadLetters messages sent to the dead-letter table ({@code
 *     demographics/users_dead_lettered})
 * @param droppedLate users dropped for arriving beyond the allowed lateness (Beam's {@code
 *     droppedDueToLateness})
 * @param watermark the job's output watermark, or where the runner gives none the end of the newest
 *     window whose on-time pane was emitted (a lower bound of the watermark)
 * @param measuredAt when the runner measured these figures
 */
public record JobFigures(
    Long usersParsed, Long deadLetters, Long droppedLate, Instant watermark, Instant measuredAt) {

  /** Beam counter names of the pipeline, in namespace {@link #NAMESPACE}. */
  public static final String NAMESPACE = "demographics";

  public static final String USERS_PARSED = "users_parsed";
  public static final String DEAD_LETTERS = "users_dead_lettered";

  /** Gauge set by the pipeline to the end of the newest window emitted on time, epoch millis. */
  public static final String ON_TIME_WINDOW_END = "on_time_window_end_millis";

  /** Beam's own counter of elements dropped beyond the allowed lateness (any namespace). */
  public static final String DROPPED_DUE_TO_LATENESS = "droppedDueToLateness";

  /**
   * The pipeline's aggregation step that holds each user once (the pipeline's {@code
   * DroppedLateUsers.SUMMARY_STEP}). A late user is dropped, and counted, by each of the three
   * aggregation steps: only this step's count is a number of users.
   */
  public static final String SUMMARY_STEP = "CombineSummary";
}
