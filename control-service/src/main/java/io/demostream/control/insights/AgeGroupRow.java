package io.demostream.control.insights;

/**
 * Users of one country, gender or country and gender, over the tiling windows of a range, with
 * their age sums so that averages are weighted by users.
 *
 * @param country null unless grouped by country
 * @param gender null unless grouped by gender
 * @param ageSum sum over windows of {@code avg_age × users}
 * @param registeredAgeSum sum over windows of {@code avg_registered_age × users}
 */
public record AgeGroupRow(
    String country, String gender, long users, double ageSum, double registeredAgeSum) {}
