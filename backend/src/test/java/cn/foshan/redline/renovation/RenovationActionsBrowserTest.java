package cn.foshan.redline.renovation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
 * Acting on the renovation page in a real browser: the bureau logs in, finds a planned 全面改造 park
 * and a 微改造 park under works (改造施工) in the paged list, and moves them on: the first to 拆除, then to
 * 建设, the second to 竣工 — each refused first for the data the status needs (the reasons in Chinese,
 * the missing field marked, what was typed kept), then done once it is filled in — and makes an
 * annual plan, refused without its name, then saved, then edited (a second park, a new target); a
 * park not yet planned cannot be added, and the dialog says why. Leaves the shared city as it found
 * it (the parks put back as a revert would, the plan deleted).
 */
@WithBrowser
class RenovationActionsBrowserTest extends EditingTest {

  private static ChromeDriver browser;
  private final List<Long> committed = new ArrayList<>();
  private final List<Map<String, Object>> found = new ArrayList<>();
  private Long planId;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private String loaded() {
    return String.valueOf(js("return document.body.dataset.loaded || '0'"));
  }

  private void awaitReload(String before) {
    waiting().until(d -> !before.equals(loaded()));
  }

  private long one(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private String code(long id) {
    return jdbc.sql("SELECT code FROM village_park WHERE id = :id")
        .param("id", id)
        .query(String.class)
        .single();
  }

  /** Shows one park in the list by searching its code; its row. */
  private WebElement find(long id) {
    WebElement q = browser.findElement(By.cssSelector("#park-filter input[name=q]"));
    q.clear();
    q.sendKeys(code(id));
    browser.findElement(By.cssSelector("#park-filter button[type=submit]")).click();
    return waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#parks-body tr[data-id='" + id + "']")));
  }

  private WebElement field(String name) {
    return browser.findElement(By.cssSelector("#transition-form [name=" + name + "]"));
  }

  private void awaitProblem(String boxId) {
    waiting()
        .until(
            d -> {
              WebElement box = browser.findElement(By.id(boxId));
              return box.isDisplayed() && !box.getText().isBlank();
            });
  }

  /** The parks as they were before the test moved them, to put them back. */
  private void remember(long park) {
    found.add(
        jdbc.sql(
                "SELECT id, status, status_since, demolished_area_m2, new_floor_area_m2,"
                    + " plot_ratio_after FROM village_park WHERE id = :id")
            .param("id", park)
            .query()
            .singleRow());
  }

  @AfterEach
  void leaveTheCityAsFound() {
    if (planId != null) {
      jdbc.sql("DELETE FROM renovation_plan WHERE id = :id").param("id", planId).update();
    }
    if (committed.isEmpty()) {
      return;
    }
    // as a revert of the first move would (the editing system reverts one change set at a time,
    // the latest of a feature first, and a park moved twice would need its revert reverted)
    long revert =
        jdbc.sql(
                "INSERT INTO change_set (author, reason, status, committed_at, reverts_change_set_id)"
                    + " VALUES ('bureau', '测试复原 test cleanup', 'COMMITTED', now(), :first) RETURNING id")
            .param("first", committed.get(0))
            .query(Long.class)
            .single();
    for (Map<String, Object> park : found) {
      jdbc.sql(
              "UPDATE village_park SET status = :status, status_since = :status_since,"
                  + " demolished_area_m2 = :demolished_area_m2, new_floor_area_m2 = :new_floor_area_m2,"
                  + " plot_ratio_after = :plot_ratio_after, change_set_id = :cs WHERE id = :id")
          .params(park)
          .param("cs", revert)
          .update();
    }
  }

  private long lastChangeSet(long park) {
    return one(
        "SELECT change_set_id FROM village_park_status WHERE village_park_id = "
            + park
            + " ORDER BY id DESC LIMIT 1");
  }

  @Test
  void theBureauMovesParksOfTwoTypesAndWritesAnAnnualPlanOnThePage() throws Exception {
    browser.get("about:blank");
    browser.get(client().base() + "/renovation.html?year=2027");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    // anonymous: the list, no actions
    assertThat(browser.findElement(By.id("parks")).getAttribute("data-total")).isEqualTo("1000");
    assertThat(browser.findElements(By.cssSelector("#parks-body button.advance"))).isEmpty();
    assertThat(browser.findElement(By.id("plan-new")).isDisplayed()).isFalse();

    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-new")));

    // 全面改造 planned → 拆除 (nothing more needed) → 建设 (needs the demolished area)
    long full =
        one(
            "SELECT id FROM village_park WHERE renovation_type = 'FULL' AND status = 'PLANNED'"
                + " AND demolished_area_m2 IS NULL ORDER BY id DESC OFFSET 2 LIMIT 1");
    remember(full);
    WebElement row = find(full);
    assertThat(row.getText()).contains("全面改造").contains("拆除");
    assertThat(row.findElement(By.cssSelector(".rv-step.current")).getAttribute("data-status"))
        .isEqualTo("PLANNED");
    row.findElement(By.cssSelector("button.advance")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("transition-dialog")));
    assertThat(field("demolishedAreaM2").isDisplayed()).isFalse();
    field("reason").sendKeys("开始拆除 demolition starts");
    String first = loaded();
    browser.findElement(By.id("transition-submit")).click();
    awaitReload(first);
    committed.add(lastChangeSet(full));
    row = browser.findElement(By.cssSelector("#parks-body tr[data-id='" + full + "']"));
    assertThat(row.getAttribute("data-status")).isEqualTo("DEMOLITION");
    row.findElement(By.cssSelector("button.advance")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("transition-dialog")));
    assertThat(field("demolishedAreaM2").isDisplayed()).isTrue();
    assertThat(field("newFloorAreaM2").isDisplayed()).isFalse();
    field("reason").sendKeys("拆除完成，开工建设 demolition done");
    field("documentNumber").sendKeys("佛南村改〔2026〕31号");
    browser.findElement(By.id("transition-submit")).click();
    awaitProblem("transition-problem");
    String problem = browser.findElement(By.id("transition-problem")).getText();
    assertThat(problem).contains("422").contains("状态变更被拒绝").contains("拆除完成需要拆除面积");
    assertThat(
            browser
                .findElement(By.cssSelector("#transition-form label[data-field=demolishedAreaM2]"))
                .getAttribute("class"))
        .contains("rv-missing");
    // what was typed is kept
    assertThat(field("reason").getAttribute("value")).isEqualTo("拆除完成，开工建设 demolition done");
    assertThat(field("documentNumber").getAttribute("value")).isEqualTo("佛南村改〔2026〕31号");
    assertThat(one("SELECT version FROM village_park WHERE id = " + full))
        .isEqualTo(version("village_park", full));
    Files.write(
        Path.of("target", "renovation-transition-refused.png"),
        browser.getScreenshotAs(OutputType.BYTES));
    field("demolishedAreaM2").sendKeys("12345.6");
    String before = loaded();
    browser.findElement(By.id("transition-submit")).click();
    awaitReload(before);
    committed.add(lastChangeSet(full));
    assertThat(browser.findElement(By.id("flash")).getText()).contains("已变更为「建设 Construction」");
    Map<String, Object> after =
        jdbc.sql("SELECT status, demolished_area_m2 FROM village_park WHERE id = :id")
            .param("id", full)
            .query()
            .singleRow();
    assertThat(after.get("status")).isEqualTo("CONSTRUCTION");
    assertThat((BigDecimal) after.get("demolished_area_m2")).isEqualByComparingTo("12345.6");
    row = browser.findElement(By.cssSelector("#parks-body tr[data-id='" + full + "']"));
    assertThat(row.getAttribute("data-status")).isEqualTo("CONSTRUCTION");

