package io.demostream.control.alerts.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A rule as the API takes it. Optional parts are {@code null} when left out; {@link #normalized()}
 * fills the defaults. {@link RuleValidator} says what is refused and why.
 *
 * @param groupBy {@code country} for one series per country; null for one series
 * @param forWindows consecutive windows in breach before the alert fires (default 1)
 * @param channels the {@code notify} field: channels ({@code pubsub}, {@code webhook}); empty
 *     records transitions only
 * @param minUsers below this many users in a window, ratio and average metrics do not judge it
 * @param earlyPanes whether early panes (partial counts) judge a window too; by default only the
 *     on-time pane does, and late panes revise
 */
public record AlertRule(
    String name,
    Metric metric,
    RuleFilter filter,
    String groupBy,
    Condition condition,
    Integer forWindows,
    Severity severity,
    @JsonProperty("notify") List<String> channels,
    Long minUsers,
    Boolean earlyPanes) {

  public static final String GROUP_BY_COUNTRY = "country";

  /** The rule with its defaults filled in. */
  public AlertRule normalized() {
    return new AlertRule(
        name,
        metric,
        filter,
        groupBy,
        condition,
        forWindows == null ? 1 : forWindows,
        severity == null ? Severity.WARNING : severity,
        channels == null ? List.of() : List.copyOf(channels),
        minUsers == null ? 0L : minUsers,
        earlyPanes != null && earlyPanes);
  }

  public boolean groupedByCountry() {
    return GROUP_BY_COUNTRY.equals(groupBy);
  }
}
