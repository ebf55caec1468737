package io.demostream.control.insights;

/**
 * The fixed rows the repository and service tests share, as the pipeline would have written them on
 * 2026-12-01:
 *
 * <ul>
 *   <li>A fixed-window job, 1-minute windows. 10:00 has an early pane (3 users) replaced by its
 *       on-time pane (5 users); 10:01 has an on-time pane (4) that a late pane raises to 6; 10:05
 *       has one pane (2). Latest panes: 5 + 6 + 2 = 13 users, ages weighted (5×30 + 6×42 + 2×20) /
 *       13 = 34, where the average of averages would be 30.67.
 *   <li>A sliding-window job at 11:00, 2-minute windows every minute: three users at 11:00:30,
 *       11:01:30 and 11:02:30 (a man of 30, women of 40 and 45), each in two windows. The windows
 *       hold 1, 2, 2, 1 users (6), the tiling windows 11:00 and 11:02 hold 2 + 1 = 3: the users
 *       that were really there.
 * </ul>
 */
final class InsightsFixture {

  private InsightsFixture() {}

  static void write(InsightsWarehouse warehouse) {
    warehouse
        .incarnation("job-fixed")
        // Fixed windows: the summary.
        .summary("10:00", "10:01", "EARLY", 0, 1, 2, 0, 28.0, 4.0)
        .summary("10:00", "10:01", "ON_TIME", 1, 2, 3, 0, 30.0, 5.0)
        .summary("10:01", "10:02", "ON_TIME", 0, 4, 0, 0, 40.0, 10.0)
        .summary("10:01", "10:02", "LATE", 1, 4, 1, 1, 42.0, 8.5)
        .summary("10:05", "10:06", "ON_TIME", 0, 2, 0, 0, 20.0, 2.0)
        // Fixed windows: by country and gender, each key with its own panes.
        .countryGender("10:00", "10:01", "EARLY", 0, "Brazil", "female", 1, 20.0, 1.0)
        .countryGender("10:00", "10:01", "ON_TIME", 1, "Brazil", "female", 3, 30.0, 5.0)
        .countryGender("10:00", "10:01", "ON_TIME", 0, "Brazil", "male", 2, 30.0, 5.0)
        .countryGender("10:01", "10:02", "ON_TIME", 0, "France", "male", 4, 40.0, 10.0)
        .countryGender("10:01", "10:02", "LATE", 0, "Brazil", "female", 1, 50.0, 4.0)
        .countryGender("10:01", "10:02", "LATE", 0, "France", "other", 1, 60.0, 2.0)
        .countryGender("10:05", "10:06", "ON_TIME", 0, "Brazil", "male", 2, 20.0, 2.0)
        // Fixed windows: by age band.
        .ageBand("10:00", "10:01", "EARLY", 0, "25-34", 3)
        .ageBand("10:00", "10:01", "ON_TIME", 1, "25-34", 5)
        .ageBand("10:01", "10:02", "ON_TIME", 0, "35-44", 4)
        .ageBand("10:01", "10:02", "LATE", 1, "35-44", 5)
        .ageBand("10:01", "10:02", "LATE", 0, "55-64", 1)
        .ageBand("10:05", "10:06", "ON_TIME", 0, "18-24", 2)
        // Sliding windows, 2 minutes every minute.
        .incarnation("job-sliding")
        .summary("10:59", "11:01", "ON_TIME", 0, 1, 0, 0, 30.0, 3.0)
        .summary("11:00", "11:02", "ON_TIME", 0, 1, 1, 0, 35.0, 3.0)
        .summary("11:01", "11:03", "ON_TIME", 0, 0, 2, 0, 42.5, 3.0)
        .summary("11:02", "11:04", "ON_TIME", 0, 0, 1, 0, 45.0, 3.0)
        .countryGender("10:59", "11:01", "ON_TIME", 0, "Spain", "male", 1, 30.0, 3.0)
        .countryGender("11:00", "11:02", "ON_TIME", 0, "Spain", "male", 1, 30.0, 3.0)
        .countryGender("11:00", "11:02", "ON_TIME", 0, "Spain", "female", 1, 40.0, 3.0)
        .countryGender("11:01", "11:03", "ON_TIME", 0, "Spain", "female", 2, 42.5, 3.0)
        .countryGender("11:02", "11:04", "ON_TIME", 0, "Spain", "female", 1, 45.0, 3.0)
        .ageBand("10:59", "11:01", "ON_TIME", 0, "25-34", 1)
        .ageBand("11:00", "11:02", "ON_TIME", 0, "25-34", 1)
        .ageBand("11:00", "11:02", "ON_TIME", 0, "35-44", 1)
        .ageBand("11:01", "11:03", "ON_TIME", 0, "35-44", 1)
        .ageBand("11:01", "11:03", "ON_TIME", 0, "45-54", 1)
        .ageBand("11:02", "11:04", "ON_TIME", 0, "45-54", 1)
        // Two runs into one window: run 1 ...
        .incarnation("run-1")
        .summary("10:20", "10:21", "EARLY", 0, 1, 0, 0, 30.0, 3.0)
        .summary("10:20", "10:21", "ON_TIME", 1, 2, 1, 0, 30.0, 3.0)
        .countryGender("10:20", "10:21", "EARLY", 0, "Spain", "male", 1, 30.0, 3.0)
        .countryGender("10:20", "10:21", "ON_TIME", 1, "Spain", "male", 2, 30.0, 3.0)
        .countryGender("10:20", "10:21", "ON_TIME", 0, "Spain", "female", 1, 30.0, 3.0)
        .ageBand("10:20", "10:21", "EARLY", 0, "25-34", 1)
        .ageBand("10:20", "10:21", "ON_TIME", 1, "25-34", 3)
        // ... then run 2, whose pane indexes start from 0 again.
        .incarnation("run-2")
        .summary("10:20", "10:21", "ON_TIME", 0, 1, 3, 0, 40.0, 5.0)
        .countryGender("10:20", "10:21", "ON_TIME", 0, "Spain", "male", 1, 40.0, 5.0)
        .countryGender("10:20", "10:21", "ON_TIME", 0, "Spain", "female", 3, 40.0, 5.0)
        .ageBand("10:20", "10:21", "ON_TIME", 0, "35-44", 4);
  }
}
