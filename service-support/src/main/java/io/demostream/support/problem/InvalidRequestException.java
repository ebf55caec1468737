package io.demostream.support.problem;

/**
 * A request value is missing or wrong in a way bean validation cannot express: answered by {@link
 * ProblemExceptionHandler} as a 400 {@link ProblemTypes#INVALID_REQUEST} whose {@link
 * ProblemTypes#FIELD} is {@link #field()} and whose detail is the message.
 */
public class InvalidRequestException extends RuntimeException {

  private final String field;

  /**
   * @param field the request value at fault, as the client wrote it ({@code scenario.period})
   * @param detail the whole sentence the client reads
   */
  public InvalidRequestException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  /**
   * The field at fault with a complaint about it: the detail reads {@code "<field> <complaint>"}.
   */
  public static InvalidRequestException of(String field, String complaint) {
    return new InvalidRequestException(field, field + " " + complaint);
  }

  public String field() {
    return field;
  }
}
