package io.demostream.ingest.push;

/** A pushed request past a limit; answered 413 {@code payload-too-large}. */
public class PushTooLargeException extends RuntimeException {

  private final String limit;
  private final long value;

  /**
   * @param limit which limit: {@code maxBodySize} (bytes) or {@code maxUsersPerRequest}
   * @param value the limit's value
   */
  public PushTooLargeException(String limit, long value, String message) {
    super(message);
    this.limit = limit;
    this.value = value;
  }

  public String limit() {
    return limit;
  }

  public long value() {
    return value;
  }
}
