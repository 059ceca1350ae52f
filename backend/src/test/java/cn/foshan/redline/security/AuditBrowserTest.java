package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.WithBrowser;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The audit log's page in a real browser (Debian Chromium): the map's header links to it for the
 * administrator only; it lists the latest events, filters them, and offers the same filters as a
 * CSV download. A failed login whose user name and User-Agent are markup shows them as text: no
 * element of the markup exists, no script ran, and the browser reports no CSP violation.
 */
@WithBrowser
class AuditBrowserTest extends EditingTest {

  private static final String MARKUP =
      "<img src=x onerror=\"window.__xss=1\" class=\"xss-probe\"><b class=\"xss-probe\">x</b>";

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  @Test
  void theAdministratorReadsTheLogAndMarkupStaysText() throws Exception {
    HttpResponse<byte[]> refused =
        send(
            "GET",
            "/api/me",
            null,
            null,
            "Authorization",
            ServiceClient.basic("恶意" + MARKUP, "wrong"),
            "User-Agent",
            "ua" + MARKUP);
    assertThat(refused.statusCode()).isEqualTo(401);

    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
    // not for a visitor, even with the pages menu open
    cn.foshan.redline.Browser.openPagesMenu(browser);
    assertThat(browser.findElement(By.id("page-links")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("audit-link")).isDisplayed()).isFalse();
    cn.foshan.redline.Browser.logIn(browser, "login-button", "admin", "admin-2026", "ADMIN");
    cn.foshan.redline.Browser.openPagesMenu(browser);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-link"))).click();

    waiting().until(ExpectedConditions.urlContains("/audit.html"));
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#audit-body tr"), 0));
    new Select(browser.findElement(By.name("action"))).selectByValue("LOGIN_FAILED");
    browser.findElement(By.cssSelector("#audit-filters button[type='submit']")).click();
    waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    browser.executeScript(
                        "const rows = [...document.querySelectorAll('#audit-body tr')];"
                            + " return rows.length > 0"
                            + " && rows.every(r => r.dataset.action === 'LOGIN_FAILED');")));
    WebElement first = browser.findElement(By.cssSelector("#audit-body tr"));
    // (the name tried is kept to 64 characters)
    assertThat(first.getText()).contains("恶意<img src=x onerror=").contains("xss-probe");
    assertThat(browser.findElement(By.id("audit-csv")).getAttribute("href"))
        .endsWith("/api/admin/audit.csv?action=LOGIN_FAILED");
    assertThat(browser.findElements(By.className("xss-probe"))).isEmpty();
    assertThat(browser.executeScript("return window.__xss")).isNull();
    assertThat(Browser.cspViolations(browser)).as("CSP violations in the console").isEmpty();
  }
}
