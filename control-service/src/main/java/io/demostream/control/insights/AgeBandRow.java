package io.demostream.control.insights;

/** Users in one age band over the tiling windows of a range. */
public record AgeBandRow(String ageBand, long users) {}
