package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Running totals of one window: the gender split on top of an {@link AgeAccumulator} that holds the
 * users and age sums (averages come from sums).
 */
public final class SummaryAccumulator extends UserAccumulator<SummaryAccumulator> {

  final AgeAccumulator ages;
  long male;
  long female;
  long otherGender;

  public SummaryAccumulator() {
    this(new AgeAccumulator(), 0, 0, 0);
  }

  public SummaryAccumulator(
      long users, long male, long female, long otherGender, long ageSum, long registeredAgeSum) {
    this(new AgeAccumulator(users, ageSum, registeredAgeSum), male, female, otherGender);
  }

  private SummaryAccumulator(AgeAccumulator ages, long male, long female, long otherGender) {
    this.ages = ages;
    this.male = male;
    this.female = female;
    this.otherGender = otherGender;
  }

  @Override
  void add(AnalyticUser user) {
    ages.add(user);
    switch (user.gender()) {
      case MALE -> male++;
      case FEMALE -> female++;
      case OTHER -> otherGender++;
    }
  }

  @Override
  void merge(SummaryAccumulator other) {
    ages.merge(other.ages);
    male += other.male;
    female += other.female;
    otherGender += other.otherGender;
  }

  @Override
  SummaryAccumulator copy() {
    return new SummaryAccumulator(ages.copy(), male, female, otherGender);
  }

  public long users() {
    return ages.users();
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
    return ages.averageAge();
  }

  public double averageRegisteredAge() {
    return ages.averageRegisteredAge();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SummaryAccumulator that
        && ages.equals(that.ages)
        && male == that.male
        && female == that.female
        && otherGender == that.otherGender;
  }

  @Override
  public int hashCode() {
    return Objects.hash(ages, male, female, otherGender);
  }

  @Override
  public String toString() {
    return "Summary["
        + ages
        + ", male="
        + male
        + ", female="
        + female
        + ", other="
        + otherGender
        + "]";
  }

  /** The {@link AgeAccumulator.Coder} encoding of the ages, then three variable-length longs. */
  public static final class Coder extends CustomCoder<SummaryAccumulator> {
    private static final Coder INSTANCE = new Coder();
    private static final AgeAccumulator.Coder AGES = AgeAccumulator.Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SummaryAccumulator value, OutputStream out) throws IOException {
      AGES.encode(value.ages, out);
      LONG.encode(value.male, out);
      LONG.encode(value.female, out);
      LONG.encode(value.otherGender, out);
    }

    @Override
    public SummaryAccumulator decode(InputStream in) throws IOException {
      return new SummaryAccumulator(
          AGES.decode(in), LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
