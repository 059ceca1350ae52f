package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The idle-land page in a real browser: reached from the planner's page header once logged in, it
 * lists the idle parcels the API finds (both clauses, filterable), the demo's disposal cases with
 * their steps (the government-caused one among them) and the damages with what is due and paid, and
 * each row's link shows its parcel on the map. The bureau acts on the same page: opens a disposal
 * case with its notice, decides it (the database computes the fee), is refused closing it before
 * the fee is paid in full, closes it, and records a payment of damages; the planner gets no
 * buttons.
 */
@WithBrowser
class IdleLandBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script) {
    return browser.executeScript(script);
  }

  private void ready() {
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
  }

  /** Opens a page as a visitor: whoever the other test logged in is logged out. */
  private void visitor(String page) {
    browser.get(client().base() + "/favicon.svg");
    browser.manage().deleteAllCookies();
    browser.get(client().base() + page);
  }

  @Test
  void thePlannerSeesIdleParcelsCasesAndDamagesAndShowsOneOnTheMap() throws Exception {
    visitor("/efficiency.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(
        browser, "login-required-button", "planner", "planner-2026", "PLANNER");
    cn.foshan.redline.Browser.openPagesMenu(
        browser); // the other pages, behind 页面 where the header is crowded
    browser.findElement(By.linkText("闲置土地 Idle land")).click();
    waiting().until(ExpectedConditions.urlContains("/idle-land.html"));
    ready();
    assertThat(browser.findElement(By.id("login-required")).isDisplayed()).isFalse();

    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    js(
        "const i = document.getElementById('as-of'); i.value = '"
            + today
            + "';"
            + " i.dispatchEvent(new Event('change'));");
    ready();
    JsonNode all =
        expect(
            200,
            "GET",
            "/api/efficiency/idle-land/parcels?limit=200&asOf=" + today,
            "planner",
            null);
    assertThat(all.get("total").asLong()).isPositive();
    List<WebElement> rows = browser.findElements(By.cssSelector("#idle-parcels tbody tr"));
    assertThat(rows).hasSize(all.get("items").size());
    assertThat(browser.findElement(By.id("idle-count")).getText())
        .startsWith("共 " + all.get("total").asLong() + " 宗");
    assertThat(rows.get(0).getText()).contains(all.get("items").get(0).get("parcelCode").asText());

    // the second clause alone
    new Select(browser.findElement(By.id("clause"))).selectByValue("STOPPED");
    ready();
    List<WebElement> stopped = browser.findElements(By.cssSelector("#idle-parcels tbody tr"));
    assertThat(stopped).isNotEmpty();
    for (WebElement row : stopped) {
      assertThat(row.getAttribute("data-clause")).isEqualTo("STOPPED");
    }

    // the demo's cases, the government-caused one with its remedy; damages with due and paid
    WebElement government =
        browser.findElement(By.cssSelector("#idle-cases tbody tr[data-cause=GOVERNMENT]"));
    assertThat(government.getText()).contains("政府原因").contains("延长动工期限").contains("通知 ");
    assertThat(browser.findElements(By.cssSelector("#damages tbody tr[data-status=PAID]")))
        .isNotEmpty();

    // show on map: the map page at the parcel
    WebElement link = stopped.get(0).findElement(By.cssSelector("a.show-on-map"));
    assertThat(link.getAttribute("href")).contains("/#17/");
    link.click();
    waiting().until(ExpectedConditions.urlContains("#17/"));
    assertThat(browser.getCurrentUrl()).doesNotContain("idle-land");
  }

  private void act(String selector) {
    WebElement button =
        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(selector)));
    button.click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("action-dialog")));
  }

  private void type(String name, String value) {
    WebElement input = browser.findElement(By.cssSelector("#action-form [name=" + name + "]"));
    input.clear();
    input.sendKeys(value);
  }

  /** Submits the dialog; answers the refusal shown in it, or "" once it closed. */
  private String submit() {
    browser.findElement(By.id("action-submit")).click();
    waiting()
        .until(
            d ->
                !browser.findElement(By.id("action-dialog")).isDisplayed()
                    || !browser.findElement(By.id("action-problem")).getText().isEmpty());
    if (browser.findElement(By.id("action-dialog")).isDisplayed()) {
      return browser.findElement(By.id("action-problem")).getText();
    }
    ready();
    return "";
  }

  @Test
  void theBureauOpensDecidesAndClosesACaseAndRecordsAPayment() throws Exception {
    String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    // a parcel idle one to two years (a fee) with no case yet, found as the page finds it
    JsonNode idle =
        expect(
            200,
            "GET",
            "/api/efficiency/idle-land/parcels?limit=1000&asOf=" + today,
            "bureau",
            null);
    JsonNode parcel = null;
    for (JsonNode i : idle.get("items")) {
      if ("FEE".equals(i.get("disposal").asText()) && i.get("caseId").isNull()) {
        parcel = i;
        break;
      }
    }
    assertThat(parcel).as("an idle parcel due a fee, without a case").isNotNull();
    String code = parcel.get("parcelCode").asText();
    String fee = parcel.get("fee10kCny").decimalValue().setScale(2).toPlainString();

    // the planner reads the page but has no buttons
    visitor("/idle-land.html");
    Browser.logIn(browser, "login-button", "planner", "planner-2026", "PLANNER");
    ready();
    assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isEmpty();
    assertThat(browser.findElement(By.id("assess-damages")).isDisplayed()).isFalse();
    browser.findElement(By.id("logout-button")).click();
    Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    ready();

    // 立案: a notice in the future is refused in the dialog, what was typed kept
    act("#idle-parcels tr[data-parcel-code='" + code + "'] button[data-action=open-case]");
    js("document.querySelector('#action-form [name=noticeOn]').value = '2099-01-01'");
    type("noticeNumber", "佛自然资闲通〔2026〕19号");
    assertThat(submit()).contains("在未来");
    assertThat(
            browser
                .findElement(By.cssSelector("#action-form [name=noticeNumber]"))
                .getAttribute("value"))
        .isEqualTo("佛自然资闲通〔2026〕19号");
    js("document.querySelector('#action-form [name=noticeOn]').value = '" + today + "'");
    assertThat(submit()).isEmpty();
    assertThat(browser.findElement(By.id("flash")).getText()).contains(code).contains("已立案");
    WebElement row =
        browser.findElement(
            By.xpath("//table[@id='idle-cases']//tr[td[1][text()='" + code + "']]"));
    String caseId = row.getAttribute("data-case-id");
    assertThat(row.getAttribute("data-status")).isEqualTo("NOTIFIED");
    assertThat(row.getText()).contains("通知 " + today + "（佛自然资闲通〔2026〕19号）");

    // 决定: the database finds the fee, 20% of the grant price
    act("#idle-cases tr[data-case-id='" + caseId + "'] button[data-action=step]");
    new Select(browser.findElement(By.cssSelector("#action-form [name=status]")))
        .selectByValue("DECIDED");
    assertThat(browser.findElement(By.cssSelector("#action-form [name=remedy]")).isDisplayed())
        .isFalse();
    type("documentNumber", "佛自然资闲决〔2026〕19号");
    assertThat(submit()).isEmpty();
    assertThat(browser.findElement(By.id("flash")).getText()).contains("征缴闲置费");
    JsonNode decided =
        expect(200, "GET", "/api/efficiency/idle-land/cases/" + caseId, "bureau", null);
    assertThat(decided.get("disposal").asText()).isEqualTo("FEE");
    assertThat(decided.get("fee10kCny").decimalValue()).isEqualByComparingTo(fee);

    // 结案: refused while the fee is not paid in full, then closed
    act("#idle-cases tr[data-case-id='" + caseId + "'] button[data-action=step]");
    type("feePaid10kCny", "1");
    assertThat(submit()).contains("缴清后才能结案");
    type("feePaid10kCny", fee);
    assertThat(submit()).isEmpty();
    assertThat(
            browser
                .findElement(By.cssSelector("#idle-cases tr[data-case-id='" + caseId + "']"))
                .getAttribute("data-status"))
        .isEqualTo("CLOSED");
    JsonNode closed =
        expect(200, "GET", "/api/efficiency/idle-land/cases/" + caseId, "bureau", null);
    assertThat(closed.get("feePaid10kCny").decimalValue()).isEqualByComparingTo(fee);
    assertThat(closed.get("decisionNumber").asText()).isEqualTo("佛自然资闲决〔2026〕19号");

    // 违约金: the half-paid damages paid off, the amount left offered
    WebElement part = browser.findElement(By.cssSelector("#damages tr[data-status=PART_PAID]"));
    String damagesId = part.getAttribute("data-damages-id");
    act("#damages tr[data-damages-id='" + damagesId + "'] button[data-action=pay]");
    type("receiptNumber", "收据 2026-0019");
    assertThat(submit()).isEmpty();
    assertThat(
            browser
                .findElement(By.cssSelector("#damages tr[data-damages-id='" + damagesId + "']"))
                .getAttribute("data-status"))
        .isEqualTo("PAID");
  }
}
