package io.demostream.events;

import java.util.Map;

/**
 * One user as one Pub/Sub message.
 *
 * @param data UTF-8 JSON of the user record, credential fields removed
 * @param attributes {@link UserEventAttributes} names to values
 */
public record UserEventMessage(byte[] data, Map<String, String> attributes) {

  public UserEventMessage {
    attributes = Map.copyOf(attributes);
  }

  public String eventId() {
    return attributes.get(UserEventAttributes.EVENT_ID);
  }
}
