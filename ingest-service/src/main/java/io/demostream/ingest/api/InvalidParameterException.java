package io.demostream.ingest.api;

/** A request parameter that is well-formed on its own but wrong in context. */
class InvalidParameterException extends RuntimeException {

  private final String field;

  InvalidParameterException(String field, String message) {
    super(message);
    this.field = field;
  }

  String field() {
    return field;
  }
}
