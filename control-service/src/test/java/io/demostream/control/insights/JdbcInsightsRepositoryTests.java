package io.demostream.control.insights;

import static io.demostream.control.insights.InsightsWarehouse.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.demostream.events.warehouse.TilingWindows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same rows through the JDBC repository on H2 and on a real PostgreSQL give identical answers,
 * for every endpoint and several ranges. PostgreSQL comes from {@code DEMOSTREAM_TEST_POSTGRES_URL}
 * ({@code eval "$(.ci/postgres.sh start)"}); without it the comparison is skipped and says so.
 */
class JdbcInsightsRepositoryTests {

  static final String POSTGRES_URL = "DEMOSTREAM_TEST_POSTGRES_URL";

  private static final List<TimeRange> RANGES =
      List.of(
          new TimeRange(at("10:00"), at("10:10")),
          new TimeRange(at("10:01"), at("10:05")),
          new TimeRange(at("10:59"), at("11:05")),
          new TimeRange(at("10:20"), at("10:21")),
          new TimeRange(at("00:00"), at("23:59")),
          // The whole hour 10:00 from the hourly sums, the partial hours at both ends from the
          // latest panes.
          new TimeRange(at("09:30"), at("11:01:30")),
          new TimeRange(at("08:00"), at("09:00")));

  private final List<InsightsWarehouse> opened = new ArrayList<>();
  private String schema;

  @BeforeEach
  void fill() {
    InsightsWarehouse h2 = open(InsightsWarehouse.h2());
    InsightsFixture.write(h2);
  }

