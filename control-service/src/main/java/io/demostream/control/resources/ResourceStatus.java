package io.demostream.control.resources;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened to (or is true of) a resource. {@code ensure} answers {@link #CREATED}, {@link
 * #EXISTED}, {@link #UPDATED} or {@link #NOT_APPLICABLE}; {@code describe} answers {@link #EXISTED}
 * or {@link #MISSING}; {@code delete} answers {@link #DELETED} or {@link #MISSING}.
 */
public enum ResourceStatus {
  CREATED("created"),
  EXISTED("existed"),
  UPDATED("updated"),
  NOT_APPLICABLE("not-applicable"),
  MISSING("missing"),
  DELETED("deleted");

  private final String json;

  ResourceStatus(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }
}
