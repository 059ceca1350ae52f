package cn.foshan.redline.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The map page by keyboard and on a laptop's screen (issue 16): Tab reaches the header's controls
 * left to right, then the quota panel drawn on the left, then the map; the focused map identifies
 * what is at its centre with Enter; and at 1366 × 768 the map keeps at least 60% of the width while
 * the editing panel is open (opening it folds the quota panel, closing it unfolds it).
 */
@WithBrowser
class KeyboardAndLayoutBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  @Test
  void tabFollowsTheEyeAndEnterOnTheMapIdentifiesItsCentre() {
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom))"
                    + " AS lat FROM parcel ORDER BY ST_Area(geom) DESC LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) parcel.get("id")).longValue();
    browser.manage().window().setSize(new Dimension(1366, 768));
    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    js(
        "window.redline.map.setView([arguments[0], arguments[1]], 17, {animate: false});",
        parcel.get("lat"),
        parcel.get("lon"));

    // Tab from the start of the page to the map, noting where each focused control is drawn
    List<String> order = new ArrayList<>();
    List<Long> headerLefts = new ArrayList<>();
    for (int i = 0; i < 200 && !"map".equals(js("return document.activeElement.id")); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      @SuppressWarnings("unchecked")
      Map<String, Object> focused =
          (Map<String, Object>)
              js(
                  "const e = document.activeElement, r = e.getBoundingClientRect();"
                      + "return {id: e.id || e.tagName, left: Math.round(r.left),"
                      + " header: !!e.closest('header'), quota: !!e.closest('#quota-panel')};");
      order.add(
          (Boolean) focused.get("header")
              ? "header"
              : (Boolean) focused.get("quota") ? "quota" : (String) focused.get("id"));
      if ((Boolean) focused.get("header")) {
        headerLefts.add(((Number) focused.get("left")).longValue());
      }
    }
    assertThat(order).as("Tab reached the map").endsWith("map");
    assertThat(headerLefts)
        .as("the header's controls, left to right")
        .isSorted()
        .hasSizeGreaterThan(2);
    List<String> places = new ArrayList<>();
    for (String o : order) {
      if (places.isEmpty() || !places.get(places.size() - 1).equals(o)) {
        places.add(o);
      }
    }
    assertThat(places)
        .as("the header, then the quota panel on the left, then the map")
        .containsExactly("header", "quota", "map");

    // Enter on the focused map: what is at its centre, in a popup, the top feature selected
    new Actions(browser).sendKeys(Keys.ENTER).perform();
    waiting()
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(
                    ".feature-popup section.fp-feature[data-layer='parcel'][data-id='"
                        + id
                        + "']")));
    // Escape closes it, the focus stays on the map
    new Actions(browser).sendKeys(Keys.ESCAPE).perform();
    waiting().until(d -> browser.findElements(By.cssSelector(".feature-popup")).isEmpty());
    assertThat(js("return document.activeElement.id")).isEqualTo("map");
  }

  @Test
  void onALaptopTheMapKeepsSixtyPercentOfTheWidthWhileEditing() {
    browser.manage().window().setSize(new Dimension(1366, 768));
    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    assertThat(quotaCollapsed()).as("the quota panel open before editing").isFalse();

    waiting().until(ExpectedConditions.elementToBeClickable(By.id("edit-toggle"))).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("side-panel")));
    long inner = ((Number) js("return window.innerWidth")).longValue();
    // the map's width not under a panel: its own width, less the quota panel when that is open
    long free =
        ((Number)
                js(
                    "const map = document.getElementById('map').getBoundingClientRect();"
                        + "const q = document.getElementById('quota-panel');"
                        + "const over = q.classList.contains('collapsed') ? 0"
                        + " : q.getBoundingClientRect().right - map.left;"
                        + "return Math.round(map.width - over);"))
            .longValue();
    assertThat(free)
        .as("map width not under a panel, of " + inner)
        .isGreaterThanOrEqualTo(Math.round(0.6 * inner));
    assertThat(quotaCollapsed()).isTrue();

    // closing the editing panel gives the quota panel back
    browser.findElement(By.id("side-close")).click();
    waiting().until(d -> !quotaCollapsed());
  }

  private boolean quotaCollapsed() {
    return Boolean.TRUE.equals(
        js("return document.getElementById('quota-panel').classList.contains('collapsed')"));
  }
}
