package io.demostream.control.insights;

import static io.demostream.control.insights.InsightsWarehouse.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the insights answer on the fixed rows of {@link InsightsFixture}, written to H2 as the JDBC
 * sink writes them and read through its latest-pane tables.
 */
class InsightsServiceTests {

  private static final TimeRange FIXED = new TimeRange(at("10:00"), at("10:10"));
  private static final TimeRange SLIDING = new TimeRange(at("10:59"), at("11:05"));
  private static final TimeRange DAY = new TimeRange(at("00:00"), at("23:59"));

  private InsightsWarehouse warehouse;
  private InsightsService insights;

  @BeforeEach
  void fill() {
    warehouse = InsightsWarehouse.h2();
    InsightsFixture.write(warehouse);
    insights =
        new InsightsService(
            warehouse.repository(),
            new InsightsProperties(Duration.ofSeconds(5), Duration.ofDays(31)),
            Clock.fixed(at("12:00:02"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    warehouse.close();
  }

  @Test
  void summaryCountsTheLatestPaneOfEachWindowWithAgesWeightedByUsers() {
    Summary summary = insights.summary(FIXED);

    assertThat(summary.totalUsers()).isEqualTo(13);
    assertThat(summary.male()).isEqualTo(8);
    assertThat(summary.female()).isEqualTo(4);
    assertThat(summary.otherGender()).isEqualTo(1);
    assertThat(summary.avgAge()).isEqualTo(34.0);
    // (5×5 + 6×8.5 + 2×2) / 13 = 80 / 13
    assertThat(summary.avgRegisteredAge()).isEqualTo(6.15);
    assertThat(summary.windows()).isEqualTo(3);
    assertThat(summary.latestEmittedAt()).isEqualTo(at("10:06:05"));
    assertThat(summary.from()).isEqualTo(at("10:00"));
    assertThat(summary.to()).isEqualTo(at("10:10"));
  }

  @Test
  void latePaneReplacesTheOnTimePaneOfItsWindow() {
    TimeRange lateWindow = new TimeRange(at("10:01"), at("10:02"));

    assertThat(insights.summary(lateWindow).totalUsers()).isEqualTo(6);
    assertThat(insights.runningTotal(lateWindow).points())
        .extracting(RunningTotal.Point::users, RunningTotal.Point::paneTiming)
        .containsExactly(tuple(6L, "LATE"));
    // The late pane's emission is the window's freshness.
    assertThat(insights.summary(lateWindow).latestEmittedAt()).isEqualTo(at("10:02:35"));
  }

  @Test
  void rangeHoldsWindowsStartingFromItsStartInclusiveToItsEndExclusive() {
    assertThat(insights.summary(new TimeRange(at("10:01"), at("10:05"))).totalUsers()).isEqualTo(6);
    assertThat(insights.summary(new TimeRange(at("10:00:01"), at("10:05:01"))).totalUsers())
        .isEqualTo(8);
    assertThat(insights.summary(new TimeRange(at("10:00"), at("10:01"))).totalUsers()).isEqualTo(5);
  }

  @Test
  void emptyRangeAnswersZerosAndNoAverages() {
    TimeRange empty = new TimeRange(at("08:00"), at("09:00"));

    Summary summary = insights.summary(empty);
    assertThat(summary.totalUsers()).isZero();
    assertThat(summary.avgAge()).isNull();
    assertThat(summary.avgRegisteredAge()).isNull();
    assertThat(summary.windows()).isZero();
    assertThat(summary.latestEmittedAt()).isNull();
    assertThat(insights.runningTotal(empty).points()).isEmpty();
    assertThat(insights.gender(empty).total()).isZero();
    assertThat(insights.gender(empty).points()).isEmpty();
    assertThat(insights.age(empty, AgeGrouping.COUNTRY_GENDER).rows()).isEmpty();
    assertThat(insights.ageBands(empty).rows())
        .extracting(AgeBands.Row::users)
        .containsOnly(0L)
        .hasSize(7);
    assertThat(insights.summary(new TimeRange(at("10:00"), at("10:00"))).totalUsers()).isZero();
  }

  @Test
  void runningTotalAccumulatesOldestFirst() {
    assertThat(insights.runningTotal(FIXED).points())
        .extracting(
            RunningTotal.Point::windowStart,
            RunningTotal.Point::windowEnd,
            RunningTotal.Point::users,
            RunningTotal.Point::cumulativeUsers,
            RunningTotal.Point::paneTiming)
        .containsExactly(
            tuple(at("10:00"), at("10:01"), 5L, 5L, "ON_TIME"),
            tuple(at("10:01"), at("10:02"), 6L, 11L, "LATE"),
            tuple(at("10:05"), at("10:06"), 2L, 13L, "ON_TIME"));
  }

  @Test
  void genderSplitAddsUpToTheTotal() {
    GenderDistribution gender = insights.gender(FIXED);

    assertThat(gender.male()).isEqualTo(8);
    assertThat(gender.female()).isEqualTo(4);
    assertThat(gender.other()).isEqualTo(1);
    assertThat(gender.total()).isEqualTo(13);
    assertThat(gender.points())
        .extracting(
            GenderDistribution.Point::windowStart,
            GenderDistribution.Point::male,
            GenderDistribution.Point::female,
            GenderDistribution.Point::other)
        .containsExactly(
            tuple(at("10:00"), 2L, 3L, 0L),
            tuple(at("10:01"), 4L, 1L, 1L),
            tuple(at("10:05"), 2L, 0L, 0L));
  }

  @Test
  void ageByCountryAndGenderWeightsEachWindowByItsUsers() {
    AgeBreakdown age = insights.age(FIXED, AgeGrouping.COUNTRY_GENDER);

    assertThat(age.by()).isEqualTo("country,gender");
    assertThat(age.rows())
        .extracting(
            AgeBreakdown.Row::country,
            AgeBreakdown.Row::gender,
            AgeBreakdown.Row::users,
            AgeBreakdown.Row::avgAge,
            AgeBreakdown.Row::avgRegisteredAge)
        .containsExactly(
            // (3×30 + 1×50) / 4 and (3×5 + 1×4) / 4: the early pane of 10:00 is not counted.
            tuple("Brazil", "female", 4L, 35.0, 4.75),
            tuple("Brazil", "male", 4L, 25.0, 3.5),
            tuple("France", "male", 4L, 40.0, 10.0),
            tuple("France", "other", 1L, 60.0, 2.0));
  }

  @Test
  void ageByCountryOrGenderAloneGroupsOnlyThatKey() {
    assertThat(insights.age(FIXED, AgeGrouping.COUNTRY).rows())
        .extracting(
            AgeBreakdown.Row::country,
            AgeBreakdown.Row::gender,
            AgeBreakdown.Row::users,
            AgeBreakdown.Row::avgAge)
        .containsExactly(tuple("Brazil", null, 8L, 30.0), tuple("France", null, 5L, 44.0));
    assertThat(insights.age(FIXED, AgeGrouping.GENDER).rows())
        .extracting(
            AgeBreakdown.Row::country,
            AgeBreakdown.Row::gender,
            AgeBreakdown.Row::users,
            AgeBreakdown.Row::avgAge)
        .containsExactly(
            tuple(null, "male", 8L, 32.5),
            tuple(null, "female", 4L, 35.0),
            tuple(null, "other", 1L, 60.0));
  }

  @Test
  void ageBandsListEveryBandYoungestFirst() {
    assertThat(insights.ageBands(FIXED).rows())
        .extracting(AgeBands.Row::ageBand, AgeBands.Row::users)
        .containsExactly(
            tuple("0-17", 0L),
            tuple("18-24", 2L),
            tuple("25-34", 5L),
            tuple("35-44", 5L),
            tuple("45-54", 0L),
            tuple("55-64", 1L),
            tuple("65+", 0L));
  }

  @Test
  void slidingWindowsCountEveryUserOnceThroughTheTilingWindows() {
    assertThat(insights.summary(SLIDING).totalUsers()).isEqualTo(3);
    assertThat(insights.summary(SLIDING).avgAge()).isEqualTo(38.33);
    assertThat(insights.summary(SLIDING).windows()).isEqualTo(2);
    assertThat(insights.runningTotal(SLIDING).points())
        .extracting(RunningTotal.Point::windowStart, RunningTotal.Point::cumulativeUsers)
        .containsExactly(tuple(at("11:00"), 2L), tuple(at("11:02"), 3L));
    assertThat(insights.gender(SLIDING).total()).isEqualTo(3);
    assertThat(insights.age(SLIDING, AgeGrouping.COUNTRY_GENDER).rows())
        .extracting(AgeBreakdown.Row::gender, AgeBreakdown.Row::users, AgeBreakdown.Row::avgAge)
        .containsExactly(tuple("female", 2L, 42.5), tuple("male", 1L, 30.0));
    assertThat(insights.ageBands(SLIDING).rows())
        .extracting(AgeBands.Row::users)
        .containsExactly(0L, 0L, 1L, 1L, 1L, 0L, 0L);
    // The freshest pane of any window counts, tiling or not.
    assertThat(insights.summary(SLIDING).latestEmittedAt()).isEqualTo(at("11:04:05"));
  }

  @Test
  void twoIncarnationsInOneWindowAddUp() {
    TimeRange twoRuns = new TimeRange(at("10:20"), at("10:21"));

    Summary summary = insights.summary(twoRuns);
    assertThat(summary.totalUsers()).isEqualTo(7);
    assertThat(summary.male()).isEqualTo(3);
    assertThat(summary.female()).isEqualTo(4);
    assertThat(summary.avgAge()).isEqualTo(35.71);
    // (3×3 + 4×5) / 7
    assertThat(summary.avgRegisteredAge()).isEqualTo(4.14);
    assertThat(summary.windows()).isEqualTo(1);
    assertThat(insights.runningTotal(twoRuns).points())
        .extracting(RunningTotal.Point::users, RunningTotal.Point::cumulativeUsers)
        .containsExactly(tuple(7L, 7L));
    assertThat(insights.age(twoRuns, AgeGrouping.COUNTRY_GENDER).rows())
        .extracting(
            AgeBreakdown.Row::country,
            AgeBreakdown.Row::gender,
            AgeBreakdown.Row::users,
            AgeBreakdown.Row::avgAge)
        .containsExactly(tuple("Spain", "female", 4L, 37.5), tuple("Spain", "male", 3L, 33.33));
    assertThat(insights.ageBands(twoRuns).rows())
        .extracting(AgeBands.Row::users)
        .containsExactly(0L, 0L, 3L, 4L, 0L, 0L, 0L);
  }

  @Test
  void anOlderPaneArrivingAfterANewerOneChangesNothing() {
    TimeRange window = new TimeRange(at("10:20"), at("10:21"));
    // A third run into the 10:20 window, its panes delivered newest first.
    warehouse
        .incarnation("run-3")
        .summary("10:20", "10:21", "LATE", 2, 3, 3, 1, 50.0, 6.0)
        .countryGender("10:20", "10:21", "LATE", 2, "Spain", "other", 7, 50.0, 6.0)
        .ageBand("10:20", "10:21", "LATE", 2, "45-54", 7)
        .summary("10:20", "10:21", "ON_TIME", 1, 2, 2, 0, 45.0, 5.0)
        .countryGender("10:20", "10:21", "ON_TIME", 1, "Spain", "other", 4, 45.0, 5.0)
        .ageBand("10:20", "10:21", "ON_TIME", 1, "45-54", 4)
        .summary("10:20", "10:21", "EARLY", 0, 1, 0, 0, 20.0, 1.0)
        .countryGender("10:20", "10:21", "EARLY", 0, "Spain", "other", 1, 20.0, 1.0)
        .ageBand("10:20", "10:21", "EARLY", 0, "45-54", 1);

    Summary summary = insights.summary(window);
    // Runs 1 and 2 (7 users) plus run 3's late pane (7), not its early one (1).
    assertThat(summary.totalUsers()).isEqualTo(14);
    assertThat(summary.otherGender()).isEqualTo(1);
    // (3×30 + 4×40 + 7×50) / 14
    assertThat(summary.avgAge()).isEqualTo(42.86);
    assertThat(summary.latestEmittedAt()).isEqualTo(at("10:22:05"));
    assertThat(insights.age(window, AgeGrouping.GENDER).rows())
        .extracting(AgeBreakdown.Row::gender, AgeBreakdown.Row::users)
        .contains(tuple("other", 7L));
    assertThat(insights.ageBands(window).rows())
        .extracting(AgeBands.Row::users)
        .containsExactly(0L, 0L, 3L, 4L, 7L, 0L, 0L);
  }

  @Test
  void wholeDayAddsEveryJob() {
    assertThat(insights.summary(DAY).totalUsers()).isEqualTo(23);
    assertThat(insights.gender(DAY).total()).isEqualTo(23);
    assertThat(insights.age(DAY, AgeGrouping.COUNTRY).rows())
        .extracting(AgeBreakdown.Row::country, AgeBreakdown.Row::users)
        .containsExactly(tuple("Spain", 10L), tuple("Brazil", 8L), tuple("France", 5L));
    assertThat(insights.ageBands(DAY).rows())
        .extracting(AgeBands.Row::users)
        .containsExactly(0L, 2L, 9L, 10L, 1L, 1L, 0L);
  }
}
