package io.demostream.events;

/** Age bands used by {@code window_by_age_band}; every age from 0 to 130 falls in exactly one. */
public enum AgeBand {
  UNDER_18("0-17", 0, 17),
  FROM_18_TO_24("18-24", 18, 24),
  FROM_25_TO_34("25-34", 25, 34),
  FROM_35_TO_44("35-44", 35, 44),
  FROM_45_TO_54("45-54", 45, 54),
  FROM_55_TO_64("55-64", 55, 64),
  FROM_65("65+", 65, Integer.MAX_VALUE);

  private static final AgeBand[] AGE_BANDS = values();

  private final String label;
  private final int minAge;
  private final int maxAge;

  AgeBand(String label, int minAge, int maxAge) {
    this.label = label;
    this.minAge = minAge;
    this.maxAge = maxAge;
  }

  /** The value stored in the {@code age_band} column. */
  public String label() {
    return label;
  }

  /**
   * @throws IllegalArgumentException for a negative age
   */
  public static AgeBand of(int age) {
    for (AgeBand band : AGE_BANDS) {
      if (age >= band.minAge && age <= band.maxAge) {
        return band;
      }
    }
    throw new IllegalArgumentException("age must not be negative: " + age);
  }

  public static AgeBand fromLabel(String label) {
    for (AgeBand band : AGE_BANDS) {
      if (band.label.equals(label)) {
        return band;
      }
    }
    throw new IllegalArgumentException("unknown age band '" + label + "'");
  }
}
