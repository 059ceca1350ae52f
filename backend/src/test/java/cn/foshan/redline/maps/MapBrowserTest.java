package cn.foshan.redline.maps;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The map in a real browser (Debian Chromium): the page loads, the layers draw from vector tiles,
 * the quota panel shows every district with the warning, and a click shows what lies there.
 */
@WithBrowser
class MapBrowserTest extends DemoCityTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private void open(String hash) {
    browser.get("about:blank"); // a fresh page each time, not only a new hash
    browser.get(base() + "/" + hash);
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
  }

  @Test
  void thePageShowsTheQuotaOfTheCityAndEveryDistrict() {
    open("");
    assertThat(browser.getTitle()).contains("佛山");
    List<WebElement> rows = browser.findElements(By.cssSelector("#quota-panel .quota-row"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-code"))
        .containsExactly("440600", "440604", "440605", "440606", "440607", "440608");
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-status"))
        .containsExactly("OK", "WARNING", "OK", "OK", "OK", "OK");
    assertThat(rows.get(1).getText()).contains("禅城区").contains("21.40").contains("预警");
    assertThat(browser.findElement(By.id("legend")).getText()).contains("工业用地红线");
    assertThat(
            browser
                .findElement(By.cssSelector(".leaflet-control-layers"))
                .getAttribute("textContent"))
        .contains("工业集聚区", "工业用地红线", "储备用地", "村级工业园", "宗地", "商品厂房");
  }

  @Test
  void theLayersAreDrawnFromVectorTiles() throws Exception {
    open("#14/22.925/113.205");
    waiting()
        .until(
            d ->
                ((Number)
                            browser.executeScript(
                                "return performance.getEntriesByType('resource')"
                                    + ".filter(e => e.name.includes('/tiles/14/')"
                                    + " && e.name.includes('parcel')"
                                    + " && e.responseStatus === 200).length"))
                        .intValue()
                    > 0);
    // one request per tile for all the layers shown (district, cluster, red line, parcels, …)
    @SuppressWarnings("unchecked")
    List<String> requested =
        (List<String>)
            browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => n.includes('/tiles/'))");
    assertThat(requested).noneMatch(url -> url.matches(".*/tiles/[a-z_]+/\\d+/.*"));
    assertThat(requested)
        .filteredOn(url -> url.contains("/tiles/14/"))
        .allMatch(url -> url.contains("district") && url.contains("cluster"));
    // every layer switched on has drawn tiles: canvases in its container
    @SuppressWarnings("unchecked")
    Map<String, Object> tiles =
        (Map<String, Object>)
            browser.executeScript(
                "const out = {};"
                    + "for (const [id, layer] of Object.entries(window.redline.layers)) {"
                    + "  if (window.redline.map.hasLayer(layer)) out[id] = layer.getContainer().querySelectorAll('canvas').length;"
                    + "} return out;");
    assertThat(tiles).containsKeys("district", "cluster", "red_line", "parcel");
    tiles.forEach(
        (id, n) -> assertThat(((Number) n).intValue()).as("tiles of %s", id).isPositive());
    Files.write(Path.of("target", "map-z14.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void clickingAParcelShowsItsAttributes() {
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT code, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat"
                    + " FROM parcel WHERE area_m2 > 20000 ORDER BY id LIMIT 1")
            .query()
            .singleRow();
    open("#16/" + parcel.get("lat") + "/" + parcel.get("lon"));
    Browser.clickMapAt(
        browser,
        ((Number) parcel.get("lon")).doubleValue(),
        ((Number) parcel.get("lat")).doubleValue(),
        0,
        0);
    WebElement popup =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".feature-popup section.fp-feature[data-layer='parcel']")));
    assertThat(browser.findElement(By.cssSelector(".feature-popup")).getText())
        .contains((String) parcel.get("code"))
        .contains("宗地");
    assertThat(popup.getAttribute("data-id")).isNotBlank();
  }

  /**
   * Whether the page, the header and its parts fit the window (nothing cut, no sideways scroll).
   */
  private Map<String, Object> fit() {
    @SuppressWarnings("unchecked")
    Map<String, Object> fit =
        (Map<String, Object>)
            browser.executeScript(
                "const header = document.querySelector('.app-header');"
                    + " const mark = document.querySelector('.brand-mark').getBoundingClientRect();"
                    + " const search = document.querySelector('.search').getBoundingClientRect();"
                    + " const title = document.querySelector('.brand-text');"
                    + " const last = [...header.querySelectorAll('.header-meta > *')]"
                    + ".filter(e => e.offsetParent).pop().getBoundingClientRect();"
                    + " return {page: document.documentElement.scrollWidth <= innerWidth,"
                    + " header: header.scrollWidth <= header.clientWidth,"
                    + " mark: mark.width >= 27 && (mark.right <= search.left || mark.bottom <= search.top),"
                    + " lastInside: last.right <= innerWidth,"
                    + " title: !title.offsetParent || title.scrollWidth <= title.clientWidth};");
    return fit;
  }

  @Test
  void theHeaderFitsAPhoneAndALaptopAndItsPagesAreAMenuThere() {
    try {
      for (org.openqa.selenium.Dimension size :
          List.of(
              new org.openqa.selenium.Dimension(390, 844),
              new org.openqa.selenium.Dimension(1366, 768))) {
        browser.manage().window().setSize(size);
        open("");
        assertThat(fit())
            .as("at %s", size)
            .containsEntry("page", true)
            .containsEntry("header", true)
            .containsEntry("mark", true)
            .containsEntry("lastInside", true)
            .containsEntry("title", true);
        // the other pages behind 页面 Pages: opened by the button, closed by Escape
        WebElement toggle = browser.findElement(By.id("pages-toggle"));
        WebElement links = browser.findElement(By.id("page-links"));
        assertThat(links.isDisplayed()).isFalse();
        toggle.click();
        waiting().until(ExpectedConditions.visibilityOf(links));
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(links.getText()).contains("亩均效益", "储备台账", "闲置土地");
        new Actions(browser).sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        waiting().until(ExpectedConditions.invisibilityOf(links));
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
      }
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 900));
    }
  }
}
