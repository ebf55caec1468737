package io.demostream.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions.ParameterMode;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedOutputColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedQueryStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import io.demostream.control.warehouse.BigQueryStatement;
import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.ColumnType;
import io.demostream.events.warehouse.ForecastTables;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.events.warehouse.WarehouseView;
import io.demostream.events.warehouse.WarehouseViews;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every statement the control-service sends to BigQuery ({@link BigQueryStatements}) is valid
 * GoogleSQL: ZetaSQL, BigQuery's SQL front end, analyzes it against the warehouse tables of
 * user-events (and the views, whose columns are what ZetaSQL resolves their queries to), with
 * BigQuery's builtin functions and the statement's parameters declared with their types. A scan of
 * the compiled classes fails when SQL could reach BigQuery from a class that is not listed.
 */
class BigQueryStatementsTests {

  static final String PROJECT = "demo-project";
  static final String DATASET = "demostream";

  private static LanguageOptions language;
  private static SimpleCatalog catalog;

  @BeforeAll
  static void catalog() {
    language = new LanguageOptions().enableMaximumLanguageFeatures();
    language.setProductMode(ProductMode.PRODUCT_EXTERNAL);
    language.setSupportsAllStatementKinds();
    catalog = new SimpleCatalog("bigquery");
    catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
    List<WarehouseTable> tables = new ArrayList<>(WarehouseTables.ALL);
    tables.addAll(ForecastTables.ALL);
    for (WarehouseTable table : tables) {
      List<SimpleColumn> columns = new ArrayList<>();
      for (Column column : table.columns()) {
        columns.add(new SimpleColumn(table.name(), column.name(), type(column.type())));
      }
      catalog.addSimpleTable(
          reference(table.name()), new SimpleTable(reference(table.name()), columns));
    }
    // The views as BigQuery would have them: with the columns their queries resolve to.
    for (WarehouseView view : WarehouseViews.ALL) {
      BigQueryStatement statement = statement("view " + view.name());
      ResolvedQueryStmt query = (ResolvedQueryStmt) analyze(statement);
      List<SimpleColumn> columns = new ArrayList<>();
      for (ResolvedOutputColumn column : query.getOutputColumnList()) {
        columns.add(new SimpleColumn(view.name(), column.getName(), column.getColumn().getType()));
      }
      catalog.addSimpleTable(
          reference(view.name()), new SimpleTable(reference(view.name()), columns));
    }
  }

  @Test
  void everyStatementIsValidGoogleSql() {
    List<BigQueryStatement> statements = BigQueryStatements.all(PROJECT, DATASET);
    List<String> errors = new ArrayList<>();
    for (BigQueryStatement statement : statements) {
      try {
        analyze(statement);
      } catch (SqlException e) {
        errors.add(statement.name() + ": " + e.getMessage() + "\n  " + statement.sql());
      }
    }
    assertThat(errors).isEmpty();
    // The views, the insights queries (windows, a country's windows, three age groupings, age
    // bands), per forecast model (all users; by gender, country, both) its history count, training,
    // two table writes, forecast, anomalies and last training's read, and the trainings' row; the
    // counts, the backfill overlap check, the alerts' dry run panes.
    assertThat(statements).hasSize(WarehouseViews.ALL.size() + 6 + 4 * 7 + 1 + 2 + 1 + 1);
  }

  @Test
  void theForecastStatementsReadTheDocumentedColumnsOfBigQueryMlFunctions() {
    List<BigQueryStatement> forecasts =
        BigQueryStatements.all(PROJECT, DATASET).stream()
            .filter(statement -> statement.sql().contains("ML."))
            .toList();
    // Each model's forecast, anomalies, their two table writes, and the read of its last training.
    assertThat(forecasts).hasSize(4 * 5);
    for (BigQueryStatement statement : forecasts) {
      String stand = BigQueryMl.standIn(statement.sql());
      assertThat(stand).as(statement.name()).doesNotContain("ML.");
    }
    // A column ML.FORECAST does not answer is refused: the stand-ins hold only the documented ones.
    BigQueryStatement wrong =
        BigQueryStatement.of(
            "wrong column",
            "SELECT forecast_time FROM ML.FORECAST(MODEL `"
                + reference("forecast_users_model")
                + "`, STRUCT(3 AS horizon, 0.9 AS confidence_level))");
    assertThatThrownBy(() -> analyze(wrong))
        .isInstanceOf(SqlException.class)
        .hasMessageContaining("Unrecognized name: forecast_time");
    // A series id the model was not trained with is refused too.
    BigQueryStatement noSuchId =
        BigQueryStatement.of(
            "no such id",
            "SELECT gender FROM ML.FORECAST(MODEL `"
                + reference("forecast_users_by_country_model")
                + "`, STRUCT(3 AS horizon, 0.9 AS confidence_level))");
    assertThatThrownBy(() -> analyze(noSuchId))
        .isInstanceOf(SqlException.class)
        .hasMessageContaining("Unrecognized name: gender");
    // New data for ML.DETECT_ANOMALIES must have the model's training columns.
    BigQueryStatement wrongNewData =
        BigQueryStatement.of(
            "wrong new data",
            "SELECT window_start FROM ML.DETECT_ANOMALIES(MODEL `"
                + reference("forecast_users_by_country_model")
                + "`, STRUCT(0.9 AS anomaly_prob_threshold), (SELECT window_start, users AS value"
                + " FROM `"
                + reference("latest_window_summary")
                + "`))");
    assertThatThrownBy(() -> analyze(wrongNewData))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("country");
  }

