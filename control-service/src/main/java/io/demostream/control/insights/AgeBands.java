package io.demostream.control.insights;

import java.util.List;

/** {@code GET /api/v1/insights/age-bands}: users per age band, every band, youngest first. */
public record AgeBands(List<Row> rows) {

  public record Row(String ageBand, long users) {}
}
