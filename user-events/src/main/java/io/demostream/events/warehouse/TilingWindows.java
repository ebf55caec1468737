package io.demostream.events.warehouse;

import java.util.function.UnaryOperator;

/**
 * The windows that tile time: those whose start is a multiple of their length. The pipeline aligns
 * windows to the epoch and requires a sliding window's size to be a multiple of its period, so the
 * tiling windows of a job cover time exactly once: every fixed window, every {@code size /
 * period}-th sliding window. Summing users across windows is meaningful only over these (a user is
 * in {@code size / period} overlapping sliding windows).
 */
public final class TilingWindows {

  private TilingWindows() {}

  /**
   * The SQL condition that a row's window tiles.
   *
   * @param epochSeconds the dialect's SQL turning a TIMESTAMP column into whole seconds since the
   *     epoch
   */
  public static String condition(UnaryOperator<String> epochSeconds) {
    String start = epochSeconds.apply(WarehouseTables.WINDOW_START);
    String end = epochSeconds.apply(WarehouseTables.WINDOW_END);
    return "MOD(" + start + ", " + end + " - " + start + ") = 0";
  }

  /** H2 and PostgreSQL: a TIMESTAMP column as whole seconds since the epoch. */
  public static String jdbcEpochSeconds(String column) {
    return "CAST(EXTRACT(EPOCH FROM " + column + ") AS BIGINT)";
  }
}
