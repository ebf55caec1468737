package io.demostream.pipeline.sink;

import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.ColumnType;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One row of a warehouse table, values keyed by column name in the table's column order. Built only
 * through {@link #builder(WarehouseTable)}, which checks every column against {@link
 * WarehouseTables}, so both sinks can write it without a second copy of the schema.
 *
 * <p>Java types per {@link ColumnType}: TIMESTAMP {@link Instant} (millisecond precision), STRING
 * {@link String}, INT64 {@link Long}, FLOAT64 {@link Double}.
 */
public record WarehouseRow(String table, Map<String, @Nullable Object> values) {

  public WarehouseRow {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Builder builder(WarehouseTable table) {
    return new Builder(table);
  }

  public WarehouseTable definition() {
    return WarehouseTables.byName(table);
  }

  public @Nullable Object get(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException(table + " has no column " + column);
    }
    return values.get(column);
  }

  /** The row without the named columns, e.g. {@code emitted_at}, as text for test assertions. */
  public String describeWithout(String... columns) {
    java.util.Set<String> skipped = java.util.Set.of(columns);
    return table
        + values.entrySet().stream()
            .filter(entry -> !skipped.contains(entry.getKey()))
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
  }

  /** Collects and checks the values of one row. */
  public static final class Builder {
    private final WarehouseTable table;
    private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

    private Builder(WarehouseTable table) {
      this.table = table;
    }

    /**
     * @throws IllegalArgumentException for an unknown column or a value of the wrong type
     */
    public Builder set(String column, @Nullable Object value) {
      Column definition =
          table.columns().stream()
              .filter(candidate -> candidate.name().equals(column))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException(table.name() + " has no column " + column));
      values.put(column, checked(definition, value));
      return this;
    }

    /**
     * @throws IllegalArgumentException when a required column has no value
     */
    public WarehouseRow build() {
      Map<String, @Nullable Object> ordered = new LinkedHashMap<>();
      for (Column column : table.columns()) {
        Object value = values.get(column.name());
        if (value == null && column.required()) {
          throw new IllegalArgumentException(
              table.name() + "." + column.name() + " is required but has no value");
        }
        ordered.put(column.name(), value);
      }
      return new WarehouseRow(table.name(), ordered);
    }

    private Object checked(Column column, @Nullable Object value) {
      if (value == null) {
        return null;
      }
      Class<?> expected = javaType(column.type());
      if (value instanceof Integer number && expected == Long.class) {
        return number.longValue();
      }
      if (!expected.isInstance(value)) {
        throw new IllegalArgumentException(
            table.name()
                + "."
                + column.name()
                + " expects "
                + expected.getSimpleName()
                + ", got "
                + value.getClass().getSimpleName());
      }
      return value instanceof Instant instant ? instant.truncatedTo(ChronoUnit.MILLIS) : value;
    }
  }

  static Class<?> javaType(ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> Instant.class;
      case STRING -> String.class;
      case INT64 -> Long.class;
      case FLOAT64 -> Double.class;
    };
  }
}
