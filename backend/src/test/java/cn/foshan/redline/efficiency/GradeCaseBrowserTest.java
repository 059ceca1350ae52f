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
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A D enterprise from its grade to its exit case, on the planner's page in a real browser: the
 * year's grades (four firms ranked A, B, C, D: GradingCity) are published and frozen through the
 * API; the bureau opens the page's publication tab, sees the final list, picks the D firm E4, opens
 * its exit case (淘汰关停) with a plan and a deadline, records a follow-up, and closes it as exited;
 * the page shows each step, and the database holds the case as the page left it.
 */
@WithBrowser
class GradeCaseBrowserTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("grade_case_browser");
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

  private JsonNode asBureau(int status, String path, Object body) throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send("POST", path, "bureau", body);
    assertThat(response.statusCode())
        .as(path + " → " + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(status);
    return ServiceClient.json(response.body());
  }

  /** Fills a field of a form of the detail panel and submits the form. */
  private void submit(String formId, Map<String, String> fields) {
    WebElement f = browser.findElement(By.id(formId));
    for (var e : fields.entrySet()) {
      WebElement input = f.findElement(By.name(e.getKey()));
      if (input.getTagName().equals("select")) {
        new Select(input).selectByValue(e.getValue());
      } else if ("date".equals(input.getAttribute("type"))) {
        js("arguments[0].value = arguments[1]", input, e.getValue());
      } else {
        input.clear();
        input.sendKeys(e.getValue());
      }
    }
    f.findElement(By.cssSelector("button[type='submit']")).click();
  }

  private String caseStatus() {
    return browser.findElement(By.id("grading-detail")).getAttribute("data-case-status");
  }

  @Test
  void theBureauTakesADEnterpriseToItsExitCaseOnThePage() throws Exception {
    GradingCity.build(jdbc, accounts, YEAR);
    LocalDate today = jdbc.sql("SELECT current_date").query(LocalDate.class).single();
    asBureau(200, "/api/efficiency/recompute?year=" + YEAR, null);
    long model =
        asBureau(
                201,
                "/api/efficiency/models",
                Map.of(
                    "year",
                    YEAR,
                    "name",
                    "四分法 测试",
                    "method",
                    "RATIO",
                    "indicators",
                    List.of(Map.of("indicator", "taxPerMu", "weight", 100, "benchmark", 1)),
                    "classRule",
                    Map.of("kind", "RANK_SHARE", "A", 0.25, "B", 0.25, "D", 0.25),
                    "exclusions",
                    Map.of("industrySections", List.of("D"), "minAgeYears", 2)))
            .get("id")
            .asLong();
    long publication =
        asBureau(
                201,
                "/api/efficiency/publications",
                Map.of(
                    "modelId", model,
                    "startsOn", today.minusDays(8).toString(),
                    "endsOn", today.minusDays(1).toString()))
            .get("id")
            .asLong();
    asBureau(200, "/api/efficiency/publications/" + publication + "/freeze", null);

    browser.get("http://localhost:" + port + "/efficiency.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(
        browser, "login-required-button", "bureau", "bureau-2026", "BUREAU");
    // the page's first query answered: the years are known
    waiting().until(d -> js("return document.body.dataset.queries") != null);

    // the publication tab: the year's final list, its policy lists, the D firm
    browser.findElement(By.id("grading-tab")).click();
    waiting()
        .until(ExpectedConditions.attributeToBe(By.id("grading-panel"), "data-state", "FINAL"));
    assertThat(browser.findElement(By.id("publication-state")).getText()).contains("终版");
    assertThat(browser.findElements(By.cssSelector("#grading-head a[data-policy]"))).hasSize(4);
    waiting()
        .until(
            d -> d.findElements(By.cssSelector("#grading-body tr[data-credit-code]")).size() == 4);
    new Select(browser.findElement(By.id("grading-grade"))).selectByValue("D");
    waiting()
        .until(
            d -> d.findElements(By.cssSelector("#grading-body tr[data-credit-code]")).size() == 1);
    WebElement row = browser.findElement(By.cssSelector("#grading-body tr[data-credit-code]"));
    assertThat(row.getAttribute("data-credit-code")).isEqualTo(GradingCity.code(4));
    assertThat(row.getAttribute("data-grade")).isEqualTo("D");
    row.click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("open-case-form")));
    assertThat(browser.findElement(By.id("open-case-form")).getText()).contains("淘汰关停");

    // its exit case: opened, followed up, closed as exited
    submit(
        "open-case-form",
        Map.of("plan", "年内停产，厂房由镇街收回腾退", "deadline", today.plusMonths(6).toString()));
    waiting().until(d -> "OPEN".equals(caseStatus()));
    assertThat(browser.findElement(By.id("case-status")).getText()).contains("已立案");
    submit("follow-up-form", Map.of("happenedOn", today.toString(), "note", "约谈企业，签订关停承诺书"));
    waiting().until(d -> "FOLLOWING_UP".equals(caseStatus()));
    assertThat(browser.findElement(By.cssSelector("#case-view .eff-follow-ups")).getText())
        .contains("约谈企业，签订关停承诺书");
    submit("outcome-form", Map.of("outcome", "EXITED", "reason", "企业已停产搬离，用地收回"));
    waiting().until(d -> "EXITED".equals(caseStatus()));
    assertThat(browser.findElement(By.id("case-status")).getText()).contains("已退出");
    // nothing of the detail is written as "null" (a missing part is left out)
    assertThat(browser.findElement(By.id("grading-detail")).getText()).doesNotContain("null");
    // a closed case has no forms left
    assertThat(browser.findElements(By.id("follow-up-form"))).isEmpty();
    assertThat(browser.findElements(By.id("outcome-form"))).isEmpty();
    // and the table says so too
    assertThat(browser.findElement(By.cssSelector("#grading-body tr[data-credit-code]")).getText())
        .contains("淘汰关停", "已退出");
    Files.write(
        Path.of("target", "grade-case-exit.png"), browser.getScreenshotAs(OutputType.BYTES));

    Map<String, Object> stored =
        jdbc.sql(
                "SELECT c.kind, c.grade, c.status, c.outcome_reason, c.closed_by,"
                    + " (SELECT count(*) FROM grade_case_follow_up f WHERE f.case_id = c.id) AS"
                    + " follow_ups FROM grade_case c JOIN enterprise e ON e.id = c.enterprise_id"
                    + " WHERE e.credit_code = :code")
            .param("code", GradingCity.code(4))
            .query()
            .singleRow();
    assertThat(stored)
        .containsEntry("kind", "EXIT")
        .containsEntry("grade", "D")
        .containsEntry("status", "EXITED")
        .containsEntry("outcome_reason", "企业已停产搬离，用地收回")
        .containsEntry("closed_by", "bureau")
        .containsEntry("follow_ups", 1L);
  }
}
