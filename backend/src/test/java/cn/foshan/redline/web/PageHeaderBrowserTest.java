package cn.foshan.redline.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page with a header has the same one (page-header.js, base.css): the account controls and
 * the links to the other pages, one list, the page itself marked, the links a role may use shown to
 * it; it fits a 390 px phone, a 1366 px laptop and a 1,600 px screen with every button of the
 * administrator's map (a wide table may scroll; the header does not): the links fold behind 页面
 * Pages where they do not fit beside the title. Before, each page copied its own header: three
 * kinds of login (the dialog, a form inline in the header, none at all on the idle-land and
 * enterprise pages) and link lists that differed page to page.
 */
@WithBrowser
class PageHeaderBrowserTest extends EditingTest {

  /** The pages, with the text of their link in the menu. */
  private static final Map<String, String> PAGES =
      Map.of(
          "/", "地图",
          "/reserve.html", "储备台账",
          "/renovation.html", "村改进度",
          "/factories.html", "商品厂房",
          "/efficiency.html", "亩均效益",
          "/idle-land.html", "闲置土地",
          "/enterprise.html?id=1", "",
          "/reference.html", "",
          "/audit.html", "",
          "/admin.html", "");

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private void open(String page) {
    browser.get("about:blank");
    browser.get("http://localhost:" + port + page);
    try {
      waiting()
          .until(
              ExpectedConditions.or(
                  ExpectedConditions.elementToBeClickable(By.id("login-button")),
                  ExpectedConditions.elementToBeClickable(By.id("logout-button"))));
      // what the page fetches and draws after loading (the map's search box, its badges)
      waiting()
          .until(
              d ->
                  Boolean.TRUE.equals(
                      browser.executeScript(
                          "return document.readyState === 'complete'"
                              + " && performance.getEntriesByType('resource')"
                              + ".every(e => e.responseEnd > 0) && performance.now() > 2500")));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          page
              + ": no account controls in the header: "
              + browser.executeScript(
                  "return document.querySelector('header')?.outerHTML ?? document.title"),
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> fit() {
    return (Map<String, Object>)
        browser.executeScript(
            "const header = document.querySelector('.app-header');"
                + " const shown = [...header.querySelectorAll('.header-meta > *')]"
                + ".filter(e => e.offsetParent);"
                + " const middle = e => { const r = e.getBoundingClientRect();"
                + " return r.top + r.height / 2; };"
                + " return {header: header.scrollWidth <= header.clientWidth"
                + " && header.getBoundingClientRect().width <= innerWidth,"
                + " oneLine: shown.every(e => Math.abs(middle(e) - middle(shown[0])) <= 2),"
                + " inside: shown.every(e => e.getBoundingClientRect().right <= innerWidth),"
                + " menus: document.querySelectorAll('#page-links').length};");
  }

  /** The header fits the window, its buttons on one row, one menu of pages. */
  private void assertFits(String page, Dimension size) {
    assertThat(fit())
        .as("%s at %s", page, size)
        .containsEntry("header", true)
        .containsEntry("oneLine", true)
        .containsEntry("inside", true)
        .containsEntry("menus", 1L);
  }

  @Test
  void everyPageHasTheSameHeaderThatFitsAPhoneAndALaptop() {
    browser.get("http://localhost:" + port + "/favicon.svg");
    browser.manage().deleteAllCookies(); // a visitor
    try {
      for (Dimension size : List.of(new Dimension(390, 844), new Dimension(1366, 768))) {
        browser.manage().window().setSize(size);
        for (Map.Entry<String, String> page : PAGES.entrySet()) {
          open(page.getKey());
          assertFits(page.getKey(), size);
          // the other pages: behind 页面 Pages where the header is crowded (every page on a
          // phone), else inline; the same list on every page
          WebElement toggle = browser.findElement(By.id("pages-toggle"));
          WebElement links = browser.findElement(By.id("page-links"));
          boolean folded = toggle.isDisplayed();
          assertThat(folded || size.getWidth() > 390).as("folded on a phone: %s", page).isTrue();
          if (folded) {
            toggle.click();
          }
          waiting().until(ExpectedConditions.visibilityOf(links));
          assertThat(links.getText())
              .as(page.getKey())
              .contains("地图", "储备台账", "村改进度", "商品厂房", "亩均效益", "闲置土地", "API 文档")
              .doesNotContain("审计日志", "账户管理", "参考图层");
          List<WebElement> current = links.findElements(By.cssSelector("a[aria-current='page']"));
          if (page.getValue().isEmpty()) {
            // a page reached from another (a profile) or not listed for a visitor: none marked
            assertThat(current.stream().filter(WebElement::isDisplayed)).isEmpty();
          } else {
            assertThat(current).hasSize(1);
            assertThat(current.get(0).getText()).startsWith(page.getValue());
          }
          if (folded) {
            browser.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
            waiting().until(ExpectedConditions.invisibilityOf(links));
          }
        }
      }
    } finally {
      browser.manage().window().setSize(new Dimension(1400, 900));
    }
  }

  @Test
  void theLinksFollowTheRoleAndTheLoginIsTheSameDialogEverywhere() {
    browser.manage().window().setSize(new Dimension(1366, 768));
    // logged in on the factory buildings page (which had a login form of its own in its header)
    open("/factories.html");
    Browser.logIn(browser, "login-button", "admin", "admin-2026", "ADMIN");
    Browser.openPagesMenu(browser);
    for (String id : List.of("audit-link", "admin-link", "reference-link", "compliance-link")) {
      assertThat(browser.findElement(By.id(id)).isDisplayed()).as(id).isTrue();
    }
    // the administrator's map header, the most crowded (search, dataset, edit, review, print,
    // inbox and eleven links), fits a 1,600 px screen: the links fold behind 页面 Pages (they were
    // inline from 1,600 px on and pushed the header 700 px past the window)
    try {
      for (int width : List.of(1600, 1920)) {
        Dimension wide = new Dimension(width, 900);
        browser.manage().window().setSize(wide);
        open("/");
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("logout-button")));
        assertFits("/ (administrator)", wide);
        assertThat(
                browser.executeScript(
                    "const t = document.querySelector('.brand-text');"
                        + " const name = t.querySelector('h1').getBoundingClientRect();"
                        + " return name.width > 0"
                        + " && name.right <= t.getBoundingClientRect().right + 1;"))
            .as("the map's title is not cut at %s", wide)
            .isEqualTo(true);
      }
    } finally {
      browser.manage().window().setSize(new Dimension(1366, 768));
    }
    // the same session on another page: no second login, the administrator's links there too
    open("/idle-land.html");
    waiting().until(ExpectedConditions.attributeToBe(By.id("user-badge"), "data-role", "ADMIN"));
    Browser.openPagesMenu(browser);
    assertThat(browser.findElement(By.id("admin-link")).isDisplayed()).isTrue();
    browser.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
    browser.findElement(By.id("logout-button")).click();
    waiting().until(ExpectedConditions.elementToBeClickable(By.id("login-button")));
    // a district officer: their own district's compliance statement, nothing of the bureau's
    Browser.logIn(browser, "login-button", "chancheng", "district-2026", "DISTRICT");
    Browser.openPagesMenu(browser);
    WebElement compliance = browser.findElement(By.id("compliance-link"));
    assertThat(compliance.isDisplayed()).isTrue();
    assertThat(compliance.getAttribute("href")).endsWith("compliance.html?district=440604");
    assertThat(browser.findElement(By.id("admin-link")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("reference-link")).isDisplayed()).isFalse();
    // the officer's header on a phone: the map's edit, review, print and inbox buttons as well
    try {
      Dimension phone = new Dimension(390, 844);
      browser.manage().window().setSize(phone);
      for (String page : List.of("/", "/reserve.html")) {
        open(page);
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("logout-button")));
        assertFits(page + " (district officer)", phone);
      }
      assertThat(browser.findElement(By.id("logout-button")).getAttribute("title"))
          .startsWith("禅城区");
    } finally {
      browser.manage().window().setSize(new Dimension(1400, 900));
    }
  }
}
