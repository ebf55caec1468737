package io.demostream.control.alerts.evaluation;

import io.demostream.events.panes.WindowPaneMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers the rows a warehouse's latest-pane views hold for a range into one pane message per
 * window, oldest window first: what {@link JdbcStoredPanes} and {@link BigQueryStoredPanes} return.
 */
final class StoredPaneBuilder {

  private final Map<List<Long>, Window> windows =
      new TreeMap<>(
          (a, b) -> {
            int c = Long.compare(a.get(0), b.get(0));
            return c != 0 ? c : Long.compare(a.get(1), b.get(1));
          });

  void cell(
      long windowStart,
      long windowEnd,
      String country,
      String gender,
      long users,
      double ageSum,
      double registeredAgeSum) {
    window(windowStart, windowEnd)
        .cells
        .add(new WindowPaneMessage.Cell(country, gender, users, ageSum, registeredAgeSum));
  }

  void ageBand(long windowStart, long windowEnd, String ageBand, long users) {
    window(windowStart, windowEnd).bands.add(new WindowPaneMessage.AgeBandCell(ageBand, users));
  }

  List<WindowPaneMessage> build() {
    return windows.values().stream().map(Window::build).toList();
  }

  private Window window(long start, long end) {
    return windows.computeIfAbsent(List.of(start, end), k -> new Window(start, end));
  }

  private static final class Window {
    final long start;
    final long end;
    final List<WindowPaneMessage.Cell> cells = new ArrayList<>();
    final List<WindowPaneMessage.AgeBandCell> bands = new ArrayList<>();

    Window(long start, long end) {
      this.start = start;
      this.end = end;
    }

    WindowPaneMessage build() {
      // The stored latest pane is the window's final verdict: judged as its on-time pane.
      return new WindowPaneMessage("warehouse", start, end, "ON_TIME", 0, end, cells, bands);
    }
  }
}
