package io.demostream.control.jobs;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Makes job names that Dataflow accepts ({@code [a-z]([-a-z0-9]*[a-z0-9])?}) and that are unique: a
 * sanitised prefix, the UTC start time and a random suffix. The prefix is how jobs are found again
 * after a restart.
 */
public final class JobNames {

  public static final Pattern VALID = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  // Label values are limited to 63 characters and the name is also stored as one.
  private static final int MAX_LENGTH = 63;
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String prefix;
  private final Clock clock;

  public JobNames(String prefix, Clock clock) {
    this.prefix = sanitize(prefix);
    this.clock = clock;
  }

  public String prefix() {
    return prefix;
  }

  /** A fresh name such as {@code demostream-20261127-223000-3f9a1c}. */
  public String next() {
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    String suffix = "-" + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
    String head = prefix.substring(0, Math.min(prefix.length(), MAX_LENGTH - suffix.length()));
    return head + suffix;
  }

  boolean owns(String jobName) {
    return jobName != null && jobName.startsWith(prefix + "-");
  }

  /**
   * Lower-cases, turns every run of other characters into one {@code -}, and makes the result start
   * with a letter and end with a letter or digit.
   */
  public static String sanitize(String raw) {
    String name =
        (raw == null ? "" : raw)
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
      name = "job" + (name.isEmpty() ? "" : "-" + name);
    }
    if (name.length() > MAX_LENGTH - 23) {
      name = name.substring(0, MAX_LENGTH - 23).replaceAll("-+$", "");
    }
    return name;
  }
}
