package io.demostream.pipeline.sink;

import java.util.Locale;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;

/** The {@code --writeMode} values and the Storage Write API method each one selects. */
public enum WriteMode {
  EXACTLY_ONCE("exactly-once", BigQueryIO.Write.Method.STORAGE_WRITE_API),
  AT_LEAST_ONCE("at-least-once", BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE);

  private final String optionValue;
  private final BigQueryIO.Write.Method method;

  WriteMode(String optionValue, BigQueryIO.Write.Method method) {
    this.optionValue = optionValue;
    this.method = method;
  }

  public BigQueryIO.Write.Method method() {
    return method;
  }

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static WriteMode fromOption(String value) {
    String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (WriteMode mode : values()) {
      if (mode.optionValue.equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "--writeMode='" + value + "' is not supported: use exactly-once or at-least-once");
  }
}
