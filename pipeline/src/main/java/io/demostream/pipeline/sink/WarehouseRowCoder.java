package io.demostream.pipeline.sink;

import io.demostream.events.warehouse.Column;
import io.demostream.events.warehouse.WarehouseTable;
import io.demostream.events.warehouse.WarehouseTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Coder of {@link WarehouseRow}: the table name, then each column in the order and type that {@link
 * WarehouseTables} defines, with a presence flag for nullable columns.
 */
public final class WarehouseRowCoder extends CustomCoder<WarehouseRow> {

  private static final WarehouseRowCoder INSTANCE = new WarehouseRowCoder();

  private WarehouseRowCoder() {}

  public static WarehouseRowCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WarehouseRow row, OutputStream out) throws IOException {
    WarehouseTable table = row.definition();
    StringUtf8Coder.of().encode(table.name(), out);
    for (Column column : table.columns()) {
      Object value = row.values().get(column.name());
      if (!column.required()) {
        BooleanCoder.of().encode(value != null, out);
        if (value == null) {
          continue;
        }
      }
      switch (column.type()) {
        case TIMESTAMP -> VarLongCoder.of().encode(((Instant) value).toEpochMilli(), out);
        case STRING -> StringUtf8Coder.of().encode((String) value, out);
        case INT64 -> VarLongCoder.of().encode((Long) value, out);
        case FLOAT64 -> DoubleCoder.of().encode((Double) value, out);
      }
    }
  }

  @Override
  public WarehouseRow decode(InputStream in) throws IOException {
    WarehouseTable table = WarehouseTables.byName(StringUtf8Coder.of().decode(in));
    Map<String, Object> values = new LinkedHashMap<>();
    for (Column column : table.columns()) {
      if (!column.required() && !BooleanCoder.of().decode(in)) {
        values.put(column.name(), null);
        continue;
      }
      Object value =
          switch (column.type()) {
            case TIMESTAMP -> Instant.ofEpochMilli(VarLongCoder.of().decode(in));
            case STRING -> StringUtf8Coder.of().decode(in);
            case INT64 -> VarLongCoder.of().decode(in);
            case FLOAT64 -> DoubleCoder.of().decode(in);
          };
      values.put(column.name(), value);
    }
    return new WarehouseRow(table.name(), values);
  }

  @Override
  public void verifyDeterministic() {}
}
