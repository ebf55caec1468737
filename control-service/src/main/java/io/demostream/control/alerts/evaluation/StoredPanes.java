package io.demostream.control.alerts.evaluation;

import io.demostream.events.panes.WindowPaneMessage;
import java.time.Instant;
import java.util.List;

/** The warehouse's stored panes as pane messages: what a dry run replays. */
public interface StoredPanes {

  /**
   * The latest pane of every window starting in {@code [from, to)}, incarnations combined, oldest
   * window first.
   */
  List<WindowPaneMessage> latest(Instant from, Instant to);
}
