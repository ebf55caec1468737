package io.demostream.control.alerts.rules;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * A rule as stored: its id, a version that grows on every edit, when it was created and last
 * changed, and the last notification failure of its channels (null when the last one succeeded).
 */
public record StoredRule(
    String id,
    long version,
    Instant createdAt,
    Instant updatedAt,
    @JsonUnwrapped AlertRule rule,
    String lastNotificationError) {}