  @Test
  void anomaliesJudgeTheWindowsSinceTheTrainingOnTheTrainingsColumns() {
    List<BigQueryStatement> anomalies =
        BigQueryStatements.all(PROJECT, DATASET).stream()
            .filter(statement -> statement.name().startsWith("forecast anomalies read of "))
            .toList();
    assertThat(anomalies).hasSize(4);
    for (BigQueryStatement statement : anomalies) {
      analyze(statement);
      assertThat(BigQueryMl.newData).as(statement.name()).hasSize(1);
    }
  }

  /**
   * BigQuery ML's table functions as ZetaSQL 2024.11.1 can check them. It knows {@code CREATE
   * MODEL} (analyzed as sent) but not {@code ML.FORECAST} nor {@code ML.DETECT_ANOMALIES}, which
   * BigQuery adds to GoogleSQL: each call is replaced by a table with the function's documented
   * output for that ARIMA_PLUS model (its series id columns first; see the functions' "Output"
   * sections in the BigQuery ML reference) and its argument STRUCT is analyzed on its own with the
   * statement's parameters, so that the rest of the statement (the columns it reads, its filters,
   * the table it inserts into, every parameter's type) is checked as BigQuery would.
   */
  private static final class BigQueryMl {

    static final Pattern CALL =
        Pattern.compile("ML\\.(FORECAST|DETECT_ANOMALIES)\\(MODEL `([^`]+)`, (STRUCT\\([^()]*\\))");
    static final Pattern MODEL = Pattern.compile(".*\\.forecast_users(?:_by_(.+))?_model");

    /**
     * The SQL with every call replaced by its stand-in table, which the catalog then holds. A call
     * on new data ({@code ML.DETECT_ANOMALIES(MODEL m, STRUCT(...), (query))}) keeps its query in
     * {@link #newData}, to be analyzed on its own.
     */
    static String standIn(String sql) {
      Matcher call = CALL.matcher(sql);
      StringBuilder replaced = new StringBuilder();
      int at = 0;
      while (call.find(at)) {
        replaced.append(sql, at, call.start());
        String function = call.group(1).toLowerCase(java.util.Locale.ROOT);
        Matcher model = MODEL.matcher(call.group(2));
        if (!model.matches()) {
          throw new IllegalArgumentException("not a forecast model: " + call.group(2));
        }
        List<String> ids = model.group(1) == null ? List.of() : List.of(model.group(1).split("_"));
        int end = call.end();
        if (sql.startsWith(", (", end)) {
          int open = end + 2;
          int close = closing(sql, open);
          newData.add(new NewData(ids, sql.substring(open + 1, close)));
          end = close + 1;
        }
        if (sql.charAt(end) != ')') {
          throw new IllegalArgumentException("unexpected argument at " + sql.substring(end));
        }
        String table = call.group(2) + "__" + function;
        if (registered.add(table)) {
          List<SimpleColumn> columns = new ArrayList<>();
          ids.forEach(id -> columns.add(new SimpleColumn(table, id, simple(TypeKind.TYPE_STRING))));
          (function.equals("forecast") ? FORECAST : DETECT_ANOMALIES)
              .forEach((name, kind) -> columns.add(new SimpleColumn(table, name, simple(kind))));
          catalog.addSimpleTable(table, new SimpleTable(table, columns));
        }
        replaced.append("`").append(table).append("`");
        arguments.add(call.group(3));
        at = end + 1;
      }
      replaced.append(sql.substring(at));
      return replaced.toString();
    }

    /** The index of the parenthesis closing the one at {@code open}, outside string literals. */
    private static int closing(String sql, int open) {
      int depth = 0;
      boolean quoted = false;
      for (int i = open; i < sql.length(); i++) {
        char c = sql.charAt(i);
        if (c == '\'') {
          quoted = !quoted;
        } else if (!quoted && c == '(') {
          depth++;
        } else if (!quoted && c == ')' && --depth == 0) {
          return i;
        }
      }
      throw new IllegalArgumentException("unbalanced parentheses in " + sql);
    }

