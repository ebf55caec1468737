package io.demostream.control.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /api/v1/insights/age}: average age and registration age per country, gender or both,
 * weighted by users; rows with the most users first.
 */
public record AgeBreakdown(String by, List<Row> rows) {

  /**
   * @param country absent unless grouped by country
   * @param gender absent unless grouped by gender
   * @param avgAge years, weighted by users
   * @param avgRegisteredAge years since registration, weighted by users
   */
  public record Row(
      @JsonInclude(JsonInclude.Include.NON_NULL) String country,
      @JsonInclude(JsonInclude.Include.NON_NULL) String gender,
      long users,
      double avgAge,
      double avgRegisteredAge) {}
}
