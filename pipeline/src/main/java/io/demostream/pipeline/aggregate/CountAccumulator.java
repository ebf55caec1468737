package io.demostream.pipeline.aggregate;

import io.demostream.events.AnalyticUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Users of one group (an age band) in one window. */
public final class CountAccumulator extends UserAccumulator<CountAccumulator> {

  long users;

  public CountAccumulator() {}

  public CountAccumulator(long users) {
    this.users = users;
  }

  @Override
  void add(AnalyticUser user) {
    users++;
  }

  @Override
  void merge(CountAccumulator other) {
    users += other.users;
  }

  @Override
  CountAccumulator copy() {
    return new CountAccumulator(users);
  }

  public long users() {
    return users;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CountAccumulator that && users == that.users;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(users);
  }

  @Override
  public String toString() {
    return "Count[" + users + "]";
  }

  /** One variable-length long. */
  public static final class Coder extends CustomCoder<CountAccumulator> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CountAccumulator value, OutputStream out) throws IOException {
      VarLongCoder.of().encode(value.users, out);
    }

    @Override
    public CountAccumulator decode(InputStream in) throws IOException {
      return new CountAccumulator(VarLongCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
