package io.demostream.control.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.control.testing.HeadlessChromium;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The users chart's forecast in a real browser: with an hour of 1-minute windows and one spike, the
 * page draws the forecast with its interval ahead of the data, marks the spiked window, and a click
 * on the marker shows the window's value, interval and probability as the anomalies API answers
 * them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"management.server.port=0", "demostream.insights.refresh-interval=2s"})
class DashboardForecastIntegrationTests extends DashboardBrowserTest {

  static final int WINDOWS = 50;
  static final int SPIKE = 30;
  static final long SPIKED_USERS = 4 * (100 + 3 * (SPIKE % 4));

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;

  @Test
  @SuppressWarnings("unchecked")
  void theUsersChartShowsTheForecastAheadAndTheSpikeAsAnAnomalyWithItsDetails() throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant first = now.minus(Duration.ofMinutes(WINDOWS));
    for (int i = 0; i < WINDOWS; i++) {
      long users = (100 + 3L * (i % 4)) * (i == SPIKE ? 4 : 1);
      writeWindow(first.plus(Duration.ofMinutes(i)), users / 2, users - users / 2);
    }
    Instant spike = first.plus(Duration.ofMinutes(SPIKE));

    browser.get("http://localhost:" + port + "/#range=3600");
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(StaleElementReferenceException.class)
        .untilAsserted(
            () ->
                assertThat(browser.findElements(By.cssSelector("#anomaly-list button")))
                    .singleElement()
                    .satisfies(
                        button ->
                            assertThat(button.getText()).endsWith(": " + SPIKED_USERS + " users")));
    assertThat(browser.findElement(By.id("forecast-note")).getText())
        .startsWith("Forecast: local-")
        .endsWith("1 anomalous window shown");

    // The chart as drawn: the forecast and its interval start after the last window, the one
    // anomaly marker sits on the spiked window, the time axis reaches past now.
    Map<?, ?> drawn = (Map<?, ?>) browser.executeScript(CHART_STATE);
    assertThat((List<?>) drawn.get("forecast")).isNotEmpty();
    assertThat(((Number) drawn.get("firstForecast")).longValue())
        .isGreaterThan(now.minus(Duration.ofMinutes(1)).toEpochMilli());
    assertThat((List<Object>) drawn.get("bandBelowAbove")).containsOnly(true);
    assertThat(((Number) drawn.get("anomalyX")).longValue()).isEqualTo(spike.toEpochMilli());
    assertThat(((Number) drawn.get("axisMax")).longValue()).isGreaterThan(now.toEpochMilli());

    // A click on the marker shows what the API says of that window.
    Map<?, ?> row = flaggedRow(first, now);
    new Actions(browser)
        .moveToElement(
            browser.findElement(By.id("users-chart")),
            ((Number) drawn.get("markerOffsetX")).intValue(),
            ((Number) drawn.get("markerOffsetY")).intValue())
        .click()
        .perform();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(browser.findElement(By.id("anomaly-detail")).isDisplayed()).isTrue());
    String detail = browser.findElement(By.id("anomaly-detail")).getText();
    assertThat(detail)
        .contains(": " + SPIKED_USERS + " users;")
        .contains(
            "expected "
                + Math.round(((Number) row.get("lower")).doubleValue())
                + " to "
                + Math.round(((Number) row.get("upper")).doubleValue()))
        .contains(
            String.format(
                "anomaly probability %.2f %%",
                100 * ((Number) row.get("probability")).doubleValue()));
    HeadlessChromium.assertNoUndefinedOrNaN(browser);
    HeadlessChromium.screenshot(browser, "dashboard-forecast.png");
    assertThat(HeadlessChromium.consoleWarnings(browser)).as("browser console errors").isEmpty();
  }

  /**
   * The chart's datasets as Chart.js holds them, and the marker's offset from the canvas centre.
   */
  static final String CHART_STATE =
      """
      const canvas = document.getElementById('users-chart');
      const chart = Chart.getChart(canvas);
      const byLabel = (label) => chart.data.datasets.findIndex((d) => d.label === label);
      const forecast = chart.data.datasets[byLabel('Forecast')].data;
      const lower = chart.data.datasets[byLabel('Forecast lower')].data;
      const upper = chart.data.datasets[byLabel('Forecast interval')].data;
      const anomalies = byLabel('Anomaly');
      const marker = chart.getDatasetMeta(anomalies).data[0];
      const box = canvas.getBoundingClientRect();
      return {
        forecast: forecast.map((p) => p.y),
        firstForecast: forecast.length ? forecast[0].x : 0,
        bandBelowAbove: forecast.map((p, i) => lower[i].y <= p.y && p.y <= upper[i].y),
        anomalyX: chart.data.datasets[anomalies].data[0].x,
        axisMax: chart.options.scales.x.max,
        markerOffsetX: Math.round(marker.x - box.width / 2),
        markerOffsetY: Math.round(marker.y - box.height / 2),
      };
      """;

  private Map<?, ?> flaggedRow(Instant from, Instant to) {
    Map<?, ?> answer =
        rest.getForObject(
            "/api/v1/insights/anomalies?metric=users&from=" + from + "&to=" + to, Map.class);
    return ((List<?>) answer.get("rows"))
        .stream()
            .map(Map.class::cast)
            .filter(r -> Boolean.TRUE.equals(r.get("anomaly")))
            .findFirst()
            .orElseThrow();
  }

  private void writeWindow(Instant start, long male, long female) {
    String from = start.toString();
    String to = start.plus(Duration.ofMinutes(1)).toString();
    warehouse
        .summary(from, to, "ON_TIME", 0, male, female, 0, 36.5, 7.25)
        .countryGender(from, to, "ON_TIME", 0, "Brazil", "male", male, 35.0, 7.0)
        .countryGender(from, to, "ON_TIME", 0, "Brazil", "female", female, 36.0, 7.0)
        .ageBand(from, to, "ON_TIME", 0, "25-34", male + female);
  }
}