    /** A new-data query of {@code ML.DETECT_ANOMALIES} and the series ids of its model. */
    record NewData(List<String> ids, String sql) {}

    /** The new-data queries of the calls replaced so far. */
    static final List<NewData> newData = new ArrayList<>();

    /** The stand-in tables added to the catalog. */
    static final Set<String> registered = new java.util.HashSet<>();

    /** The argument STRUCTs of the calls replaced so far, to analyze as expressions. */
    static final List<String> arguments = new ArrayList<>();

    /** ML.FORECAST of an ARIMA_PLUS model, after its id columns. */
    static final Map<String, TypeKind> FORECAST =
        ordered(
            "forecast_timestamp", TypeKind.TYPE_TIMESTAMP,
            "forecast_value", TypeKind.TYPE_DOUBLE,
            "standard_error", TypeKind.TYPE_DOUBLE,
            "confidence_level", TypeKind.TYPE_DOUBLE,
            "prediction_interval_lower_bound", TypeKind.TYPE_DOUBLE,
            "prediction_interval_upper_bound", TypeKind.TYPE_DOUBLE,
            "confidence_interval_lower_bound", TypeKind.TYPE_DOUBLE,
            "confidence_interval_upper_bound", TypeKind.TYPE_DOUBLE);

    /**
     * ML.DETECT_ANOMALIES of an ARIMA_PLUS model on its training data, after its id columns: the
     * model's timestamp and data columns (window_start, value), then the verdict.
     */
    static final Map<String, TypeKind> DETECT_ANOMALIES =
        ordered(
            "window_start", TypeKind.TYPE_TIMESTAMP,
            "value", TypeKind.TYPE_DOUBLE,
            "is_anomaly", TypeKind.TYPE_BOOL,
            "lower_bound", TypeKind.TYPE_DOUBLE,
            "upper_bound", TypeKind.TYPE_DOUBLE,
            "anomaly_probability", TypeKind.TYPE_DOUBLE);

    private static Map<String, TypeKind> ordered(Object... pairs) {
      Map<String, TypeKind> map = new java.util.LinkedHashMap<>();
      for (int i = 0; i < pairs.length; i += 2) {
        map.put((String) pairs[i], (TypeKind) pairs[i + 1]);
      }
      return map;
    }

    private static Type simple(TypeKind kind) {
      return TypeFactory.createSimpleType(kind);
    }
  }

  @Test
  void everyViewHasTheColumnsItsDefinitionNames() {
    for (WarehouseView view : WarehouseViews.ALL) {
      ResolvedQueryStmt query = (ResolvedQueryStmt) analyze(statement("view " + view.name()));
      assertThat(query.getOutputColumnList())
          .extracting(ResolvedOutputColumn::getName)
          .as(view.name())
          .containsExactlyElementsOf(view.columnNames());
    }
  }

  @Test
  void aMisspeltColumnIsRejected() {
    BigQueryStatement misspelt =
        BigQueryStatement.positional(
            "misspelt",
            "SELECT window_strat FROM `"
                + reference("latest_window_summary")
                + "`"
                + " WHERE window_start >= ?",
            StandardSQLTypeName.TIMESTAMP);

    assertThatThrownBy(() -> analyze(misspelt))
        .isInstanceOf(SqlException.class)
        .hasMessageContaining("Unrecognized name: window_strat");
  }

  @Test
  void aParameterOfTheWrongTypeOrUndeclaredIsRejected() {
    String sql =
        "SELECT COUNT(*) FROM `" + reference("dead_letter") + "` WHERE received_at >= @since";

    assertThatThrownBy(
            () ->
                analyze(
                    BigQueryStatement.named(
                        "wrong type", sql, Map.of("since", StandardSQLTypeName.INT64))))
        .isInstanceOf(SqlException.class)
        .hasMessageContaining("No matching signature");
    assertThatThrownBy(() -> analyze(BigQueryStatement.of("undeclared", sql)))
        .isInstanceOf(SqlException.class)
        .hasMessageContaining("since");
  }

