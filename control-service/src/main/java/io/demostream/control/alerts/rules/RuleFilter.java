package io.demostream.control.alerts.rules;

/**
 * Which users a rule's single series counts; every part optional.
 *
 * @param country a country as the pipeline writes it ({@code France})
 * @param gender {@code male}, {@code female} or {@code other}
 * @param ageBand an age band ({@code 25-34}); only for {@code users} and {@code age_band_share}
 */
public record RuleFilter(String country, String gender, String ageBand) {}
