package cn.foshan.redline;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A real browser for the tests: Debian's Chromium, headless, driven through its chromedriver. No
 * browser is downloaded; both come from the system packages ./redline test installs. The browser
 * keeps its console for the tests to read (a Content-Security-Policy violation is reported there).
 */
public final class Browser {

  private Browser() {}

  static ChromeDriver start() {
    String binary = System.getenv().getOrDefault("REDLINE_CHROMIUM", "/usr/bin/chromium");
    String driver = System.getenv().getOrDefault("REDLINE_CHROMEDRIVER", "/usr/bin/chromedriver");
    if (!new File(binary).canExecute() || !new File(driver).canExecute()) {
      throw new IllegalStateException(
          "The browser tests need Debian's chromium and chromium-driver ("
              + binary
              + ", "
              + driver
              + "); ./redline test installs them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1400,900");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driver))
            .usingAnyFreePort()
            .build();
    ChromeDriver browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return browser;
  }

  /**
   * Opens the map page's 页面 Pages menu (other pages have none), where the links to the other pages
   * are on a screen too narrow to list them in the header (below 1600 px), as a user would before
   * following one.
   */
  public static void openPagesMenu(WebDriver browser) {
    for (org.openqa.selenium.WebElement toggle :
        browser.findElements(org.openqa.selenium.By.id("pages-toggle"))) {
      if (toggle.isDisplayed() && !"true".equals(toggle.getAttribute("aria-expanded"))) {
        toggle.click();
      }
    }
  }

  /**
   * The messages of the browser's console since the last call that mention a Content Security
   * Policy: what the browser refused (a script, an inline handler, a style…) and why.
   */
  public static List<String> cspViolations(WebDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Content Security Policy"))
        .toList();
  }
}
