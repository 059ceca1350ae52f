package cn.foshan.redline.renovation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The renovation progress dashboard in a real browser: it shows the year's figures of the summary,
 * a park completed through the API shows on it after a reload, its charts draw, and the factory
 * alerts follow the chosen district.
 */
@WithBrowser
class RenovationBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private void open(String query) {
    browser.get("about:blank");
    browser.get(client().base() + "/renovation.html" + query);
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
  }

  private int doneParks() {
    String text = browser.findElement(By.cssSelector(".rv-total[data-key=done] .value")).getText();
    return Integer.parseInt(text.replace(",", "").trim());
  }

  @Test
  void theDashboardShowsTheYearAndFollowsAParkToCompletion() throws Exception {
    int year = 2024;
    open("?year=" + year);
    assertThat(browser.getTitle()).contains("村级工业园");
    JsonNode summary = expect(200, "GET", "/api/renovation/summary?year=" + year, null, null);
    assertThat(doneParks()).isEqualTo(summary.at("/doneTotal/parks").asInt());
    assertThat(browser.findElement(By.cssSelector(".rv-total[data-key=planned] .value")).getText())
        .isEqualTo(
            summary.at("/plannedTotal/plans").asInt()
                + " · "
                + summary.at("/plannedTotal/parks").asInt());
    assertThat(browser.findElements(By.cssSelector("#chart-parks canvas"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#modern-parks tbody tr")))
        .hasSize(summary.get("modernParks").size());
    assertThat(browser.findElement(By.id("report")).getAttribute("href"))
        .endsWith("/api/renovation/plans/report.csv?year=" + year);
    // the map of the parks by status draws village-park tiles
    waiting()
        .until(
            d ->
                browser
                        .findElements(
                            By.cssSelector(
                                "#park-map .leaflet-tile-container .leaflet-tile-loaded"))
                        .size()
                    >= 4);
    assertThat(browser.findElements(By.cssSelector("#park-legend span"))).hasSize(6);
    // each renovation type's own path: 微改造 and 综合整治 without 拆除, 综合整治 ending at 验收
    assertThat(browser.findElements(By.cssSelector("#paths .rv-path"))).hasSize(3);
    assertThat(browser.findElement(By.cssSelector("#paths [data-type=FULL]")).getText())
        .contains("拆除");
    assertThat(browser.findElement(By.cssSelector("#paths [data-type=LIGHT]")).getText())
        .doesNotContain("拆除")
        .contains("改造施工")
        .contains("投产");
    assertThat(browser.findElement(By.cssSelector("#paths [data-type=COMPREHENSIVE]")).getText())
        .doesNotContain("拆除")
        .doesNotContain("投产")
        .contains("整治验收");
    // 以增定改 in floor space too, and the land kept for industry (工改工)
    assertThat(
            browser
                .findElement(By.cssSelector(".rv-total[data-key=floor-balance] .value"))
                .getText())
        .endsWith("万m²");
    assertThat(
            browser.findElement(By.cssSelector(".rv-total[data-key=target-use] .value")).getText())
        .endsWith("亩");
    browser.executeScript("document.getElementById('park-map').scrollIntoView()");
    java.nio.file.Path shot = java.nio.file.Path.of("target", "renovation-dashboard.png");
    java.nio.file.Files.write(shot, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));

    // the bureau completes a park of the year's plan; the dashboard shows it
    long park =
        jdbc.sql(
                "SELECT v.id FROM village_park v JOIN renovation_plan_park pp ON pp.village_park_id = v.id"
                    + " WHERE pp.year = :y AND v.status = 'CONSTRUCTION' AND v.district_code = '440605'"
                    + " ORDER BY v.id LIMIT 1")
            .param("y", year)
            .query(Long.class)
            .single();
    int before = doneParks();
    expect(
        200,
        "POST",
        "/api/renovation/parks/" + park + "/transitions",
        "bureau",
        Map.of(
            "status",
            "COMPLETED",
            "reason",
            "竣工验收 completion accepted",
            "newFloorAreaM2",
            150000,
            "plotRatioAfter",
            3.0),
        "If-Match",
        "\"" + version("village_park", park) + "\"");
    open("?year=" + year);
    assertThat(doneParks()).isEqualTo(before + 1);

    // another year, from the selector
    new Select(browser.findElement(By.id("year"))).selectByValue("2022");
    waiting()
        .until(
            d ->
                "2022"
                    .equals(
                        browser.executeScript(
                            "return document.getElementById('totals').dataset.year")));

    // the alerts of one district
    new Select(browser.findElement(By.id("alert-district"))).selectByValue("440606");
    waiting()
        .until(
            d ->
                "440606"
                    .equals(
                        browser.executeScript(
                            "return document.getElementById('alerts').dataset.district")));
    JsonNode alerts = expect(200, "GET", "/api/factories/alerts?district=440606", null, null);
    List<WebElement> rows = browser.findElements(By.cssSelector("#alerts tbody tr"));
    // a page of 100 in the table, every alert counted in its caption and pager
    assertThat(rows).hasSize(Math.min(100, alerts.get("count").asInt()));
    assertThat(browser.findElement(By.id("alerts")).getAttribute("data-total"))
        .isEqualTo(alerts.get("count").asText());
    for (WebElement row : rows) {
      assertThat(row.findElement(By.cssSelector("td")).getText()).isEqualTo("顺德");
    }
  }
}
