package io.demostream.control.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}) for the
 * dashboard's browser tests; a test is skipped with the reason when either is missing.
 */
public final class HeadlessChromium {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** A browser with a fresh profile and the console log kept; quit it after the tests. */
  public static ChromeDriver start() {
    String missing =
        !Files.isExecutable(CHROMIUM)
            ? CHROMIUM.toString()
            : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER.toString() : null;
    if (missing != null) {
      System.out.println(
          "[dashboard] skipped: "
              + missing
              + " is missing (apt-get install chromium chromium-driver; .ci/run installs them)");
    }
    Assumptions.assumeTrue(missing == null, missing + " is missing");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--user-data-dir=" + tempDir("dashboard-chromium"),
        "--window-size=1440,1400",
        "--lang=en-US");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** The page shows no "undefined" nor "NaN". */
  public static void assertNoUndefinedOrNaN(ChromeDriver browser) {
    String page = browser.findElement(By.tagName("body")).getText();
    assertThat(page).doesNotContain("undefined").doesNotContain("NaN");
  }

  /**
   * The console's warnings and errors so far, but Chromium's "Failed to load resource" of a 409
   * from the forecast API: its documented answer to too little history, which the page shows as a
   * note (the browser logs every answer above 399, handled or not).
   */
  public static List<LogEntry> consoleWarnings(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
        .filter(entry -> !SHORT_HISTORY.matcher(entry.getMessage()).find())
        .toList();
  }

  private static final Pattern SHORT_HISTORY =
      Pattern.compile(
          "/api/v1/insights/(forecast|anomalies)\\?\\S* - Failed to load resource: the server"
              + " responded with a status of 409");

  /** A screenshot in {@code target/name}. */
  public static void screenshot(ChromeDriver browser, String name) throws IOException {
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    System.out.println("[dashboard] screenshot " + target.toAbsolutePath());
  }

  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
