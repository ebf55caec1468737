package io.demostream.ingest.ingestion;

/**
 * Counts of the current or last run. At rest ({@code STOPPED}, not while {@code STOPPING}), {@code
 * usersFetched == messagesPublished + publishFailures}: every user accepted from the source has a
 * publish outcome.
 *
 * @param requests HTTP requests sent to the API, retries included (0 for the synthetic source)
 * @param usersFetched valid users accepted from the source, each handed to the publisher
 * @param messagesPublished publishes acknowledged by Pub/Sub
 * @param publishFailures publishes the Pub/Sub client gave up on after its retries; when its last
 *     error was ambiguous (a deadline, an unavailable server) the message may still be on the topic
 * @param invalidRecords records that failed validation, plus whole malformed responses
 */
public record IngestionCounts(
    long requests,
    long usersFetched,
    long messagesPublished,
    long publishFailures,
    long invalidRecords) {

  public static final IngestionCounts ZERO = new IngestionCounts(0, 0, 0, 0, 0);
}
