package io.demostream.pipeline.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.demostream.events.warehouse.WarehouseTables;
import io.demostream.pipeline.parse.DeadLetter;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.SimpleFunction;

/**
 * Turns a {@link DeadLetter} into its {@code dead_letter} row, tagged with the pipeline
 * incarnation; attributes become a JSON object.
 */
public final class DeadLetterRows extends SimpleFunction<DeadLetter, WarehouseRow> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String incarnationId;

  /**
   * @param incarnationId written to every row's {@code job_id}
   */
  public DeadLetterRows(String incarnationId) {
    this.incarnationId = incarnationId;
  }

  @Override
  public WarehouseRow apply(DeadLetter deadLetter) {
    return WarehouseRow.builder(WarehouseTables.DEAD_LETTER)
        .set("received_at", deadLetter.receivedAt())
        .set("event_time", deadLetter.eventTime())
        .set("error", deadLetter.error())
        .set("payload", deadLetter.payload())
        .set("attributes", attributesJson(deadLetter))
        .set(WarehouseTables.JOB_ID, incarnationId)
        .build();
  }

  private static String attributesJson(DeadLetter deadLetter) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(deadLetter.attributes()));
    } catch (JsonProcessingException e) {
      // A map of strings always serialises; keep the row rather than lose the dead letter.
      return deadLetter.attributes().toString();
    }
  }
}
