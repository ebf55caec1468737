package io.demostream.events;

/**
 * Gender as the warehouse counts it. The API sends {@code male} or {@code female}; any other
 * non-empty value (or an empty one) is counted as {@link #OTHER}, so the split always adds up to
 * the user count.
 */
public enum Gender {
  MALE("male"),
  FEMALE("female"),
  OTHER("other");

  private final String columnValue;

  Gender(String columnValue) {
    this.columnValue = columnValue;
  }

  /** The value stored in the {@code gender} column. */
  public String columnValue() {
    return columnValue;
  }

  public static Gender fromApiValue(String value) {
    if ("male".equalsIgnoreCase(value)) {
      return MALE;
    }
    if ("female".equalsIgnoreCase(value)) {
      return FEMALE;
    }
    return OTHER;
  }
}
