package io.demostream.control.alerts.engine;

import io.demostream.control.alerts.rules.AlertRule;
import io.demostream.control.alerts.rules.Metric;
import io.demostream.control.alerts.rules.RuleFilter;
import io.demostream.events.panes.WindowPaneMessage;
import io.demostream.events.panes.WindowPaneMessage.Cell;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A rule's metric per series in one pane. A pane holds every cell of its window, so a series the
 * pane lacks had no users: {@code users} is 0 there, ratios and averages are not judged.
 */
public final class Measurements {

  /** The key of a rule's one series when it is not grouped. */
  public static final String ALL = "all";

  private Measurements() {}

  public static String countryKey(String country) {
    return "country=" + country;
  }

  /**
   * The rule's series in the pane: {@link #ALL}, or with {@code groupBy=country} every country of
   * the pane and every one already known from earlier windows.
   */
  public static Map<String, Measurement> of(
      AlertRule rule, WindowPaneMessage pane, Collection<String> knownSeries) {
    Map<String, Measurement> result = new TreeMap<>();
    if (!rule.groupedByCountry()) {
      result.put(ALL, measure(rule, pane, cell -> true));
      return result;
    }
    TreeSet<String> keys = new TreeSet<>(knownSeries);
    pane.cells().forEach(cell -> keys.add(countryKey(cell.country())));
    for (String key : keys) {
      String country = key.substring("country=".length());
      result.put(key, measure(rule, pane, cell -> country.equals(cell.country())));
    }
    return result;
  }

  private static Measurement measure(
      AlertRule rule, WindowPaneMessage pane, Predicate<Cell> series) {
    RuleFilter filter = rule.filter();
    Metric metric = rule.metric();
    if (filter != null && filter.ageBand() != null) {
      long band = bandUsers(pane, filter.ageBand());
      if (metric == Metric.USERS) {
        return new Measurement((double) band, band);
      }
      long all = pane.ageBands().stream().mapToLong(WindowPaneMessage.AgeBandCell::users).sum();
      return ratio(rule, band, all);
    }
    List<Cell> cells =
        pane.cells().stream().filter(series).filter(cell -> matches(filter, cell)).toList();
    long users = cells.stream().mapToLong(Cell::users).sum();
    return switch (metric) {
      case USERS -> new Measurement((double) users, users);
      case FEMALE_SHARE -> ratio(rule, genderUsers(cells, "female"), users);
      case MALE_SHARE -> ratio(rule, genderUsers(cells, "male"), users);
      case AVG_AGE -> average(rule, cells.stream().mapToDouble(Cell::ageSum).sum(), users);
      case AVG_REGISTERED_AGE ->
          average(rule, cells.stream().mapToDouble(Cell::registeredAgeSum).sum(), users);
      case AGE_BAND_SHARE -> new Measurement(null, users);
    };
  }

  private static boolean matches(RuleFilter filter, Cell cell) {
    return filter == null
        || ((filter.country() == null || filter.country().equals(cell.country()))
            && (filter.gender() == null || filter.gender().equals(cell.gender())));
  }

  private static long genderUsers(List<Cell> cells, String gender) {
    return cells.stream().filter(c -> gender.equals(c.gender())).mapToLong(Cell::users).sum();
  }

  private static long bandUsers(WindowPaneMessage pane, String band) {
    return pane.ageBands().stream()
        .filter(b -> band.equals(b.ageBand()))
        .mapToLong(WindowPaneMessage.AgeBandCell::users)
        .sum();
  }

  private static Measurement ratio(AlertRule rule, long part, long whole) {
    if (whole == 0 || whole < minUsers(rule)) {
      return new Measurement(null, whole);
    }
    return new Measurement((double) part / whole, whole);
  }

  private static Measurement average(AlertRule rule, double sum, long users) {
    if (users == 0 || users < minUsers(rule)) {
      return new Measurement(null, users);
    }
    return new Measurement(sum / users, users);
  }

  private static long minUsers(AlertRule rule) {
    return rule.minUsers() == null ? 0 : rule.minUsers();
  }
}
