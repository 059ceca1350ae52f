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
 * each row's link shows its parcel on the map.
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

  @Test
  void thePlannerSeesIdleParcelsCasesAndDamagesAndShowsOneOnTheMap() throws Exception {
    browser.get(client().base() + "/efficiency.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(
        browser, "login-required-button", "planner", "planner-2026", "PLANNER");
    cn.foshan.redline.Browser.openPagesMenu(browser); // the other pages, behind 页面 below 1600 px
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
}
