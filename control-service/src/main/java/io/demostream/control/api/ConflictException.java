package io.demostream.control.api;

import java.util.Map;

/**
 * The request conflicts with the current state (409 {@code conflict}), e.g. deleting resources or
 * starting a second job while one runs. {@link #properties()} become members of the problem, such
 * as the running job's id, so a client can act on it.
 */
public class ConflictException extends RuntimeException {

  private final Map<String, Object> properties;

  public ConflictException(String detail) {
    this(detail, Map.of());
  }

  public ConflictException(String detail, Map<String, Object> properties) {
    super(detail);
    this.properties = Map.copyOf(properties);
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
