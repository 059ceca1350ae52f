package cn.foshan.redline.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every text of every page reads at WCAG 2's 4.5:1 (3:1 when large) against what it is drawn on,
 * for a visitor, for the bureau (who sees the editing and ledger controls) and for a district
 * officer (the inbox open, their 达标说明), at 1366 × 768: the contrast measured in the real browser
 * from the computed colours (web/contrast.js), so a badge in a map colour, a muted English gloss or
 * a stylesheet that stopped applying is caught. It found, at its first run: grade and stage badges
 * in white on light map colours (1.97–3.48), the quota badges (2.25–3.06), the muted English
 * glosses (4.00–4.46), greyed legend titles (2.54) and the audit page's CSV button, white on white
 * (a lost "}" had nested every later rule of app.css).
 */
@WithBrowser
class ContrastBrowserTest extends EditingTest {

  private static final List<String> PAGES =
      List.of(
          "/",
          "/efficiency.html",
          "/efficiency-summary.html",
          "/reserve.html",
          "/factories.html",
          "/renovation.html",
          "/idle-land.html",
          "/enterprise.html?id=1",
          "/reference.html",
          "/audit.html",
          "/admin.html",
          "/print.html",
          "/compliance.html?district=440604");

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  @Test
  void everyTextReadsAtLeastFourAndAHalfToOneForAVisitorAndForTheBureau() throws Exception {
    String script;
    try (InputStream in = getClass().getResourceAsStream("/web/contrast.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 768));
    List<String> low = new ArrayList<>(measure(script, "visitor"));
    browser.get("http://localhost:" + port + "/");
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    low.addAll(measure(script, "bureau"));
    // a district officer's home: the map with the inbox open (消息), and their 达标说明
    browser.get("http://localhost:" + port + "/");
    waiting()
        .until(
            org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
                org.openqa.selenium.By.id("logout-button")))
        .click();
    cn.foshan.redline.Browser.logIn(
        browser, "login-button", "chancheng", "district-2026", "DISTRICT");
    low.addAll(
        measure(
            script, "district officer", List.of("/", "/compliance.html?district=440604"), true));
    assertThat(low).as("texts under 4.5:1 (3:1 when large)").isEmpty();
  }

  private List<String> measure(String script, String who) {
    return measure(script, who, PAGES, false);
  }

  /** The low-contrast texts of `pages`; `inbox`: with the map page's inbox panel open. */
  private List<String> measure(String script, String who, List<String> pages, boolean inbox) {
    List<String> low = new ArrayList<>();
    for (String page : pages) {
      browser.get("about:blank");
      browser.get("http://localhost:" + port + page);
      waiting().until(d -> "complete".equals(browser.executeScript("return document.readyState")));
      // what the page fetches and draws after loading (its tables, badges, the map's legend)
      waiting()
          .pollingEvery(Duration.ofMillis(250))
          .until(
              d ->
                  Boolean.TRUE.equals(
                      browser.executeScript(
                          "return performance.getEntriesByType('resource')"
                              + ".every(e => e.responseEnd > 0)"
                              + " && performance.now() > 2500")));
      if (inbox && page.equals("/")) {
        waiting()
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(
                    org.openqa.selenium.By.id("inbox-toggle")))
            .click();
        waiting()
            .until(
                org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                    org.openqa.selenium.By.id("inbox-panel")));
      }
      @SuppressWarnings("unchecked")
      List<String> found = (List<String>) browser.executeScript(script);
      for (String f : found) {
        low.add(who + " " + page + ": " + f);
      }
    }
    return low;
  }
}
