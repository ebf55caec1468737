package io.demostream.events.panes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One pane of one window, all its cells at once: what the pipeline wrote to the warehouse for that
 * pane, so that a reader judges the whole window from one message. A country and gender absent from
 * {@link #cells} had no users in the window (the pane holds every cell of the window), which is
 * what lets an alert count a missing series as 0.
 *
 * @param incarnationId the pipeline incarnation that emitted the pane (the warehouse's {@code
 *     job_id})
 * @param windowStartMillis window start, epoch millis
 * @param windowEndMillis window end (exclusive), epoch millis
 * @param paneTiming {@code EARLY}, {@code ON_TIME} or {@code LATE}
 * @param paneIndex Beam's pane index, 0 for the window's first pane of this incarnation
 * @param emittedAtMillis when the pipeline emitted the pane, epoch millis
 * @param cells users and age sums per country and gender
 * @param ageBands users per age band
 */
public record WindowPaneMessage(
    String incarnationId,
    long windowStartMillis,
    long windowEndMillis,
    String paneTiming,
    long paneIndex,
    long emittedAtMillis,
    List<Cell> cells,
    List<AgeBandCell> ageBands) {

  /** The Pub/Sub attribute naming the pane timing, so that subscribers may filter on it. */
  public static final String PANE_TIMING_ATTRIBUTE = "pane_timing";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public WindowPaneMessage {
    cells = cells == null ? List.of() : List.copyOf(cells);
    ageBands = ageBands == null ? List.of() : List.copyOf(ageBands);
  }

  /**
   * Users of one country and gender in the window, with sums (not averages) so that cells add up.
   *
   * @param ageSum sum of the users' ages
   * @param registeredAgeSum sum of the users' registration ages
   */
  public record Cell(
      String country, String gender, long users, double ageSum, double registeredAgeSum) {}

  /** Users of one age band ({@code 18-24}, ...) in the window. */
  public record AgeBandCell(String ageBand, long users) {}

  /** Users in the window, all cells. */
  public long users() {
    return cells.stream().mapToLong(Cell::users).sum();
  }

  public byte[] toJson() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A pane message is always serialisable", e);
    }
  }

  /** Reads a message; unknown fields are ignored, so that a newer pipeline can add some. */
  public static WindowPaneMessage fromJson(byte[] json) {
    try {
      return MAPPER.readValue(json, WindowPaneMessage.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Not a pane message: "
              + new String(json, 0, Math.min(json.length, 200), StandardCharsets.UTF_8),
          e);
    }
  }
}
