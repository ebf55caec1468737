package io.demostream.pipeline.parse;

import io.demostream.events.AgeBand;
import io.demostream.events.AnalyticUser;
import io.demostream.events.Gender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Compact deterministic coder of {@link AnalyticUser}; enums travel as their ordinal. */
public final class AnalyticUserCoder extends CustomCoder<AnalyticUser> {

  private static final AnalyticUserCoder INSTANCE = new AnalyticUserCoder();
  private static final Gender[] GENDERS = Gender.values();
  private static final AgeBand[] AGE_BANDS = AgeBand.values();
  private static final Coder<String> TEXT = StringUtf8Coder.of();
  private static final Coder<String> NULLABLE_TEXT = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Integer> INT = VarIntCoder.of();
  private static final Coder<Long> LONG = VarLongCoder.of();

  private AnalyticUserCoder() {}

  public static AnalyticUserCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(AnalyticUser user, OutputStream out) throws IOException {
    TEXT.encode(user.eventId(), out);
    LONG.encode(user.eventTime().getEpochSecond(), out);
    INT.encode(user.eventTime().getNano(), out);
    INT.encode(user.gender().ordinal(), out);
    INT.encode(user.age(), out);
    INT.encode(user.registeredAge(), out);
    TEXT.encode(user.country(), out);
    NULLABLE_TEXT.encode(user.state(), out);
    NULLABLE_TEXT.encode(user.nationality(), out);
    INT.encode(user.ageBand().ordinal(), out);
  }

  @Override
  public AnalyticUser decode(InputStream in) throws IOException {
    String eventId = TEXT.decode(in);
    Instant eventTime = Instant.ofEpochSecond(LONG.decode(in), INT.decode(in));
    return new AnalyticUser(
        eventId,
        eventTime,
        GENDERS[INT.decode(in)],
        INT.decode(in),
        INT.decode(in),
        TEXT.decode(in),
        NULLABLE_TEXT.decode(in),
        NULLABLE_TEXT.decode(in),
        AGE_BANDS[INT.decode(in)]);
  }

  @Override
  public void verifyDeterministic() {}
}
