package io.demostream.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the contract's JSONL file format: one message as it would have been published, {@code
 * {"attributes":{"event_time":...,"event_id":...,"schema_version":"1","source":...}, "data":{<user
 * record>}}}. The one reader and writer of that format: ingest-service's replay source reads it,
 * and the pipeline's backfill reads the same files.
 *
 * <p>{@link #parse} checks the shape only (an object, {@code data} an object, {@code attributes} an
 * object of strings); the record and the attributes' values are validated where they are used
 * ({@link UserRecordReader}, {@link AnalyticProjector}), exactly as for a Pub/Sub message.
 *
 * @param attributes the line's attributes, possibly fewer than the contract's four (a replay fills
 *     in what is missing)
 * @param data the user record
 */
public record UserEventLine(Map<String, String> attributes, ObjectNode data) {

  /** The name of the attributes object in a line. */
  public static final String ATTRIBUTES = "attributes";

  /** The name of the user record in a line. */
  public static final String DATA = "data";

  public UserEventLine {
    attributes = Map.copyOf(attributes);
  }

  /** The line of a published message: its attributes and its data, unchanged. */
  public static UserEventLine of(UserEventMessage message) {
    JsonNode data;
    try {
      data = Json.MAPPER.readTree(message.data());
    } catch (IOException e) {
      throw new IllegalArgumentException("the message's data is not JSON", e);
    }
    if (!(data instanceof ObjectNode record)) {
      throw new IllegalArgumentException("the message's data is not a JSON object");
    }
    return new UserEventLine(message.attributes(), record);
  }

  /** Reads one line; never throws for bad input. Error fields are relative to the line. */
  public static Validated<UserEventLine> parse(String line) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return Validated.invalid(RandomUserResponseParser.invalidJson(e));
    }
    if (root == null || root.isMissingNode()) {
      return Validated.invalid(
          new ValidationError("$", ValidationError.Reason.INVALID_JSON, "the line is empty"));
    }
    if (!root.isObject()) {
      return Validated.invalid(
          new ValidationError(
              "$",
              ValidationError.Reason.NOT_AN_OBJECT,
              "a line must be a JSON object, got " + UserRecordReader.typeOf(root)));
    }
    List<ValidationError> errors = new ArrayList<>(1);
    JsonNode data = root.get(DATA);
    if (data == null || data.isNull()) {
      errors.add(new ValidationError(DATA, ValidationError.Reason.MISSING, "is required"));
    } else if (!data.isObject()) {
      errors.add(
          new ValidationError(
              DATA,
              ValidationError.Reason.NOT_AN_OBJECT,
              "a user record must be a JSON object, got " + UserRecordReader.typeOf(data)));
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    JsonNode attributesNode = root.get(ATTRIBUTES);
    if (attributesNode != null && !attributesNode.isNull()) {
      if (!attributesNode.isObject()) {
        errors.add(
            new ValidationError(
                ATTRIBUTES,
                ValidationError.Reason.WRONG_TYPE,
                "expected an object, got " + UserRecordReader.typeOf(attributesNode)));
      } else {
        attributesNode
            .fields()
            .forEachRemaining(
                attribute -> {
                  if (attribute.getValue().isTextual()) {
                    attributes.put(attribute.getKey(), attribute.getValue().textValue());
                  } else if (!attribute.getValue().isNull()) {
                    errors.add(
                        new ValidationError(
                            ATTRIBUTES + "." + attribute.getKey(),
                            ValidationError.Reason.WRONG_TYPE,
                            "expected a string, got "
                                + UserRecordReader.typeOf(attribute.getValue())));
                  }
                });
      }
    }
    if (!errors.isEmpty()) {
      return Validated.invalid(errors);
    }
    return Validated.valid(new UserEventLine(attributes, (ObjectNode) data));
  }

  /** The line as JSON, without the line break: attributes sorted by name, then the data. */
  public String format() {
    ObjectNode line = Json.MAPPER.createObjectNode();
    ObjectNode attributesNode = line.putObject(ATTRIBUTES);
    new TreeMap<>(attributes).forEach(attributesNode::put);
    line.set(DATA, data);
    try {
      return Json.MAPPER.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      // A tree built by Jackson always serialises; reaching here is a programming error.
      throw new IllegalStateException("cannot serialise a line", e);
    }
  }

  /** The message this line stands for: its data as UTF-8 JSON and its attributes as they are. */
  public UserEventMessage toMessage() {
    try {
      return new UserEventMessage(Json.MAPPER.writeValueAsBytes(data), attributes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a user record", e);
    }
  }
}
