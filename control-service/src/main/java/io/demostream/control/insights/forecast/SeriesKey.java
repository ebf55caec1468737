package io.demostream.control.insights.forecast;

import java.util.Locale;

/**
 * Which series: the metric ({@code users}) of all users, or of one gender, one country, or one
 * gender in one country.
 *
 * @param metric {@code users}
 * @param gender {@code male}, {@code female}, {@code other}, or null for all
 * @param country a country as the warehouse names it (e.g. {@code France}), or null for all
 */
public record SeriesKey(String metric, String gender, String country) {

  public static final String USERS = "users";

  public SeriesKey {
    metric = metric.toLowerCase(Locale.ROOT);
    gender = gender == null ? null : gender.toLowerCase(Locale.ROOT);
    country = country == null || country.isBlank() ? null : country.strip();
  }

  /** The series of every country. */
  public SeriesKey(String metric, String gender) {
    this(metric, gender, null);
  }
}
