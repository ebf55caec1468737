package io.demostream.ingest.push;

/** A pushed body that cannot be read as users at all; answered 400 {@code malformed-request}. */
public class MalformedPushException extends RuntimeException {

  public MalformedPushException(String message) {
    super(message);
  }
}
