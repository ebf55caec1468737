package io.demostream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.pipeline.sink.JdbcWarehouse;
import io.demostream.pipeline.source.EventTimePolicy;
import io.demostream.pipeline.source.ReadUserEvents;
import io.demostream.pipeline.testing.HostileCorpus;
import io.demostream.pipeline.window.WindowSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The hostile corpus through every step after the read, on the DirectRunner into an H2 warehouse:
 * always run, so the path is never tested only where an emulator exists ({@code
 * HostileInputEmulatorTest} is the same through the real emulator and reader). Each message is
 * stamped by the production {@link EventTimePolicy}, as the reader stamps it ({@code
 * EventTimePubsubReadTest} covers the reader itself); the duplicated ids are left out, since their
 * deduplication happens inside the Pub/Sub source. Every hostile message must reach {@code
 * dead_letter} with its reason and every valid user must count once. The same again on Dataflow's
 * path (native read at the publish time, then {@code AssignEventTimes}).
 */
@RunWith(JUnit4.class)
public class HostileInputTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void everyHostileMessageIsDeadLetteredWithItsReasonAndEveryUserCountsOnce() {
    Instant now = Instant.now();
    var cases =
        HostileCorpus.build(now, 100, 20, 14).stream()
            .filter(c -> c.outcome() != HostileCorpus.Outcome.DEDUPLICATED)
            .toList();
    assertThat(HostileCorpus.count(cases, HostileCorpus.Outcome.DEAD_LETTERED))
        .isGreaterThanOrEqualTo(200);
    // Published a millisecond apart, read before the watermark is known.
    TestStream.Builder<PubsubMessage> stream =
        published(
            cases,
            now,
            (c, publishTime) ->
                POLICY
                    .stamp(c.attributes(), publishTime, BoundedWindow.TIMESTAMP_MIN_VALUE)
                    .timestamp());
    JdbcWarehouse warehouse = memoryWarehouse();
    PipelineConfig config =
        new PipelineConfig(
            ReadUserEvents.synthetic(1, 1, null),
            WINDOW,
            new PipelineConfig.Sink(null, null, 0, null, warehouse),
            null,
            "hostile-1");

    DemographicsPipeline.processAndWrite(
        pipeline.apply(stream.advanceWatermarkToInfinity()), config);
    PipelineResult.State state = pipeline.run().waitUntilFinish();

    assertThat(state).isEqualTo(PipelineResult.State.DONE);
    HostileCorpus.assertOutcomes(warehouse, cases);
  }

  /**
   * Dataflow's path: the native reader leaves every message at its publish time and {@code
   * AssignEventTimes} assigns event time after the read. Every outcome must be the one of the local
   * runners' reader, reason for reason.
   */
  @Test
  public void
      onDataflowsPathEveryHostileMessageIsDeadLetteredWithItsReasonAndEveryUserCountsOnce() {
    Instant now = Instant.now();
    var cases =
        HostileCorpus.build(now, 100, 20, 15).stream()
            .filter(c -> c.outcome() != HostileCorpus.Outcome.DEDUPLICATED)
            .toList();
    // Published a millisecond apart; the native reader stamps the publish time.
    TestStream.Builder<PubsubMessage> stream =
        published(cases, now, (c, publishTime) -> publishTime);
    JdbcWarehouse warehouse = memoryWarehouse();
    PipelineConfig config =
        new PipelineConfig(
            ReadUserEvents.fromPubsubNatively(
                "projects/demo-project/subscriptions/pipeline", null, POLICY),
            WINDOW,
            new PipelineConfig.Sink(null, null, 0, null, warehouse),
            null,
            "hostile-dataflow-1");

    DemographicsPipeline.assignEventTimesAndProcess(
        pipeline.apply(stream.advanceWatermarkToInfinity()), POLICY, config);
    PipelineResult.State state = pipeline.run().waitUntilFinish();

    assertThat(state).isEqualTo(PipelineResult.State.DONE);
    HostileCorpus.assertOutcomes(warehouse, cases);
  }

  private static final WindowSpec WINDOW =
      WindowSpec.fixed(
          Duration.standardMinutes(1), Duration.standardMinutes(5), Duration.standardSeconds(5));
  private static final EventTimePolicy POLICY =
      new EventTimePolicy(Duration.standardMinutes(5), Duration.standardDays(7), WINDOW);

  /** The cases as a test stream, published a millisecond apart from {@code now}. */
  private static TestStream.Builder<PubsubMessage> published(
      List<HostileCorpus.Case> cases,
      Instant now,
      BiFunction<HostileCorpus.Case, org.joda.time.Instant, org.joda.time.Instant> timestamp) {
    TestStream.Builder<PubsubMessage> stream =
        TestStream.create(PubsubMessageWithAttributesCoder.of());
    int i = 0;
    for (HostileCorpus.Case c : cases) {
      org.joda.time.Instant publishTime = new org.joda.time.Instant(now.toEpochMilli() + i++);
      stream =
          stream.addElements(
              TimestampedValue.of(
                  new PubsubMessage(c.data(), c.attributes()), timestamp.apply(c, publishTime)));
    }
    return stream;
  }

  /** An empty in-memory H2 warehouse with the pipeline's tables. */
  private static JdbcWarehouse memoryWarehouse() {
    JdbcWarehouse warehouse =
        new JdbcWarehouse("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    warehouse.createIfAbsent();
    return warehouse;
  }
}
