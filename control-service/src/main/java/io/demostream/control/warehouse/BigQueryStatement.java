package io.demostream.control.warehouse;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.ViewDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GoogleSQL statement the control-service sends to BigQuery, with the types of its parameters:
 * the only way SQL reaches BigQuery from this service ({@link #query}, {@link #view}). Every
 * statement is listed by {@link io.demostream.control.BigQueryStatements}, which a test analyzes
 * with ZetaSQL against the warehouse's table definitions; a test also fails when a class outside
 * that list builds a query or a view.
 *
 * @param name what the statement is, for a test failure
 * @param sql the statement
 * @param positionalParameters the types of its {@code ?} parameters, in order
 * @param namedParameters the types of its {@code @name} parameters
 */
public record BigQueryStatement(
    String name,
    String sql,
    List<StandardSQLTypeName> positionalParameters,
    Map<String, StandardSQLTypeName> namedParameters) {

  public BigQueryStatement {
    positionalParameters = List.copyOf(positionalParameters);
    namedParameters = Map.copyOf(namedParameters);
    if (!positionalParameters.isEmpty() && !namedParameters.isEmpty()) {
      throw new IllegalArgumentException(name + ": BigQuery takes positional or named parameters");
    }
  }

  /** A statement without parameters (a view's query). */
  public static BigQueryStatement of(String name, String sql) {
    return new BigQueryStatement(name, sql, List.of(), Map.of());
  }

  /** A statement with positional parameters of these types. */
  public static BigQueryStatement positional(
      String name, String sql, StandardSQLTypeName... parameters) {
    return new BigQueryStatement(name, sql, List.of(parameters), Map.of());
  }

  /** A statement with named parameters of these types. */
  public static BigQueryStatement named(
      String name, String sql, Map<String, StandardSQLTypeName> parameters) {
    return new BigQueryStatement(name, sql, List.of(), new LinkedHashMap<>(parameters));
  }

  /**
   * The query job of this statement with its positional parameters bound.
   *
   * @throws IllegalArgumentException when the values do not match the declared parameters
   */
  public QueryJobConfiguration query(List<QueryParameterValue> values) {
    if (values.size() != positionalParameters.size()) {
      throw new IllegalArgumentException(
          name + ": " + positionalParameters.size() + " parameters, " + values.size() + " values");
    }
    QueryJobConfiguration.Builder query = builder();
    for (int i = 0; i < values.size(); i++) {
      check(String.valueOf(i + 1), positionalParameters.get(i), values.get(i));
      query.addPositionalParameter(values.get(i));
    }
    return query.build();
  }

  /**
   * The query job of this statement with its named parameters bound.
   *
   * @throws IllegalArgumentException when the values do not match the declared parameters
   */
  public QueryJobConfiguration query(Map<String, QueryParameterValue> values) {
    if (!values.keySet().equals(namedParameters.keySet())) {
      throw new IllegalArgumentException(
          name + ": parameters " + namedParameters.keySet() + ", values for " + values.keySet());
    }
    QueryJobConfiguration.Builder query = builder();
    values.forEach(
        (parameter, value) -> {
          check(parameter, namedParameters.get(parameter), value);
          query.addNamedParameter(parameter, value);
        });
    return query.build();
  }

  /** The definition of a view whose query is this statement. */
  public ViewDefinition view() {
    if (!positionalParameters.isEmpty() || !namedParameters.isEmpty()) {
      throw new IllegalStateException(name + ": a view's query takes no parameters");
    }
    return ViewDefinition.newBuilder(sql).setUseLegacySql(false).build();
  }

  private QueryJobConfiguration.Builder builder() {
    return QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false);
  }

  private void check(String parameter, StandardSQLTypeName declared, QueryParameterValue value) {
    if (value.getType() != declared) {
      throw new IllegalArgumentException(
          name + ": parameter " + parameter + " is " + declared + ", not " + value.getType());
    }
  }
}