    // 微改造 under works (改造施工) → 竣工: needs the new floor area and the plot ratio after
    new Select(browser.findElement(By.cssSelector("#park-filter select[name=type]")))
        .selectByValue("LIGHT");
    long light =
        one(
            "SELECT id FROM village_park WHERE renovation_type = 'LIGHT' AND status = 'CONSTRUCTION'"
                + " AND plot_ratio_after IS NULL ORDER BY id DESC OFFSET 2 LIMIT 1");
    remember(light);
    row = find(light);
    assertThat(row.getText()).contains("微改造").contains("改造施工").doesNotContain("拆除");
    row.findElement(By.cssSelector("button.advance")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("transition-dialog")));
    assertThat(field("demolishedAreaM2").isDisplayed()).isFalse();
    // the new floor area it has recorded is filled in; corrected here; the plot ratio left out
    assertThat(field("newFloorAreaM2").getAttribute("value")).isNotBlank();
    field("reason").sendKeys("竣工验收 completion accepted");
    field("newFloorAreaM2").clear();
    field("newFloorAreaM2").sendKeys("48000");
    browser.findElement(By.id("transition-submit")).click();
    awaitProblem("transition-problem");
    problem = browser.findElement(By.id("transition-problem")).getText();
    assertThat(problem).contains("竣工需要改造后容积率").doesNotContain("新建建筑面积");
    assertThat(field("newFloorAreaM2").getAttribute("value")).isEqualTo("48000");
    assertThat(field("plotRatioAfter").getAttribute("aria-invalid")).isEqualTo("true");
    field("plotRatioAfter").sendKeys("2.4");
    before = loaded();
    browser.findElement(By.id("transition-submit")).click();
    awaitReload(before);
    committed.add(lastChangeSet(light));
    Map<String, Object> done =
        jdbc.sql(
                "SELECT status, new_floor_area_m2, plot_ratio_after FROM village_park WHERE id = :id")
            .param("id", light)
            .query()
            .singleRow();
    assertThat(done.get("status")).isEqualTo("COMPLETED");
    assertThat((BigDecimal) done.get("new_floor_area_m2")).isEqualByComparingTo("48000");
    assertThat((BigDecimal) done.get("plot_ratio_after")).isEqualByComparingTo("2.4");
    // its ledger on the page shows the move, by the bureau
    row = browser.findElement(By.cssSelector("#parks-body tr[data-id='" + light + "']"));
    row.findElement(By.cssSelector("button.ledger")).click();
    WebElement entry =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#ledger-body tr[data-status='COMPLETED']")));
    assertThat(entry.getText()).contains("bureau").contains("竣工验收");
    browser.findElement(By.id("ledger-close")).click();

    // an annual plan of 高明 for 2027: refused without its name, then saved with one park
    long planned =
        one(
            "SELECT id FROM village_park v WHERE district_code = '440608' AND status <> 'NOT_PLANNED'"
                + " AND NOT EXISTS (SELECT 1 FROM renovation_plan_park pp WHERE pp.village_park_id = v.id"
                + " AND pp.year = 2027) ORDER BY id DESC LIMIT 1");
    long second =
        one(
            "SELECT id FROM village_park v WHERE district_code = '440608' AND status <> 'NOT_PLANNED'"
                + " AND NOT EXISTS (SELECT 1 FROM renovation_plan_park pp WHERE pp.village_park_id = v.id"
                + " AND pp.year = 2027) ORDER BY id DESC OFFSET 1 LIMIT 1");
    long unplanned =
        one(
            "SELECT id FROM village_park WHERE district_code = '440608' AND status = 'NOT_PLANNED'"
                + " ORDER BY id DESC LIMIT 1");
    browser.findElement(By.id("plan-new")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
    WebElement form = browser.findElement(By.id("plan-form"));
    new Select(form.findElement(By.name("districtCode"))).selectByValue("440608");
    form.findElement(By.name("batch")).clear();
    form.findElement(By.name("batch")).sendKeys("19");
    form.findElement(By.name("targetDemolishMu")).sendKeys("85.5");
    form.findElement(By.name("targetFloorAreaM2")).sendKeys("120000");
    form.findElement(By.name("documentNumber")).sendKeys("佛高村改〔2027〕1号");
    // a park not planned: no way to add it, and the reason said
    addPark(unplanned, false);
    WebElement refusedPark =
        browser.findElement(By.cssSelector("#plan-park-results li[data-id='" + unplanned + "']"));
    assertThat(refusedPark.getText()).contains("未计划：须先列入计划");
    assertThat(refusedPark.findElements(By.cssSelector("button.add-park"))).isEmpty();
    assertThat(refusedPark.findElements(By.cssSelector("button.plan-first"))).hasSize(1);
    addPark(planned, true);
    browser.findElement(By.id("plan-submit")).click();
    awaitProblem("plan-problem");
    assertThat(browser.findElement(By.id("plan-problem")).getText()).contains("年度计划还需要：计划名称");
    assertThat(form.findElement(By.name("targetDemolishMu")).getAttribute("value"))
        .isEqualTo("85.5");
    assertThat(browser.findElements(By.cssSelector("#plan-parks li"))).hasSize(1);
    form.findElement(By.name("name")).sendKeys("高明2027年第十九批村改计划");
    String beforePlan = loaded();
    browser.findElement(By.id("plan-submit")).click();
    awaitReload(beforePlan);
    JsonNode plans =
        expect(200, "GET", "/api/renovation/plans?year=2027&district=440608", null, null);
    JsonNode made = null;
    for (JsonNode p : plans) {
      if (p.get("batch").asInt() == 19) {
        made = p;
      }
    }
    assertThat(made).isNotNull();
    planId = made.get("id").asLong();
    assertThat(made.get("name").asString()).isEqualTo("高明2027年第十九批村改计划");
    assertThat(made.get("targetDemolishMu").asDouble()).isEqualTo(85.5);
    assertThat(made.get("documentNumber").asString()).isEqualTo("佛高村改〔2027〕1号");
    assertThat(made.get("parkIds").toString()).isEqualTo("[" + planned + "]");
    assertThat(made.get("version").asInt()).isEqualTo(1);
    WebElement planRow =
        browser.findElement(By.cssSelector("#plans-body tr[data-id='" + planId + "']"));
    assertThat(planRow.findElement(By.cssSelector(".plan-parks")).getText()).isEqualTo("1");

    // edited: a second park, a new target; the version goes to 2
    planRow.findElement(By.cssSelector("button.edit-plan")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("plan-dialog")));
    waiting()
        .until(
            d ->
                browser
                        .findElements(By.cssSelector("#plan-parks li[data-id='" + planned + "']"))
                        .size()
                    == 1);
    assertThat(form.findElement(By.name("districtCode")).isEnabled()).isFalse();
    WebElement target = form.findElement(By.name("targetDemolishMu"));
    target.clear();
    target.sendKeys("90");
    addPark(second, true);
    beforePlan = loaded();
    browser.findElement(By.id("plan-submit")).click();
    awaitReload(beforePlan);
    JsonNode edited = expect(200, "GET", "/api/renovation/plans/" + planId, null, null);
    assertThat(edited.get("version").asInt()).isEqualTo(2);
    assertThat(edited.get("targetDemolishMu").asDouble()).isEqualTo(90.0);
    List<Long> parks = new ArrayList<>();
    edited.get("parkIds").forEach(n -> parks.add(n.asLong()));
    assertThat(parks).containsExactlyInAnyOrder(planned, second);
    planRow = browser.findElement(By.cssSelector("#plans-body tr[data-id='" + planId + "']"));
    assertThat(planRow.findElement(By.cssSelector(".plan-parks")).getText()).isEqualTo("2");
    assertThat(planRow.findElement(By.cssSelector(".plan-version")).getText()).isEqualTo("2");
    js("document.getElementById('plans-card').scrollIntoView()");
    Files.write(
        Path.of("target", "renovation-plans.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  /** Searches the park in the plan dialog; adds it when it may be added. */
  private void addPark(long id, boolean add) {
    WebElement q = browser.findElement(By.id("plan-park-q"));
    q.clear();
    q.sendKeys(code(id));
    browser.findElement(By.id("plan-park-search")).click();
    WebElement li =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#plan-park-results li[data-id='" + id + "']")));
    if (add) {
      li.findElement(By.cssSelector("button.add-park")).click();
      waiting()
          .until(
              d ->
                  browser
                          .findElements(By.cssSelector("#plan-parks li[data-id='" + id + "']"))
                          .size()
                      == 1);
    }
  }
}
