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
   * Opens the header's 页面 Pages menu (every page's: page-header.js), where the links to the other
   * pages are when the header is too crowded to list them beside the title, as a user would before
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
   * The one wait of the browser tests: until a condition holds, at most {@code timeout}, asking
   * again when the element it looked at was replaced meanwhile (a list drawn again between finding
   * an element and reading it: StaleElementReferenceException, which WebDriverWait does not ignore
   * by itself and which failed HomeBrowserTest once on a loaded machine).
   */
  public static org.openqa.selenium.support.ui.WebDriverWait waiting(
      WebDriver browser, java.time.Duration timeout) {
    org.openqa.selenium.support.ui.WebDriverWait waiting =
        new org.openqa.selenium.support.ui.WebDriverWait(browser, timeout);
    waiting.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return waiting;
  }

  /**
   * Logs in as a person does: the login dialog opened by the button {@code opener} (the header's
   * {@code login-button}, or a page's {@code login-required-button}), the user name and password
   * typed, sent; then waits until the header's badge shows the role.
   */
  public static void logIn(
      WebDriver browser, String opener, String user, String password, String role) {
    org.openqa.selenium.support.ui.WebDriverWait waiting =
        waiting(browser, java.time.Duration.ofSeconds(40));
    waiting
        .until(
            org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
                org.openqa.selenium.By.id(opener)))
        .click();
    org.openqa.selenium.WebElement dialog =
        waiting.until(
            org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                org.openqa.selenium.By.id("login-dialog")));
    dialog.findElement(org.openqa.selenium.By.name("username")).sendKeys(user);
    dialog.findElement(org.openqa.selenium.By.name("password")).sendKeys(password);
    dialog.findElement(org.openqa.selenium.By.cssSelector("button[type='submit']")).click();
    waiting.until(
        org.openqa.selenium.support.ui.ExpectedConditions.attributeToBe(
            org.openqa.selenium.By.id("user-badge"), "data-role", role));
  }

  /**
   * Clicks the map page's map ({@code #map}, {@code window.redline.map}) at a point (lon, lat),
   * shifted by (dx, dy) pixels (dy down), as a person's mouse does: moves onto it, pauses, clicks.
   */
  public static void clickMapAt(ChromeDriver browser, double lon, double lat, int dx, int dy) {
    pointMapAt(browser, "map", "window.redline.map", lon, lat, dx, dy).click().perform();
  }

  /**
   * The mouse moved onto a point (lon, lat) of any Leaflet map of the page (its element's id, and
   * the script that names its map, e.g. {@code window.efficiency.map}), shifted by (dx, dy) pixels
   * (dy down), then a pause: perform it to hover, or add a click.
   */
  public static org.openqa.selenium.interactions.Actions pointMapAt(
      ChromeDriver browser,
      String mapId,
      String mapScript,
      double lon,
      double lat,
      int dx,
      int dy) {
    org.openqa.selenium.WebElement map = browser.findElement(org.openqa.selenium.By.id(mapId));
    @SuppressWarnings("unchecked")
    Map<String, Number> point =
        (Map<String, Number>)
            browser.executeScript(
                "const p = "
                    + mapScript
                    + ".latLngToContainerPoint([arguments[0], arguments[1]]);"
                    + "return {x: p.x, y: p.y};",
                lat,
                lon);
    // Actions measure from the element's centre
    int x = (int) Math.round(point.get("x").doubleValue() - map.getSize().getWidth() / 2.0) + dx;
    int y = (int) Math.round(point.get("y").doubleValue() - map.getSize().getHeight() / 2.0) + dy;
    return new org.openqa.selenium.interactions.Actions(browser)
        .moveToElement(map, x, y)
        .pause(Duration.ofMillis(80));
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
