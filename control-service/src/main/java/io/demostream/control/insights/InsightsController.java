package io.demostream.control.insights;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The insights over REST, read-only. {@code from} and {@code to} are RFC 3339 instants selecting
 * the windows that start in {@code [from, to)}; by default the last 24 hours. Open without a token
 * while {@code demostream.security.open-reads} is true.
 */
@RestController
@RequestMapping("/api/v1/insights")
class InsightsController {

  private final InsightsService insights;

  InsightsController(InsightsService insights) {
    this.insights = insights;
  }

  @GetMapping("/summary")
  Summary summary(
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return insights.summary(insights.range(from, to));
  }

  @GetMapping("/running-total")
  RunningTotal runningTotal(
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return insights.runningTotal(insights.range(from, to));
  }

  @GetMapping("/gender")
  GenderDistribution gender(
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return insights.gender(insights.range(from, to));
  }

  /**
   * @param by {@code country}, {@code gender} or {@code country,gender} (the default)
   */
  @GetMapping("/age")
  AgeBreakdown age(
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "country,gender") String by) {
    AgeGrouping grouping = AgeGrouping.parse(by);
    return insights.age(insights.range(from, to), grouping);
  }

  @GetMapping("/age-bands")
  AgeBands ageBands(
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return insights.ageBands(insights.range(from, to));
  }
}
