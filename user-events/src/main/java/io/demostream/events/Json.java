package io.demostream.events;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The contract's one {@link ObjectMapper}: thread-safe once configured, and costly to create. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}
}
