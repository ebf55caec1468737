package io.demostream.control.alerts.rules;

import io.demostream.events.AgeBand;
import io.demostream.support.problem.InvalidRequestException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Refuses a rule that cannot be judged, naming the field at fault ({@code condition.threshold},
 * {@code filter.ageBand}, ...) in a 400 {@code invalid-request} problem.
 */
public final class RuleValidator {

  /** The notification channels a rule may name. */
  public static final Set<String> CHANNELS = Set.of("pubsub", "webhook");

  private static final Set<String> GENDERS = Set.of("male", "female", "other");

  private RuleValidator() {}

  /** The rule with its defaults, or an {@link InvalidRequestException} naming the field. */
  public static AlertRule validate(AlertRule rule) {
    require(rule != null, null, "The request body must be a rule.");
    require(rule.name() != null && !rule.name().isBlank(), "name", "name is required.");
    require(rule.name().length() <= 128, "name", "name must be at most 128 characters.");
    require(rule.metric() != null, "metric", "metric is required.");
    require(rule.condition() != null, "condition", "condition is required.");
    require(
        rule.groupBy() == null || AlertRule.GROUP_BY_COUNTRY.equals(rule.groupBy()),
        "groupBy",
        "groupBy may only be 'country'.");
    require(
        rule.groupBy() == null || rule.filter() == null,
        "groupBy",
        "A rule has a filter or a groupBy, not both.");
    require(
        rule.forWindows() == null || (rule.forWindows() >= 1 && rule.forWindows() <= 1000),
        "forWindows",
        "forWindows must be between 1 and 1000.");
    require(rule.minUsers() == null || rule.minUsers() >= 0, "minUsers", "minUsers must be >= 0.");
    if (rule.channels() != null) {
      for (String channel : rule.channels()) {
        require(
            CHANNELS.contains(channel),
            "notify",
            "Unknown channel '"
                + channel
                + "': use "
                + String.join(", ", CHANNELS.stream().sorted().toList())
                + ".");
      }
    }
    checkFilter(rule);
    checkCondition(rule.condition());
    require(
        !(rule.condition() instanceof Condition.Anomaly)
            || (rule.metric() == Metric.USERS
                && (rule.filter() == null || rule.filter().ageBand() == null)),
        "metric",
        "An 'anomaly' condition judges the users forecast: metric users, filtered by country or"
            + " gender at most.");
    return rule.normalized();
  }

  private static void checkFilter(AlertRule rule) {
    RuleFilter filter = rule.filter();
    Metric metric = rule.metric();
    if (metric == Metric.AGE_BAND_SHARE) {
      require(
          filter != null && filter.ageBand() != null,
          "filter.ageBand",
          "age_band_share needs filter.ageBand.");
    }
    if (filter == null) {
      return;
    }
    if (filter.gender() != null) {
      require(
          GENDERS.contains(filter.gender()), "filter.gender", "gender is male, female or other.");
      require(
          metric != Metric.FEMALE_SHARE && metric != Metric.MALE_SHARE,
          "filter.gender",
          "A gender share cannot be filtered by gender.");
    }
    if (filter.ageBand() != null) {
      List<String> bands = Arrays.stream(AgeBand.values()).map(AgeBand::label).toList();
      require(
          bands.contains(filter.ageBand()),
          "filter.ageBand",
          "ageBand is one of " + String.join(", ", bands) + ".");
      require(
          metric == Metric.USERS || metric == Metric.AGE_BAND_SHARE,
          "filter.ageBand",
          "ageBand filters only users and age_band_share.");
      // The panes count age bands over the whole window, not per country or gender.
      require(
          filter.country() == null && filter.gender() == null,
          "filter.ageBand",
          "ageBand cannot be combined with country or gender.");
    }
    if (metric == Metric.AGE_BAND_SHARE) {
      require(rule.groupBy() == null, "groupBy", "age_band_share cannot be grouped by country.");
    }
  }

  private static void checkCondition(Condition condition) {
    if (condition instanceof Condition.Below below) {
      require(below.threshold() != null, "condition.threshold", "threshold is required.");
      require(
          below.recover() == null || below.recover() >= below.threshold(),
          "condition.recover",
          "recover of a 'below' condition must be at least its threshold.");
    } else if (condition instanceof Condition.Above above) {
      require(above.threshold() != null, "condition.threshold", "threshold is required.");
      require(
          above.recover() == null || above.recover() <= above.threshold(),
          "condition.recover",
          "recover of an 'above' condition must be at most its threshold.");
    } else if (condition instanceof Condition.Outside outside) {
      require(outside.low() != null, "condition.low", "low is required.");
      require(outside.high() != null, "condition.high", "high is required.");
      require(outside.low() < outside.high(), "condition.high", "high must be above low.");
    } else if (condition instanceof Condition.Deviation deviation) {
      require(
          deviation.baselineWindows() != null
              && deviation.baselineWindows() >= 3
              && deviation.baselineWindows() <= 1000,
          "condition.baselineWindows",
          "baselineWindows must be between 3 and 1000.");
      require(
          deviation.z() != null && deviation.z() > 0,
          "condition.z",
          "z must be a positive number.");
    } else if (condition instanceof Condition.Anomaly anomaly) {
      require(
          anomaly.threshold() > 0 && anomaly.threshold() < 1,
          "condition.threshold",
          "threshold of an 'anomaly' condition must be between 0 and 1 (0.99).");
    } else if (condition instanceof Condition.Absent absent) {
      require(
          absent.forDuration() != null
              && absent.forDuration().compareTo(Duration.ofSeconds(1)) >= 0,
          "condition.for",
          "for must be an ISO-8601 duration of at least 1 second (PT2M).");
    }
  }

  private static void require(boolean ok, String field, String detail) {
    if (!ok) {
      throw new InvalidRequestException(field, detail);
    }
  }
}
