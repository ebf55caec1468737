package io.demostream.events;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Either a value or the contract errors that prevented it. Bad input is data, not an exception:
 * callers route invalid results to a dead letter or a counter and carry on.
 */
public final class Validated<T> {

  private final T value;
  private final List<ValidationError> errors;

  private Validated(T value, List<ValidationError> errors) {
    this.value = value;
    this.errors = errors;
  }

  public static <T> Validated<T> valid(T value) {
    if (value == null) {
      throw new IllegalArgumentException("a valid result needs a value");
    }
    return new Validated<>(value, List.of());
  }

  public static <T> Validated<T> invalid(List<ValidationError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an invalid result needs at least one error");
    }
    return new Validated<>(null, List.copyOf(errors));
  }

  public static <T> Validated<T> invalid(ValidationError error) {
    return invalid(List.of(error));
  }

  public boolean isValid() {
    return value != null;
  }

  /**
   * @throws NoSuchElementException when invalid; check {@link #isValid()} first
   */
  public T value() {
    if (value == null) {
      throw new NoSuchElementException("invalid: " + errorSummary());
    }
    return value;
  }

  public List<ValidationError> errors() {
    return errors;
  }

  /** All errors joined with {@code "; "}; empty when valid. */
  public String errorSummary() {
    return errors.stream().map(ValidationError::toString).collect(Collectors.joining("; "));
  }

  @Override
  public String toString() {
    return isValid() ? "Valid[" + value + "]" : "Invalid[" + errorSummary() + "]";
  }
}
