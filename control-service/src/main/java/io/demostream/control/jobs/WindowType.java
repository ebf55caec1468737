package io.demostream.control.jobs;

import java.util.Locale;

/** The pipeline's {@code --windowType}. */
public enum WindowType {
  FIXED,
  SLIDING;

  /** The value as the pipeline option and the REST API spell it. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static WindowType parse(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
