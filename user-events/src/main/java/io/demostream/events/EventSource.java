package io.demostream.events;

import java.util.Arrays;
import java.util.Locale;

/** Where a user record came from; its wire name is the {@code source} message attribute. */
public enum EventSource {
  RANDOMUSER("randomuser"),
  SYNTHETIC("synthetic");

  private final String wireName;

  EventSource(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Reads a wire name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code name} is none of them
   */
  public static EventSource fromWireName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(source -> source.wireName.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown source '" + name + "': expected randomuser or synthetic"));
  }
}
