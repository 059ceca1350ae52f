package cn.foshan.redline.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
 * The reserve dashboard in a real browser (Debian Chromium): the main page links to it; it shows
 * the ready reserve and its charts; the bureau logs in on it, tries to move a piece that lacks the
 * standard-land conditions to READY and reads the reasons it is refused, then moves a piece that
 * has them, and sees the ready reserve grow by that piece's area, the piece's row change and its
 * ledger show the new stage. The pieces are drawn on a map of their own: a district narrows the
 * list and the map alike, sorting reorders the list, a row's 地图 button outlines its piece, and a
 * move to READY refused for missing standard-land indicators is completed by filling them in the
 * form that comes with the refusal. The bureau sets the districts' shares of the target there: a
 * split short of the target is refused in the dialog, a whole one is saved with its 文号 and the line
 * under the chart says so.
 */
@WithBrowser
class ReserveBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private double readyMuShown() {
    return Double.parseDouble((String) js("return document.body.dataset.readyMu"));
  }

  /** A PREPARING piece that meets the READY conditions (or does not), the n-th by id. */
  private long preparing(boolean ready, int n) {
    return jdbc.sql(
            "SELECT id FROM reserve_land WHERE stage = 'PREPARING'"
                + " AND id > (SELECT min(id) FROM reserve_land)"
                + " AND (ownership = 'STATE' AND investment_per_mu IS NOT NULL AND tax_per_mu IS NOT NULL"
                + " AND plot_ratio_min IS NOT NULL AND energy_per_10k_cny_tce IS NOT NULL"
                + " AND environmental_terms IS NOT NULL AND area_m2 > 100 * 666.67) = :ready"
                + " ORDER BY id DESC OFFSET :n LIMIT 1")
        .param("ready", ready)
        .param("n", n)
        .query(Long.class)
        .single();
  }

  private void openTransition(long id) {
    WebElement row =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#pieces-body tr[data-id='" + id + "']")));
    row.findElement(By.cssSelector("button.advance")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("transition-dialog")));
  }

  @Test
  void theBureauMovesAPieceToReadyAndTheDashboardShowsIt() throws Exception {
    // the main page links to the dashboard
    browser.get("http://localhost:" + port + "/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.openPagesMenu(browser);
    WebElement link =
        waiting()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector("header a[href='reserve.html']")));
    assertThat(link.getText()).contains("储备台账");
    link.click();
    waiting().until(d -> "1".equals(js("return document.body.dataset.loaded")));

    // the figures are the API's
    JsonNode summary = expect(200, "GET", "/api/reserve/summary", null, null);
    assertThat(readyMuShown()).isEqualTo(summary.get("readyMu").asDouble());
    assertThat(browser.findElement(By.id("target-mu")).getText()).contains("17,000");
    // the charts drew (ECharts canvases) and the warnings show
    assertThat(browser.findElements(By.cssSelector(".chart canvas"))).hasSize(4);
    List<WebElement> warnings = browser.findElements(By.cssSelector("#warnings .reserve-warning"));
    assertThat(warnings).hasSize(summary.get("warnings").size());
    // anonymous: no actions
    assertThat(browser.findElements(By.cssSelector("#pieces-body button.advance"))).isEmpty();

    // log in on the dashboard
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    assertThat(browser.findElement(By.id("user-badge")).getText()).contains("市局");

    // a piece without the conditions: refused, with the reasons shown
    long unready = preparing(false, 0);
    openTransition(unready);
    browser.findElement(By.name("documentNumber")).sendKeys("佛自然资储〔2026〕21号");
    browser.findElement(By.id("transition-submit")).click();
    waiting()
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#transition-problem li[data-reason]")));
    String problem = browser.findElement(By.id("transition-problem")).getText();
    assertThat(problem).contains("422");
    assertThat(browser.findElements(By.cssSelector("#transition-problem li[data-reason]")))
        .isNotEmpty();
    browser.findElement(By.id("transition-cancel")).click();
    assertThat(feature("reserve_land", unready).at("/properties/stage").asString())
        .isEqualTo("PREPARING");

    // a piece with them: moved to READY, and the dashboard follows
    long id = preparing(true, 0);
    double areaMu =
        jdbc.sql("SELECT area_m2 / (10000.0 / 15) FROM reserve_land WHERE id = :id")
            .param("id", id)
            .query(Double.class)
            .single();
    double before = readyMuShown();
    openTransition(id);
    assertThat(browser.findElement(By.id("transition-what")).getText())
        .contains("达标")
        .contains("达标储备 +");
    browser.findElement(By.name("documentNumber")).sendKeys("佛自然资储〔2026〕22号");
    browser.findElement(By.name("reason")).sendKeys("浏览器测试：达标 browser test: ready");
    browser.findElement(By.id("transition-submit")).click();
    waiting().until(d -> "2".equals(js("return document.body.dataset.loaded")));
    assertThat(readyMuShown() - before).isCloseTo(areaMu, within(0.02));
    WebElement row = browser.findElement(By.cssSelector("#pieces-body tr[data-id='" + id + "']"));
    assertThat(row.getAttribute("data-stage")).isEqualTo("READY");
    assertThat(row.getText()).contains("达标");
    assertThat(browser.findElement(By.cssSelector(".reserve-flash")).getText()).contains("达标");
    js("window.scrollTo(0, 0)");
    Files.write(
        Path.of("target", "reserve-dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));

    // the piece's ledger on the page: the new row, by the bureau, with its document
    row.findElement(By.cssSelector("button.ledger")).click();
    WebElement entry =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#ledger-body tr[data-stage='READY']")));
    assertThat(entry.getText()).contains("bureau").contains("佛自然资储〔2026〕22号");
    browser.findElement(By.id("ledger-close")).click();

    // the ledger names who did it, with the document
    JsonNode ledger = expect(200, "GET", "/api/reserve/" + id + "/ledger", null, null);
    JsonNode last = ledger.get("ledger").get(ledger.get("ledger").size() - 1);
    assertThat(last.get("stage").asString()).isEqualTo("READY");
    assertThat(last.get("actor").asString()).isEqualTo("bureau");
    assertThat(last.get("documentNumber").asString()).isEqualTo("佛自然资储〔2026〕22号");
  }

  @BeforeEach
  void anonymous() {
    // each test starts logged out (the browser is the class's)
    browser.get("http://localhost:" + port + "/favicon.svg");
    browser.manage().deleteAllCookies();
  }

  private int piecesLoaded() {
    return Integer.parseInt(String.valueOf(js("return document.body.dataset.piecesLoaded ?? '0'")));
  }

  private int pathsOnMap() {
    return browser.findElements(By.cssSelector("#pieces-map path.reserve-piece")).size();
  }

  @Test
  void theMapFollowsTheFilterAndARefusedReadyIsCompletedFromTheRefusal() throws Exception {
    // a READY piece (not one another test takes) back to PREPARING, two of its standard-land
    // indicators removed, as a survey that lacks them
    long id =
        jdbc.sql(
                "SELECT id FROM reserve_land WHERE stage = 'READY' ORDER BY id DESC OFFSET 2 LIMIT 1")
            .query(Long.class)
            .single();
    String district =
        jdbc.sql("SELECT district_code FROM reserve_land WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    expect(
        200,
        "POST",
        "/api/reserve/" + id + "/transitions",
        "bureau",
        Map.of("to", "PREPARING", "documentNumber", "佛自然资储〔2026〕41号"),
        "If-Match",
        "\"" + feature("reserve_land", id).at("/properties/version").asInt() + "\"");
    Map<String, Object> strip = new HashMap<>();
    strip.put("taxPerMu", null);
    strip.put("environmentalTerms", null);
    expect(
        200,
        "PUT",
        "/api/layers/reserve_land/features/" + id,
        "bureau",
        Map.of("properties", strip, "reason", "测试：指标缺失 test: indicators missing"),
        "If-Match",
        "\"" + feature("reserve_land", id).at("/properties/version").asInt() + "\"");

    browser.get("http://localhost:" + port + "/reserve.html");
    waiting().until(d -> "1".equals(js("return document.body.dataset.loaded")));

    // the map shows every piece of the list
    JsonNode all = expect(200, "GET", "/api/reserve/pieces?limit=1000", null, null);
    assertThat(js("return document.body.dataset.pieces")).isEqualTo(String.valueOf(all.size()));
    assertThat(pathsOnMap()).isEqualTo(all.size());
    assertThat(browser.findElements(By.cssSelector("#pieces-body tr"))).hasSize(all.size());

    // a district narrows the list and the map alike; sorted by area, largest first
    int loads = piecesLoaded();
    new Select(browser.findElement(By.id("district-filter"))).selectByValue(district);
    waiting().until(d -> piecesLoaded() > loads);
    JsonNode some =
        expect(
            200,
            "GET",
            "/api/reserve/pieces?limit=1000&district=" + district + "&sort=-areaMu",
            null,
            null);
    assertThat(some.size()).isLessThan(all.size());
    assertThat(js("return document.body.dataset.pieces")).isEqualTo(String.valueOf(some.size()));
    assertThat(pathsOnMap()).isEqualTo(some.size());
    int sorted = piecesLoaded();
    new Select(browser.findElement(By.id("sort"))).selectByValue("-areaMu");
    waiting().until(d -> piecesLoaded() > sorted);
    assertThat(js("return document.querySelector('#pieces-body tr').dataset.id"))
        .isEqualTo(some.at("/0/id").asString());
    List<WebElement> rows = browser.findElements(By.cssSelector("#pieces-body tr"));
    assertThat(rows).hasSize(some.size());
    assertThat(browser.findElement(By.id("pieces-csv")).getAttribute("href"))
        .endsWith("/api/reserve/pieces.csv?district=" + district + "&sort=-areaMu");

    // "show on map" outlines the piece and marks its row
    WebElement row = browser.findElement(By.cssSelector("#pieces-body tr[data-id='" + id + "']"));
    row.findElement(By.cssSelector("button.show-on-map")).click();
    waiting().until(d -> String.valueOf(id).equals(js("return document.body.dataset.shownPiece")));
    assertThat(row.getAttribute("class")).contains("shown");

    // the bureau moves it to READY: refused for the two indicators, filled in from the refusal
    int beforeLogin = piecesLoaded();
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    waiting().until(d -> piecesLoaded() > beforeLogin);
    openTransition(id);
    browser.findElement(By.name("documentNumber")).sendKeys("佛自然资储〔2026〕42号");
    browser.findElement(By.id("transition-submit")).click();
    WebElement form =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("indicator-form")));
    assertThat(browser.findElement(By.id("transition-problem")).getText())
        .contains("422")
        .contains("标准地指标未齐");
    assertThat(
            form.findElements(By.cssSelector("input")).stream()
                .map(i -> i.getAttribute("name"))
                .toList())
        .containsExactlyInAnyOrder("taxPerMu", "environmentalTerms");
    assertThat(form.getText()).contains("亩均税收").contains("环保要求");
    double readyBefore = readyMuShown();
    form.findElement(By.name("taxPerMu")).sendKeys("26.5");
    form.findElement(By.name("environmentalTerms")).sendKeys("符合园区环保准入要求");
    browser.findElement(By.id("indicators-submit")).click();
    waiting().until(d -> "2".equals(js("return document.body.dataset.loaded")));
    assertThat(browser.findElement(By.id("transition-dialog")).isDisplayed()).isFalse();
    WebElement moved = browser.findElement(By.cssSelector("#pieces-body tr[data-id='" + id + "']"));
    assertThat(moved.getAttribute("data-stage")).isEqualTo("READY");
    assertThat(readyMuShown()).isGreaterThan(readyBefore);
    JsonNode now = feature("reserve_land", id).get("properties");
    assertThat(now.get("stage").asString()).isEqualTo("READY");
    assertThat(now.get("taxPerMu").asDouble()).isEqualTo(26.5);
    assertThat(now.get("environmentalTerms").asString()).isEqualTo("符合园区环保准入要求");
  }

  @Test
  void theBureauSetsTheDistrictsSharesOfTheTarget() {
    browser.get(client().base() + "/favicon.svg");
    browser.manage().deleteAllCookies();
    browser.get(client().base() + "/reserve.html");
    Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    try {
      waiting()
          .until(
              ExpectedConditions.attributeToBe(
                  By.id("shares-note"), "data-rule", "PROPORTIONAL_TO_MINIMUM"));
      waiting().until(ExpectedConditions.elementToBeClickable(By.id("shares-edit"))).click();
      waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("shares-dialog")));
      WebElement chancheng = browser.findElement(By.name("share-440604"));
      WebElement nanhai = browser.findElement(By.name("share-440605"));
      assertThat(chancheng.getAttribute("value")).isEqualTo("793.33");
      assertThat(browser.findElement(By.id("shares-total")).getText())
          .contains("17,000.00 / 17,000.00");
      // 禅城 down to 500: 293.33 mu short of the target, refused with the total named
      chancheng.clear();
      chancheng.sendKeys("500");
      assertThat(browser.findElement(By.id("shares-total")).getAttribute("class"))
          .contains("short");
      browser.findElement(By.cssSelector("#shares-form [name=reason]")).sendKeys("按重大产业项目需求调整");
      browser
          .findElement(By.cssSelector("#shares-form [name=documentNumber]"))
          .sendKeys("佛自然资储〔2026〕31号");
      browser.findElement(By.id("shares-submit")).click();
      waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("shares-problem"), "少于全市目标"));
      // a whole split: 禅城 1,000, 南海 7,177.78 − 206.67 = 6,971.11; the total 17,000 again
      chancheng.clear();
      chancheng.sendKeys("1000");
      nanhai.clear();
      nanhai.sendKeys("6971.11");
      browser.findElement(By.id("shares-submit")).click();
      waiting()
          .until(
              ExpectedConditions.attributeToBe(By.id("shares-note"), "data-rule", "SET_BY_BUREAU"));
      assertThat(browser.findElement(By.id("shares-note")).getText()).contains("佛自然资储〔2026〕31号");
      assertThat(
              jdbc.sql("SELECT share_mu FROM reserve_share WHERE district_code = '440604'")
                  .query(Double.class)
                  .single())
          .isEqualTo(1000.0);
    } finally {
      jdbc.sql("DELETE FROM reserve_share").update();
    }
  }
}
