package io.demostream.ingest.source;

/**
 * What a replay run reads and how fast.
 *
 * @param file a local path, or {@code gs://bucket/object}
 * @param format how the file is written
 * @param usersPerSecond the publish rate; null publishes as fast as the topic takes them (bounded
 *     by {@code demostream.ingest.publish.max-in-flight})
 */
public record ReplaySettings(String file, ReplayFormat format, Integer usersPerSecond) {}