  @AfterEach
  void close() throws Exception {
    opened.forEach(InsightsWarehouse::close);
    if (schema != null) {
      try (Connection connection = DriverManager.getConnection(System.getenv(POSTGRES_URL));
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void h2AndPostgresAnswerTheSameOnTheSameRows() throws Exception {
    String url = System.getenv(POSTGRES_URL);
    if (url == null || url.isBlank()) {
      System.out.println(
          "[insights] skipped: "
              + POSTGRES_URL
              + " is unset; run eval \"$(.ci/postgres.sh start)\" for the PostgreSQL comparison");
    }
    Assumptions.assumeTrue(
        url != null && !url.isBlank(), POSTGRES_URL + " is unset: no PostgreSQL to compare with");
    schema = "insights_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    InsightsWarehouse postgres =
        open(
            InsightsWarehouse.onUrl(
                url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema));
    InsightsFixture.write(postgres);

    InsightsService onH2 = service(opened.get(0));
    InsightsService onPostgres = service(postgres);
    for (TimeRange range : RANGES) {
      assertThat(onPostgres.summary(range)).as("summary %s", range).isEqualTo(onH2.summary(range));
      assertThat(onPostgres.runningTotal(range))
          .as("running total %s", range)
          .isEqualTo(onH2.runningTotal(range));
      assertThat(onPostgres.gender(range)).as("gender %s", range).isEqualTo(onH2.gender(range));
      for (AgeGrouping by : AgeGrouping.values()) {
        assertThat(onPostgres.age(range, by))
            .as("age by %s %s", by, range)
            .isEqualTo(onH2.age(range, by));
      }
      assertThat(onPostgres.ageBands(range))
          .as("age bands %s", range)
          .isEqualTo(onH2.ageBands(range));
      for (String country : List.of("Brazil", "France", "Spain")) {
        assertThat(postgres.repository().countryWindows(range, country))
            .as("windows of %s %s", country, range)
            .isEqualTo(opened.get(0).repository().countryWindows(range, country));
      }
    }
    // Not trivially equal: the fixture's answers are there on both.
    assertThat(onPostgres.summary(RANGES.get(0)).totalUsers()).isEqualTo(13);
    assertThat(onPostgres.age(RANGES.get(0), AgeGrouping.COUNTRY_GENDER).rows()).hasSize(4);
    assertThat(onPostgres.summary(RANGES.get(3)).totalUsers()).as("two incarnations").isEqualTo(7);
  }

  @Test
  void latestPaneTablesAnswerAsTheViewsOnTheSameRows() {
    InsightsWarehouse h2 = opened.get(0);
    // Besides the fixture, a run whose panes arrive newest first, into a window of two others.
    h2.incarnation("run-3")
        .summary("10:20", "10:21", "LATE", 2, 3, 3, 1, 50.0, 6.0)
        .countryGender("10:20", "10:21", "LATE", 2, "Spain", "other", 7, 50.0, 6.0)
        .ageBand("10:20", "10:21", "LATE", 2, "45-54", 7)
        .summary("10:20", "10:21", "EARLY", 0, 1, 0, 0, 20.0, 1.0)
        .countryGender("10:20", "10:21", "EARLY", 0, "Spain", "other", 1, 20.0, 1.0)
        .ageBand("10:20", "10:21", "EARLY", 0, "45-54", 1);
    InsightsService fromLatestPanes = service(h2);
    InsightsService fromViews =
        new InsightsService(
            new JdbcInsightsRepository(
                h2.jdbc(),
                InsightsSql.views(UnaryOperator.identity(), TilingWindows::jdbcEpochSeconds)),
            new InsightsProperties(Duration.ofSeconds(5), Duration.ofDays(31)),
            Clock.fixed(at("12:00"), ZoneOffset.UTC));

    for (TimeRange range : RANGES) {
      assertThat(fromLatestPanes.summary(range))
          .as("summary %s", range)
          .isEqualTo(fromViews.summary(range));
      assertThat(fromLatestPanes.runningTotal(range))
          .as("running total %s", range)
          .isEqualTo(fromViews.runningTotal(range));
      assertThat(fromLatestPanes.gender(range))
          .as("gender %s", range)
          .isEqualTo(fromViews.gender(range));
      for (AgeGrouping by : AgeGrouping.values()) {
        assertThat(fromLatestPanes.age(range, by))
            .as("age by %s %s", by, range)
            .isEqualTo(fromViews.age(range, by));
      }
      assertThat(fromLatestPanes.ageBands(range))
          .as("age bands %s", range)
          .isEqualTo(fromViews.ageBands(range));
      for (String country : List.of("Brazil", "France", "Spain", "Nowhere")) {
        assertThat(h2.repository().countryWindows(range, country))
            .as("windows of %s %s", country, range)
            .isEqualTo(
                new JdbcInsightsRepository(
                        h2.jdbc(),
                        InsightsSql.views(
                            UnaryOperator.identity(), TilingWindows::jdbcEpochSeconds))
                    .countryWindows(range, country));
      }
    }
    // Not trivially equal: three incarnations in 10:20, run 3 by its late pane.
    assertThat(fromLatestPanes.summary(RANGES.get(3)).totalUsers()).isEqualTo(14);
  }

  @Test
  void repositoryReadsOnlyWindowsStartingInTheRangeOldestFirst() {
    JdbcInsightsRepository repository = opened.get(0).repository();

    assertThat(repository.windows(new TimeRange(at("10:00"), at("11:01"))))
        .extracting(WindowRow::windowStart, WindowRow::tiling)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(at("10:00"), true),
            org.assertj.core.groups.Tuple.tuple(at("10:01"), true),
            org.assertj.core.groups.Tuple.tuple(at("10:05"), true),
            org.assertj.core.groups.Tuple.tuple(at("10:20"), true),
            org.assertj.core.groups.Tuple.tuple(at("10:59"), false),
            org.assertj.core.groups.Tuple.tuple(at("11:00"), true));
  }

  @Test
  void countryWindowsSumTheCountrysLatestPanesPerWindowByGender() {
    JdbcInsightsRepository repository = opened.get(0).repository();

    // Brazil in 10:00: female's latest pane 3 (not 1 + 3), male 2; in 10:01 a late female 1.
    assertThat(repository.countryWindows(new TimeRange(at("10:00"), at("10:10")), "Brazil"))
        .containsExactly(
            new CountryWindowRow(at("10:00"), at("10:01"), 5, 2, 3, 0),
            new CountryWindowRow(at("10:01"), at("10:02"), 1, 0, 1, 0),
            new CountryWindowRow(at("10:05"), at("10:06"), 2, 2, 0, 0));
    assertThat(repository.countryWindows(new TimeRange(at("10:00"), at("10:10")), "France"))
        .containsExactly(new CountryWindowRow(at("10:01"), at("10:02"), 5, 4, 0, 1));
    assertThat(repository.countryWindows(new TimeRange(at("10:00"), at("10:10")), "Nowhere"))
        .isEmpty();
  }

  private InsightsWarehouse open(InsightsWarehouse warehouse) {
    opened.add(warehouse);
    return warehouse;
  }

  private static InsightsService service(InsightsWarehouse warehouse) {
    return new InsightsService(
        warehouse.repository(),
        new InsightsProperties(Duration.ofSeconds(5), Duration.ofDays(31)),
        Clock.fixed(at("12:00"), ZoneOffset.UTC));
  }
}
