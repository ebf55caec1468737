package io.demostream.events.synthetic;

/**
 * Who the next users are: the share of women and a weight per nationality (in {@code Nationality}
 * order; all zero means nobody, the caller then generates none).
 */
public final class UserMix {

  private final double femaleShare;
  private final double[] cumulative;

  UserMix(double femaleShare, double[] weights) {
    this.femaleShare = femaleShare;
    this.cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  public double femaleShare() {
    return femaleShare;
  }

  /** True when some nationality has weight. */
  public boolean anyone() {
    return cumulative[cumulative.length - 1] > 0;
  }

  /** The index of the nationality that {@code uniform} (0 to 1) falls on. */
  int nationality(double uniform) {
    double target = uniform * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length; i++) {
      if (target < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }
}
