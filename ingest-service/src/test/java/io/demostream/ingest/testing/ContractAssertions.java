package io.demostream.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.pubsub.v1.PubsubMessage;
import io.demostream.events.UserEventMessages;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Checks a received Pub/Sub message against the contract in {@code user-events}. */
public final class ContractAssertions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ContractAssertions() {}

  /** Asserts data and attributes per contract and returns the data as a tree. */
  public static JsonNode assertContractMessage(PubsubMessage message, String source) {
    JsonNode data;
    try {
      data = JSON.readTree(message.getData().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(message.getAttributesMap())
        .containsOnlyKeys("event_time", "event_id", "schema_version", "source")
        .containsEntry("schema_version", "1")
        .containsEntry("source", source)
        .containsEntry("event_id", data.path("login").path("uuid").asText());
    assertThat(message.getAttributesMap().get("event_time"))
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(data.isObject()).isTrue();
    for (String credential : UserEventMessages.CREDENTIAL_FIELDS) {
      assertThat(data.path("login").has(credential)).as("login." + credential).isFalse();
    }
    return data;
  }
}
