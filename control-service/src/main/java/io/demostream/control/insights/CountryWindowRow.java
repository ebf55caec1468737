package io.demostream.control.insights;

import java.time.Instant;

/**
 * One window of one country, from {@code latest_window_by_country_gender}: its users, split by
 * gender, summed over the window's latest panes.
 */
public record CountryWindowRow(
    Instant windowStart, Instant windowEnd, long users, long male, long female, long otherGender) {

  /** Whether the window tiles time, as {@link WindowRow#tiling()}. */
  public boolean tiling() {
    long length = windowEnd.getEpochSecond() - windowStart.getEpochSecond();
    return length > 0 && Math.floorMod(windowStart.getEpochSecond(), length) == 0;
  }
}
