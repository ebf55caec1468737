package io.demostream.control.insights.forecast;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.cloud.bigquery.BigQuery;
import io.demostream.control.testing.FakeGoogleApis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The BigQuery ML engine against BigQuery's REST API served by WireMock, answering with the shapes
 * BigQuery gives: {@code jobs.query} answers with the schemas of {@code ML.FORECAST} and {@code
 * ML.DETECT_ANOMALIES}, a training that is still running when {@code jobs.query} returns (so the
 * client polls {@code jobs.getQueryResults}), DML answers, and errors. Every call is checked
 * against {@code deploy/iam/api-methods.yaml}. Asserts the SQL and parameters sent, the model each
 * series uses, the mapped answers, and what a short history, a refused training and a failed
 * retrain do to the answer and the metrics.
 */
class BigQueryForecastEngineTests {

  static final String QUERIES = FakeGoogleApis.QUERIES;
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final ObjectMapper json = new ObjectMapper();
  private WireMockServer server;
  private SimpleMeterRegistry meters;
  private BigQueryForecastEngine engine;

  @BeforeEach
  void start() {
    server = new WireMockServer(FakeGoogleApis.wireMock());
    server.start();
    BigQuery bigQuery = FakeGoogleApis.bigQuery(server.baseUrl());
    meters = new SimpleMeterRegistry();
    engine =
        new BigQueryForecastEngine(
            () -> bigQuery,
            "demostream",
            new ForecastProperties(
                Duration.ofDays(7), Duration.ofDays(1), Duration.ofMinutes(15), Duration.ofDays(7)),
            new BigQueryForecastProperties(
                1440, Duration.ofHours(1), 0.9, 0.99, Duration.ofHours(1), Duration.ofHours(1)),
            Clock.fixed(NOW, ZoneOffset.UTC),
            meters);
    // No earlier training to reuse unless a test says so.
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing(LAST_TRAINING)))
            .willReturn(okJson(FakeGoogleApis.queryAnswer(LAST_TRAINING_FIELDS, null))));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void firstForecastTrainsArimaPlusOnTheFilledHistoryAndAnswersMlForecast() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect(
        "forecast_timestamp",
        FakeGoogleApis.queryAnswer(
            FORECAST_FIELDS,
            """
            [{"f":[{"v":"1.7723664E9"},{"v":"101.5"},{"v":"-3.25"},{"v":"140.0"}]},
             {"f":[{"v":"1.77236646E9"},{"v":"99.0"},{"v":"60.0"},{"v":"138.5"}]}]"""));

    ForecastAnswer answer =
        engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(30), 0.9);

    assertThat(answer.engine()).isEqualTo("bigquery-ml-arima-plus");
    assertThat(answer.trainedAt()).isEqualTo(NOW);
    assertThat(answer.frequency()).isEqualTo(Duration.ofMinutes(1));
    assertThat(answer.error()).isNull();
    assertThat(answer.points())
        .containsExactly(
            new ForecastAnswer.Point(Instant.parse("2026-03-01T12:00:00Z"), 101.5, 0, 140.0),
            new ForecastAnswer.Point(Instant.parse("2026-03-01T12:01:00Z"), 99.0, 60.0, 138.5));

    String training = onlyQuery("CREATE OR REPLACE MODEL");
    assertThat(training)
        .startsWith("CREATE OR REPLACE MODEL `demo-project.demostream.forecast_users_model`")
        .contains("model_type = 'ARIMA_PLUS'")
        .contains("time_series_timestamp_col = 'window_start'")
        .contains("time_series_data_col = 'value'")
        .doesNotContain("time_series_id_col")
        .contains("data_frequency = 'AUTO_FREQUENCY', horizon = 1440, auto_arima = TRUE")
        .contains("FROM `demo-project.demostream.latest_window_summary`")
        .contains("INTERVAL 604800 SECOND")
        .as("missing windows are filled as 0 on the windows' grid")
        .contains("GENERATE_TIMESTAMP_ARRAY")
        .contains("CAST(IFNULL(regular.value, 0) AS FLOAT64) AS value");
    JsonNode forecast = onlyRequest("SELECT forecast_timestamp");
    assertThat(forecast.get("query").asText())
        .contains(
            "FROM ML.FORECAST(MODEL `demo-project.demostream.forecast_users_model`,"
                + " STRUCT(@horizon AS horizon, @confidence AS confidence_level))")
        .doesNotContain("WHERE");
    assertThat(parameters(forecast))
        .containsExactlyInAnyOrder(tuple("horizon", "30"), tuple("confidence", "0.9"));

    // The training wrote its forecast, its recent anomaly scores and itself, for Tableau.
    JsonNode points = onlyRequest("INSERT INTO `demo-project.demostream.forecast_points`");
    assertThat(parameters(points))
        .contains(
            tuple("model", "forecast_users_model"),
            tuple("horizon", "60"),
            tuple("confidence", "0.9"),
            tuple("trained_at", "2026-03-01 12:00:00.000000+00:00"));
    JsonNode anomalies = onlyRequest("INSERT INTO `demo-project.demostream.forecast_anomalies`");
    assertThat(parameters(anomalies))
        .contains(tuple("since", "2026-03-01 11:00:00.000000+00:00"), tuple("threshold", "0.99"));
    JsonNode trainingRow = onlyRequest("INSERT INTO `demo-project.demostream.forecast_trainings`");
    assertThat(parameters(trainingRow))
        .contains(
            tuple("model", "forecast_users_model"),
            tuple("engine", "bigquery-ml-arima-plus"),
            tuple("windows", "240"),
            tuple("frequency_seconds", "60"),
            tuple("error", null));
    assertThat(timer("success")).isEqualTo(1);
    assertThat(meters.get("demostream.insights.forecast.trained.at").gauge().value())
        .isEqualTo(NOW.getEpochSecond());
  }

  @Test
  void aSecondRequestAnswersFromTheTrainedModelWithoutTrainingAgain() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, ONE_POINT));

    engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(5), 0.9);
    engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(10), 0.8);

    assertThat(queries("CREATE OR REPLACE MODEL")).hasSize(1);
    assertThat(queries("SELECT forecast_timestamp")).hasSize(2);
  }

  @Test
  void genderAndCountrySeriesComeFromTheModelWithThoseSeriesIds() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, ONE_POINT));

    engine.forecast(new SeriesKey("users", "female", "France"), Duration.ofMinutes(5), 0.9);

    String training = onlyQuery("CREATE OR REPLACE MODEL");
    assertThat(training)
        .startsWith(
            "CREATE OR REPLACE MODEL `demo-project.demostream.forecast_users_by_country_gender_model`")
        .contains("time_series_id_col = ['country', 'gender']")
        .contains("FROM `demo-project.demostream.latest_window_by_country_gender`")
        .contains("CROSS JOIN series");
    JsonNode forecast = onlyRequest("SELECT forecast_timestamp");
    assertThat(forecast.get("query").asText())
        .contains("forecast_users_by_country_gender_model")
        .endsWith("WHERE country = @country AND gender = @gender ORDER BY forecast_timestamp");
    assertThat(parameters(forecast))
        .contains(tuple("country", "France"), tuple("gender", "female"), tuple("horizon", "5"));
  }

  @Test
  void anomaliesReadMlDetectAnomaliesOfTheRangeAndSkipUnscoredWindows() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect(
        "trained\\.trained_windows",
        FakeGoogleApis.queryAnswer(
            ANOMALY_FIELDS,
            """
            [{"f":[{"v":"240"},{"v":"1.7723631E9"},{"v":"12.0"},{"v":null},{"v":null},{"v":null},{"v":null}]},
             {"f":[{"v":"240"},{"v":"1.77236316E9"},{"v":"400.0"},{"v":"80.0"},{"v":"120.0"},{"v":"0.99991"},{"v":"true"}]},
             {"f":[{"v":"240"},{"v":"1.77236322E9"},{"v":"101.0"},{"v":"80.5"},{"v":"119.5"},{"v":"0.12"},{"v":"false"}]}]"""));

    AnomaliesAnswer answer =
        engine.anomalies(
            new SeriesKey("users", "male"),
            Instant.parse("2026-03-01T11:05:00Z"),
            Instant.parse("2026-03-01T11:10:00Z"),
            0.99);

    assertThat(answer.engine()).isEqualTo("bigquery-ml-arima-plus");
    assertThat(answer.rows())
        .containsExactly(
            new AnomaliesAnswer.Row(
                Instant.parse("2026-03-01T11:06:00Z"), 400.0, 80.0, 120.0, 0.99991, true),
            new AnomaliesAnswer.Row(
                Instant.parse("2026-03-01T11:07:00Z"), 101.0, 80.5, 119.5, 0.12, false));
    JsonNode read = onlyRequest(ANOMALIES);
    assertThat(read.get("query").asText())
        .contains(
            "FROM ML.DETECT_ANOMALIES(MODEL `demo-project.demostream.forecast_users_by_gender_model`,"
                + " STRUCT(@threshold AS anomaly_prob_threshold))")
        .contains("WHERE window_start >= @from AND window_start < @to AND gender = @gender");
    assertThat(parameters(read))
        .containsExactlyInAnyOrder(
            tuple("threshold", "0.99"),
            tuple("from", "2026-03-01 11:05:00.000000+00:00"),
            tuple("to", "2026-03-01 11:10:00.000000+00:00"),
            tuple("trained_until", "2026-03-01 11:59:00.000000+00:00"),
            tuple("step_seconds", "60"),
            tuple("gender", "male"));
  }

  @Test
  void tooLittleHistoryIsTheLocalEnginesProblemAndTrainsNothing() throws Exception {
    stubHistory(5);
    stubDml();

    assertThatThrownBy(
            () -> engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(30), 0.9))
        .isInstanceOfSatisfying(
            InsufficientHistoryException.class,
            e -> {
              assertThat(e.needed()).isEqualTo(LocalForecastEngine.MIN_WINDOWS);
              assertThat(e.available()).isEqualTo(5);
              assertThat(e.getMessage()).contains("at least 12 windows").contains("holds 5");
            });
    assertThat(queries("CREATE OR REPLACE MODEL")).as("no training is paid for").isEmpty();
    JsonNode trainingRow = onlyRequest("INSERT INTO `demo-project.demostream.forecast_trainings`");
    assertThat(parameters(trainingRow)).contains(tuple("windows", "5"));
    assertThat(timer("failure")).isEqualTo(1);
  }

  @Test
  void bigQueryMlRefusingTooShortASeriesIsTheSameProblem() throws Exception {
    stubHistory(12);
    stubDml();
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("CREATE OR REPLACE MODEL")))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        error(
                            400,
                            "invalidQuery",
                            "Input data doesn't have enough data points to train the model."
                                + " Minimum required: 3 points per time series."))));

    assertThatThrownBy(
            () -> engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(30), 0.9))
        .isInstanceOfSatisfying(
            InsufficientHistoryException.class, e -> assertThat(e.available()).isEqualTo(12));
  }

  @Test
  void aFailedRetrainKeepsTheModelAndShowsItsErrorInTheAnswerAndTheMetrics() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, ONE_POINT));
    engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(5), 0.9);
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.query", containing("CREATE OR REPLACE MODEL")))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        error(
                            400,
                            "resourcesExceeded",
                            "Resources exceeded during query execution"))));

    List<ModelTraining> trainings = engine.retrainAll();

    assertThat(trainings)
        .singleElement()
        .satisfies(
            training -> {
              assertThat(training.series()).isEqualTo(new SeriesKey("users", null));
              assertThat(training.engine()).isNull();
              assertThat(training.error()).contains("Resources exceeded");
            });
    ForecastAnswer answer =
        engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(5), 0.9);
    assertThat(answer.trainedAt()).isEqualTo(NOW);
    assertThat(answer.error()).contains("Resources exceeded");
    assertThat(answer.points()).hasSize(1);
    assertThat(timer("success")).isEqualTo(1);
    assertThat(timer("failure")).isEqualTo(1);
    JsonNode failedRow =
        queriesAsJson("INSERT INTO `demo-project.demostream.forecast_trainings`").get(1);
    assertThat(parameters(failedRow))
        .anySatisfy(p -> assertThat(p.toList().get(0)).isEqualTo("error"));
    assertThat(parameters(failedRow))
        .filteredOn(p -> p.toList().get(0).equals("error"))
        .extracting(p -> (String) p.toList().get(1))
        .singleElement()
        .asString()
        .contains("Resources exceeded");
  }

  @Test
  void retrainTrainsTheAllUsersModelAndEveryModelAskedForOnceEach() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, ONE_POINT));
    engine.forecast(new SeriesKey("users", "female"), Duration.ofMinutes(5), 0.9);
    engine.forecast(new SeriesKey("users", "male"), Duration.ofMinutes(5), 0.9);
    server.resetRequests();

    List<ModelTraining> trainings = engine.retrainAll();

    assertThat(trainings)
        .extracting(ModelTraining::series, ModelTraining::engine, ModelTraining::error)
        .containsExactly(
            tuple(new SeriesKey("users", null), "bigquery-ml-arima-plus", null),
            tuple(new SeriesKey("users", "female"), "bigquery-ml-arima-plus", null),
            tuple(new SeriesKey("users", "male"), "bigquery-ml-arima-plus", null));
    assertThat(queries("CREATE OR REPLACE MODEL"))
        .as("one training per model, not per series")
        .hasSize(2)
        .anySatisfy(
            sql -> assertThat(sql).contains("`demo-project.demostream.forecast_users_model`"))
        .anySatisfy(
            sql ->
                assertThat(sql)
                    .contains("`demo-project.demostream.forecast_users_by_gender_model`"));
  }

  @Test
  void aCountryTheHistoryNeverHadIsTheProblemAndIsNotRetrained() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, null));

    assertThatThrownBy(
            () ->
                engine.forecast(
                    new SeriesKey("users", null, "Atlantis"), Duration.ofMinutes(5), 0.9))
        .isInstanceOfSatisfying(
            InsufficientHistoryException.class, e -> assertThat(e.available()).isZero());
    assertThat(engine.retrainAll())
        .extracting(ModelTraining::series)
        .containsExactly(new SeriesKey("users", null));
  }

  @Test
  void anomaliesJudgeTheWindowsClosedSinceTheTrainingWithTheTrainedModelInTheSameQuery()
      throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    // The training's last window is 11:59; 12:03 and 12:04 closed since. BigQuery leaves a window
    // of the new data that the training had after all unscored: the training's score stands.
    stubSelect(
        "trained\\.trained_windows",
        FakeGoogleApis.queryAnswer(
            ANOMALY_FIELDS,
            """
            [{"f":[{"v":"240"},{"v":"1.77236634E9"},{"v":"98.0"},{"v":"80.0"},{"v":"120.0"},{"v":"0.4"},{"v":"false"}]},
             {"f":[{"v":"240"},{"v":"1.77236634E9"},{"v":"98.0"},{"v":null},{"v":null},{"v":null},{"v":null}]},
             {"f":[{"v":"240"},{"v":"1.77236658E9"},{"v":"0.0"},{"v":"79.0"},{"v":"121.0"},{"v":"0.99999"},{"v":"true"}]},
             {"f":[{"v":"240"},{"v":"1.77236664E9"},{"v":"100.0"},{"v":"79.0"},{"v":"121.0"},{"v":"0.2"},{"v":"false"}]}]"""));

    AnomaliesAnswer answer =
        engine.anomalies(
            new SeriesKey("users", null, "France"),
            Instant.parse("2026-03-01T11:59:00Z"),
            Instant.parse("2026-03-01T12:05:00Z"),
            0.99);
    engine.anomalies(
        new SeriesKey("users", null, "France"),
        Instant.parse("2026-03-01T11:59:00Z"),
        Instant.parse("2026-03-01T12:05:00Z"),
        0.99);

    assertThat(answer.rows())
        .containsExactly(
            new AnomaliesAnswer.Row(
                Instant.parse("2026-03-01T11:59:00Z"), 98.0, 80.0, 120.0, 0.4, false),
            new AnomaliesAnswer.Row(
                Instant.parse("2026-03-01T12:03:00Z"), 0.0, 79.0, 121.0, 0.99999, true),
            new AnomaliesAnswer.Row(
                Instant.parse("2026-03-01T12:04:00Z"), 100.0, 79.0, 121.0, 0.2, false));
    assertThat(answer.trainedAt()).isEqualTo(NOW);
    assertThat(queries("CREATE OR REPLACE MODEL")).as("no retrain").hasSize(1);
    List<JsonNode> reads = queriesAsJson(ANOMALIES);
    assertThat(reads).as("one query per request").hasSize(2);
    String sql = reads.get(0).get("query").asText();
    String model = "MODEL `demo-project.demostream.forecast_users_by_country_model`";
    assertThat(sql)
        .as("the training history's scores")
        .contains(
            "FROM ML.DETECT_ANOMALIES("
                + model
                + ", STRUCT(@threshold AS anomaly_prob_threshold)) WHERE window_start >= @from"
                + " AND window_start < @to AND country = @country UNION ALL")
        .as("the new windows', judged by the same model")
        .contains(
            "FROM ML.DETECT_ANOMALIES("
                + model
                + ", STRUCT(@threshold AS anomaly_prob_threshold), (WITH regular AS (")
        .contains("window_start > @trained_until AND window_end <= CURRENT_TIMESTAMP()")
        .contains("FROM `demo-project.demostream.latest_window_by_country_gender`")
        .as("filled as 0 on the training's grid, for the requested series")
        .contains(
            "GENERATE_TIMESTAMP_ARRAY(TIMESTAMP_ADD(@trained_until, INTERVAL @step_seconds SECOND)")
        .contains("series AS (SELECT @country AS country)")
        .contains("CAST(IFNULL(regular.value, 0) AS FLOAT64) AS value");
    assertThat(parameters(reads.get(0)))
        .contains(
            tuple("trained_until", "2026-03-01 11:59:00.000000+00:00"),
            tuple("step_seconds", "60"),
            tuple("country", "France"));
  }

  @Test
  void anomaliesOfASeriesTheModelDoesNotHaveAreTheProblemAndAreNotRetrained() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    // The model has no Atlantis: no training window, so the only row is the empty range's.
    stubSelect(
        "trained\\.trained_windows",
        FakeGoogleApis.queryAnswer(
            ANOMALY_FIELDS,
            """
            [{"f":[{"v":"0"},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null}]}]"""));

    assertThatThrownBy(
            () ->
                engine.anomalies(
                    new SeriesKey("users", null, "Atlantis"),
                    NOW.minus(Duration.ofHours(1)),
                    NOW,
                    0.99))
        .isInstanceOfSatisfying(
            InsufficientHistoryException.class,
            e -> {
              assertThat(e.needed()).isEqualTo(LocalForecastEngine.MIN_WINDOWS);
              assertThat(e.available()).isZero();
            });
    assertThat(engine.retrainAll())
        .extracting(ModelTraining::series)
        .containsExactly(new SeriesKey("users", null));
  }

  @Test
  void aKnownSeriesWithNoWindowInTheRangeAnswersNoRows() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    stubSelect(
        "trained\\.trained_windows",
        FakeGoogleApis.queryAnswer(
            ANOMALY_FIELDS,
            """
            [{"f":[{"v":"240"},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null}]}]"""));

    AnomaliesAnswer answer =
        engine.anomalies(
            new SeriesKey("users", null, "France"),
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T01:00:00Z"),
            0.99);

    assertThat(answer.rows()).isEmpty();
  }

  @Test
  void afterARestartAModelYoungerThanTheRetrainIntervalIsReusedNotTrained() throws Exception {
    stubDml();
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.query", containing(LAST_TRAINING)))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        LAST_TRAINING_FIELDS,
                        """
                        [{"f":[{"v":"1.7723652E9"},{"v":"240"},{"v":"60"},{"v":"1.77236514E9"}]}]"""))));
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, ONE_POINT));

    ForecastAnswer answer =
        engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(5), 0.9);

    assertThat(answer.trainedAt()).isEqualTo(Instant.parse("2026-03-01T11:40:00Z"));
    assertThat(answer.frequency()).isEqualTo(Duration.ofMinutes(1));
    assertThat(queries("CREATE OR REPLACE MODEL")).as("no training").isEmpty();
    assertThat(queries("SELECT COUNT(DISTINCT")).as("no history count").isEmpty();
    JsonNode read = onlyRequest(LAST_TRAINING);
    assertThat(read.get("query").asText())
        .contains("FROM `demo-project.demostream.forecast_trainings`")
        .contains("WHERE model = @model AND trained_at >= @since AND frequency_seconds IS NOT NULL")
        .as("the model is still there, and where its training ended")
        .contains(
            "SELECT MAX(window_start) AS last_window FROM ML.DETECT_ANOMALIES(MODEL"
                + " `demo-project.demostream.forecast_users_model`");
    assertThat(parameters(read))
        .containsExactlyInAnyOrder(
            tuple("model", "forecast_users_model"),
            tuple("since", "2026-03-01 11:00:00.000000+00:00"));
    assertThat(meters.get("demostream.insights.forecast.trained.at").gauge().value())
        .isEqualTo(Instant.parse("2026-03-01T11:40:00Z").getEpochSecond());

    // The reused model's last window bounds the windows judged as new.
    stubSelect(
        "trained\\.trained_windows",
        FakeGoogleApis.queryAnswer(
            ANOMALY_FIELDS,
            """
            [{"f":[{"v":"240"},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null},{"v":null}]}]"""));
    engine.anomalies(new SeriesKey("users", null), NOW.minus(Duration.ofHours(1)), NOW, 0.99);
    assertThat(parameters(onlyRequest(ANOMALIES)))
        .contains(tuple("trained_until", "2026-03-01 11:39:00.000000+00:00"));
  }

  @Test
  void afterARestartAModelThatIsGoneOrNeverRecordedTrainsAgain() throws Exception {
    stubHistory(240);
    stubTrainingStillRunningThenDone();
    stubDml();
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.query", containing(LAST_TRAINING)))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        error(
                            404,
                            "notFound",
                            "Not found: Model demo-project:demostream.forecast_users_model"))));
    stubSelect("forecast_timestamp", FakeGoogleApis.queryAnswer(FORECAST_FIELDS, ONE_POINT));

    ForecastAnswer answer =
        engine.forecast(new SeriesKey("users", null), Duration.ofMinutes(5), 0.9);

    assertThat(answer.trainedAt()).isEqualTo(NOW);
    assertThat(queries("CREATE OR REPLACE MODEL")).hasSize(1);
  }

  @Test
  void theScheduleRetrainsAtTheBigQueryInterval() {
    assertThat(engine.retrainInterval()).isEqualTo(Duration.ofHours(1));
  }

  static final String LAST_TRAINING = "SELECT training.trained_at";

  static final String LAST_TRAINING_FIELDS =
      """
      [{"name":"trained_at","type":"TIMESTAMP"},{"name":"windows","type":"INTEGER"},
       {"name":"frequency_seconds","type":"INTEGER"},{"name":"last_window","type":"TIMESTAMP"}]""";

  static final String ANOMALIES = "SELECT trained.trained_windows";

  static final String ANOMALY_FIELDS =
      """
      [{"name":"trained_windows","type":"INTEGER"},
       {"name":"window_start","type":"TIMESTAMP"},{"name":"value","type":"FLOAT"},
       {"name":"lower_bound","type":"FLOAT"},{"name":"upper_bound","type":"FLOAT"},
       {"name":"anomaly_probability","type":"FLOAT"},{"name":"is_anomaly","type":"BOOLEAN"}]""";

  static final String FORECAST_FIELDS =
      """
      [{"name":"forecast_timestamp","type":"TIMESTAMP"},{"name":"forecast_value","type":"FLOAT"},
       {"name":"prediction_interval_lower_bound","type":"FLOAT"},
       {"name":"prediction_interval_upper_bound","type":"FLOAT"}]""";

  static final String ONE_POINT =
      """
      [{"f":[{"v":"1.7723664E9"},{"v":"101.5"},{"v":"80.0"},{"v":"120.0"}]}]""";

  /** The history count: this many windows a minute apart, the last at 11:59. */
  private void stubHistory(int windows) {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(
                matchingJsonPath("$.query", containing("COUNT(DISTINCT window_start) AS windows")))
            .willReturn(
                okJson(
                    FakeGoogleApis.queryAnswer(
                        """
                        [{"name":"windows","type":"INTEGER"},{"name":"span_seconds","type":"INTEGER"},
                         {"name":"last_window","type":"TIMESTAMP"}]""",
                        "[{\"f\":[{\"v\":\"%d\"},{\"v\":\"%d\"},{\"v\":\"%d\"}]}]"
                            .formatted(
                                windows,
                                Math.max(0, windows - 1) * 60,
                                NOW.minus(Duration.ofMinutes(1)).getEpochSecond())))));
  }

  /**
   * A training outlasts {@code jobs.query}'s wait: it answers an incomplete job, and the client
   * polls {@code jobs.getQueryResults} until it is done (a DDL job has no rows).
   */
  private void stubTrainingStillRunningThenDone() {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", containing("CREATE OR REPLACE MODEL")))
            .willReturn(
                okJson(
                    """
                    {"kind":"bigquery#queryResponse",
                     "jobReference":{"projectId":"demo-project","jobId":"training-1","location":"US"},
                     "jobComplete":false}""")));
    stubDoneJob("training-1", "CREATE_MODEL");
  }

  /**
   * Every INSERT answers as BigQuery does a DML statement: no schema, the rows it changed; the
   * client then reads the job and its (empty) results.
   */
  private void stubDml() {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", matching("(?s)INSERT INTO .*")))
            .willReturn(
                okJson(
                    """
                    {"kind":"bigquery#queryResponse",
                     "jobReference":{"projectId":"demo-project","jobId":"dml-1","location":"US"},
                     "jobComplete":true,"totalBytesProcessed":"0","numDmlAffectedRows":"60",
                     "dmlStats":{"insertedRowCount":"60"},"cacheHit":false}""")));
    stubDoneJob("dml-1", "INSERT");
  }

  /** {@code jobs.get} and {@code jobs.getQueryResults} of a finished job without rows. */
  private void stubDoneJob(String jobId, String statementType) {
    server.stubFor(
        get(urlPathEqualTo("/bigquery/v2/projects/demo-project/queries/" + jobId))
            .willReturn(
                okJson(
                    """
                    {"kind":"bigquery#getQueryResultsResponse",
                     "jobReference":{"projectId":"demo-project","jobId":"%s","location":"US"},
                     "jobComplete":true,"totalRows":"0","totalBytesProcessed":"1843200",
                     "cacheHit":false}"""
                        .formatted(jobId))));
    server.stubFor(
        get(urlPathEqualTo("/bigquery/v2/projects/demo-project/jobs/" + jobId))
            .willReturn(
                okJson(
                    """
                    {"kind":"bigquery#job","id":"demo-project:US.%s",
                     "jobReference":{"projectId":"demo-project","jobId":"%s","location":"US"},
                     "configuration":{"query":{"query":"...","useLegacySql":false},"jobType":"QUERY"},
                     "status":{"state":"DONE"},
                     "statistics":{"query":{"statementType":"%s","totalBytesBilled":"10485760"}}}"""
                        .formatted(jobId, jobId, statementType))));
  }

  private void stubSelect(String columns, String answer) {
    server.stubFor(
        post(urlPathEqualTo(QUERIES))
            .withRequestBody(matchingJsonPath("$.query", matching("(?s)SELECT " + columns + ".*")))
            .willReturn(okJson(answer)));
  }

  private static String error(int code, String reason, String message) {
    return """
        {"error":{"code":%d,"message":"%s",
                  "errors":[{"message":"%s","domain":"global","reason":"%s"}],
                  "status":"INVALID_ARGUMENT"}}"""
        .formatted(code, message, message, reason);
  }

  private long timer(String outcome) {
    return meters
        .get("demostream.insights.forecast.training")
        .tag("engine", "bigquery-ml-arima-plus")
        .tag("outcome", outcome)
        .timer()
        .count();
  }

  private List<String> queries(String start) throws Exception {
    return queriesAsJson(start).stream().map(q -> q.get("query").asText()).toList();
  }

  private List<JsonNode> queriesAsJson(String start) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (var request : server.findAll(postRequestedFor(urlPathEqualTo(QUERIES)))) {
      JsonNode body = json.readTree(request.getBodyAsString());
      if (body.get("query").asText().startsWith(start)) {
        found.add(body);
      }
    }
    return found;
  }

  private String onlyQuery(String start) throws Exception {
    return onlyRequest(start).get("query").asText();
  }

  private JsonNode onlyRequest(String start) throws Exception {
    List<JsonNode> found = queriesAsJson(start);
    assertThat(found).as("requests starting with " + start).hasSize(1);
    return found.get(0);
  }

  /** The named parameters of a request, as (name, value) in order; null values as null. */
  private static List<org.assertj.core.groups.Tuple> parameters(JsonNode request) {
    List<org.assertj.core.groups.Tuple> parameters = new ArrayList<>();
    for (JsonNode parameter : request.path("queryParameters")) {
      JsonNode value = parameter.path("parameterValue").path("value");
      parameters.add(
          tuple(
              parameter.get("name").asText(),
              value.isMissingNode() || value.isNull() ? null : value.asText()));
    }
    return parameters;
  }
}
