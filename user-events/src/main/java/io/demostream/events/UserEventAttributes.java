package io.demostream.events;

/** Names and fixed values of the Pub/Sub message attributes defined by the contract. */
public final class UserEventAttributes {

  /**
   * RFC 3339 UTC with milliseconds: when ingest observed the record. The pipeline's timestamp
   * attribute.
   */
  public static final String EVENT_TIME = "event_time";

  /**
   * {@code login.uuid} when present, else a random UUID. The pipeline's deduplication id attribute.
   */
  public static final String EVENT_ID = "event_id";

  /**
   * Version of the {@code data} layout; {@link #CURRENT_SCHEMA_VERSION} for everything published
   * now.
   */
  public static final String SCHEMA_VERSION = "schema_version";

  /** Where the record came from: a {@link EventSource#wireName()}. */
  public static final String SOURCE = "source";

  public static final String CURRENT_SCHEMA_VERSION = "1";

  private UserEventAttributes() {}
}
