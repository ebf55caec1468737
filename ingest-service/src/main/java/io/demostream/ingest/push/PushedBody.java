package io.demostream.ingest.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pushed body into its users, before any validation: one JSON object, a JSON array of
 * them, a randomuser.me response ({@code {"results":[...]}}), or NDJSON (one JSON value per line,
 * blank lines ignored). An NDJSON line that is not JSON is an entry of its own, rejected later with
 * its index; a JSON body that is not JSON at all is {@link MalformedPushException}.
 */
final class PushedBody {

  /** One user of the request: its JSON, or why its NDJSON line could not be read. */
  record Entry(JsonNode json, String unreadable) {}

  private PushedBody() {}

  static List<Entry> read(byte[] body, boolean ndjson, ObjectMapper json) {
    return ndjson ? readLines(body, json) : readDocument(body, json);
  }

  private static List<Entry> readDocument(byte[] body, ObjectMapper json) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw new MalformedPushException("the body is not valid JSON");
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedPushException("the body is empty");
    }
    if (root.isObject() && root.get("results") != null && root.get("results").isArray()) {
      root = root.get("results");
    }
    List<Entry> entries = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(user -> entries.add(new Entry(user, null)));
    } else if (root.isObject()) {
      entries.add(new Entry(root, null));
    } else {
      throw new MalformedPushException("the body must be a JSON object or an array of them");
    }
    return entries;
  }

  private static List<Entry> readLines(byte[] body, ObjectMapper json) {
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        String line = new String(body, start, i - start, StandardCharsets.UTF_8);
        start = i + 1;
        if (line.isBlank()) {
          continue;
        }
        try {
          entries.add(new Entry(json.readTree(line), null));
        } catch (JsonProcessingException e) {
          entries.add(new Entry(null, "the line is not valid JSON"));
        }
      }
    }
    return entries;
  }
}
