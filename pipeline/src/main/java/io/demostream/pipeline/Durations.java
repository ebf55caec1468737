package io.demostream.pipeline;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/**
 * Parses the duration options: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d},
 * ISO-8601.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * @param option the option's name, for the message
   * @throws IllegalArgumentException naming the option and the accepted forms
   */
  public static Duration parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("--" + option + " is required");
    }
    String value = text.trim();
    Matcher matcher = SHORT.matcher(value.toLowerCase(Locale.ROOT));
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.millis(amount);
        case "s" -> Duration.standardSeconds(amount);
        case "m" -> Duration.standardMinutes(amount);
        case "h" -> Duration.standardHours(amount);
        default -> Duration.standardDays(amount);
      };
    }
    try {
      return Duration.millis(java.time.Duration.parse(value).toMillis());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--"
              + option
              + "='"
              + text
              + "' is not a duration: use e.g. 90s, 5m, 1h, 2d or ISO-8601 such as PT90S");
    }
  }
}
