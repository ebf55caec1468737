package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Users and age sums of one group (a country and gender) in one window. */
public final class AgeAccumulator extends UserAccumulator<AgeAccumulator> {

  long users;
  long ageSum;
  long registeredAgeSum;

  public AgeAccumulator() {}

  public AgeAccumulator(long users, long ageSum, long registeredAgeSum) {
    this.users = users;
    this.ageSum = ageSum;
    this.registeredAgeSum = registeredAgeSum;
  }

  @Override
  void add(AnalyticUser user) {
    users++;
    ageSum += user.age();
    registeredAgeSum += user.registeredAge();
  }

  @Override
  void merge(AgeAccumulator other) {
    users += other.users;
    ageSum += other.ageSum;
    registeredAgeSum += other.registeredAgeSum;
  }

  @Override
  AgeAccumulator copy() {
    return new AgeAccumulator(users, ageSum, registeredAgeSum);
  }

  public long users() {
    return users;
  }

  public double averageAge() {
    return users == 0 ? 0.0 : (double) ageSum / users;
  }

  public double averageRegisteredAge() {
    return users == 0 ? 0.0 : (double) registeredAgeSum / users;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AgeAccumulator that
        && users == that.users
        && ageSum == that.ageSum
        && registeredAgeSum == that.registeredAgeSum;
  }

  @Override
  public int hashCode() {
    return Objects.hash(users, ageSum, registeredAgeSum);
  }

  @Override
  public String toString() {
    return "Ages[users="
        + users
        + ", ageSum="
        + ageSum
        + ", registeredAgeSum="
        + registeredAgeSum
        + "]";
  }

  /** Three variable-length longs. */
  public static final class Coder extends CustomCoder<AgeAccumulator> {
    private static final Coder INSTANCE = new Coder();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(AgeAccumulator value, OutputStream out) throws IOException {
      LONG.encode(value.users, out);
      LONG.encode(value.ageSum, out);
      LONG.encode(value.registeredAgeSum, out);
    }

    @Override
    public AgeAccumulator decode(InputStream in) throws IOException {
      return new AgeAccumulator(LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
