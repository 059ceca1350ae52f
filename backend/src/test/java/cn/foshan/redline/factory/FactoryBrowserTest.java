package cn.foshan.redline.factory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The commercial factory buildings' page in a real browser (Debian Chromium): the map's header
 * links to it; the bureau moves a building to its next stage and records a unit leased on the page,
 * and the pipeline, the building's ledger, units, shares of floor area and alerts follow; a unit
 * larger than the space left is refused in Chinese. The alerts table names rules and stages in
 * Chinese, pages, downloads as CSV with a line per alert, and links each alert to its building on
 * the map.
 */
@WithBrowser
class FactoryBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  @BeforeEach
  void anonymous() {
    browser.get(client().base() + "/favicon.svg");
    browser.manage().deleteAllCookies();
  }

  private void open(String query) {
    browser.get("about:blank");
    browser.get(client().base() + "/factories.html" + query);
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
  }

  /** A hand-made building in 禅城 (no other factory test writes there), on a parcel of none. */
  private long building(String code, String stage, double floor) {
    long cs =
        jdbc.sql(
                "INSERT INTO change_set (author, reason, status, committed_at)"
                    + " VALUES ('test', 'hand-made case', 'COMMITTED', now()) RETURNING id")
            .query(Long.class)
            .single();
    return jdbc.sql(
            "INSERT INTO factory_building (code, name, parcel_id, developer, stage, stage_since,"
                + " floor_area_m2, geom, change_set_id)"
                + " SELECT :code, '测试厂房 ' || :code, p.id, '测试开发商', :stage, DATE '2025-01-01',"
                + " :floor, p.geom, :cs FROM parcel p WHERE p.id = (SELECT id FROM parcel q"
                + " WHERE q.district_code = '440604' AND NOT EXISTS (SELECT 1 FROM factory_building f"
                + " WHERE f.parcel_id = q.id) ORDER BY id DESC LIMIT 1) RETURNING id")
        .param("code", code)
        .param("stage", stage)
        .param("floor", floor)
        .param("cs", cs)
        .query(Long.class)
        .single();
  }

  /** How many times the page loaded a list (factories.js: data-loaded). */
  private int loaded() {
    return Integer.parseInt(String.valueOf(js("return document.body.dataset.loaded ?? '0'")));
  }

  private int stageCount(String stage) {
    // read in one script: the pipeline may be drawn again between two WebDriver commands
    return Integer.parseInt(
        String.valueOf(
            js(
                "return document.querySelector(`#pipeline li[data-stage='${arguments[0]}']`)"
                    + ".dataset.count",
                stage)));
  }

  private void fill(String form, String name, String value) {
    WebElement input = browser.findElement(By.cssSelector("#" + form + " [name='" + name + "']"));
    input.clear();
    input.sendKeys(value);
  }

  @Test
  void theBureauMovesAStageAndLeasesAUnitOnThePage() throws Exception {
    long id = building("T-FB-1", "SALES", 8000);

    // the map's header links to the page
    browser.get(client().base() + "/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.openPagesMenu(browser);
    WebElement link =
        waiting()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("header a[href='factories.html']")));
    assertThat(link.getText()).contains("商品厂房");
    link.click();
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));

    // 禅城, in sales: the pipeline is the API's, the building listed
    open("?district=440604&stage=SALES");
    JsonNode page = expect(200, "GET", "/api/factories?district=440604", null, null);
    for (JsonNode s : page.get("pipeline")) {
      assertThat(stageCount(s.get("stage").asString())).isEqualTo(s.get("buildings").asInt());
    }
    int sales = stageCount("SALES");
    int operation = stageCount("OPERATION");
    WebElement row =
        browser.findElement(By.cssSelector("#buildings-body tr[data-id='" + id + "']"));
    assertThat(row.getText()).contains("T-FB-1").contains("宣传销售").contains("空 100%");
    assertThat(browser.findElement(By.id("buildings-hint")).getText()).contains("登录");

    int loads = loaded();
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    // both lists loaded again for the user (the rows are new elements)
    waiting().until(d -> loaded() >= loads + 2);
    browser
        .findElement(By.cssSelector("#buildings-body tr[data-id='" + id + "'] button.open"))
        .click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("stage-form")));
    assertThat(browser.findElement(By.id("stage-what")).getText()).isEqualTo("宣传销售 → 使用运营");

    // the stage move: the ledger and the pipeline follow
    fill("stage-form", "documentNumber", "佛工信〔2026〕31号");
    fill("stage-form", "reason", "浏览器测试：投入使用 browser test: in use");
    browser.findElement(By.id("stage-submit")).click();
    waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#stages-body tr[data-stage='OPERATION']")));
    assertThat(
            browser
                .findElement(By.cssSelector("#stages-body tr[data-stage='OPERATION']"))
                .getText())
        .contains("使用运营")
        .contains("bureau")
        .contains("佛工信〔2026〕31号");
    waiting().until(d -> stageCount("OPERATION") == operation + 1);
    assertThat(stageCount("SALES")).isEqualTo(sales - 1);
    assertThat(browser.findElement(By.cssSelector(".reserve-flash")).getText()).contains("使用运营");

    // a unit too large for the space left: refused, in Chinese, nothing written
    fill("unit-form", "unitNo", "U-999");
    fill("unit-form", "floorAreaM2", "9000");
    fill("unit-form", "occupant", "佛山市测试制造有限公司");
    fill("unit-form", "industryCode", "34");
    fill("unit-form", "amount", "25");
    fill("unit-form", "reason", "浏览器测试：租赁备案 browser test: lease");
    browser.findElement(By.id("unit-submit")).click();
    WebElement problem =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("building-problem")));
    assertThat(problem.getText()).contains("422").contains("不能超过建筑面积");
    assertThat(browser.findElements(By.cssSelector("#units-body tr"))).isEmpty();

    // 2,000 m² of 8,000 leased: leased 2000/8000 = 25%, vacant 75% (a building in use more than
    // 30% empty: a vacancy alert)
    fill("unit-form", "unitNo", "U-101");
    fill("unit-form", "floorAreaM2", "2000");
    browser.findElement(By.id("unit-submit")).click();
    waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#units-body tr[data-unit='U-101']")));
    assertThat(browser.findElement(By.id("building-problem")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("#units-body tr[data-unit='U-101']")).getText())
        .contains("出租")
        .contains("25.00 元/m²·月");
    assertThat(browser.findElement(By.id("building-shares")).getText())
        .contains("已租 2,000 m²（25%）")
        .contains("空置 6,000 m²（75%）");
    assertThat(
            browser
                .findElement(By.cssSelector("#building-alerts li[data-rule='VACANCY']"))
                .getText())
        .startsWith("空置：空置率 75%");
    Files.write(
        Path.of("target", "factories-building.png"), browser.getScreenshotAs(OutputType.BYTES));
    browser.findElement(By.id("building-close")).click();

    // the list in use: the building's shares updated
    new Select(browser.findElement(By.id("stage-filter"))).selectByValue("OPERATION");
    WebElement used =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#buildings-body tr[data-id='" + id + "']")));
    assertThat(used.getAttribute("data-leased-share")).isEqualTo("0.25");
    assertThat(used.getAttribute("data-vacant-share")).isEqualTo("0.75");
    assertThat(used.getAttribute("data-sold-share")).isEqualTo("0");
    assertThat(used.findElement(By.cssSelector(".fb-shares-text")).getText())
        .isEqualTo("售 0% · 租 25% · 空 75%");
    assertThat(used.findElement(By.cssSelector("td.rent")).getText()).isEqualTo("—");

    // the server kept it
    JsonNode detail = expect(200, "GET", "/api/factories/" + id, null, null);
    assertThat(detail.at("/building/stage").asString()).isEqualTo("OPERATION");
    assertThat(detail.at("/building/leasedAreaM2").asDouble()).isEqualTo(2000.0);
    assertThat(detail.get("units")).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> fetchInPage(String url) {
    return (Map<String, Object>)
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'})"
                + ".then(r => r.text().then(t => done({status: r.status,"
                + " type: r.headers.get('content-type'), text: t})))"
                + ".catch(e => done({status: -1, type: String(e), text: ''}));",
            url);
  }

  @Test
  void theAlertsAreInChinesePagedExportedAndOnTheMap() throws Exception {
    open("");
    JsonNode api = expect(200, "GET", "/api/factories/alerts", null, null);
    int count = api.get("count").asInt();
    assertThat(count).isGreaterThan(10);
    List<WebElement> rows = browser.findElements(By.cssSelector("#alerts-body tr"));
    assertThat(rows).hasSize(10);
    assertThat(browser.findElement(By.cssSelector("#alerts-pager .fb-pager-text")).getText())
        .isEqualTo("第 1–10 条，共 " + String.format("%,d", count) + " 条");
    // Chinese labels: no raw code of a rule or a stage anywhere in the table
    String table = browser.findElement(By.cssSelector("table.fb-alerts")).getText();
    for (String raw :
        List.of(
            "SPECULATION",
            "VACANCY",
            "NON_INDUSTRIAL",
            "OUTPUT_BELOW_AGREEMENT",
            "ASSESSMENT",
            "OPERATION",
            "SALES",
            "CONSTRUCTION")) {
      assertThat(table).doesNotContain(raw);
    }
    for (WebElement row : rows) {
      assertThat(row.findElement(By.cssSelector("td.rule")).getText())
          .matches("[\\u4e00-\\u9fff].*");
      assertThat(row.findElement(By.cssSelector("td.stage")).getText())
          .matches("[\\u4e00-\\u9fff]{4}");
    }

    // the next page: alerts 11 to 20 of the API's order
    browser.findElement(By.cssSelector("#alerts-pager button.next")).click();
    waiting().until(d -> "1".equals(js("return document.body.dataset.alertsPage")));
    WebElement eleventh = browser.findElement(By.cssSelector("#alerts-body tr"));
    assertThat(eleventh.getAttribute("data-building"))
        .isEqualTo(api.at("/alerts/10/factoryBuildingId").asString());
    assertThat(eleventh.getAttribute("data-rule")).isEqualTo(api.at("/alerts/10/rule").asString());
    assertThat(browser.findElement(By.cssSelector("#alerts-pager .fb-pager-text")).getText())
        .startsWith("第 11–");

    // the CSV: a header and one line per alert, in Chinese
    String csv = browser.findElement(By.id("alerts-csv")).getAttribute("href");
    assertThat(csv).endsWith("/api/factories/alerts.csv");
    Map<String, Object> download = fetchInPage(csv);
    assertThat(download.get("status")).isEqualTo(200L);
    assertThat((String) download.get("type")).startsWith("text/csv");
    String text = (String) download.get("text");
    String[] lines = text.split("\r\n");
    assertThat(lines).hasSize(count + 1);
    assertThat(lines[0]).contains("规则 rule").contains("阶段 stage");
    assertThat(text).doesNotContain(",OPERATION,").doesNotContain(",SPECULATION,");

    // a district's alerts, and their CSV
    new Select(browser.findElement(By.id("district-filter"))).selectByValue("440606");
    waiting()
        .until(
            d ->
                d.findElement(By.id("alerts-csv"))
                    .getAttribute("href")
                    .endsWith("/api/factories/alerts.csv?district=440606"));
    JsonNode shunde = expect(200, "GET", "/api/factories/alerts?district=440606", null, null);
    Map<String, Object> district =
        fetchInPage(browser.findElement(By.id("alerts-csv")).getAttribute("href"));
    assertThat(((String) district.get("text")).split("\r\n"))
        .hasSize(shunde.get("count").asInt() + 1);

    // an alert's building on the map: selected, in view
    WebElement first = browser.findElement(By.cssSelector("#alerts-body tr"));
    String building = first.getAttribute("data-building");
    WebElement toMap = first.findElement(By.cssSelector("a.map"));
    assertThat(toMap.getAttribute("href")).endsWith("/?layer=factory_building&id=" + building);
    toMap.click();
    waiting()
        .until(
            d ->
                ("factory_building:" + building)
                    .equals(js("return document.body.dataset.selected")));
    assertThat(((Number) js("return window.redline.map.getZoom()")).intValue())
        .isGreaterThanOrEqualTo(14);
  }
}
