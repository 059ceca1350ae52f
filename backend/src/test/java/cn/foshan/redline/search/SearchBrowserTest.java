package cn.foshan.redline.search;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The map page's search box in a real browser: type, Enter, the map fits and selects. */
@WithBrowser
class SearchBrowserTest extends DemoCityTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private void open() {
    browser.get("about:blank");
    browser.get(base() + "/");
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
  }

  @Test
  void typingAParcelCodeAndEnterFitsTheMapToItAndSelectsIt() {
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT id, code, ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e,"
                    + " ST_YMax(geom) AS n FROM parcel ORDER BY id LIMIT 1 OFFSET 1234")
            .query()
            .singleRow();
    long id = ((Number) parcel.get("id")).longValue();
    open();
    double zoomBefore =
        ((Number) browser.executeScript("return redline.map.getZoom()")).doubleValue();

    WebElement input = browser.findElement(By.id("search-input"));
    input.sendKeys((String) parcel.get("code"));
    input.sendKeys(Keys.ENTER);
    waiting()
        .until(
            d ->
                ("parcel:" + id)
                    .equals(browser.executeScript("return document.body.dataset.searchPicked")));
    // the fit is animated: wait until the map has stopped at the parcel
    waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    browser.executeScript(
                        "const b = L.latLngBounds([arguments[1], arguments[0]], [arguments[3],"
                            + " arguments[2]]);"
                            + " return redline.map.getBounds().contains(b)"
                            + " && redline.map.getZoom() >= 16;",
                        parcel.get("w"),
                        parcel.get("s"),
                        parcel.get("e"),
                        parcel.get("n"))));
    double zoomAfter =
        ((Number) browser.executeScript("return redline.map.getZoom()")).doubleValue();
    assertThat(zoomAfter).isGreaterThan(zoomBefore);
    // the parcel is drawn highlighted (the selection's style on the parcel layer)
    assertThat(
            browser.executeScript(
                "return redline.map.hasLayer(redline.layers.parcel)"
                    + " && redline.layers.parcel._overriddenStyles[arguments[0]] !== undefined",
                id))
        .isEqualTo(true);
    assertThat(input.getAttribute("aria-expanded")).isEqualTo("false");
  }

  @Test
  void theListIsAComboboxTheKeyboardMovesThroughAndEscapeCloses() {
    open();
    WebElement input = browser.findElement(By.id("search-input"));
    input.sendKeys("fb0");
    WebElement list = browser.findElement(By.id("search-results"));
    waiting()
        .until(
            d ->
                list.isDisplayed()
                    && !list.findElements(By.cssSelector("[role=option]")).isEmpty());
    assertThat(input.getAttribute("role")).isEqualTo("combobox");
    assertThat(input.getAttribute("aria-expanded")).isEqualTo("true");
    assertThat(list.getAttribute("role")).isEqualTo("listbox");
    List<WebElement> options = list.findElements(By.cssSelector(".search-option"));
    assertThat(options).isNotEmpty();
    assertThat(options.get(0).getText()).contains("工业集聚区").contains("FB0");

    input.sendKeys(Keys.ARROW_DOWN);
    assertThat(input.getAttribute("aria-activedescendant"))
        .isEqualTo(options.get(0).getAttribute("id"));
    assertThat(options.get(0).getAttribute("aria-selected")).isEqualTo("true");
    input.sendKeys(Keys.ARROW_UP);
    assertThat(input.getAttribute("aria-activedescendant"))
        .isEqualTo(options.get(options.size() - 1).getAttribute("id"));

    input.sendKeys(Keys.ESCAPE);
    assertThat(list.isDisplayed()).isFalse();
    assertThat(input.getAttribute("aria-expanded")).isEqualTo("false");
    input.sendKeys(Keys.ESCAPE);
    assertThat(input.getAttribute("value")).isEmpty();
  }
}
