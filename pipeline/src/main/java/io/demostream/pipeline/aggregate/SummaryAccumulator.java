package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Running totals of one window: users, gender split and age sums (averages come from sums). */
public final class SummaryAccumulator {

  long users;
  long male;
  long female;
  long otherGender;
  long ageSum;
  long registeredAgeSum;

  public SummaryAccumulator() {}

  public SummaryAccumulator(
      long users, long male, long female, long otherGender, long ageSum, long registeredAgeSum) {
    this.users = users;
    this.male = male;
    this.female = female;
    this.otherGender = otherGender;
    this.ageSum = ageSum;
    this.registeredAgeSum = registeredAgeSum;
  }

  void add(AnalyticUser user) {
    users++;
    switch (user.gender()) {
      case MALE -> male++;
      case FEMALE -> female++;
      case OTHER -> otherGender++;
    }
    ageSum += user.age();
    registeredAgeSum += user.registeredAge();
  }

  void merge(SummaryAccumulator other) {
    users += other.users;
    male += other.male;
    female += other.female;
    otherGender += other.otherGender;
    ageSum += other.ageSum;
    registeredAgeSum += other.registeredAgeSum;
  }

  SummaryAccumulator copy() {
    return new SummaryAccumulator(users, male, female, otherGender, ageSum, registeredAgeSum);
  }

  public long users() {
    return users;
  }

  public long male() {
    return male;
  }

  public long female() {
    return female;
  }

  public long otherGender() {
    return otherGender;
  }

  public double averageAge() {
    return users == 0 ? 0.0 : (double) ageSum / users;
  }

  public double averageRegisteredAge() {
    return users == 0 ? 0.0 : (double) registeredAgeSum / users;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SummaryAccumulator that
        && users == that.users
        && male == that.male
        && female == that.female
        && otherGender == that.otherGender
        && ageSum == that.ageSum
        && registeredAgeSum == that.registeredAgeSum;
  }

  @Override
  public int hashCode() {
    return Objects.hash(users, male, female, otherGender, ageSum, registeredAgeSum);
  }

  @Override
  public String toString() {
    return "Summary[users="
        + users
        + ", male="
        + male
        + ", female="
        + female
        + ", other="
        + otherGender
        + ", ageSum="
        + ageSum
        + ", registeredAgeSum="
        + registeredAgeSum
        + "]";
  }

  /** Six variable-length longs. */
  public static final class Coder extends CustomCoder<SummaryAccumulator> {
    private static final Coder INSTANCE = new Coder();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SummaryAccumulator value, OutputStream out) throws IOException {
      LONG.encode(value.users, out);
      LONG.encode(value.male, out);
      LONG.encode(value.female, out);
      LONG.encode(value.otherGender, out);
      LONG.encode(value.ageSum, out);
      LONG.encode(value.registeredAgeSum, out);
    }

    @Override
    public SummaryAccumulator decode(InputStream in) throws IOException {
      return new SummaryAccumulator(
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in),
          LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