  @Test
  void onlyTheListedClassesBuildBigQuerySql() throws IOException, URISyntaxException {
    Path classes =
        Path.of(
            BigQueryStatements.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> allowed = new java.util.HashSet<>();
    BigQueryStatements.SENDERS.forEach(sender -> allowed.add(sender.getName()));
    allowed.add(BigQueryStatements.class.getName());
    allowed.add(BigQueryStatement.class.getName());
    List<String> unlisted = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        String name = topLevelClass(classes.relativize(file));
        if (BigQuerySql.sends(constants) && !allowed.contains(name)) {
          unlisted.add(name);
        }
      }
    }
    assertThat(unlisted)
        .as("classes building BigQuery SQL that BigQueryStatements does not list")
        .isEmpty();
    // The scan sees the listed ones, so it would see another.
    assertThat(BigQuerySql.sends(read(classes, BigQueryStatement.class))).isTrue();
  }

  @Test
  void thePipelineSendsOnlyTheViewsTheProvisionerAlsoCreates() throws IOException {
    // The pipeline (no Spring, its own module) creates the same views when it starts on BigQuery:
    // the same WarehouseView.bigQuerySelectSql, analyzed above. Any other SQL it sent would show
    // here as another file.
    Path sources = Path.of("..", "pipeline", "src", "main", "java");
    List<String> senders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        if (BigQuerySql.sendsFromSource(source)) {
          senders.add(file.getFileName().toString());
          assertThat(source).as(file.toString()).contains("view.bigQuerySelectSql(");
        }
      }
    }
    assertThat(senders).containsExactly("BigQueryWarehouse.java");
  }

  /** What in a class file or a source means SQL for BigQuery. */
  private static final class BigQuerySql {

    static boolean sends(String classConstants) {
      return Stream.of(
              "com/google/cloud/bigquery/QueryJobConfiguration",
              "com/google/cloud/bigquery/ViewDefinition",
              "com/google/cloud/bigquery/JobConfiguration",
              "io/demostream/control/warehouse/BigQueryStatement")
          .anyMatch(classConstants::contains);
    }

    static boolean sendsFromSource(String source) {
      return Stream.of(
              "QueryJobConfiguration",
              "ViewDefinition",
              "JobConfigurationQuery",
              "fromQuery(",
              "BigQueryIO.readTableRows",
              "setQuery(")
          .anyMatch(source::contains);
    }
  }

  private static String read(Path classes, Class<?> type) throws IOException {
    return new String(
        Files.readAllBytes(classes.resolve(type.getName().replace('.', '/') + ".class")),
        StandardCharsets.ISO_8859_1);
  }

  private static String topLevelClass(Path relative) {
    String name = relative.toString().replace(java.io.File.separatorChar, '.');
    name = name.substring(0, name.length() - ".class".length());
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  private static BigQueryStatement statement(String name) {
    return BigQueryStatements.all(PROJECT, DATASET).stream()
        .filter(statement -> statement.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static ResolvedStatement analyze(BigQueryStatement statement) {
    BigQueryMl.arguments.clear();
    BigQueryMl.newData.clear();
    String sql = BigQueryMl.standIn(statement.sql());
    AnalyzerOptions options = options(statement);
    for (String argument : BigQueryMl.arguments) {
      Analyzer.analyzeExpression(argument, options, catalog);
    }
    for (BigQueryMl.NewData data : BigQueryMl.newData) {
      // The model's training columns: its timestamp, its series ids, its data column.
      Map<String, TypeKind> expected = new java.util.LinkedHashMap<>();
      expected.put("window_start", TypeKind.TYPE_TIMESTAMP);
      data.ids().forEach(id -> expected.put(id, TypeKind.TYPE_STRING));
      expected.put("value", TypeKind.TYPE_DOUBLE);
      ResolvedQueryStmt query =
          (ResolvedQueryStmt) Analyzer.analyzeStatement(data.sql(), options, catalog);
      Map<String, TypeKind> actual = new java.util.LinkedHashMap<>();
      query
          .getOutputColumnList()
          .forEach(c -> actual.put(c.getName(), c.getColumn().getType().getKind()));
      assertThat(actual).as("new data of " + statement.name()).isEqualTo(expected);
    }
    return Analyzer.analyzeStatement(sql, options, catalog);
  }

  private static AnalyzerOptions options(BigQueryStatement statement) {
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    if (!statement.positionalParameters().isEmpty()) {
      options.setParameterMode(ParameterMode.PARAMETER_POSITIONAL);
      statement
          .positionalParameters()
          .forEach(type -> options.addPositionalQueryParameter(type(type)));
    } else {
      statement
          .namedParameters()
          .forEach((name, type) -> options.addQueryParameter(name, type(type)));
    }
    return options;
  }

  private static String reference(String relation) {
    return PROJECT + "." + DATASET + "." + relation;
  }

  private static Type type(ColumnType type) {
    return type(StandardSQLTypeName.valueOf(type.bigQueryType()));
  }

  private static Type type(StandardSQLTypeName type) {
    return TypeFactory.createSimpleType(
        switch (type) {
          case TIMESTAMP -> TypeKind.TYPE_TIMESTAMP;
          case STRING -> TypeKind.TYPE_STRING;
          case INT64 -> TypeKind.TYPE_INT64;
          case FLOAT64 -> TypeKind.TYPE_DOUBLE;
          case BOOL -> TypeKind.TYPE_BOOL;
          case DATE -> TypeKind.TYPE_DATE;
          default -> throw new IllegalArgumentException("no ZetaSQL type for " + type);
        });
  }
}
