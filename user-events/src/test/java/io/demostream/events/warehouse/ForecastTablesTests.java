package io.demostream.events.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastTablesTests {

  @Test
  void forecastTablesHaveTheColumnsTableauReads() {
    assertThat(ForecastTables.FORECAST_POINTS.columnNames())
        .containsExactly(
            "trained_at",
            "model",
            "metric",
            "country",
            "gender",
            "window_start",
            "value",
            "lower",
            "upper",
            "confidence");
    assertThat(ForecastTables.FORECAST_ANOMALIES.columnNames())
        .containsExactly(
            "trained_at",
            "model",
            "metric",
            "country",
            "gender",
            "window_start",
            "value",
            "lower",
            "upper",
            "probability",
            "threshold");
    assertThat(ForecastTables.FORECAST_TRAININGS.columnNames())
        .containsExactly(
            "trained_at",
            "model",
            "metric",
            "engine",
            "windows",
            "frequency_seconds",
            "duration_ms",
            "error");
  }

  @Test
  void forecastTablesAreNoPanesAndShareNoNameWithTheWarehouse() {
    List<String> names = new ArrayList<>();
    WarehouseTables.ALL.forEach(table -> names.add(table.name()));
    WarehouseViews.ALL.forEach(view -> names.add(view.name()));
    for (WarehouseTable table : ForecastTables.ALL) {
      assertThat(names).as(table.name()).doesNotContain(table.name());
      assertThat(table.windowKeyColumns()).as("not a pane table").isEmpty();
      assertThat(WarehouseViews.latestPanesOf(table)).as("no view reads it").isEmpty();
      assertThat(
              table.columns().stream()
                  .filter(column -> column.name().equals(table.partitionColumn()))
                  .findFirst()
                  .orElseThrow()
                  .type())
          .as("BigQuery partitions by day on a TIMESTAMP")
          .isEqualTo(ColumnType.TIMESTAMP);
    }
    // Series of every country or gender have them NULL; everything else is always written.
    assertThat(ForecastTables.FORECAST_POINTS.columns())
        .filteredOn(column -> !column.required())
        .extracting(Column::name)
        .containsExactly("country", "gender");
  }
}
