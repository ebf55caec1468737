package io.demostream.control.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.demostream.control.alerts.evaluation.AlertEvaluator;
import io.demostream.control.testing.HeadlessChromium;
import io.demostream.events.panes.WindowPaneMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The dashboard as a user sees it: the running service on a random port with an H2 warehouse this
 * test fills, in headless Chromium (Debian's {@code /usr/bin/chromium} and {@code
 * /usr/bin/chromedriver}; skipped with the reason when either is missing). The page loads without
 * console errors, shows how to start a run while the warehouse is empty, then the total the API
 * answers, follows new rows without a reload, and leaves screenshots in {@code target/}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "demostream.insights.refresh-interval=2s",
      "demostream.security.api-token=dashboard-token"
    })
class DashboardIntegrationTests extends DashboardBrowserTest {

  @LocalServerPort int port;
  @Autowired TestRestTemplate rest;
  @Autowired AlertEvaluator alerts;

  @Test
  void pageShowsTheApiTotalAndFollowsNewRows() throws IOException {

    // No rows yet: the page tells how to start a run.
    browser.get("http://localhost:" + port + "/");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(browser.findElement(By.id("empty")).isDisplayed()).isTrue());
    assertThat(browser.findElement(By.id("empty")).getText()).contains("/api/v1/runs");
    assertThat(browser.findElement(By.id("total-users")).getText()).isEqualTo("0");
    assertNoUndefinedOrNaN();
    screenshot("dashboard-empty.png");

    Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    writeWindow(minute.minus(Duration.ofMinutes(3)), 40, 35);
    writeWindow(minute.minus(Duration.ofMinutes(2)), 55, 45);
    long total = apiTotal();
    assertThat(total).isEqualTo(175);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(shownTotal()).isEqualTo(total));
    assertThat(browser.findElement(By.id("empty")).isDisplayed()).isFalse();
    assertThat(browser.findElements(By.cssSelector("#age-table tbody tr"))).hasSize(4);
    assertThat(browser.findElement(By.id("freshness")).getText()).startsWith("updated ");
    // Two windows are too few to forecast: the page says how many it needs, not an error.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(browser.findElement(By.id("forecast-note")).getText())
                    .startsWith("Forecast: A forecast needs at least 12 windows of history"));
    assertNoUndefinedOrNaN();
    screenshot("dashboard.png");

    writeWindow(minute.minus(Duration.ofMinutes(1)), 60, 61);
    long updated = apiTotal();
    assertThat(updated).isEqualTo(296);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(shownTotal()).isEqualTo(updated));
    assertNoUndefinedOrNaN();
    screenshot("dashboard-updated.png");

    // An alert rule fires on a pane: the strip shows it without a reload.
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    headers.setBearerAuth("dashboard-token");
    assertThat(
            rest.postForEntity(
                    "/api/v1/alert-rules",
                    new HttpEntity<>(
                        "{\"name\":\"dashboard-drop\",\"metric\":\"users\",\"condition\":"
                            + "{\"type\":\"below\",\"threshold\":50},\"severity\":\"critical\"}",
                        headers),
                    Map.class)
                .getStatusCode()
                .value())
        .isEqualTo(201);
    long windowStart = minute.toEpochMilli();
    alerts.onPane(
        new WindowPaneMessage(
            "dashboard",
            windowStart,
            windowStart + 60_000,
            "ON_TIME",
            0,
            System.currentTimeMillis(),
            List.of(new WindowPaneMessage.Cell("France", "male", 7, 250.0, 30.0)),
            List.of()));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(browser.findElements(By.cssSelector("#alert-list li.alert-firing")))
                    .singleElement()
                    .satisfies(
                        item ->
                            assertThat(item.getText())
                                .isEqualTo("dashboard-drop firing (critical) users all = 7")));
    assertNoUndefinedOrNaN();
    screenshot("dashboard-alert.png");
    opensOnTheDataAndRestoresTheRangeFromTheUrl(minute.minus(Duration.ofMinutes(3)));

    assertThat(HeadlessChromium.consoleWarnings(browser)).as("browser console errors").isEmpty();
  }

  /**
   * The default range spans the data (three minutes of windows are not a sliver of 24 hours); a
   * range button's choice goes into the URL, and opening that URL shows the same range again.
   */
  private void opensOnTheDataAndRestoresTheRangeFromTheUrl(Instant firstWindow) {
    String page = "http://localhost:" + port + "/";
    assertThat(activeRange()).isEqualTo("fit");
    Instant[] shown = shownRange();
    assertThat(shown[0]).isBeforeOrEqualTo(firstWindow).isAfter(firstWindow.minusSeconds(600));
    assertThat(Duration.between(shown[0], shown[1])).isLessThan(Duration.ofMinutes(15));

    browser.findElement(By.cssSelector(".range-buttons button[data-range='3600']")).click();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(Duration.between(shownRange()[0], shownRange()[1])).hasHours(1));
    assertThat(browser.getCurrentUrl()).endsWith("#range=3600");

    // A link opens on the range it names: a fixed span, then a custom range.
    browser.get("about:blank");
    browser.get(page + "#range=21600");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(Duration.between(shownRange()[0], shownRange()[1])).hasHours(6));
    assertThat(activeRange()).isEqualTo("21600");
    assertThat(shownTotal()).isEqualTo(apiTotal());

    Instant from = firstWindow.minus(Duration.ofMinutes(10));
    Instant to = firstWindow.plus(Duration.ofMinutes(20));
    browser.get("about:blank");
    browser.get(page + "#from=" + from + "&to=" + to);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(shownRange()).containsExactly(from, to));
    assertThat(activeRange()).isEqualTo("custom");
    assertThat(browser.findElement(By.id("custom-range")).isDisplayed()).isTrue();

    browser.findElement(By.cssSelector(".range-buttons button[data-range='fit']")).click();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(shownRange()[0]).isBeforeOrEqualTo(firstWindow));
    assertThat(browser.getCurrentUrl()).endsWith("#range=fit");
  }

  private String activeRange() {
    return browser
        .findElement(By.cssSelector(".range-buttons button.active"))
        .getDomAttribute("data-range");
  }

  /** The users chart's time axis, as the page states it on the canvas. */
  private Instant[] shownRange() {
    var canvas = browser.findElement(By.id("users-chart"));
    return new Instant[] {
      Instant.parse(canvas.getDomAttribute("data-from")),
      Instant.parse(canvas.getDomAttribute("data-to"))
    };
  }

  /** One minute window: a man and a woman group in Brazil and France, all in one pane. */
  private void writeWindow(Instant start, long male, long female) {
    String from = start.toString();
    String to = start.plus(Duration.ofMinutes(1)).toString();
    warehouse
        .summary(from, to, "ON_TIME", 0, male, female, 0, 36.5, 7.25)
        .countryGender(from, to, "ON_TIME", 0, "Brazil", "male", male / 2, 35.0, 7.0)
        .countryGender(from, to, "ON_TIME", 0, "France", "male", male - male / 2, 38.0, 7.5)
        .countryGender(from, to, "ON_TIME", 0, "Brazil", "female", female / 2, 36.0, 7.0)
        .countryGender(from, to, "ON_TIME", 0, "France", "female", female - female / 2, 37.0, 7.5)
        .ageBand(from, to, "ON_TIME", 0, "25-34", male)
        .ageBand(from, to, "ON_TIME", 0, "35-44", female);
  }

  private long apiTotal() {
    Map<?, ?> summary = rest.getForObject("/api/v1/insights/summary", Map.class);
    return ((Number) summary.get("totalUsers")).longValue();
  }

  private long shownTotal() {
    String text = browser.findElement(By.id("total-users")).getText().replaceAll("[^0-9]", "");
    return text.isEmpty() ? -1 : Long.parseLong(text);
  }

  private void assertNoUndefinedOrNaN() {
    HeadlessChromium.assertNoUndefinedOrNaN(browser);
  }

  private void screenshot(String name) throws IOException {
    HeadlessChromium.screenshot(browser, name);
  }
}
