package io.demostream.pipeline.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Deterministic coder of {@link DeadLetter}; times keep millisecond precision. */
public final class DeadLetterCoder extends CustomCoder<DeadLetter> {

  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();
  private static final Coder<Long> MILLIS = VarLongCoder.of();
  private static final Coder<Long> NULLABLE_MILLIS = NullableCoder.of(VarLongCoder.of());
  private static final Coder<String> TEXT = StringUtf8Coder.of();
  private static final Coder<String> NULLABLE_TEXT = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<java.util.Map<String, String>> ATTRIBUTES =
      MapCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  private DeadLetterCoder() {}

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DeadLetter value, OutputStream out) throws IOException {
    MILLIS.encode(value.receivedAt().toEpochMilli(), out);
    NULLABLE_MILLIS.encode(
        value.eventTime() == null ? null : value.eventTime().toEpochMilli(), out);
    TEXT.encode(value.error(), out);
    NULLABLE_TEXT.encode(value.payload(), out);
    ATTRIBUTES.encode(new java.util.TreeMap<>(value.attributes()), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    Instant receivedAt = Instant.ofEpochMilli(MILLIS.decode(in));
    Long eventTime = NULLABLE_MILLIS.decode(in);
    return new DeadLetter(
        receivedAt,
        eventTime == null ? null : Instant.ofEpochMilli(eventTime),
        TEXT.decode(in),
        NULLABLE_TEXT.decode(in),
        ATTRIBUTES.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
