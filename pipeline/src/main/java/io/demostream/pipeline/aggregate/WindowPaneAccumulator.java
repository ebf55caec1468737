package io.demostream.pipeline.aggregate;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every cell of one window: users and age sums per country and gender, users per age band. Sums,
 * not averages, so that accumulators merge by addition.
 */
final class WindowPaneAccumulator implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Per {@code country + '\u0000' + gender}: users, age sum, registration age sum. */
  final TreeMap<String, double[]> cells = new TreeMap<>();

  final TreeMap<String, Long> ageBands = new TreeMap<>();

  void add(String country, String gender, int age, int registeredAge, String ageBand) {
    double[] cell = cells.computeIfAbsent(country + '\u0000' + gender, k -> new double[3]);
    cell[0] += 1;
    cell[1] += age;
    cell[2] += registeredAge;
    ageBands.merge(ageBand, 1L, Long::sum);
  }

  void merge(WindowPaneAccumulator other) {
    for (Map.Entry<String, double[]> e : other.cells.entrySet()) {
      double[] cell = cells.computeIfAbsent(e.getKey(), k -> new double[3]);
      for (int i = 0; i < 3; i++) {
        cell[i] += e.getValue()[i];
      }
    }
    other.ageBands.forEach((band, users) -> ageBands.merge(band, users, Long::sum));
  }

  long users() {
    return ageBands.values().stream().mapToLong(Long::longValue).sum();
  }
}
