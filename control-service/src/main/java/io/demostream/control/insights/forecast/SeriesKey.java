package io.demostream.control.insights.forecast;

import java.util.Locale;

/**
 * Which series: the metric ({@code users}) of all users or of one gender.
 *
 * @param metric {@code users}
 * @param gender {@code male}, {@code female}, {@code other}, or null for all
 */
public record SeriesKey(String metric, String gender) {

  public static final String USERS = "users";

  public SeriesKey {
    metric = metric.toLowerCase(Locale.ROOT);
    gender = gender == null ? null : gender.toLowerCase(Locale.ROOT);
  }
}
