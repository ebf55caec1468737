package io.demostream.control.api;

/**
 * A request value is missing or wrong in a way bean validation cannot express (400 {@code
 * invalid-request}); {@link #field()} names it in the problem.
 */
public class InvalidRequestException extends RuntimeException {

  private final String field;

  public InvalidRequestException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
