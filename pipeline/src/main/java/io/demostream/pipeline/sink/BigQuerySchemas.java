package io.demostream.pipeline.sink;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Adapts {@link WarehouseTable} definitions and {@link WarehouseRow}s to BigQuery's model. */
public final class BigQuerySchemas {

  private BigQuerySchemas() {}

  public static TableSchema tableSchema(WarehouseTable table) {
    return new TableSchema()
        .setFields(
            table.columns().stream()
                .map(
                    column ->
                        new TableFieldSchema()
                            .setName(column.name())
                            .setType(column.type().bigQueryType())
                            .setMode(column.required() ? "REQUIRED" : "NULLABLE")
                            .setDescription(column.description()))
                .toList());
  }

  /** Day partitioning on the table's partition column. */
  public static TimePartitioning partitioning(WarehouseTable table) {
    return new TimePartitioning().setType("DAY").setField(table.partitionColumn());
  }

  /** The table's clustering, or null when it defines none. */
  public static @Nullable Clustering clustering(WarehouseTable table) {
    return table.clusterColumns().isEmpty()
        ? null
        : new Clustering().setFields(table.clusterColumns());
  }

  /** TIMESTAMPs as RFC 3339 UTC text, which both the Storage Write API and JSON accept. */
  public static TableRow tableRow(WarehouseRow row) {
    TableRow tableRow = new TableRow();
    for (Column column : row.definition().columns()) {
      Object value = row.values().get(column.name());
      if (value != null) {
        tableRow.set(column.name(), value instanceof Instant instant ? instant.toString() : value);
      }
    }
    return tableRow;
  }

  /**
   * The one warehouse table whose columns include every field of {@code row}, if exactly one does.
   * Beam 2.70's {@link org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError} does not
   * name the table a rejected row was meant for, and every table has columns of its own.
   */
  public static Optional<WarehouseTable> tableOf(@Nullable TableRow row) {
    if (row == null || row.isEmpty()) {
      return Optional.empty();
    }
    List<WarehouseTable> candidates =
        WarehouseTables.ALL.stream()
            .filter(table -> table.columnNames().containsAll(row.keySet()))
            .toList();
    return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
  }
}
