package io.demostream.ingest.source;

/**
 * A replay file that cannot be opened: no such file or object, not readable, a bad header. The API
 * answers 400 naming the field {@code file}; the message is written for the client.
 */
public class ReplayFileException extends RuntimeException {

  public ReplayFileException(String message) {
    super(message);
  }

  public ReplayFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
