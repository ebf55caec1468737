package io.demostream.control.insights;

import io.demostream.control.testing.HeadlessChromium;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A dashboard test: the running service (a {@code @SpringBootTest} on a random port in the
 * subclass) over an in-memory H2 warehouse of its own that the test fills, and headless Chromium.
 */
abstract class DashboardBrowserTest {

  static ChromeDriver browser;

  @Value("${demostream.warehouse.jdbc-url}")
  String warehouseUrl;

  InsightsWarehouse warehouse;

  @DynamicPropertySource
  static void warehouseOfItsOwn(DynamicPropertyRegistry registry) {
    // Once per test class's context: each class gets its own database and data folder.
    String url = "jdbc:h2:mem:dashboard-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    String dataDir = HeadlessChromium.tempDir("dashboard-data").toString();
    registry.add("demostream.warehouse.jdbc-url", () -> url);
    registry.add("demostream.local.data-dir", () -> dataDir);
  }

  @BeforeAll
  static void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  @BeforeEach
  void openWarehouse() {
    warehouse = InsightsWarehouse.onUrl(warehouseUrl);
  }

  @AfterEach
  void closeWarehouse() {
    warehouse.close();
  }
}
