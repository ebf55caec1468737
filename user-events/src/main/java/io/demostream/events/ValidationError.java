package io.demostream.events;

import java.util.Objects;

/**
 * One reason a record or message breaks the contract.
 *
 * @param field path of the field at fault, e.g. {@code dob.age}, {@code results[3].gender}, {@code
 *     attributes.event_time}; {@code $} for the whole document
 * @param reason the kind of fault, stable for metrics and dead-letter queries
 * @param message a plain sentence for people
 */
public record ValidationError(String field, Reason reason, String message) {

  /** Kinds of fault; their names appear in dead-letter rows and metric tags. */
  public enum Reason {
    INVALID_JSON,
    /** A CSV line that cannot be split into the header's cells. */
    INVALID_CSV,
    NOT_AN_OBJECT,
    MISSING,
    WRONG_TYPE,
    OUT_OF_RANGE,
    UNPARSABLE_DATE,
    UNSUPPORTED_VALUE,
    TOO_LARGE,
    API_ERROR,
    /** Event time behind the pipeline's watermark by more than the allowed lateness. */
    LATE
  }

  public ValidationError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** The same error seen from an enclosing document, e.g. {@code results[3]} + {@code dob.age}. */
  public ValidationError under(String parentPath) {
    String path = "$".equals(field) ? parentPath : parentPath + "." + field;
    return new ValidationError(path, reason, message);
  }

  /** {@code field: REASON: message}, the form stored in {@code dead_letter.error}. */
  @Override
  public String toString() {
    return field + ": " + reason + ": " + message;
  }
}
