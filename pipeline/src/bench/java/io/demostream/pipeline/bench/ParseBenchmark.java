package io.demostream.pipeline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.demostream.events.AnalyticProjector;
import io.demostream.events.AnalyticUser;
import io.demostream.events.EventSource;
import io.demostream.events.UserEventMessage;
import io.demostream.events.UserEventMessages;
import io.demostream.events.Validated;
import io.demostream.events.synthetic.SyntheticUserGenerator;
import io.demostream.pipeline.aggregate.AgeAccumulator;
import io.demostream.pipeline.aggregate.AgeAveragesFn;
import io.demostream.pipeline.aggregate.CountAccumulator;
import io.demostream.pipeline.aggregate.SummaryAccumulator;
import io.demostream.pipeline.aggregate.SummaryFn;
import io.demostream.pipeline.aggregate.UserCountFn;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.values.KV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU per event of the pipeline's per-element work (validate and project with the contract, then
 * add to the three aggregates' accumulators as a lifted combiner would) against the bare cost of
 * parsing the same JSON into a Jackson tree. Target: at most twice the bare parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

  static final int MESSAGES = 1024;

  private final ObjectMapper mapper = new ObjectMapper();
  private final SummaryFn summaryFn = new SummaryFn();
  private final AgeAveragesFn ageFn = new AgeAveragesFn();
  private final UserCountFn countFn = new UserCountFn();
  private UserEventMessage[] messages;

  @Setup
  public void generate() {
    SyntheticUserGenerator generator = new SyntheticUserGenerator(42);
    messages = new UserEventMessage[MESSAGES];
    Instant observedAt = Instant.parse("2026-03-01T10:00:00Z");
    for (int i = 0; i < MESSAGES; i++) {
      ObjectNode user = generator.nextUser();
      messages[i] =
          UserEventMessages.toMessage(
              user, user.path("login").path("uuid").asText(), observedAt, EventSource.SYNTHETIC);
    }
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void jacksonReadTree(Blackhole blackhole) throws IOException {
    for (UserEventMessage message : messages) {
      blackhole.consume(mapper.readTree(message.data()));
    }
  }

  /** The contract's share alone: validate and project, no aggregation. */
  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void parseProject(Blackhole blackhole) {
    for (UserEventMessage message : messages) {
      blackhole.consume(AnalyticProjector.project(message.data(), message.attributes()));
    }
  }

  @Benchmark
  @OperationsPerInvocation(MESSAGES)
  public void parseProjectAccumulate(Blackhole blackhole) {
    SummaryAccumulator summary = summaryFn.createAccumulator();
    Map<KV<String, String>, AgeAccumulator> byCountryGender = new HashMap<>();
    Map<String, CountAccumulator> byAgeBand = new HashMap<>();
    for (UserEventMessage message : messages) {
      Validated<AnalyticUser> projected =
          AnalyticProjector.project(message.data(), message.attributes());
      if (!projected.isValid()) {
        blackhole.consume(projected.errorSummary());
        continue;
      }
      AnalyticUser user = projected.value();
      summaryFn.addInput(summary, user);
      ageFn.addInput(
          byCountryGender.computeIfAbsent(
              KV.of(user.country(), user.gender().columnValue()), key -> ageFn.createAccumulator()),
          user);
      countFn.addInput(
          byAgeBand.computeIfAbsent(user.ageBand().label(), key -> countFn.createAccumulator()),
          user);
    }
    blackhole.consume(summary);
    blackhole.consume(byCountryGender);
    blackhole.consume(byAgeBand);
  }
}
