package io.demostream.control.insights;

import io.demostream.support.problem.InvalidRequestException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code by} parameter of {@code /api/v1/insights/age}. */
public enum AgeGrouping {
  COUNTRY("country", List.of("country")),
  GENDER("gender", List.of("gender")),
  COUNTRY_GENDER("country,gender", List.of("country", "gender"));

  private final String parameter;
  private final List<String> columns;

  AgeGrouping(String parameter, List<String> columns) {
    this.parameter = parameter;
    this.columns = columns;
  }

  /** The value of the {@code by} parameter. */
  public String parameter() {
    return parameter;
  }

  /** The {@code latest_window_by_country_gender} columns grouped by. */
  public List<String> columns() {
    return columns;
  }

  public boolean byCountry() {
    return columns.contains("country");
  }

  public boolean byGender() {
    return columns.contains("gender");
  }

  /** {@code country}, {@code gender} or {@code country,gender} (also {@code gender,country}). */
  static AgeGrouping parse(String value) {
    String normalized = value == null ? "" : value.replace(" ", "").toLowerCase(Locale.ROOT);
    if (normalized.equals("gender,country")) {
      return COUNTRY_GENDER;
    }
    return Arrays.stream(values())
        .filter(grouping -> grouping.parameter.equals(normalized))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "by", "'by' must be country, gender or country,gender; got '" + value + "'."));
  }
}
