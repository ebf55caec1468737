package io.demostream.control.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * The latest pane of one window, as far as counting needs it.
 *
 * @param windowStart the window's start
 * @param users users in the window's latest pane
 */
record WindowPane(Instant windowStart, long users) {

  /** Users of the windows {@code tiling} counts; {@code null} when it cannot count exactly. */
  static Long countedUsers(List<WindowPane> panes, WindowTiling tiling) {
    if (!tiling.exact()) {
      return null;
    }
    return panes.stream()
        .filter(pane -> tiling.counts(pane.windowStart()))
        .mapToLong(WindowPane::users)
        .sum();
  }
}
