package io.demostream.ingest.source;

import java.util.Locale;

/** The file formats a replay reads, both defined in docs/CONTRACT.md. */
public enum ReplayFormat {
  /** One message per line, {@code {"attributes":{...},"data":{...}}} ({@code UserEventLine}). */
  JSONL,
  /** A header of known columns, then one user per line ({@code UserCsv}). */
  CSV;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a file name implies ({@code .jsonl}, {@code .ndjson}, {@code .csv}), or null. */
  public static ReplayFormat ofFileName(String file) {
    String name = file.toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    return null;
  }

  /** Reads {@code jsonl} or {@code csv}, case-insensitively. */
  public static ReplayFormat fromWireName(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
