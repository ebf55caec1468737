package io.demostream.control;

import io.demostream.control.alerts.evaluation.BigQueryStoredPanes;
import io.demostream.control.backfills.BigQueryCountedWindows;
import io.demostream.control.insights.BigQueryInsightsRepository;
import io.demostream.control.insights.forecast.BigQueryForecastEngine;
import io.demostream.control.reconcile.BigQueryWarehouseCounts;
import io.demostream.control.resources.BigQueryProvisioner;
import io.demostream.control.warehouse.BigQueryStatement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every SQL statement the control-service sends to BigQuery, rendered for a dataset: the views
 * {@link BigQueryProvisioner} creates, the insights queries of {@link BigQueryInsightsRepository},
 * the BigQuery ML training, forecasts and anomalies of {@link BigQueryForecastEngine}, the
 * reconcile counts of {@link BigQueryWarehouseCounts}, the backfill overlap check of {@link
 * BigQueryCountedWindows} and the alerts' dry run panes of {@link BigQueryStoredPanes}. A test
 * analyzes each with ZetaSQL (BigQuery's SQL front end) against the warehouse tables of
 * user-events, and fails when a class not in {@link #SENDERS} builds a {@link BigQueryStatement} or
 * a BigQuery query or view: a new statement must be added here to be sent at all.
 */
public final class BigQueryStatements {

  /** The classes that send SQL to BigQuery, each contributing its statements to {@link #all}. */
  public static final List<Class<?>> SENDERS =
      List.of(
          BigQueryProvisioner.class,
          BigQueryInsightsRepository.class,
          BigQueryForecastEngine.class,
          BigQueryWarehouseCounts.class,
          BigQueryCountedWindows.class,
          BigQueryStoredPanes.class);

  private BigQueryStatements() {}

  /** Every statement, rendered for {@code project.dataset}. */
  public static List<BigQueryStatement> all(String project, String dataset) {
    List<BigQueryStatement> statements = new ArrayList<>();
    statements.addAll(BigQueryProvisioner.viewStatements(project, dataset));
    statements.addAll(BigQueryInsightsRepository.statements(project, dataset));
    statements.addAll(BigQueryForecastEngine.statements(project, dataset));
    statements.addAll(BigQueryWarehouseCounts.statements(project, dataset));
    statements.addAll(BigQueryCountedWindows.statements(project, dataset));
    statements.addAll(BigQueryStoredPanes.statements(project, dataset));
    return statements;
  }
}
