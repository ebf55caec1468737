package io.demostream.events.metrics;

/**
 * The names of the pipeline's Beam metrics that the control-service reads back from the runner
 * (Dataflow's job metrics, Flink's REST API, the local metrics file): the one definition both sides
 * use, so that a renamed counter cannot silently read as zero.
 */
public final class PipelineCounters {

  /** The namespace of the pipeline's own metrics. */
  public static final String NAMESPACE = "demographics";

  /** Messages parsed into users ({@code ParseUserEvents}). */
  public static final String USERS_PARSED = "users_parsed";

  /** Messages sent to the dead-letter table by the parse step ({@code ParseUserEvents}). */
  public static final String USERS_DEAD_LETTERED = "users_dead_lettered";

  /** Users older than the maximum event age, dead-lettered as late ({@code ParseUserEvents}). */
  public static final String USERS_LATE = "users_late";

  /** Backfill: non-blank lines read from the files ({@code ReadUserEventFiles}). */
  public static final String LINES_READ = "lines_read";

  /**
   * Backfill: lines dropped because an earlier line had their {@code event_id} ({@code
   * RemoveDuplicateEvents}). A backfill reconciles when {@code lines_read = users_parsed +
   * users_dead_lettered + duplicates_removed}.
   */
  public static final String DUPLICATES_REMOVED = "duplicates_removed";

  /** Gauge: end of the newest window emitted on time, epoch millis ({@code PaneRowFn}). */
  public static final String ON_TIME_WINDOW_END = "on_time_window_end_millis";

  /** Window panes published to the panes topic ({@code ToWindowPanes}). */
  public static final String PANES_PUBLISHED = "panes_published";

  /** Panes with no users that were not written ({@code PaneRowFn}). */
  public static final String EMPTY_PANES_SKIPPED = "empty_panes_skipped";

  /**
   * Beam's own counter of elements dropped beyond the allowed lateness, in the runner's namespace
   * (the DirectRunner spells it {@code DroppedDueToLateness}).
   */
  public static final String DROPPED_DUE_TO_LATENESS = "droppedDueToLateness";

  /**
   * The step name of the aggregation that holds each user once: a late user is dropped, and
   * counted, by each of the three aggregation steps, and only this step's count is a number of
   * users.
   */
  public static final String SUMMARY_STEP = "CombineSummary";

  private PipelineCounters() {}
}
