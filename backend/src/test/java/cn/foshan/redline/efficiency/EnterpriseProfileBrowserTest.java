package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.WithBrowser;
import cn.foshan.redline.security.UserAccounts;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The enterprise profile page (enterprise.html) in a real browser, in GradingCity (four firms E1…E4
 * on P1…P4 in 禅城, tax 400, 300, 200, 100 in 2024). The planner logs in, searches "测试企业 E2" on the
 * map page, takes the match and follows its profile link: the page shows E2's parcel P2, its 2024
 * figures (tax per mu 300 ÷ P2's mu) and its grade under the year's model (version 1). From the
 * printable district summary (a table of the planner's page naming enterprises), E1's name is a
 * link to E1's profile. A visitor who opens E2's profile sees its name and parcel and the note that
 * the figures need a login, and no figure tables.
 *
 * <p>Without this change there is no profile page (404), no profile link in the search or the
 * summary table: the waits for them time out.
 */
@WithBrowser
class EnterpriseProfileBrowserTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("enterprise_profile_browser");
  private static final int YEAR = 2024;

  private static ChromeDriver browser;

  @Autowired private UserAccounts accounts;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(60));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private void ready() {
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
  }

  @Test
  void fromTheSearchAndFromAPlannersTableToAnEnterprisesProfile() throws Exception {
    GradingCity.build(jdbc, accounts, YEAR);
    HttpResponse<byte[]> recompute =
        new ServiceClient(port)
            .send("POST", "/api/efficiency/recompute?year=" + YEAR, "bureau", null);
    assertThat(recompute.statusCode())
        .as(new String(recompute.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    long e2 =
        jdbc.sql("SELECT id FROM enterprise WHERE credit_code = :c")
            .param("c", GradingCity.code(2))
            .query(Long.class)
            .single();
    double p2Mu =
        jdbc.sql("SELECT area_m2 / (10000.0 / 15) FROM parcel WHERE code = 'P2'")
            .query(Double.class)
            .single();

    // a visitor: the name and the parcel, and why there are no figures
    browser.get("http://localhost:" + port + "/enterprise.html?id=" + e2);
    ready();
    assertThat(browser.findElement(By.id("enterprise-name")).getText()).contains("测试企业 E2");
    assertThat(browser.findElements(By.cssSelector("#parcels tr[data-code='P2']"))).hasSize(1);
    assertThat(browser.findElement(By.id("scope-note")).getText()).startsWith("企业的税收、亩均、评价");
    assertThat(browser.findElement(By.id("years")).isDisplayed()).isFalse();

    // the planner logs in (on the planner's page)
    browser.get("http://localhost:" + port + "/efficiency.html");
    ready();
    cn.foshan.redline.Browser.logIn(
        browser, "login-required-button", "planner", "planner-2026", "PLANNER");

    // the map's search: the enterprise's match carries its profile link, and taking it shows one
    browser.get("http://localhost:" + port + "/");
    ready();
    WebElement input = browser.findElement(By.id("search-input"));
    input.sendKeys("测试企业 E2");
    waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#search-results .search-option[data-layer='enterprise'] a")));
    assertThat(
            browser
                .findElement(
                    By.cssSelector("#search-results .search-option[data-layer='enterprise'] a"))
                .getAttribute("href"))
        .endsWith("/enterprise.html?id=" + e2);
    input.sendKeys(Keys.ENTER);
    WebElement profileLink =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("search-profile")));
    assertThat(profileLink.getText()).contains("测试企业 E2");
    profileLink.click();

    // the profile: its parcel, its 2024 figures, its grade under the year's model
    waiting().until(ExpectedConditions.urlContains("enterprise.html?id=" + e2));
    ready();
    assertThat(browser.findElement(By.id("enterprise-name")).getText()).contains("测试企业 E2");
    assertThat(browser.findElement(By.id("scope-note")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("#parcels tr[data-code='P2']")).getText())
        .contains("100.0%");
    WebElement year = browser.findElement(By.cssSelector("#years tr[data-year='2024']"));
    // tax per mu 300 ÷ P2's mu (1,713.89 mu: a 0.01° quadrangle at 22.1° N) = 0.1750 万元/亩
    assertThat(year.getText()).contains(String.format(java.util.Locale.ROOT, "%.4f", 300 / p2Mu));
    assertThat(browser.findElements(By.cssSelector("#grades tr[data-year='2024']"))).hasSize(1);
    assertThat(
            browser
                .findElement(By.cssSelector("#grades tr[data-year='2024']"))
                .getAttribute("data-model-version"))
        .isEqualTo("1");
    Files.write(
        Path.of("target", "enterprise-profile.png"), browser.getScreenshotAs(OutputType.BYTES));

    // a table of the planner's page names enterprises: their names are links to the profiles
    browser.get("http://localhost:" + port + "/efficiency-summary.html?level=district&code=440604");
    ready();
    WebElement e1 =
        waiting()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.xpath("//table[@id='top']//a[contains(., '测试企业 E1')]")));
    e1.click();
    waiting().until(ExpectedConditions.urlContains("enterprise.html?code=" + GradingCity.code(1)));
    ready();
    assertThat(browser.findElement(By.id("enterprise-name")).getText()).contains("测试企业 E1");
    assertThat(browser.findElements(By.cssSelector("#parcels tr[data-code='P1']"))).hasSize(1);
  }
}
