package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrator's accounts page in a real browser: the bureau is told it is not theirs; the
 * administrator sees the accounts, makes a district officer whose display name is hostile text
 * (shown as text, nothing runs), is told why a weak password is refused, and disables the account,
 * which then cannot log in.
 */
@WithBrowser
class AdminBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(30));
  }

  private void logIn(String username, String password, String role) {
    cn.foshan.redline.Browser.logIn(browser, "login-button", username, password, role);
  }

  private String message() {
    return waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("message")))
        .getText();
  }

  private WebElement row(String username) {
    return waiting()
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#accounts tr[data-username='" + username + "']")));
  }

  @Test
  void theAdministratorKeepsTheAccountsAndDataStaysText() throws Exception {
    browser.get("http://localhost:" + port + "/admin.html");
    logIn("bureau", "bureau-2026", "BUREAU");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("not-admin")));
    assertThat(browser.findElement(By.id("accounts-section")).isDisplayed()).isFalse();
    browser.findElement(By.id("logout-button")).click();

    logIn("admin", "admin-2026", "ADMIN");
    assertThat(row("nanhai").getText()).contains("南海");

    String hostile = "<img src=x onerror=\"window.__pwned=1\">王<b>粗</b>";
    WebElement form = browser.findElement(By.id("create-form"));
    form.findElement(By.name("username")).sendKeys("wang.nanhai");
    form.findElement(By.name("displayName")).sendKeys(hostile);
    new Select(browser.findElement(By.id("role-select"))).selectByValue("DISTRICT");
    new Select(browser.findElement(By.id("district-select"))).selectByValue("440605");
    // a password long enough for the browser's own check, but the user name: the service says so
    form.findElement(By.name("password")).sendKeys("wang.nanhai");
    form.findElement(By.name("again")).sendKeys("wang.nanhai");
    form.findElement(By.cssSelector("button[type='submit']")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "密码"));
    assertThat(message()).contains("用户名");
    assertThat(browser.findElements(By.cssSelector("#accounts tr[data-username='wang.nanhai']")))
        .isEmpty();

    form.findElement(By.name("password")).clear();
    form.findElement(By.name("again")).clear();
    form.findElement(By.name("password")).sendKeys("南海-long-password");
    form.findElement(By.name("again")).sendKeys("南海-long-password");
    form.findElement(By.cssSelector("button[type='submit']")).click();
    WebElement created = row("wang.nanhai");
    assertThat(created.findElements(By.tagName("td")).get(1).getText()).isEqualTo(hostile);
    assertThat(created.getText()).contains("440605");
    assertThat(browser.findElements(By.cssSelector("#accounts img, #accounts b"))).isEmpty();
    assertThat(browser.executeScript("return window.__pwned === undefined")).isEqualTo(true);
    assertThat(
            send("GET", "/api/me", null, null, "Authorization", basic("南海-long-password"))
                .statusCode())
        .isEqualTo(200);

    created.findElement(By.cssSelector("button[data-action='disable']")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#accounts tr[data-username='wang.nanhai']"), "停用 Disabled"));
    assertThat(
            send("GET", "/api/me", null, null, "Authorization", basic("南海-long-password"))
                .statusCode())
        .isEqualTo(401);

    Path shot = Path.of("target", "screenshots", "admin.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
  }

  private static String basic(String password) {
    return ServiceClient.basic("wang.nanhai", password);
  }
}
