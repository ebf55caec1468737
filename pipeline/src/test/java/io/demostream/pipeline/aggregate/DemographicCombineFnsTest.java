package io.demostream.pipeline.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.AgeBand;
import io.demostream.events.AnalyticUser;
import io.demostream.events.Gender;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The three CombineFns: results, merging in any grouping, and their coders. */
@RunWith(JUnit4.class)
public class DemographicCombineFnsTest {

  private static AnalyticUser user(Gender gender, int age, int registeredAge) {
    return new AnalyticUser(
        "id-" + age,
        Instant.EPOCH,
        gender,
        age,
        registeredAge,
        "Norway",
        null,
        null,
        AgeBand.of(age));
  }

  private static final List<AnalyticUser> USERS =
      List.of(
          user(Gender.MALE, 20, 1),
          user(Gender.FEMALE, 30, 2),
          user(Gender.FEMALE, 40, 3),
          user(Gender.OTHER, 50, 4),
          user(Gender.MALE, 60, 10));

  @Test
  public void summaryCountsGendersAndAveragesAgesInAnyMergeOrder() {
    // CombineFnTester combines the inputs in many shardings, merging accumulators each time.
    CombineFnTester.testCombineFn(
        new SummaryFn(),
        new java.util.ArrayList<>(USERS),
        new SummaryAccumulator(5, 2, 2, 1, 200, 20));
    SummaryAccumulator summary = new SummaryAccumulator(5, 2, 2, 1, 200, 20);
    assertThat(summary.averageAge()).isEqualTo(40.0);
    assertThat(summary.averageRegisteredAge()).isEqualTo(4.0);
  }

  @Test
  public void mergingSummariesAddsEveryField() {
    SummaryFn fn = new SummaryFn();
    SummaryAccumulator left = fn.addInput(fn.createAccumulator(), USERS.get(0));
    SummaryAccumulator right =
        fn.addInput(fn.addInput(fn.createAccumulator(), USERS.get(1)), USERS.get(3));
    SummaryAccumulator merged = fn.mergeAccumulators(List.of(left, right, fn.createAccumulator()));
    assertThat(fn.extractOutput(merged)).isEqualTo(new SummaryAccumulator(3, 1, 1, 1, 100, 7));
  }

  @Test
  public void emptySummaryAveragesAreZeroNotNaN() {
    SummaryFn fn = new SummaryFn();
    SummaryAccumulator empty = fn.extractOutput(fn.createAccumulator());
    assertThat(empty.users()).isZero();
    assertThat(empty.averageAge()).isZero();
    assertThat(empty.averageRegisteredAge()).isZero();
  }

  @Test
  public void extractedOutputIsACopyThatLaterInputsDoNotChange() {
    SummaryFn fn = new SummaryFn();
    SummaryAccumulator accumulator = fn.addInput(fn.createAccumulator(), USERS.get(0));
    SummaryAccumulator output = fn.extractOutput(accumulator);
    fn.addInput(accumulator, USERS.get(1));
    assertThat(output.users()).isEqualTo(1);
  }

  @Test
  public void ageAveragesMergeInAnyOrder() {
    CombineFnTester.testCombineFn(
        new AgeAveragesFn(), new java.util.ArrayList<>(USERS), new AgeAccumulator(5, 200, 20));
    AgeAveragesFn fn = new AgeAveragesFn();
    AgeAccumulator merged =
        fn.mergeAccumulators(
            List.of(
                fn.addInput(fn.createAccumulator(), USERS.get(0)),
                fn.addInput(fn.createAccumulator(), USERS.get(4))));
    assertThat(merged.averageAge()).isEqualTo(40.0);
    assertThat(merged.averageRegisteredAge()).isEqualTo(5.5);
  }

  @Test
  public void userCountMergesInAnyOrder() {
    CombineFnTester.testCombineFn(
        new UserCountFn(), new java.util.ArrayList<>(USERS), new CountAccumulator(5));
    UserCountFn fn = new UserCountFn();
    assertThat(
            fn.mergeAccumulators(List.of(new CountAccumulator(2), new CountAccumulator(3))).users())
        .isEqualTo(5);
  }

  @Test
  public void accumulatorCodersRoundTripAndAreDeterministic() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        SummaryAccumulator.Coder.of(), new SummaryAccumulator(7, 3, 2, 2, 301, 44));
    CoderProperties.coderDecodeEncodeEqual(
        AgeAccumulator.Coder.of(), new AgeAccumulator(Long.MAX_VALUE, 0, 12));
    CoderProperties.coderDecodeEncodeEqual(CountAccumulator.Coder.of(), new CountAccumulator(9));
    CoderProperties.coderDeterministic(
        SummaryAccumulator.Coder.of(),
        new SummaryAccumulator(1, 1, 0, 0, 5, 5),
        new SummaryAccumulator(1, 1, 0, 0, 5, 5));
  }

  @Test
  public void combineFnsDeclareTheirAccumulatorCoders() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertThat(new SummaryFn().getAccumulatorCoder(registry, null))
        .isSameAs(SummaryAccumulator.Coder.of());
    assertThat(new AgeAveragesFn().getAccumulatorCoder(registry, null))
        .isSameAs(AgeAccumulator.Coder.of());
    assertThat(new UserCountFn().getAccumulatorCoder(registry, null))
        .isSameAs(CountAccumulator.Coder.of());
  }
}
