package io.demostream.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a user record came from; its wire name is the {@code source} message attribute. */
public enum EventSource {
  /** Polled from the randomuser.me API. */
  RANDOMUSER("randomuser"),
  /** Made by the seeded generator. */
  SYNTHETIC("synthetic"),
  /** Pushed by another producer to ingest-service's {@code POST /api/v1/events}. */
  PUSH("push"),
  /** Read back from a JSONL or CSV file by ingest-service's replay source. */
  REPLAY("replay");

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
                    "unknown source '"
                        + name
                        + "': expected one of "
                        + Arrays.stream(values())
                            .map(EventSource::wireName)
                            .collect(Collectors.joining(", "))));
  }
}
